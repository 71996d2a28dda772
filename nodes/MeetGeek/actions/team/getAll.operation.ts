import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetGeekApi } from '../../api';
import { teamsIn } from './teams';

export const description: INodeProperties[] = [];

/** GET /v1/teams: one item per team (`id`, `name`, `share_access`, `view_access`). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const api = await MeetGeekApi.connect(this, itemIndex);
	return teamsIn(await api.fetch({ method: 'GET', path: '/v1/teams', action: 'list the teams' }));
}
