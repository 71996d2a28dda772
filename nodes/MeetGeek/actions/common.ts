import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { MeetGeekApi, type MeetGeekCall } from '../api';

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

export { limitField, returnAllField } from '../../shared/actions/fields';

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

/** A required text parameter, trimmed; an empty one stops with a message naming the field. */
export function requiredText(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	const value = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (value === '') {
		throw new NodeOperationError(context.getNode(), `${label} is empty`, {
			itemIndex,
			description: `Enter the ${label}, or map it from the incoming item with an expression.`,
		});
	}
	return value;
}

/** Non-empty strings of an "Additional Fields" collection, trimmed. */
export function filledFields(fields: IDataObject): IDataObject {
	const filled: IDataObject = {};
	for (const [name, value] of Object.entries(fields)) {
		if (typeof value === 'string' && value.trim() !== '') filled[name] = value.trim();
	}
	return filled;
}

/** Return All, or up to Limit: the options of MeetGeekApi.all for this item. */
export function howMany(context: IExecuteFunctions, itemIndex: number): { max?: number } {
	if (context.getNodeParameter('returnAll', itemIndex, false) === true) return {};
	return {
		max: Math.max(1, Math.floor(context.getNodeParameter('limit', itemIndex, 50) as number)),
	};
}

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
	return items;
}
