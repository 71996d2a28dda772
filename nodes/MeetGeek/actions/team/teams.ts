import type { IDataObject, INodeProperties } from 'n8n-workflow';

/**
 * MeetGeek's documented GET /v1/teams answer is `{ share_access: [{ id, name }], view_access:
 * [{ id, name }] }`: one team may be in both lists. This gives one record per team, with
 * `share_access` / `view_access` saying which lists it is in. The documents show only that shape;
 * a plain list of teams (or one under `teams` or `data`) is taken as it is.
 */
export function teamsIn(answer: IDataObject | IDataObject[]): IDataObject[] {
	if (Array.isArray(answer)) return answer;
	for (const key of ['teams', 'data']) {
		if (Array.isArray(answer[key])) return answer[key] as IDataObject[];
	}
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

/** Team picker: from a searchable list of the API key user's teams, or by ID. */
export const teamField: INodeProperties = {
	displayName: 'Team',
	name: 'teamId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description: 'The team whose meetings to list',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchTeams', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 123',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'A MeetGeek team ID is a number' },
				},
			],
		},
	],
};
