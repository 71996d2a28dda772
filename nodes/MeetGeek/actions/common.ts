import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { howMany } from '../../shared/actions/fields';
import { MeetGeekApi, meetingUrl, type MeetGeekCall } from '../api';

/** Fields and helpers several MeetGeek operations share. */

export function meetingIdField(description: string): INodeProperties {
	return {
		displayName: 'Meeting ID',
		name: 'meetingId',
		type: 'string',
		required: true,
		// A MeetGeek Trigger item carries meeting_id: after the trigger this needs no typing.
		default: '={{ $json.meeting_id }}',
		placeholder: '9433976b-cfa3-4373-9afb-eb0b7a5915df',
		description,
	};
}

export { howMany, limitField, returnAllField } from '../../shared/actions/fields';
export { requiredText } from '../../shared/actions/parameters';

export const languageCodeOption: INodeProperties = {
	displayName: 'Language Code',
	name: 'language_code',
	type: 'string',
	default: '',
	placeholder: 'en-US',
	description: "The meeting's language; MeetGeek detects it when empty",
};

export const templateNameOption: INodeProperties = {
	displayName: 'Template Name',
	name: 'template_name',
	type: 'string',
	default: '',
	placeholder: 'Team meeting',
	description:
		"The MeetGeek meeting template that shapes the summary; MeetGeek picks one from the account's settings when empty",
};

/** Non-empty strings of an "Additional Fields" collection, trimmed. */
export function filledFields(fields: IDataObject): IDataObject {
	const filled: IDataObject = {};
	for (const [name, value] of Object.entries(fields)) {
		if (typeof value === 'string' && value.trim() !== '') filled[name] = value.trim();
	}
	return filled;
}

/**
 * Meeting lists name each meeting by `meeting_id` and its UTC start and end only. With this on,
 * each listed meeting is read in full, so that Get Many and Get output the same record.
 */
export const includeDetailsField: INodeProperties = {
	displayName: 'Include Meeting Details',
	name: 'includeDetails',
	type: 'boolean',
	default: false,
	description:
		"Whether to output each meeting in full (title, host, participants, template, teams…), as Meeting → Get does. Costs one more call of MeetGeek's daily quota per meeting.",
};

/** A list of meetings (all the account's, or a team's), one item per meeting. */
export async function listMeetings(
	context: IExecuteFunctions,
	itemIndex: number,
	call: Omit<MeetGeekCall, 'method'>,
): Promise<IDataObject[]> {
	const api = await MeetGeekApi.connect(context, itemIndex);
	const { items } = await api.all(
		{ method: 'GET', ...call },
		'meetings',
		howMany(context, itemIndex),
	);
	if (context.getNodeParameter('includeDetails', itemIndex, false) !== true) return items;
	const meetings: IDataObject[] = [];
	// One at a time: a refusal (403, the daily quota) stops before more calls are spent.
	for (const listed of items) {
		const meetingId = String(listed.meeting_id ?? '');
		meetings.push(
			await api.request({
				method: 'GET',
				path: meetingUrl(meetingId),
				action: `fetch meeting ${meetingId}`,
				meetingId,
			}),
		);
	}
	return meetings;
}
