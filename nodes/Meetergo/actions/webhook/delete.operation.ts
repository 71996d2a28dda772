import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi } from '../../api';
import { requiredText } from '../common';
import { webhookIdField } from './common';

export const description: INodeProperties[] = [webhookIdField];

/** DELETE /webhooks/{id}, freeing one of the company's 6 slots. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = requiredText(this, 'webhookId', 'Webhook', itemIndex);
	const api = await MeetergoApi.connect(this, itemIndex);
	await api.deleteWebhook(id);
	return [{ id, deleted: true }];
}
