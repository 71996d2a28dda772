import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi } from '../../api';
import { limitField, returnAllField } from '../common';
import { showWebhook } from './common';

/** Version 1 only: a company has at most 6 webhooks, so version 2 always lists them all. */
const onlyVersion1 = { show: { '@version': [1] } };

export const description: INodeProperties[] = [
	{ ...returnAllField, displayOptions: onlyVersion1 },
	{ ...limitField, displayOptions: { show: { ...onlyVersion1.show, returnAll: [false] } } },
];

/** GET /webhooks: the company's webhooks (at most 6, one answer). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const api = await MeetergoApi.connect(this, itemIndex);
	const hooks = await api.listWebhooks();
	const version = this.getNode().typeVersion;
	const returnAll = version >= 2 || this.getNodeParameter('returnAll', itemIndex, false) === true;
	const limit = returnAll
		? hooks.length
		: Math.max(1, Math.floor(this.getNodeParameter('limit', itemIndex, 50) as number));
	return hooks.slice(0, limit).map(showWebhook);
}
