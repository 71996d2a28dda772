import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { MeetergoApi } from '../../api';
import {
	contactBody,
	contactFieldOptions,
	fieldsByVersion,
	formerContactFieldOptions,
	showContact,
} from './common';

export const description: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'The email address; meetergo needs an email or a phone number (or both)',
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		default: '',
		description: 'The phone number; meetergo needs an email or a phone number (or both)',
	},
	...fieldsByVersion(
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
		},
		formerContactFieldOptions,
		contactFieldOptions,
	),
];

/** POST /crm (at the host root, not /v4): one contact; meetergo answers `{ item, appointments, … }`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const body = contactBody(this, itemIndex, {
		...(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
		email: this.getNodeParameter('email', itemIndex, ''),
		phoneNumber: this.getNodeParameter('phoneNumber', itemIndex, ''),
	});
	if (body.email === undefined && body.phoneNumber === undefined) {
		throw new NodeOperationError(this.getNode(), 'Email and Phone Number are both empty', {
			itemIndex,
			description:
				"meetergo needs a contact's email or phone number (or both): fill in Email or Phone Number, or map one from the incoming item.",
		});
	}
	const api = await MeetergoApi.connect(this, itemIndex);
	const answer = await api.object(
		{
			method: 'POST',
			path: '/crm',
			body,
			invalid: 'Check the email address and the other fields; meetergo names what it refused.',
		},
		'the created contact',
	);
	return [showContact(Object.keys(answer).length === 0 ? body : answer)];
}
