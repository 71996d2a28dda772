import type { INodeProperties } from 'n8n-workflow';

import { operationFields, type Resources } from '../../shared/actions/router';
import * as appointment from './appointment';
import * as availability from './availability';
import * as booking from './booking';
import * as contact from './contact';
import * as meetingType from './meetingType';
import * as oneTimeLink from './oneTimeLink';
import * as user from './user';
import * as webhook from './webhook';

/** The meetergo node's resources and operations, in the order the editor lists them. */
export const resources: Resources = {
	appointment: appointment.operations,
	availability: availability.operations,
	booking: booking.operations,
	contact: contact.operations,
	meetingType: meetingType.operations,
	oneTimeLink: oneTimeLink.operations,
	user: user.operations,
	webhook: webhook.operations,
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
