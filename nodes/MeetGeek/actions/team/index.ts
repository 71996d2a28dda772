import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/actions/router';
import * as getAll from './getAll.operation';
import * as getMeetings from './getMeetings.operation';

export const operations: Record<string, Operation> = { getAll, getMeetings };

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['team'] } },
	options: [
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many teams',
			description: "List the teams of the API key's user, with their access",
		},
		{
			name: 'Get Meetings',
			value: 'getMeetings',
			action: 'Get the meetings of a team',
			description: 'List the meetings shared with a team',
		},
	],
	default: 'getAll',
};
