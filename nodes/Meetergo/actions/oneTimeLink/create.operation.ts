import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi, noMeetingType } from '../../api';
import { meetingTypeField, requiredText, segment } from '../common';

export const description: INodeProperties[] = [meetingTypeField];

/** POST /v4/one-time-booking-link/create/{meetingTypeId}: a link that books once. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const meetingTypeId = requiredText(this, 'meetingTypeId', 'Meeting Type', itemIndex);
	const api = await MeetergoApi.connect(this, itemIndex);
	const answer = await api.send({
		method: 'POST',
		path: `/v4/one-time-booking-link/create/${segment(meetingTypeId, 'Meeting Type ID')}`,
		notFound: noMeetingType(meetingTypeId),
	});
	// The docs do not show the answer: the link as text, or an object holding it, are both passed on.
	if (typeof answer === 'string') return [{ meetingTypeId, url: answer }];
	if (typeof answer === 'object' && answer !== null && !Array.isArray(answer))
		return [{ meetingTypeId, ...(answer as IDataObject) }];
	return [{ meetingTypeId, created: true }];
}
