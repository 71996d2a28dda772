import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listWebhooks } from '../../api';
import { limitField, returnAllField } from '../common';
import { showWebhook } from './common';

export const description: INodeProperties[] = [returnAllField, limitField];

/** GET /webhooks: the company's webhooks (at most 6, one answer). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const hooks = await listWebhooks.call(this, itemIndex);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll
		? hooks.length
		: Math.max(1, Math.floor(this.getNodeParameter('limit', itemIndex, 50) as number));
	return hooks.slice(0, limit).map(showWebhook);
}
