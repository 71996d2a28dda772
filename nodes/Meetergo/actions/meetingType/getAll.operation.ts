import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi } from '../../api';
import { howMany, limitField, returnAllField } from '../common';

export const description: INodeProperties[] = [returnAllField, limitField];

/** GET /v4/meeting-type: one answer (a list, or the list under `meetingTypes`/`data`). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const api = await MeetergoApi.connect(this, itemIndex);
	return await api.list(
		{ method: 'GET', path: '/v4/meeting-type' },
		['meetingTypes', 'data', 'items'],
		'a list of meeting types',
		howMany(this, itemIndex).max,
	);
}
