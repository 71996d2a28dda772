import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { meetergoObject } from '../../api';
import { filled, jsonObject } from '../common';
import { contactFieldOptions } from './common';

export const description: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: contactFieldOptions.filter((field) => field.name !== 'email'),
	},
];

/** POST /crm (at the host root, not /v4): one contact. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const email = String(this.getNodeParameter('email', itemIndex, '') ?? '').trim();
	if (email === '') {
		throw new NodeOperationError(this.getNode(), 'Email is empty', {
			itemIndex,
			description: "Enter the contact's email address, or map it from the incoming item.",
		});
	}
	const { json, ...fields } = this.getNodeParameter(
		'additionalFields',
		itemIndex,
		{},
	) as IDataObject;
	const body: IDataObject = {
		...jsonObject(this, json ?? {}, 'Other Fields (JSON)', itemIndex),
		email,
		...filled(fields),
	};
	const answer = await meetergoObject.call(
		this,
		{
			method: 'POST',
			path: '/crm',
			body,
			invalid: 'Check the email address and the other fields; meetergo names what it refused.',
		},
		'the created contact',
		itemIndex,
	);
	return [Object.keys(answer).length === 0 ? { created: true, ...body } : answer];
}
