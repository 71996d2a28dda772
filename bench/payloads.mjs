// Realistic delivery bodies of an exact byte size, one per provider, signed as each provider signs.
// The shapes follow each provider's documented payload; the extra fields that bring a body to its
// size are what a booking carries (form answers, notes, attendees) and pass the schemas as unknown
// fields. Independent of the package's code, like scripts/lib/deliveries.mjs.
import { createHmac, randomUUID } from 'node:crypto';

export const SECRET = 'bench-signing-secret-6c1f0e2d9b8a7f65';

const WORDS =
	'Please bring the signed contract and the quarterly numbers; we will also review the onboarding plan. ';

/** JSON of `build(filler)` with the filler string chosen so that the body is exactly `size` bytes. */
function toSize(build, size) {
	const base = Buffer.byteLength(JSON.stringify(build('')));
	if (base > size) throw new Error(`payload skeleton is ${base} bytes, more than ${size}`);
	const body = JSON.stringify(
		build(WORDS.repeat(Math.ceil((size - base) / WORDS.length)).slice(0, size - base)),
	);
	if (Buffer.byteLength(body) !== size) throw new Error('payload size mismatch');
	return body;
}

const answers = [
	{ question: 'Company', answer: 'Example GmbH' },
	{ question: 'Team size', answer: '11-50' },
	{
		question: 'What would you like to discuss?',
		answer: 'Pricing for the team plan and the SSO setup.',
	},
];

/** MeetBit `meeting_links.scheduled`: `{ event, data }`. */
export function meetBitBody(size) {
	return toSize(
		(notes) => ({
			event: 'meeting_links.scheduled',
			data: {
				id: 918273,
				event_id: 5678123,
				calendar_id: 42,
				name: 'Jane Doe',
				email: 'jane.doe@example.com',
				contact_number: '+15551234567',
				meeting_link: 'intro-call-30',
				start_time: '2026-11-24T15:00:00Z',
				end_time: '2026-11-24T15:30:00Z',
				time_zone: 'Europe/Berlin',
				location: { type: 'video', url: 'https://meet.example.com/abc-defg-hij' },
				answers,
				notes,
			},
		}),
		size,
	);
}

/** MeetGeek's success notice (`message` + `meeting_id`), pretty-printed as MeetGeek's example is. */
export function meetGeekBody(size, meetingId = '9433976b-cfa3-4373-9afb-eb0b7a5915df') {
	const build = (notes) => ({
		message: 'File analyzed successfully',
		meeting_id: meetingId,
		title: 'Weekly product sync',
		host_email: 'host@example.com',
		participant_emails: ['jane.doe@example.com', 'john.smith@example.com', 'ops@example.com'],
		notes,
	});
	// Pretty-printing adds bytes; fit the filler to the pretty form.
	const base = Buffer.byteLength(JSON.stringify(build(''), null, 4));
	const body = JSON.stringify(
		build(WORDS.repeat(Math.ceil((size - base) / WORDS.length)).slice(0, size - base)),
		null,
		4,
	);
	if (Buffer.byteLength(body) !== size) throw new Error('payload size mismatch');
	return body;
}

/** meetergo `booking_created`, flat envelope (current docs). */
export function meetergoBody(size, id = 'appt-uuid-12345', updatedAt = '2026-11-23T17:04:05.120Z') {
	return toSize(
		(notes) => ({
			webhookType: 'booking_created',
			id,
			start: '2026-11-24T09:00:00+01:00',
			end: '2026-11-24T09:30:00+01:00',
			updatedAt,
			secret: 'cancel-reschedule-token',
			attendees: [
				{
					id: 'att-uuid-789',
					email: 'customer@example.com',
					firstname: 'Jane',
					lastname: 'Doe',
					phone: '+4915112345678',
				},
			],
			hosts: [
				{ id: 'host-uuid-123', email: 'john@example.com', givenName: 'John', familyName: 'Smith' },
			],
			meetingType: { id: 'mt-uuid-456', meetingInfo: { name: 'Discovery Call', duration: 30 } },
			answers,
			notes,
		}),
		size,
	);
}

export const hexHmac = (secret, ...parts) => {
	const hmac = createHmac('sha256', secret);
	for (const part of parts) hmac.update(part);
	return hmac.digest('hex');
};

/** ISO 8601 without milliseconds, as MeetBit stamps. */
export const meetBitTimestamp = (nowMs) => new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `count` MeetBit deliveries of one body, each with its own X-Webhook-Id (new to the ledger). */
export function meetBitDeliveries(body, count, { nowMs = Date.now(), secret = SECRET } = {}) {
	const rawBody = Buffer.from(body, 'utf8');
	const timestamp = meetBitTimestamp(nowMs);
	return Array.from({ length: count }, () => {
		const id = randomUUID();
		return {
			rawBody,
			headers: {
				'content-type': 'application/json',
				'x-webhook-id': id,
				'x-webhook-timestamp': timestamp,
				'x-webhook-signature': hexHmac(secret, `${id}.${timestamp}.`, rawBody),
			},
		};
	});
}
