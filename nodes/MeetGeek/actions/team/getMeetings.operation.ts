import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { teamUrl } from '../../api';
import {
	includeDetailsField,
	limitField,
	listMeetings,
	requiredText,
	returnAllField,
} from '../common';
import { teamField } from './teams';

// Workflows saved when Team ID was a text field keep working: a plain value is read as the ID.
export const description: INodeProperties[] = [
	teamField,
	returnAllField,
	limitField,
	includeDetailsField,
];

/** GET /v1/teams/{id}/meetings, paged like Meeting → Get Many: one item per meeting. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const teamId = requiredText(this, 'teamId', 'Team', itemIndex);
	// MeetGeek documents team IDs as integers; anything else could only ever be a 404.
	if (!/^\d{1,18}$/.test(teamId))
		throw new NodeOperationError(
			this.getNode(),
			`Team must be a MeetGeek team ID (a number), not "${teamId.slice(0, 40)}"`,
			{
				itemIndex,
				description: 'Pick the team From List, or enter its ID (Team → Get Many lists them).',
			},
		);
	return await listMeetings(this, itemIndex, {
		path: `${teamUrl(teamId)}/meetings`,
		action: `list the meetings of team ${teamId}`,
		teamId,
	});
}
