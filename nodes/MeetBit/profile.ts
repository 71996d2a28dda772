import type { ProviderProfile } from '../core/profile';
import { meetBitPayloadSchema, type MeetBitPayload } from './schema';

export const MEETBIT_HEADERS = {
	deliveryId: 'X-Webhook-Id',
	timestamp: 'X-Webhook-Timestamp',
	signature: 'X-Webhook-Signature',
} as const;

/** The events MeetBit documents, for the trigger's filter. */
export const MEETBIT_EVENTS = [
	{
		name: 'Meeting Link Scheduled',
		value: 'meeting_links.scheduled',
		description: 'A customer booked through a meeting link',
	},
	{
		name: 'Event Created',
		value: 'events.created',
		description: 'A calendar event was created (also sent when one is reassigned)',
	},
	{ name: 'Event Updated', value: 'events.updated', description: 'A calendar event was changed' },
	{ name: 'Event Canceled', value: 'events.deleted', description: 'A calendar event was canceled' },
	{
		name: 'Event Rescheduled',
		value: 'events.rescheduled',
		description: 'A calendar event was moved to another time',
	},
];

/**
 * MeetBit signs `X-Webhook-Id + "." + X-Webhook-Timestamp + "." + body` with the destination's
 * HMAC secret (hex HMAC-SHA256), stamps the send time in ISO 8601 and keeps `X-Webhook-Id`
 * stable across its up to five attempts.
 */
export const meetBitProfile: ProviderProfile<MeetBitPayload> = {
	provider: 'MeetBit',
	signature: {
		header: MEETBIT_HEADERS.signature,
		signedHeaders: [MEETBIT_HEADERS.deliveryId, MEETBIT_HEADERS.timestamp],
		message: (headers, body) => [
			headers[MEETBIT_HEADERS.deliveryId],
			'.',
			headers[MEETBIT_HEADERS.timestamp],
			'.',
			body,
		],
	},
	timestampHeader: MEETBIT_HEADERS.timestamp,
	deliveryIdHeader: MEETBIT_HEADERS.deliveryId,
	schema: meetBitPayloadSchema,
	eventOf: (payload) => payload.event,
	deliveryKeyOf: ({ deliveryId }) => `id:${deliveryId ?? ''}`,
};
