import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { meetergoObject, noAppointment } from '../../api';
import { answerOr, appointmentIdField, isoTime, requiredText, segment } from '../common';

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
];

/** POST /v4/appointment/{id}/reschedule with `{ start, ignoreAvailability }`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = requiredText(this, 'appointmentId', 'Appointment ID', itemIndex);
	const start = isoTime(this, this.getNodeParameter('start', itemIndex, ''));
	const body: IDataObject = {
		start: start === '' ? requiredText(this, 'start', 'New Start', itemIndex) : start,
	};
	if (this.getNodeParameter('ignoreAvailability', itemIndex, false) === true)
		body.ignoreAvailability = true;
	const answer = await meetergoObject.call(
		this,
		{
			method: 'POST',
			path: `/v4/appointment/${segment(id, 'Appointment ID')}/reschedule`,
			body,
			notFound: noAppointment(id),
			invalid:
				'Check New Start (ISO 8601 with a time zone) and that the host is available then, or turn on Ignore Availability.',
		},
		'the rescheduled appointment',
		itemIndex,
	);
	return [answerOr(answer, { id, rescheduled: true, start: body.start })];
}
