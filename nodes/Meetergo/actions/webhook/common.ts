import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { redactEndpoint } from '../../api';
import type { MeetergoWebhook } from '../../schema';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Webhook picker: from the company's webhooks (at most 6), or by ID. */
export const webhookIdField: INodeProperties = {
	displayName: 'Webhook',
	name: 'webhookId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description: 'The webhook, as listed by Get Many',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchWebhooks', searchable: true },
		},
		{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. webhook-uuid-123' },
	],
};

/** A webhook as output: the endpoint's `token` query value (a meetergo Trigger's secret) is masked. */
export function showWebhook(hook: MeetergoWebhook): IDataObject {
	return { ...hook, endpoint: redactEndpoint(hook.endpoint) } as IDataObject;
}

export function checkedEndpoint(
	context: IExecuteFunctions,
	value: string,
	itemIndex: number,
): string {
	const endpoint = String(value ?? '').trim();
	let url: URL | undefined;
	try {
		url = new URL(endpoint);
	} catch {
		url = undefined;
	}
	const secure =
		url !== undefined &&
		(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)));
	if (!secure) {
		throw new NodeOperationError(context.getNode(), 'Endpoint must be a full https:// URL', {
			itemIndex,
			description:
				'meetergo delivers webhooks to HTTPS endpoints only (plain http is accepted for 127.0.0.1 and localhost, for local testing).',
		});
	}
	return endpoint;
}

export function checkedEvents(
	context: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): string[] {
	const events = Array.isArray(value)
		? value.filter((event): event is string => typeof event === 'string' && event !== '')
		: [];
	if (events.length === 0) {
		throw new NodeOperationError(
			context.getNode(),
			'Select at least one event type: meetergo needs at least one per webhook',
			{ itemIndex },
		);
	}
	return events;
}
