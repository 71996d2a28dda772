import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/actions/router';
import * as upload from './upload.operation';

export const operations: Record<string, Operation> = { upload };

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['recording'] } },
	options: [
		{
			name: 'Upload',
			value: 'upload',
			action: 'Upload a recording from a URL',
			description: 'Have MeetGeek download and analyse a recording',
		},
	],
	default: 'upload',
};
