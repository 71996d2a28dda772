import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { MeetergoApi, noContact } from '../../api';
import { requiredText, segment } from '../common';
import {
	contactBody,
	contactFieldOptions,
	contactIdField,
	fieldsByVersion,
	formerContactFieldOptions,
	showContact,
} from './common';

const emailField: INodeProperties = {
	displayName: 'Email',
	name: 'email',
	type: 'string',
	placeholder: 'name@email.com',
	default: '',
};

export const description: INodeProperties[] = [
	contactIdField,
	...fieldsByVersion(
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
		},
		[emailField, ...formerContactFieldOptions],
		[
			emailField,
			{ displayName: 'Phone Number', name: 'phoneNumber', type: 'string', default: '' },
			...contactFieldOptions,
		],
	),
];

/**
 * PATCH /crm/{id} (host root) with only the fields given. meetergo's docs do not show the answer:
 * the contact, its `{ item, … }` wrapper or nothing are all read (nothing: the fields sent).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const contactId = requiredText(this, 'contactId', 'Contact', itemIndex);
	const body = contactBody(
		this,
		itemIndex,
		this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject,
	);
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			'Nothing to update: add a field under Update Fields',
			{ itemIndex },
		);
	}
	const api = await MeetergoApi.connect(this, itemIndex);
	const answer = await api.object(
		{
			method: 'PATCH',
			path: `/crm/${segment(contactId, 'Contact ID')}`,
			body,
			notFound: noContact(contactId),
		},
		'the updated contact',
	);
	return [showContact(Object.keys(answer).length === 0 ? { id: contactId, ...body } : answer)];
}
