import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { meetergoList } from '../../api';
import { includeSecretOption, showAppointment } from '../common';

export const description: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [includeSecretOption],
	},
];

/** GET /v4/appointment/today: today's appointments of the acting user, one item each. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const appointments = await meetergoList.call(
		this,
		{ method: 'GET', path: '/v4/appointment/today' },
		['appointments', 'data', 'items'],
		"a list of today's appointments",
		{ itemIndex },
	);
	return appointments.map((appointment) => showAppointment(this, itemIndex, appointment));
}
