import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/actions/router';
import * as create from './create.operation';

export const operations: Record<string, Operation> = { create };

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['oneTimeLink'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a booking link that books once',
			description: 'Create a link to a meeting type that can be booked once',
		},
	],
	default: 'create',
};
