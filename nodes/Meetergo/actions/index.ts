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

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Appointment', value: 'appointment' },
			{ name: 'Availability', value: 'availability' },
			{ name: 'Booking', value: 'booking' },
			{ name: 'Contact', value: 'contact' },
			{ name: 'Meeting Type', value: 'meetingType' },
			{ name: 'One-Time Booking Link', value: 'oneTimeLink' },
			{ name: 'User', value: 'user' },
			{ name: 'Webhook', value: 'webhook' },
		],
		default: 'webhook',
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
