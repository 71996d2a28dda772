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
		version: 1,
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
