import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { routeItems } from '../shared/actions/router';
import { properties, resources } from './actions';
import { MEETERGO_CREDENTIAL } from './api';
import { listSearch, loadOptions } from './methods';

export class Meetergo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'meetergo',
		name: 'meetergo',
		icon: { light: 'file:meetergo.svg', dark: 'file:meetergo.dark.svg' },
		group: ['transform'],
		// 2: opens on Appointment; Webhook → Get Many lists all (at most 6) without Return All/Limit.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Consume the meetergo API',
		defaults: { name: 'meetergo' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: MEETERGO_CREDENTIAL, required: true }],
		properties,
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeItems(this, resources);
	}
}
