import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/actions/router';
import * as create from './create.operation';
import * as deleteWebhook from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: Record<string, Operation> = {
	create,
	delete: deleteWebhook,
	get,
	getAll,
	update,
};

export const operationField: INodeProperties = {
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
		{ name: 'Get', value: 'get', action: 'Get a webhook', description: 'Get one webhook by ID' },
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
};
