import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetGeekApi, meetingUrl } from '../../api';
import { meetingIdField, requiredText } from '../common';

export const description: INodeProperties[] = [
	meetingIdField('The meeting whose AI summary to get'),
];

/** GET /v1/meetings/{id}/summary: `{ meeting_id, summary, ai_insights }`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const meetingId = requiredText(this, 'meetingId', 'Meeting ID', itemIndex);
	const api = await MeetGeekApi.connect(this, itemIndex);
	return [
		await api.request({
			method: 'GET',
			path: `${meetingUrl(meetingId)}/summary`,
			action: `fetch the summary of meeting ${meetingId}`,
			meetingId,
			part: 'summary',
		}),
	];
}
