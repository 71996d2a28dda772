import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/actions/router';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getDownloadLink from './getDownloadLink.operation';
import * as getHighlights from './getHighlights.operation';
import * as getInsights from './getInsights.operation';
import * as getSummary from './getSummary.operation';
import * as getTranscript from './getTranscript.operation';

export const operations: Record<string, Operation> = {
	get,
	getAll,
	getTranscript,
	getSummary,
	getHighlights,
	getInsights,
	getDownloadLink,
};

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['meeting'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			action: 'Get a meeting',
			description: 'Get a meeting: title, host, participants, times, template and teams',
		},
		{
			name: 'Get Download Link',
			value: 'getDownloadLink',
			action: 'Get a download link for a meeting recording',
			description: "Get a temporary link to the meeting's recording (Pro plan or above)",
		},
		{
			name: 'Get Highlights',
			value: 'getHighlights',
			action: 'Get the highlights of a meeting',
			description: 'Get the highlights MeetGeek extracted, optionally of one type',
		},
		{
			name: 'Get Insights',
			value: 'getInsights',
			action: 'Get the insights of a meeting',
			description: "Get the meeting's KPIs and popular themes",
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many meetings',
			description: "List the meetings of the API key's user",
		},
		{
			name: 'Get Summary',
			value: 'getSummary',
			action: 'Get the summary of a meeting',
			description: 'Get the AI summary and insights text of a meeting',
		},
		{
			name: 'Get Transcript',
			value: 'getTranscript',
			action: 'Get the transcript of a meeting',
			description: 'Get every sentence with speaker and time, or the whole text',
		},
	],
	default: 'get',
};
