import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { MeetergoApi } from '../../api';
import { requiredText } from '../common';
import { showWebhook, webhookIdField } from './common';

export const description: INodeProperties[] = [webhookIdField];

/** meetergo has no route for one webhook: it is found in the company's list. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = requiredText(this, 'webhookId', 'Webhook', itemIndex);
	const api = await MeetergoApi.connect(this, itemIndex);
	const hooks = await api.listWebhooks();
	const hook = hooks.find((candidate) => candidate.id === id);
	if (hook === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`meetergo has no webhook with ID "${id}" in this company`,
			{
				itemIndex,
				description: `The company has ${hooks.length} webhook${hooks.length === 1 ? '' : 's'}${hooks.length === 0 ? '' : `: ${hooks.map((candidate) => candidate.id).join(', ')}`}. Use Get Many to see them.`,
			},
		);
	}
	return [showWebhook(hook)];
}
