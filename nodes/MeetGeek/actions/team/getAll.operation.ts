import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetGeekApi } from '../../api';

export const description: INodeProperties[] = [];

/**
 * GET /v1/teams: `{ share_access: [{ id, name }], view_access: [{ id, name }] }`. One item per
 * team, with `share_access` / `view_access` saying which lists it is in. The docs show only this
 * shape; a plain list of teams (or one under `teams` or `data`) is output item by item as sent.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const api = await MeetGeekApi.connect(this, itemIndex);
	const answer = await api.fetch({ method: 'GET', url: '/v1/teams', action: 'list the teams' });
	if (Array.isArray(answer)) return answer;
	for (const key of ['teams', 'data']) {
		if (Array.isArray(answer[key])) return answer[key] as IDataObject[];
	}
	return teamsOf(answer);
}

function teamsOf(answer: IDataObject): IDataObject[] {
	const teams = new Map<string, IDataObject>();
	for (const list of ['share_access', 'view_access'] as const) {
		const entries = Array.isArray(answer[list]) ? (answer[list] as IDataObject[]) : [];
		for (const team of entries) {
			const key = String(team.id ?? team.name);
			const known = teams.get(key) ?? { ...team, share_access: false, view_access: false };
			known[list] = true;
			teams.set(key, known);
		}
	}
	return [...teams.values()];
}
