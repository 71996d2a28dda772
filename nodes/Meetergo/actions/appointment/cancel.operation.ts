import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { MeetergoApi, noAppointment } from '../../api';
import {
	appointmentAnswer,
	appointmentIdField,
	secretOptions,
	requiredText,
	segment,
} from '../common';

export const description: INodeProperties[] = [
	appointmentIdField('The appointment to cancel'),
	{
		displayName: 'Cancel',
		name: 'scope',
		type: 'options',
		options: [
			{
				name: 'The Whole Appointment',
				value: 'all',
				description: 'Cancel it for everyone (sends cancelAll, which group bookings require)',
			},
			{
				name: 'One Attendee of a Group Booking',
				value: 'attendee',
				description: 'Remove one attendee; the appointment stays for the others',
			},
		],
		default: 'all',
	},
	{
		displayName: 'Attendee ID',
		name: 'attendeeId',
		type: 'string',
		required: true,
		default: '',
		description: 'The attendee to remove (an ID from the appointment\'s "attendees")',
		displayOptions: { show: { scope: ['attendee'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Cancel Entire Series',
				name: 'cancelEntireSeries',
				type: 'boolean',
				default: false,
				description: 'Whether to cancel every appointment of a recurring series, not just this one',
			},
			{
				displayName: 'Reason',
				name: 'reason',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				description: 'Why it is cancelled (up to 500 characters); attendees may see it',
			},
		],
	},
	secretOptions,
];

/** POST /v4/appointment/{id}/cancel; meetergo then sends booking_cancelled to subscribed webhooks. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = requiredText(this, 'appointmentId', 'Appointment ID', itemIndex);
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	if (this.getNodeParameter('scope', itemIndex, 'all') === 'attendee') {
		body.attendeeId = requiredText(this, 'attendeeId', 'Attendee ID', itemIndex);
	} else {
		body.cancelAll = true;
	}
	const reason = typeof additional.reason === 'string' ? additional.reason.trim() : '';
	if (reason.length > 500) {
		throw new NodeOperationError(this.getNode(), 'Reason is longer than 500 characters', {
			itemIndex,
			description: `meetergo accepts up to 500 characters; this one has ${reason.length}.`,
		});
	}
	if (reason !== '') body.reason = reason;
	if (additional.cancelEntireSeries === true) body.cancelEntireSeries = true;
	const api = await MeetergoApi.connect(this, itemIndex);
	const answer = await api.object(
		{
			method: 'POST',
			path: `/v4/appointment/${segment(id, 'Appointment ID')}/cancel`,
			body,
			notFound: noAppointment(id),
			invalid:
				'Check the Attendee ID (it must belong to this appointment) and that the appointment is not cancelled already.',
		},
		'the cancelled appointment',
	);
	return [appointmentAnswer(this, itemIndex, answer, { id, isCancelled: true })];
}
