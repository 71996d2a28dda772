import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { meetergoObject, noContact } from '../../api';
import { answerOr, filled, jsonObject, requiredText, segment } from '../common';
import { contactFieldOptions, contactIdField } from './common';

export const description: INodeProperties[] = [
	contactIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: contactFieldOptions,
	},
];

/** PATCH /crm/{id} (host root) with only the fields given. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const contactId = requiredText(this, 'contactId', 'Contact ID', itemIndex);
	const { json, ...fields } = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {
		...jsonObject(this, json ?? {}, 'Other Fields (JSON)', itemIndex),
		...filled(fields),
	};
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			'Nothing to update: add a field under Update Fields',
			{
				itemIndex,
			},
		);
	}
	const answer = await meetergoObject.call(
		this,
		{
			method: 'PATCH',
			path: `/crm/${segment(contactId, 'Contact ID')}`,
			body,
			notFound: noContact(contactId),
		},
		'the updated contact',
		itemIndex,
	);
	return [answerOr(answer, { id: contactId, ...body })];
}
