import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi, noAppointment } from '../../api';
import {
	appointmentAnswer,
	appointmentIdField,
	secretOptions,
	isoTime,
	requiredText,
	segment,
} from '../common';

export const description: INodeProperties[] = [
	appointmentIdField('The appointment to move'),
	{
		displayName: 'New Start',
		name: 'start',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'The new start time; the duration stays the same',
	},
	{
		displayName: 'Ignore Availability',
		name: 'ignoreAvailability',
		type: 'boolean',
		default: false,
		description:
			"Whether to move it even outside the host's available hours or over another booking",
	},
	secretOptions,
];

/**
 * POST /v4/appointment/{id}/reschedule with `{ start, ignoreAvailability }`. meetergo answers
 * `{ appointment: {…} }`: the appointment is output as Get and Cancel output it.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = requiredText(this, 'appointmentId', 'Appointment ID', itemIndex);
	const start = isoTime(this, this.getNodeParameter('start', itemIndex, ''));
	const body: IDataObject = {
		start: start === '' ? requiredText(this, 'start', 'New Start', itemIndex) : start,
	};
	if (this.getNodeParameter('ignoreAvailability', itemIndex, false) === true)
		body.ignoreAvailability = true;
	const api = await MeetergoApi.connect(this, itemIndex);
	const answer = await api.object(
		{
			method: 'POST',
			path: `/v4/appointment/${segment(id, 'Appointment ID')}/reschedule`,
			body,
			notFound: noAppointment(id),
			invalid:
				'Check New Start (ISO 8601 with a time zone) and that the host is available then, or turn on Ignore Availability.',
		},
		'the rescheduled appointment',
	);
	return [appointmentAnswer(this, itemIndex, answer, { id, start: body.start })];
}
