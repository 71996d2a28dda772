import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { MeetergoApi, type WebhookFields } from '../../api';
import { MEETERGO_EVENTS } from '../../profile';
import { requiredText } from '../common';
import { checkedEndpoint, checkedEvents, showWebhook, webhookIdField } from './common';

export const description: INodeProperties[] = [
	webhookIdField,
	{
		displayName:
			"Event Types replace the webhook's whole list: include every event it should keep receiving. Fields you do not add stay as they are.",
		name: 'updateNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
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
			{
				displayName: 'Endpoint',
				name: 'endpoint',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/webhooks/meetergo',
				description: 'The HTTPS URL meetergo sends the events to',
			},
			{
				displayName: 'Event Types',
				name: 'eventTypes',
				type: 'multiOptions',
				default: [],
				description: 'The complete new list of events (at least one); it replaces the current list',
				options: MEETERGO_EVENTS,
			},
		],
	},
];

/** PATCH /webhooks/{id} with only the fields given. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = requiredText(this, 'webhookId', 'Webhook', itemIndex);
	const updates = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const fields: WebhookFields = {};
	if (updates.endpoint !== undefined)
		fields.endpoint = checkedEndpoint(this, updates.endpoint as string, itemIndex);
	if (updates.description !== undefined) fields.description = String(updates.description);
	if (updates.eventTypes !== undefined)
		fields.eventTypes = checkedEvents(this, updates.eventTypes, itemIndex);
	if (Object.keys(fields).length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			'Nothing to update: add Description, Endpoint or Event Types under Update Fields.',
			{ itemIndex },
		);
	}
	const api = await MeetergoApi.connect(this, itemIndex);
	return [showWebhook(await api.updateWebhook(id, fields))];
}
