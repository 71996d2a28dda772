import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { MeetergoApi, unknownMeetingTypeOrHosts } from '../../api';
import {
	filled,
	hostFields,
	hostsOrQueue,
	secretOptions,
	isoTime,
	jsonObject,
	meetingTypeField,
	requiredText,
	withoutSecrets,
} from '../common';

export const description: INodeProperties[] = [
	meetingTypeField,
	{
		displayName: 'Start',
		name: 'start',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'The slot to book (a start time Availability → Get returned)',
	},
	...hostFields,
	{
		displayName: 'Attendee Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
	},
	{
		displayName: 'Attendee First Name',
		name: 'firstname',
		type: 'string',
		default: '',
		description: 'First name (or give Full Name under Attendee Fields)',
	},
	{
		displayName: 'Attendee Last Name',
		name: 'lastname',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Receive Reminders',
		name: 'receiveReminders',
		type: 'boolean',
		default: true,
		description: 'Whether meetergo sends the attendee reminders before the appointment',
	},
	{
		displayName: 'Attendee Fields',
		name: 'attendeeFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Full Name',
				name: 'fullname',
				type: 'string',
				default: '',
				description: 'Instead of first and last name',
			},
			{
				displayName: 'Notes (JSON)',
				name: 'notes',
				type: 'json',
				default: '{}',
				description: "Answers to the meeting type's questions, as a JSON object",
			},
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
			{
				displayName: 'Time Zone',
				name: 'timezone',
				type: 'string',
				default: '',
				placeholder: 'Europe/Berlin',
				description: "The attendee's IANA time zone",
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Channel',
				name: 'channel',
				type: 'string',
				default: '',
				placeholder: 'zoom',
				description: 'The meeting channel, as meetergo names it',
			},
			{
				displayName: 'Duration (Minutes)',
				name: 'duration',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description: "Instead of the meeting type's duration",
			},
			{ displayName: 'ICS Description', name: 'icsDescription', type: 'string', default: '' },
			{ displayName: 'ICS Title', name: 'icsTitle', type: 'string', default: '' },
			{ displayName: 'Location', name: 'location', type: 'string', default: '' },
			{
				displayName: 'Skip Notifications',
				name: 'skipNotifications',
				type: 'boolean',
				default: false,
				description: 'Whether meetergo books without sending confirmation emails',
			},
		],
	},
	secretOptions,
];

/**
 * POST /v4/booking. meetergo answers `{ appointmentId, secret }` for a booking, or
 * `{ bookingType: "DoubleOptIn", provisionalBookingId }` when the attendee must confirm by email
 * first: the output says which with `status` ("booked" or "awaitingConfirmation").
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const meetingTypeId = requiredText(this, 'meetingTypeId', 'Meeting Type', itemIndex);
	const start = isoTime(this, this.getNodeParameter('start', itemIndex, ''));
	if (start === '') requiredText(this, 'start', 'Start', itemIndex);
	const attendeeFields = this.getNodeParameter('attendeeFields', itemIndex, {}) as IDataObject;
	const { notes, ...namedFields } = attendeeFields;
	const attendee: IDataObject = {
		email: requiredText(this, 'email', 'Attendee Email', itemIndex),
		...filled({
			firstname: this.getNodeParameter('firstname', itemIndex, ''),
			lastname: this.getNodeParameter('lastname', itemIndex, ''),
			...namedFields,
		}),
		receiveReminders: this.getNodeParameter('receiveReminders', itemIndex, true) === true,
		notes: jsonObject(this, notes ?? {}, 'Notes (JSON)', itemIndex),
	};
	if (attendee.fullname === undefined && attendee.firstname === undefined) {
		throw new NodeOperationError(this.getNode(), "The attendee's name is empty", {
			itemIndex,
			description: 'Enter Attendee First Name (and Last Name), or Full Name under Attendee Fields.',
		});
	}
	const body: IDataObject = {
		meetingTypeId,
		start,
		...hostsOrQueue(this, itemIndex),
		attendee,
		...filled(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
	};
	const api = await MeetergoApi.connect(this, itemIndex);
	const answer = await api.object(
		{
			method: 'POST',
			path: '/v4/booking',
			body,
			notFound: unknownMeetingTypeOrHosts(meetingTypeId),
			invalid:
				'Check that Start is a free slot (Availability → Get lists them), the hosts belong to the meeting type, and the attendee fields.',
		},
		'a booking',
	);
	const includeSecret =
		(this.getNodeParameter('options', itemIndex, {}) as IDataObject).includeSecret === true;
	return [bookingOutput(answer, includeSecret)];
}

/** The two answers of POST /v4/booking as two output shapes. */
export function bookingOutput(answer: IDataObject, includeSecret: boolean): IDataObject {
	const provisional =
		typeof answer.bookingType === 'string' && /double\s*-?opt\s*-?in/i.test(answer.bookingType);
	if (
		provisional ||
		(answer.provisionalBookingId !== undefined && answer.appointmentId === undefined)
	) {
		return {
			status: 'awaitingConfirmation',
			bookingType: answer.bookingType ?? 'DoubleOptIn',
			provisionalBookingId: answer.provisionalBookingId ?? null,
			note: 'The attendee must confirm by email before meetergo creates the appointment (double opt-in).',
		};
	}
	const shown = includeSecret ? answer : withoutSecrets(answer);
	// `id` as well: the Appointment operations read `{{ $json.id }}` by default.
	const id = typeof answer.appointmentId === 'string' ? { id: answer.appointmentId } : {};
	return { status: 'booked', ...id, ...shown };
}
