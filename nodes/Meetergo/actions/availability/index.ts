import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/actions/router';
import * as get from './get.operation';

export const operations: Record<string, Operation> = { get };

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['availability'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			action: 'Get availability',
			description: 'Get the bookable slots of a meeting type in a time range',
		},
	],
	default: 'get',
};
