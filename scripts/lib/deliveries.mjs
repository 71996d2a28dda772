// Builds realistic deliveries from the providers' documents and signs them exactly as each
// provider does. Independent of the package's own code on purpose: a test sender that reused the
// verifier's code could not catch a mistake in it. Used by `npm run send` and the e2e suite.
import { createHmac, randomUUID } from 'node:crypto';

export const PROVIDERS = ['meetbit', 'meetgeek', 'meetergo'];

export const EVENTS = {
	meetbit: [
		'meeting_links.scheduled',
		'events.created',
		'events.updated',
		'events.deleted',
		'events.rescheduled',
	],
	meetgeek: ['succeeded', 'failed'],
	meetergo: [
		'booking_created',
		'booking_cancelled',
		'booking_rescheduled',
		'new_employee',
		'form_submission',
	],
};

const hexHmac = (secret, ...parts) => {
	const hmac = createHmac('sha256', secret);
	for (const part of parts) hmac.update(part);
	return hmac.digest('hex');
};

/** MeetBit: `X-Webhook-Signature` = hex HMAC-SHA256(secret, id + "." + timestamp + "." + body). */
function meetBit({
	secret,
	event = 'meeting_links.scheduled',
	id = randomUUID(),
	nowMs = Date.now(),
	recordId = 1234,
}) {
	const data =
		event === 'meeting_links.scheduled'
			? {
					id: recordId,
					event_id: 5678,
					calendar_id: 42,
					name: 'Jane Doe',
					email: 'jane@example.com',
					contact_number: '+15551234567',
				}
			: { id: recordId, calendar_id: 42 };
	const body = JSON.stringify({ event, data });
	const timestamp = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
	return {
		body,
		headers: {
			'content-type': 'application/json',
			'x-webhook-id': id,
			'x-webhook-timestamp': timestamp,
			'x-webhook-signature': hexHmac(secret ?? '', `${id}.${timestamp}.`, body),
		},
		key: id,
	};
}

/** MeetGeek: `X-MG-Signature` = hex HMAC-SHA256(secret, exact raw body). */
function meetGeek({ secret, event = 'succeeded', id = randomUUID() }) {
	const payload =
		event === 'failed'
			? { message: 'File analyzed failed' }
			: { message: 'File analyzed successfully', meeting_id: id };
	// MeetGeek's documented example is pretty-printed; the signature covers these exact bytes.
	const body = JSON.stringify(payload, null, 4);
	const headers = { 'content-type': 'application/json' };
	if (secret) headers['x-mg-signature'] = hexHmac(secret, body);
	return { body, headers, key: event === 'failed' ? body : id };
}

/** meetergo: unsigned; the trigger's registered URL carries its token, so `url` must be that URL. */
function meetergo({ event = 'booking_created', id = `appt-${randomUUID()}`, nowMs = Date.now() }) {
	const updatedAt = new Date(nowMs).toISOString();
	let payload;
	if (event === 'new_employee') {
		payload = {
			webhookType: event,
			id,
			email: 'new.hire@example.com',
			givenName: 'New',
			familyName: 'Hire',
			updatedAt,
		};
	} else if (event === 'form_submission') {
		payload = {
			webhookType: event,
			formId: id,
			submittedAt: updatedAt,
			answers: { email: 'lead@example.com', company: 'Example GmbH' },
		};
	} else {
		payload = {
			webhookType: event,
			id,
			start: '2024-01-15T09:00:00+01:00',
			end: '2024-01-15T09:30:00+01:00',
			updatedAt,
			secret: 'cancel-reschedule-token',
			attendees: [
				{ email: 'test@example.com', firstname: 'Test', lastname: 'User', phone: '+4915112345678' },
			],
			hosts: [{ email: 'host@example.com', givenName: 'Host', familyName: 'User' }],
			meetingType: { id: 'mt-123', meetingInfo: { name: 'Test Meeting' } },
		};
	}
	return {
		body: JSON.stringify(payload),
		headers: { 'content-type': 'application/json' },
		key: id,
	};
}

/**
 * A signed delivery for `provider`. Options: secret, event, id, nowMs (send time), plus
 * tamper (change one body byte after signing) and stale (stamped 10 minutes ago; MeetBit only).
 */
export function buildDelivery(provider, options = {}) {
	const nowMs = options.stale ? Date.now() - 10 * 60_000 : (options.nowMs ?? Date.now());
	const build = { meetbit: meetBit, meetgeek: meetGeek, meetergo }[provider];
	if (!build) throw new Error(`unknown provider ${provider}; use one of ${PROVIDERS.join(', ')}`);
	const delivery = build({ ...options, nowMs });
	if (options.tamper) {
		const bytes = Buffer.from(delivery.body, 'utf8');
		const index = bytes.indexOf('"') + 1;
		bytes[index] ^= 0x20; // flips the case of the first key's first letter
		delivery.body = bytes.toString('utf8');
	}
	return delivery;
}

export async function send(url, delivery) {
	const response = await fetch(url, {
		method: 'POST',
		headers: delivery.headers,
		body: delivery.body,
	});
	return { status: response.status, body: await response.text() };
}
