import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi, noAppointment } from '../../api';
import { appointmentAnswer, appointmentIdField, requiredText, segment } from '../common';

export const description: INodeProperties[] = [
	appointmentIdField('The appointment whose guest to change'),
	{
		displayName: 'Attendee ID',
		name: 'attendeeId',
		type: 'string',
		required: true,
		default: '',
		description: 'The attendee to change (an ID from the appointment\'s "attendees")',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: "The attendee's new email address",
	},
];

/** PATCH /v4/appointment/{id}/guest with `{ attendeeId, email }`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = requiredText(this, 'appointmentId', 'Appointment ID', itemIndex);
	const attendeeId = requiredText(this, 'attendeeId', 'Attendee ID', itemIndex);
	const email = requiredText(this, 'email', 'Email', itemIndex);
	const api = await MeetergoApi.connect(this, itemIndex);
	const answer = await api.object(
		{
			method: 'PATCH',
			path: `/v4/appointment/${segment(id, 'Appointment ID')}/guest`,
			body: { attendeeId, email },
			notFound: noAppointment(id),
			invalid: 'Check the Attendee ID (it must belong to this appointment) and the email address.',
		},
		'the updated appointment',
	);
	return [appointmentAnswer(this, itemIndex, answer, { id, attendeeId, email })];
}
