import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetGeekApi, meetingUrl } from '../../api';
import { meetingIdField, requiredText } from '../common';

export const description: INodeProperties[] = [
	meetingIdField('The meeting whose highlights to get'),
	{
		displayName: 'Type',
		name: 'type',
		type: 'string',
		default: '',
		placeholder: 'next_steps',
		description:
			"Only highlights of this type (MeetGeek's label), such as next_steps; empty for all. MeetGeek's docs show next_steps and do not list the other types.",
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'One Item per Highlight',
				value: 'items',
				description: 'Each highlight with the meeting_id; no item when there is none',
			},
			{
				name: 'One Item With All Highlights',
				value: 'single',
				description: "MeetGeek's answer: meeting_id and the list of highlights",
			},
		],
		default: 'items',
	},
];

/** GET /v1/meetings/{id}/highlights[?type=…]: `{ meeting_id, highlights: [{ highlightText, label }] }`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const meetingId = requiredText(this, 'meetingId', 'Meeting ID', itemIndex);
	const type = String(this.getNodeParameter('type', itemIndex, '')).trim();
	const api = await MeetGeekApi.connect(this, itemIndex);
	// Paging is not documented for highlights; a cursor, if MeetGeek sends one, is followed.
	const { items, first } = await api.all(
		{
			method: 'GET',
			path: `${meetingUrl(meetingId)}/highlights`,
			qs: type === '' ? undefined : { type },
			action: `fetch the highlights of meeting ${meetingId}`,
			meetingId,
			part: 'highlights',
		},
		'highlights',
		{ sendLimit: false },
	);
	const id = first.meeting_id ?? meetingId;
	if (this.getNodeParameter('output', itemIndex, 'items') === 'single') {
		return [{ meeting_id: id, highlights: items }];
	}
	return items.map((highlight) => ({ meeting_id: id, ...highlight }));
}
