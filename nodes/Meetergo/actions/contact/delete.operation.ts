import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { meetergoRequest, noContact } from '../../api';
import { requiredText, segment } from '../common';
import { contactIdField } from './common';

export const description: INodeProperties[] = [contactIdField];

/** DELETE /crm/{id} (host root; contacts guide, "Delete a Contact"): meetergo answers 204. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const contactId = requiredText(this, 'contactId', 'Contact', itemIndex);
	await meetergoRequest.call(
		this,
		{ method: 'DELETE', path: `/crm/${segment(contactId)}`, notFound: noContact(contactId) },
		itemIndex,
	);
	return [{ id: contactId, deleted: true }];
}
