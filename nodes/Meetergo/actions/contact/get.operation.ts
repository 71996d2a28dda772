import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi, noContact } from '../../api';
import { requiredText } from '../common';
import { contactIdField, showContact } from './common';

export const description: INodeProperties[] = [contactIdField];

/** GET /crm/details?contactId=… (at the host root). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const contactId = requiredText(this, 'contactId', 'Contact', itemIndex);
	const api = await MeetergoApi.connect(this, itemIndex);
	const contact = await api.object(
		{
			method: 'GET',
			path: '/crm/details',
			qs: { contactId },
			notFound: noContact(contactId),
		},
		'a contact',
	);
	return [showContact(contact)];
}
