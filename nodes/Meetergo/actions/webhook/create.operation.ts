import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi } from '../../api';
import { MEETERGO_EVENTS } from '../../profile';
import { checkedEndpoint, checkedEvents, showWebhook } from './common';

export const description: INodeProperties[] = [
	{
		displayName: 'Endpoint',
		name: 'endpoint',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/webhooks/meetergo',
		description: 'The HTTPS URL meetergo sends the events to',
	},
	{
		displayName: 'Event Types',
		name: 'eventTypes',
		type: 'multiOptions',
		required: true,
		default: ['booking_created'],
		description: 'The events to send (at least one)',
		options: MEETERGO_EVENTS,
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				description: 'A note shown with the webhook in meetergo',
			},
		],
	},
];

/** POST /webhooks; the 6-per-company limit comes back as an error listing the existing webhooks. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const endpoint = checkedEndpoint(
		this,
		this.getNodeParameter('endpoint', itemIndex) as string,
		itemIndex,
	);
	const eventTypes = checkedEvents(
		this,
		this.getNodeParameter('eventTypes', itemIndex, []),
		itemIndex,
	);
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const description =
		typeof additional.description === 'string' ? additional.description : undefined;
	const api = await MeetergoApi.connect(this, itemIndex);
	return [showWebhook(await api.createWebhook({ endpoint, eventTypes, description }))];
}
