import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { operationFields, routeItems, type Resources } from '../shared/actions/router';
import * as cancelEvent from './actions/event/cancel.operation';
import { testMeetBitApiForm } from './credentialTest';

const resources: Resources = {
	event: { cancel: cancelEvent },
};

export class MeetBit implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MeetBit',
		name: 'meetBit',
		icon: { light: 'file:meetbit.svg', dark: 'file:meetbit.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Consume the MeetBit API',
		defaults: { name: 'MeetBit' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'meetingWebhooksMeetBitApi', required: true, testedBy: 'meetBitApiForm' },
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Event', value: 'event' }],
				default: 'event',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['event'] } },
				options: [
					{
						name: 'Cancel',
						value: 'cancel',
						action: 'Cancel an event',
						description: 'Cancel a calendar event; MeetBit notifies its attendees',
					},
				],
				default: 'cancel',
			},
			...operationFields(resources),
		],
	};

	methods = {
		credentialTest: { meetBitApiForm: testMeetBitApiForm },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeItems(this, resources);
	}
}
