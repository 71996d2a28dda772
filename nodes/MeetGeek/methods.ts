import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { teamsIn } from './actions/team/teams';
import { fetchTeamsForEditor } from './api';

/** The node's searchable lists, loaded from MeetGeek with the node's credential. */
export const listSearch = {
	/** The teams of the API key's user (one call; MeetGeek does not page this list), by name. */
	async searchTeams(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const wanted = (filter ?? '').trim().toLowerCase();
		const results = teamsIn(await fetchTeamsForEditor(this))
			.filter((team) => typeof team.id === 'number' || typeof team.id === 'string')
			.map((team) => ({
				name: typeof team.name === 'string' && team.name !== '' ? team.name : String(team.id),
				value: String(team.id),
			}))
			.filter((team) => wanted === '' || team.name.toLowerCase().includes(wanted))
			.sort((a, b) => a.name.localeCompare(b.name));
		return { results };
	},
};
