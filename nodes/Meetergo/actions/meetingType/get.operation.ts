import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi, noMeetingType } from '../../api';
import { meetingTypeField, requiredText, segment } from '../common';

export const description: INodeProperties[] = [meetingTypeField];

/** GET /v4/meeting-type/{id}; its display name is at `meetingInfo.name`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = requiredText(this, 'meetingTypeId', 'Meeting Type', itemIndex);
	const api = await MeetergoApi.connect(this, itemIndex);
	return [
		await api.object(
			{
				method: 'GET',
				path: `/v4/meeting-type/${segment(id, 'Meeting Type ID')}`,
				notFound: noMeetingType(id),
			},
			'a meeting type',
		),
	];
}
