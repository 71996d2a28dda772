import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { meetergoObject, noContact } from '../../api';
import { requiredText } from '../common';
import { contactIdField, showContact } from './common';

export const description: INodeProperties[] = [contactIdField];

/** GET /crm/details?contactId=… (at the host root). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const contactId = requiredText(this, 'contactId', 'Contact', itemIndex);
	const contact = await meetergoObject.call(
		this,
		{
			method: 'GET',
			path: '/crm/details',
			qs: { contactId },
			notFound: noContact(contactId),
		},
		'a contact',
		itemIndex,
	);
	return [showContact(contact)];
}
