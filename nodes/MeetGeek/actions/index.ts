import type { INodeProperties } from 'n8n-workflow';

import { operationFields, type Resources } from '../../shared/actions/router';
import * as bot from './bot';
import * as meeting from './meeting';
import * as recording from './recording';
import * as team from './team';

/** The MeetGeek node's resources and operations, in the order the editor lists them. */
export const resources: Resources = {
	meeting: meeting.operations,
	team: team.operations,
	recording: recording.operations,
	bot: bot.operations,
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Bot', value: 'bot' },
			{ name: 'Meeting', value: 'meeting' },
			{ name: 'Recording', value: 'recording' },
			{ name: 'Team', value: 'team' },
		],
		default: 'meeting',
	},
	meeting.operationField,
	team.operationField,
	recording.operationField,
	bot.operationField,
	...operationFields(resources),
];
