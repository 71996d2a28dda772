import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetGeekApi, meetingUrl } from '../../api';
import { meetingIdField, requiredText } from '../common';

export const description: INodeProperties[] = [
	meetingIdField('The meeting whose insights (KPIs, popular themes) to get'),
];

/** GET /v1/meetings/{id}/insights: MeetGeek's KPI objects (`kpi_meeting`, `kpi_popular_themes`, …) as sent. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const meetingId = requiredText(this, 'meetingId', 'Meeting ID', itemIndex);
	const api = await MeetGeekApi.connect(this, itemIndex);
	const insights = await api.request({
		method: 'GET',
		path: `${meetingUrl(meetingId)}/insights`,
		action: `fetch the insights of meeting ${meetingId}`,
		meetingId,
		part: 'insights',
	});
	return [{ meeting_id: meetingId, ...insights }];
}
