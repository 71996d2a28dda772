import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { requiredText } from '../../shared/actions/parameters';
import { pathSegment } from '../../shared/actions/pathSegment';

/** Fields and helpers several meetergo operations share. */

/** meetergo caps one page of a list at 100 items. */
export const PAGE_SIZE = 100;

export { howMany, limitField, returnAllField } from '../../shared/actions/fields';
export { requiredText } from '../../shared/actions/parameters';

export function appointmentIdField(description: string): INodeProperties {
	return {
		displayName: 'Appointment ID',
		name: 'appointmentId',
		type: 'string',
		required: true,
		// A meetergo Trigger item is the appointment: after the trigger this needs no typing.
		default: '={{ $json.id }}',
		placeholder: 'e.g. 1f0c7b1e-…',
		description,
	};
}

/** Meeting type picker: from a searchable list of the company's meeting types, or by ID. */
export const meetingTypeField: INodeProperties = {
	displayName: 'Meeting Type',
	name: 'meetingTypeId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description: 'The meeting type (its duration, hosts and questions come from meetergo)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchMeetingTypes', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. mt-uuid-456',
		},
	],
};

export const includeSecretOption: INodeProperties = {
	displayName: 'Include Appointment Secret',
	name: 'includeSecret',
	type: 'boolean',
	default: false,
	description:
		'Whether to keep the appointment\'s "secret" (the token that cancels or reschedules it without logging in) in the output. Off by default, as in the meetergo Trigger.',
};

/** The Options of every operation that outputs an appointment. */
export const secretOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [includeSecretOption],
};

/**
 * A path segment: IDs go into URLs encoded, and one that could reach another route (empty, `.`,
 * `..`, a slash) is refused before any request, naming `label`.
 */
export function segment(value: string, label = 'ID'): string {
	return pathSegment(value, label);
}

/** The non-empty values of a collection: strings trimmed, empty strings dropped, others as given. */
export function filled(fields: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [name, value] of Object.entries(fields)) {
		if (value === undefined || value === null) continue;
		if (typeof value === 'string') {
			if (value.trim() !== '') result[name] = value.trim();
			continue;
		}
		result[name] = value;
	}
	return result;
}

/**
 * Keys whose values let anyone act without logging in: an appointment's `secret` cancels or moves
 * the booking; tokens and keys authenticate. They are left out wherever they sit in an answer.
 */
const SECRET_KEYS = new Set(['secret', 'token', 'accesstoken', 'refreshtoken', 'apikey']);

/** A copy of `value` without secret keys at any depth (arrays and nested objects included). */
export function withoutSecrets<T>(value: T): T {
	if (Array.isArray(value)) return value.map((entry: unknown) => withoutSecrets(entry)) as T;
	if (typeof value !== 'object' || value === null) return value;
	const result: IDataObject = {};
	for (const [key, entry] of Object.entries(value as IDataObject)) {
		if (SECRET_KEYS.has(key.toLowerCase())) continue;
		result[key] = withoutSecrets(entry);
	}
	return result as T;
}

/** An appointment as output: secrets left out at any depth unless the item's options keep them. */
export function showAppointment(
	context: IExecuteFunctions,
	itemIndex: number,
	appointment: IDataObject,
): IDataObject {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return options.includeSecret === true ? appointment : withoutSecrets(appointment);
}

/**
 * The appointment in the answer of a call that changes one (cancel, reschedule, notes, guest), in
 * the shape Get gives it: `{ appointment: {…} }` (reschedule) is unwrapped; an empty answer becomes
 * `done`.
 */
export function appointmentAnswer(
	context: IExecuteFunctions,
	itemIndex: number,
	answer: IDataObject,
	done: IDataObject,
): IDataObject {
	const inner = answer.appointment;
	const appointment =
		typeof inner === 'object' && inner !== null && !Array.isArray(inner)
			? (inner as IDataObject)
			: answer;
	const hasRecord = typeof appointment.id === 'string' || typeof appointment.start === 'string';
	return showAppointment(context, itemIndex, hasRecord ? appointment : { ...done, ...appointment });
}

