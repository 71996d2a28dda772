import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { teamUrl } from '../../api';
import { limitField, listMeetings, requiredText, returnAllField } from '../common';

export const description: INodeProperties[] = [
	{
		displayName: 'Team ID',
		name: 'teamId',
		type: 'string',
		required: true,
		default: '',
		description: 'The team whose meetings to list (Team → Get Many gives the IDs)',
	},
	returnAllField,
	limitField,
];

/** GET /v1/teams/{id}/meetings, paged like Meeting → Get Many: one item per meeting. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const teamId = requiredText(this, 'teamId', 'Team ID', itemIndex);
	return await listMeetings(this, itemIndex, {
		url: `${teamUrl(teamId)}/meetings`,
		action: `list the meetings of team ${teamId}`,
		teamId,
	});
}
