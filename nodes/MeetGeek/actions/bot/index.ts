import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/actions/router';
import * as join from './join.operation';

export const operations: Record<string, Operation> = { join };

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['bot'] } },
	options: [
		{
			name: 'Join a Meeting',
			value: 'join',
			action: 'Send the bot to a meeting',
			description: 'Send the MeetGeek bot to a video call to record and analyse it',
		},
	],
	default: 'join',
};
