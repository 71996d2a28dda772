import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/actions/router';
import * as create from './create.operation';

export const operations: Record<string, Operation> = { create };

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['booking'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a booking',
			description: 'Book a slot of a meeting type for an attendee',
		},
	],
	default: 'create',
};