/** A JSON parameter as an object: n8n hands it over parsed or as text. */
export function jsonObject(
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): IDataObject {
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		try {
			parsed = JSON.parse(value) as unknown;
		} catch {
			parsed = undefined;
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new NodeOperationError(context.getNode(), `${label} must be a JSON object`, {
			itemIndex,
			description: `Enter ${label} as an object, for example {"key": "value"}.`,
		});
	}
	return parsed as IDataObject;
}

/**
 * Date and time parameters as ISO 8601 text with a time zone, as meetergo expects. n8n's date
 * picker gives local time without one (`2026-02-02T10:00:00`): that is read in the workflow's time
 * zone and its offset added. Text that already names a zone (`Z`, `+01:00`) goes out as given.
 */
export function isoTime(context: IExecuteFunctions, value: unknown): string {
	let text: string;
	if (typeof value === 'string') text = value.trim();
	else if (value instanceof Date) return value.toISOString();
	else if (typeof value === 'object' && value !== null && 'toISO' in value)
		return (value as { toISO: () => string | null }).toISO() ?? '';
	else text = value === undefined || value === null ? '' : String(value);
	const local = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.exec(text);
	if (local === null) return text;
	const withTime = local[2] === undefined ? `${local[1]}T00:00:00` : text;
	const timeZone = typeof context.getTimezone === 'function' ? context.getTimezone() : 'UTC';
	return `${withTime}${zoneOffset(withTime, timeZone)}`;
}

/** The UTC offset (`+01:00`, `Z`) of a time zone at a local wall-clock time. */
function zoneOffset(localTime: string, timeZone: string): string {
	const asUtc = Date.parse(`${localTime}Z`);
	if (Number.isNaN(asUtc)) return '';
	const offsetAt = (instant: number): string => {
		try {
			const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
				.formatToParts(new Date(instant))
				.find((candidate) => candidate.type === 'timeZoneName')?.value;
			return part === undefined || part === 'GMT' ? '+00:00' : part.replace('GMT', '');
		} catch {
			return '+00:00';
		}
	};
	const minutes = (offset: string) => {
		const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
		return match === null
			? 0
			: (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
	};
	// The offset at the instant this wall-clock time names (a second look settles DST changes).
	const first = offsetAt(asUtc);
	const offset = offsetAt(asUtc - minutes(first) * 60_000);
	return offset === '+00:00' ? 'Z' : offset;
}

/** Hosts or a queue: meetergo needs one of the two for availability and bookings. */
export const hostFields: INodeProperties[] = [
	{
		displayName: 'Assign To',
		name: 'assignTo',
		type: 'options',
		options: [
			{ name: 'Hosts', value: 'hosts', description: 'One or more meetergo users' },
			{ name: 'Queue', value: 'queue', description: 'A round-robin queue that picks the host' },
		],
		default: 'hosts',
	},
	{
		displayName: 'Host Names or IDs',
		name: 'hostIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getHosts' },
		required: true,
		default: [],
		description:
			'The hosts (meetergo users). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { assignTo: ['hosts'] } },
	},
	{
		displayName: 'Queue ID',
		name: 'queueId',
		type: 'string',
		required: true,
		default: '',
		description: 'The ID of the meetergo queue',
		displayOptions: { show: { assignTo: ['queue'] } },
	},
];

/** `{ hostIds }` or `{ queueId }` from the host fields; neither stops before calling meetergo. */
export function hostsOrQueue(context: IExecuteFunctions, itemIndex: number): IDataObject {
	if (context.getNodeParameter('assignTo', itemIndex, 'hosts') === 'queue')
		return { queueId: requiredText(context, 'queueId', 'Queue ID', itemIndex) };
	const raw = context.getNodeParameter('hostIds', itemIndex, []) as unknown;
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
	const hostIds = list.map((id) => String(id).trim()).filter((id) => id !== '');
	if (hostIds.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Pick at least one host, or a queue', {
			itemIndex,
			description:
				'meetergo needs hosts or a queue ID (it answers 400 "Expected hostIds or queueId").',
		});
	}
	return { hostIds };
}
