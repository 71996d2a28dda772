import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { routeItems } from '../shared/actions/router';
import { properties, resources } from './actions';
import { MEETGEEK_API_CREDENTIAL } from './api';
import { listSearch } from './methods';

export class MeetGeek implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MeetGeek',
		name: 'meetGeek',
		icon: { light: 'file:meetgeek.svg', dark: 'file:meetgeek.dark.svg' },
		group: ['transform'],
		// 1.1: Get Transcript opens on a Limit (see getTranscript.operation.ts).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Consume the MeetGeek API',
		defaults: { name: 'MeetGeek' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: MEETGEEK_API_CREDENTIAL, required: true }],
		properties,
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeItems(this, resources);
	}
}
