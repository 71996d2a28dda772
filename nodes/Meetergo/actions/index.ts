import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { operationFields, type Operation, type Resources } from '../../shared/actions/router';
import * as appointment from './appointment';
import * as availability from './availability';
import * as booking from './booking';
import { withoutSecrets } from './common';
import * as contact from './contact';
import * as meetingType from './meetingType';
import * as oneTimeLink from './oneTimeLink';
import * as user from './user';
import * as webhook from './webhook';

/**
 * Every operation's output leaves out secrets (an appointment's `secret`, tokens, keys) at any
 * depth, whatever meetergo adds to an answer later, unless the item's *Include Appointment Secret*
 * option keeps them.
 */
function secretFree(operations: Record<string, Operation>): Record<string, Operation> {
	const wrapped: Record<string, Operation> = {};
	for (const [name, operation] of Object.entries(operations)) {
		wrapped[name] = {
			description: operation.description,
			async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
				const output = await operation.execute.call(this, itemIndex);
				const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
				return options.includeSecret === true ? output : output.map(withoutSecrets);
			},
		};
	}
	return wrapped;
}

/** The meetergo node's resources and operations, in the order the editor lists them. */
export const resources: Resources = {
	appointment: secretFree(appointment.operations),
	availability: secretFree(availability.operations),
	booking: secretFree(booking.operations),
	contact: secretFree(contact.operations),
	meetingType: secretFree(meetingType.operations),
	oneTimeLink: secretFree(oneTimeLink.operations),
	user: secretFree(user.operations),
	webhook: secretFree(webhook.operations),
};

const resourceOptions = [
	{ name: 'Appointment', value: 'appointment' },
	{ name: 'Availability', value: 'availability' },
	{ name: 'Booking', value: 'booking' },
	{ name: 'Contact', value: 'contact' },
	{ name: 'Meeting Type', value: 'meetingType' },
	{ name: 'One-Time Booking Link', value: 'oneTimeLink' },
	{ name: 'User', value: 'user' },
	{ name: 'Webhook', value: 'webhook' },
];

/**
 * Version 1 opened on Webhook; saved version-1 workflows that kept that default store no resource,
 * so version 1 keeps it and only new nodes (version 2) open on Appointment.
 */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resourceOptions,
		default: 'webhook',
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resourceOptions,
		default: 'appointment',
		displayOptions: { show: { '@version': [2] } },
	},
	appointment.operationField,
	availability.operationField,
	booking.operationField,
	contact.operationField,
	meetingType.operationField,
	oneTimeLink.operationField,
	user.operationField,
	webhook.operationField,
	...operationFields(resources),
];
