import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetGeekApi, meetingUrl } from '../../api';
import { meetingIdField, requiredText } from '../common';

export const description: INodeProperties[] = [
	meetingIdField('The meeting whose recording to download'),
	{
		displayName:
			"Needs MeetGeek's Pro plan or above. The link is valid for up to 4 hours (asking again within that time returns the same link), and MeetGeek allows 5 downloads of a meeting at a time.",
		name: 'downloadNotice',
		type: 'notice',
		default: '',
	},
];

/** POST /v1/meetings/{id}/download: `{ download_link, expires_in }`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const meetingId = requiredText(this, 'meetingId', 'Meeting ID', itemIndex);
	const api = await MeetGeekApi.connect(this, itemIndex);
	const answer = await api.request({
		method: 'POST',
		path: `${meetingUrl(meetingId)}/download`,
		action: `get a download link for meeting ${meetingId}`,
		meetingId,
		part: 'download link',
	});
	return [{ meeting_id: meetingId, ...answer }];
}
