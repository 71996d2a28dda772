import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { MeetergoApi, unknownMeetingTypeOrHosts } from '../../api';
import { filled, hostFields, hostsOrQueue, meetingTypeField, requiredText } from '../common';

export const description: INodeProperties[] = [
	meetingTypeField,
	{
		displayName: 'From',
		name: 'start',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'First day of the range to search (meetergo takes whole days)',
	},
	{
		displayName: 'To',
		name: 'end',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Last day of the range to search',
	},
	...hostFields,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Existing Appointment ID',
				name: 'existingAppointmentId',
				type: 'string',
				default: '',
				description:
					'When looking for a slot to move this appointment to (its own time counts as free)',
			},
			{
				displayName: 'Meeting Duration (Minutes)',
				name: 'meetingDuration',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
			},
			{
				displayName: 'Time Zone',
				name: 'timezone',
				type: 'string',
				default: '',
				placeholder: 'Europe/Berlin',
				description: "IANA time zone of the slots; the host's when empty",
			},
		],
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'One Item per Slot',
				value: 'slots',
				description: 'Date, start time and time zone of each free slot, ready for Booking → Create',
			},
			{
				name: 'Raw Answer',
				value: 'raw',
				description: 'The answer as meetergo gives it, as one item',
			},
		],
		default: 'slots',
	},
];

/** A date parameter as meetergo's `YYYY-MM-DD`: the day part of what n8n's date picker gives. */
function dayOf(context: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const raw = context.getNodeParameter(name, itemIndex, '') as unknown;
	const text =
		raw instanceof Date
			? raw.toISOString()
			: typeof raw === 'object' && raw !== null && 'toISO' in raw
				? String((raw as { toISO: () => string | null }).toISO() ?? '')
				: String(raw ?? '').trim();
	if (text === '') return requiredText(context, name, label, itemIndex);
	const day = /^(\d{4}-\d{2}-\d{2})/.exec(text)?.[1];
	if (day === undefined) {
		throw new NodeOperationError(context.getNode(), `${label} is not a date`, {
			itemIndex,
			description: `Enter ${label} as a date (for example 2026-03-10); got "${text.slice(0, 40)}".`,
		});
	}
	return day;
}

/**
 * The path with its query: every list value as a repeated key (`hostIds=a&hostIds=b`), as
 * meetergo's own client sends array filters (the comma-joined form is refused there).
 */
function withQuery(path: string, query: IDataObject): string {
	const search = new URLSearchParams();
	for (const [name, value] of Object.entries(query)) {
		for (const entry of Array.isArray(value) ? value : [value]) {
			if (entry !== undefined && entry !== null) search.append(name, String(entry));
		}
	}
	return `${path}?${search.toString()}`;
}

/**
 * The free slots in an availability answer, one record each. meetergo's reference shows
 * `{ timezone, dates: [{ date, spots: [{ startTime, … }] }] }`; its older guide
 * `{ slots: [{ date, times: [...] }], timezone }`; both are read, and a bare list of
 * `{ start }`/`{ startTime }` too.
 */
export function slotsIn(answer: unknown): IDataObject[] {
	const record = (value: unknown): value is IDataObject =>
		typeof value === 'object' && value !== null && !Array.isArray(value);
	const timeZone = record(answer) && typeof answer.timezone === 'string' ? answer.timezone : null;
	const slot = (date: unknown, start: unknown, more: IDataObject = {}): IDataObject => {
		const day = typeof date === 'string' ? date : String(start).slice(0, 10);
		return { date: day, start: String(start), timeZone, ...more };
	};
	const slots: IDataObject[] = [];
	if (record(answer) && Array.isArray(answer.dates)) {
		for (const day of answer.dates.filter(record)) {
			for (const spot of (Array.isArray(day.spots) ? day.spots : []).filter(record)) {
				if (typeof spot.startTime !== 'string') continue;
				const { startTime, ...more } = spot;
				slots.push(slot(day.date, startTime, more));
			}
		}
		return slots;
	}
	const list = Array.isArray(answer) ? answer : record(answer) ? answer.slots : undefined;
	for (const entry of Array.isArray(list) ? list : []) {
		if (typeof entry === 'string') slots.push(slot(undefined, entry));
		else if (record(entry) && Array.isArray(entry.times)) {
			for (const time of entry.times)
				if (typeof time === 'string') slots.push(slot(entry.date, time));
		} else if (record(entry)) {
			const start = entry.startTime ?? entry.start;
			if (typeof start === 'string') slots.push(slot(entry.date, start));
		}
	}
	return slots;
}

/** GET /v4/booking-availability: one item per free slot, or meetergo's answer as it is. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const meetingTypeId = requiredText(this, 'meetingTypeId', 'Meeting Type', itemIndex);
	const start = dayOf(this, 'start', 'From', itemIndex);
	const end = dayOf(this, 'end', 'To', itemIndex);
	const query: IDataObject = {
		meetingTypeId,
		start,
		end,
		...hostsOrQueue(this, itemIndex),
		...filled(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
	};
	const api = await MeetergoApi.connect(this, itemIndex);
	const answer = await api.send({
		method: 'GET',
		path: withQuery('/v4/booking-availability', query),
		notFound: unknownMeetingTypeOrHosts(meetingTypeId),
		invalid:
			'Check From and To (dates, From not after To), the meeting type, and the hosts or queue.',
	});
	if (this.getNodeParameter('output', itemIndex, 'slots') === 'raw') {
		if (Array.isArray(answer))
			return [{ meetingTypeId, start, end, slots: answer as IDataObject[] }];
		return [{ meetingTypeId, start, end, ...((answer ?? {}) as IDataObject) }];
	}
	return slotsIn(answer).map((slot) => ({ ...slot, meetingTypeId }));
}
