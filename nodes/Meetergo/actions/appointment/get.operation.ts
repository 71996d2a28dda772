import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi } from '../../api';
import { appointmentIdField, secretOptions, requiredText, showAppointment } from '../common';

export const description: INodeProperties[] = [
	appointmentIdField('The appointment ID (the "ID" field of a meetergo Trigger item)'),
	secretOptions,
];

/** GET /v4/appointment/{id}: the full appointment, its `cancel` details included. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = requiredText(this, 'appointmentId', 'Appointment ID', itemIndex);
	const api = await MeetergoApi.connect(this, itemIndex);
	const appointment = await api.getAppointment(id);
	return [showAppointment(this, itemIndex, appointment ?? {})];
}
