import { createHash } from 'crypto';

import type { ProviderProfile } from '../core/profile';
import { meetGeekPayloadSchema, type MeetGeekPayload } from './schema';

export const MEETGEEK_SIGNATURE_HEADER = 'X-MG-Signature';

export const MEETGEEK_EVENTS = {
	succeeded: 'analysis.succeeded',
	failed: 'analysis.failed',
} as const;

/** The two notifications MeetGeek sends, for the trigger's filter. */
export const MEETGEEK_EVENT_OPTIONS = [
	{
		name: 'Analysis Succeeded',
		value: MEETGEEK_EVENTS.succeeded,
		description: 'A meeting was analyzed; the body carries its meeting_id',
	},
	{
		name: 'Analysis Failed',
		value: MEETGEEK_EVENTS.failed,
		description: 'An analysis failed; MeetGeek sends no meeting_id with it',
	},
];

/** The meeting id of a delivery, or undefined for the failure notice (which has none). */
export function meetingIdOf(payload: MeetGeekPayload): string | undefined {
	return typeof payload.meeting_id === 'string' && payload.meeting_id !== ''
		? payload.meeting_id
		: undefined;
}

/**
 * "File analyzed successfully" comes with a `meeting_id`, "File analyzed failed" without one.
 * A body that says it failed, or has no id to look up, is a failure; anything else with an id succeeded.
 */
export function meetGeekEventOf(payload: MeetGeekPayload): string {
	if (/fail/i.test(payload.message) || meetingIdOf(payload) === undefined)
		return MEETGEEK_EVENTS.failed;
	return MEETGEEK_EVENTS.succeeded;
}

/**
 * MeetGeek signs the exact raw body: `X-MG-Signature` = lower-case hex HMAC-SHA256(secret, body).
 * It sends no timestamp and no delivery id; a delivery is identified by its meeting and outcome
 * (retries and team fan-out repeat both), or, for the id-less failure notice, by a digest of its
 * raw bytes, remembered only for `failureWindowSeconds` because two different failures look alike.
 */
export function meetGeekProfile(failureWindowSeconds: number): ProviderProfile<MeetGeekPayload> {
	return {
		provider: 'MeetGeek',
		signature: {
			header: MEETGEEK_SIGNATURE_HEADER,
			signedHeaders: [],
			message: (_headers, body) => [body],
		},
		schema: meetGeekPayloadSchema,
		eventOf: meetGeekEventOf,
		deliveryKeyOf: ({ payload, rawBody }) => {
			const meetingId = meetingIdOf(payload);
			const event = meetGeekEventOf(payload);
			return meetingId !== undefined
				? `meeting:${event}:${meetingId}`
				: `body:${event}:${createHash('sha256').update(rawBody).digest('hex')}`;
		},
		dedupeWindowSecondsOf: (payload) =>
			meetingIdOf(payload) === undefined ? failureWindowSeconds : undefined,
	};
}
