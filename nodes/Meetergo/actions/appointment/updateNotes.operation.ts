import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi, noAppointment } from '../../api';
import { appointmentAnswer, appointmentIdField, requiredText, segment } from '../common';

export const description: INodeProperties[] = [
	appointmentIdField('The appointment whose notes to set'),
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: "The appointment's new notes; they replace the current ones (empty clears them)",
	},
];

/** PATCH /v4/appointment/{id}/notes with `{ note }` (replaces the notes). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = requiredText(this, 'appointmentId', 'Appointment ID', itemIndex);
	const note = String(this.getNodeParameter('note', itemIndex, '') ?? '');
	const api = await MeetergoApi.connect(this, itemIndex);
	const answer = await api.object(
		{
			method: 'PATCH',
			path: `/v4/appointment/${segment(id, 'Appointment ID')}/notes`,
			body: { note },
			notFound: noAppointment(id),
		},
		'the updated appointment',
	);
	return [appointmentAnswer(this, itemIndex, answer, { id, note })];
}
