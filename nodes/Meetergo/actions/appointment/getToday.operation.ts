import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi } from '../../api';
import { secretOptions, showAppointment } from '../common';

export const description: INodeProperties[] = [secretOptions];

/** GET /v4/appointment/today: today's appointments of the acting user, one item each. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const api = await MeetergoApi.connect(this, itemIndex);
	const appointments = await api.list(
		{ method: 'GET', path: '/v4/appointment/today' },
		['appointments', 'data', 'items'],
		"a list of today's appointments",
	);
	return appointments.map((appointment) => showAppointment(this, itemIndex, appointment));
}
