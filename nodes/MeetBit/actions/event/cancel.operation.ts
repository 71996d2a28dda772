import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { MeetBitApi } from '../../api';

/** MeetBit's documented limit for `cancel_note`. */
export const CANCEL_NOTE_MAX_LENGTH = 255;

/**
 * The MeetBit Trigger's item is `{ event, data: { id, calendar_id, … } }`; for
 * `meeting_links.scheduled` `data.id` is the meeting link and `data.event_id` the event.
 */
export const CALENDAR_ID_FROM_TRIGGER = '={{ $json.data?.calendar_id }}';
export const EVENT_ID_FROM_TRIGGER =
	'={{ $json.event === "meeting_links.scheduled" ? $json.data?.event_id : $json.data?.id }}';

export const description: INodeProperties[] = [
	{
		displayName: 'Calendar ID',
		name: 'calendarId',
		type: 'string',
		required: true,
		default: CALENDAR_ID_FROM_TRIGGER,
		description:
			"The numeric ID of the event's calendar. By default read from a MeetBit Trigger item (data.calendar_id).",
	},
	{
		displayName: 'Event ID',
		name: 'eventId',
		type: 'string',
		required: true,
		default: EVENT_ID_FROM_TRIGGER,
		description:
			'The numeric ID of the event to cancel. By default read from a MeetBit Trigger item: data.event_id for a scheduled meeting link, otherwise the ID in data.',
	},
	{
		displayName: 'Cancel Note',
		name: 'cancelNote',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. The meeting is no longer needed',
		typeOptions: { rows: 2 },
		description:
			'Why the event is canceled (up to 255 characters). MeetBit requires it, as its Admin Panel does.',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const calendarId = recordId(this, 'calendarId', 'Calendar ID', itemIndex);
	const eventId = recordId(this, 'eventId', 'Event ID', itemIndex);
	const cancelNote = String(this.getNodeParameter('cancelNote', itemIndex, '') ?? '').trim();
	if (cancelNote === '')
		throw new NodeOperationError(this.getNode(), 'Cancel Note is empty', {
			itemIndex,
			description: 'MeetBit requires a reason to cancel an event: enter one in Cancel Note.',
		});
	if (cancelNote.length > CANCEL_NOTE_MAX_LENGTH)
		throw new NodeOperationError(
			this.getNode(),
			`Cancel Note is ${cancelNote.length} characters long; MeetBit accepts at most ${CANCEL_NOTE_MAX_LENGTH}`,
			{ itemIndex, description: 'Shorten the Cancel Note.' },
		);
	const api = await MeetBitApi.connect(this, itemIndex);
	return [await api.cancelEvent({ calendarId, eventId, cancelNote })];
}

/** A MeetBit record ID: a positive whole number (given as a number or as its digits). */
function recordId(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	const value: unknown = context.getNodeParameter(name, itemIndex, '');
	const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
	const where =
		name === 'calendarId'
			? 'data.calendar_id'
			: 'data.id (data.event_id for meeting_links.scheduled)';
	if (text === '')
		throw new NodeOperationError(context.getNode(), `${label} is empty`, {
			itemIndex,
			description: `By default it is read from the incoming item's ${where}, as the MeetBit Trigger outputs it. Connect a MeetBit Trigger, or enter the ID.`,
		});
	if (!/^[1-9]\d{0,17}$/.test(text))
		throw new NodeOperationError(
			context.getNode(),
			`${label} must be a positive whole number, not "${text.slice(0, 40)}"`,
			{ itemIndex, description: 'MeetBit IDs are numbers, such as 42.' },
		);
	return text;
}
