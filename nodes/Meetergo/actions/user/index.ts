import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/actions/router';
import * as getAll from './getAll.operation';
import * as getMe from './getMe.operation';

export const operations: Record<string, Operation> = { getMe, getAll };

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['user'] } },
	options: [
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many users',
			description: "List the company's users (admins only)",
		},
		{
			name: 'Get Me',
			value: 'getMe',
			action: 'Get the current user',
			description: 'Get the user the credential acts as',
		},
	],
	default: 'getMe',
};
