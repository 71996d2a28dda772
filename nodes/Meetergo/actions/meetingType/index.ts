import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/actions/router';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations: Record<string, Operation> = { get, getAll };

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['meetingType'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			action: 'Get a meeting type',
			description: 'Get one meeting type',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many meeting types',
			description: 'List the meeting types that can be booked',
		},
	],
	default: 'getAll',
};
