import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type JsonObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	createWebhook,
	deleteWebhook,
	getAppointment,
	listWebhooks,
	redactEndpoint,
	updateWebhook,
	type WebhookFields,
} from './api';
import { MEETERGO_EVENTS } from './profile';
import type { MeetergoWebhook } from './schema';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class Meetergo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'meetergo',
		name: 'meetergo',
		icon: { light: 'file:meetergo.svg', dark: 'file:meetergo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Manage meetergo webhooks and read appointments',
		defaults: { name: 'meetergo' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'meetingWebhooksMeetergoApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Appointment', value: 'appointment' },
					{ name: 'Webhook', value: 'webhook' },
				],
				default: 'webhook',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['webhook'] } },
				options: [
					{
						name: 'Create',
						value: 'create',
						action: 'Create a webhook',
						description: 'Register an endpoint for some events',
					},
					{
						name: 'Delete',
						value: 'delete',
						action: 'Delete a webhook',
						description: 'Remove a webhook, freeing one of the 6 slots',
					},
					{
						name: 'Get',
						value: 'get',
						action: 'Get a webhook',
						description: 'Get one webhook by ID',
					},
					{
						name: 'Get Many',
						value: 'getAll',
						action: 'Get many webhooks',
						description: "List the company's webhooks",
					},
					{
						name: 'Update',
						value: 'update',
						action: 'Update a webhook',
						description: "Change a webhook's endpoint, description or events",
					},
				],
				default: 'getAll',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['appointment'] } },
				options: [
					{
						name: 'Get',
						value: 'get',
						action: 'Get an appointment',
						description: 'Get one appointment by ID',
					},
				],
				default: 'get',
			},
			{
				displayName: 'Appointment ID',
				name: 'appointmentId',
				type: 'string',
				required: true,
				default: '',
				description: 'The appointment ID (the "ID" field of a meetergo Trigger item)',
				displayOptions: { show: { resource: ['appointment'], operation: ['get'] } },
			},
			{
				displayName: 'Webhook ID',
				name: 'webhookId',
				type: 'string',
				required: true,
				default: '',
				description: "The webhook's ID, as listed by Get Many",
				displayOptions: { show: { resource: ['webhook'], operation: ['delete', 'get', 'update'] } },
			},
			{
				displayName: 'Endpoint',
				name: 'endpoint',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'https://example.com/webhooks/meetergo',
				description: 'The HTTPS URL meetergo sends the events to',
				displayOptions: { show: { resource: ['webhook'], operation: ['create'] } },
			},
			{
				displayName: 'Event Types',
				name: 'eventTypes',
				type: 'multiOptions',
				required: true,
				default: ['booking_created'],
				description: 'The events to send (at least one)',
				options: MEETERGO_EVENTS,
				displayOptions: { show: { resource: ['webhook'], operation: ['create'] } },
			},
			{
				displayName: 'Additional Fields',
				name: 'additionalFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				displayOptions: { show: { resource: ['webhook'], operation: ['create'] } },
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
			{
				displayName:
					"Event Types replace the webhook's whole list: include every event it should keep receiving. Fields you do not add stay as they are.",
				name: 'updateNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { resource: ['webhook'], operation: ['update'] } },
			},
			{
				displayName: 'Update Fields',
				name: 'updateFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				displayOptions: { show: { resource: ['webhook'], operation: ['update'] } },
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
						description:
							'The complete new list of events (at least one); it replaces the current list',
						options: MEETERGO_EVENTS,
					},
				],
			},
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
				displayOptions: { show: { resource: ['webhook'], operation: ['getAll'] } },
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'Max number of results to return',
				displayOptions: {
					show: { resource: ['webhook'], operation: ['getAll'], returnAll: [false] },
				},
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const results = await runOperation(this, itemIndex);
				for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				if (this.continueOnFail()) {
					const failure = error as { message?: unknown; description?: unknown };
					const json: IDataObject = {
						error: typeof failure.message === 'string' ? failure.message : String(error),
					};
					if (typeof failure.description === 'string' && failure.description !== '')
						json.description = failure.description;
					output.push({ json, pairedItem: { item: itemIndex } });
					continue;
				}
				// NodeApiError and NodeOperationError come back unchanged from these constructors.
				if (error instanceof NodeApiError)
					throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
		}
		return [output];
	}
}

