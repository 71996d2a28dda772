import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi, noContact } from '../../api';
import { requiredText, segment } from '../common';
import { contactIdField } from './common';

export const description: INodeProperties[] = [contactIdField];

/** DELETE /crm/{id} (host root; contacts guide, "Delete a Contact"): meetergo answers 204. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const contactId = requiredText(this, 'contactId', 'Contact', itemIndex);
	const api = await MeetergoApi.connect(this, itemIndex);
	await api.send({
		method: 'DELETE',
		path: `/crm/${segment(contactId)}`,
		notFound: noContact(contactId),
	});
	return [{ id: contactId, deleted: true }];
}