async function runOperation(context: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const resource = context.getNodeParameter('resource', itemIndex) as string;
	const operation = context.getNodeParameter('operation', itemIndex) as string;

	if (resource === 'appointment' && operation === 'get') {
		const id = requiredString(context, 'appointmentId', itemIndex, 'Appointment ID');
		const appointment = await getAppointment.call(context, id, { itemIndex });
		return [appointment ?? {}];
	}

	if (resource === 'webhook') {
		switch (operation) {
			case 'create': {
				const endpoint = checkedEndpoint(
					context,
					context.getNodeParameter('endpoint', itemIndex) as string,
					itemIndex,
				);
				const eventTypes = checkedEvents(
					context,
					context.getNodeParameter('eventTypes', itemIndex, []),
					itemIndex,
				);
				const additional = context.getNodeParameter(
					'additionalFields',
					itemIndex,
					{},
				) as IDataObject;
				const description =
					typeof additional.description === 'string' ? additional.description : undefined;
				return [
					showWebhook(
						await createWebhook.call(context, { endpoint, eventTypes, description }, { itemIndex }),
					),
				];
			}
			case 'getAll': {
				const hooks = await listWebhooks.call(context, itemIndex);
				const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
				const limit = returnAll
					? hooks.length
					: Math.max(1, Math.floor(context.getNodeParameter('limit', itemIndex, 50) as number));
				return hooks.slice(0, limit).map(showWebhook);
			}
			case 'get': {
				const id = requiredString(context, 'webhookId', itemIndex, 'Webhook ID');
				// meetergo has no route for one webhook: find it in the company's list.
				const hooks = await listWebhooks.call(context, itemIndex);
				const hook = hooks.find((candidate) => candidate.id === id);
				if (hook === undefined) {
					throw new NodeOperationError(
						context.getNode(),
						`meetergo has no webhook with ID "${id}" in this company`,
						{
							itemIndex,
							description: `The company has ${hooks.length} webhook${hooks.length === 1 ? '' : 's'}${hooks.length === 0 ? '' : `: ${hooks.map((candidate) => candidate.id).join(', ')}`}. Use Get Many to see them.`,
						},
					);
				}
				return [showWebhook(hook)];
			}
			case 'update': {
				const id = requiredString(context, 'webhookId', itemIndex, 'Webhook ID');
				const updates = context.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
				const fields: WebhookFields = {};
				if (updates.endpoint !== undefined)
					fields.endpoint = checkedEndpoint(context, updates.endpoint as string, itemIndex);
				if (updates.description !== undefined) fields.description = String(updates.description);
				if (updates.eventTypes !== undefined)
					fields.eventTypes = checkedEvents(context, updates.eventTypes, itemIndex);
				if (Object.keys(fields).length === 0) {
					throw new NodeOperationError(
						context.getNode(),
						'Nothing to update: add Description, Endpoint or Event Types under Update Fields.',
						{
							itemIndex,
						},
					);
				}
				return [showWebhook(await updateWebhook.call(context, id, fields, itemIndex))];
			}
			case 'delete': {
				const id = requiredString(context, 'webhookId', itemIndex, 'Webhook ID');
				await deleteWebhook.call(context, id, { itemIndex });
				return [{ id, deleted: true }];
			}
		}
	}
	throw new NodeOperationError(
		context.getNode(),
		`The operation "${operation}" is not supported for "${resource}"`,
		{ itemIndex },
	);
}

/** A webhook as output: the endpoint's `token` query value (a meetergo Trigger's secret) is masked. */
function showWebhook(hook: MeetergoWebhook): IDataObject {
	return { ...hook, endpoint: redactEndpoint(hook.endpoint) } as IDataObject;
}

function requiredString(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
): string {
	const value = String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (value === '')
		throw new NodeOperationError(context.getNode(), `${label} is empty`, { itemIndex });
	return value;
}

function checkedEndpoint(context: IExecuteFunctions, value: string, itemIndex: number): string {
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

function checkedEvents(context: IExecuteFunctions, value: unknown, itemIndex: number): string[] {
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
