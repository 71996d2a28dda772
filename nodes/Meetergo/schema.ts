import { z } from 'zod';

/** The events meetergo documents for webhook subscriptions (developer docs, "Managing Webhooks"). */
export const MEETERGO_EVENT_TYPES = [
	'booking_created',
	'booking_cancelled',
	'booking_rescheduled',
	'new_employee',
	'form_submission',
] as const;

export type MeetergoEventType = (typeof MEETERGO_EVENT_TYPES)[number];

/** Events whose payload is an appointment, identified by its `id`. */
export const APPOINTMENT_EVENTS: readonly string[] = [
	'booking_created',
	'booking_cancelled',
	'booking_rescheduled',
];

/** A delivery body as received: a JSON object, in one of meetergo's two envelopes. */
export type MeetergoDelivery = Record<string, unknown>;

export type Envelope = 'flat' | 'event_data';

/**
 * Both envelopes as one shape. Current docs: flat, the event in `webhookType` and its fields at the
 * top level. An older version of the docs: `{ "event": …, "data": { … } }`.
 */
export function normaliseDelivery(body: MeetergoDelivery): {
	event: string;
	data: Record<string, unknown>;
	envelope: Envelope;
} {
	if (typeof body.webhookType === 'string' && body.webhookType !== '') {
		return { event: body.webhookType, data: body, envelope: 'flat' };
	}
	const data = isRecord(body.data) ? body.data : {};
	return { event: typeof body.event === 'string' ? body.event : '', data, envelope: 'event_data' };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const meetergoDeliverySchema = z.record(z.unknown()).superRefine((body, context) => {
	const flat = typeof body.webhookType === 'string' && body.webhookType !== '';
	if (!flat) {
		if (body.webhookType !== undefined) {
			context.addIssue({
				code: 'custom',
				path: ['webhookType'],
				message: 'must be a non-empty string naming the event',
			});
			return;
		}
		if (typeof body.event !== 'string' || body.event === '' || !isRecord(body.data)) {
			context.addIssue({
				code: 'custom',
				path: ['webhookType'],
				message:
					'missing: meetergo names the event in webhookType (or, in its older envelope, in event with the fields under data)',
			});
			return;
		}
	}
	const { event, data, envelope } = normaliseDelivery(body);
	if (APPOINTMENT_EVENTS.includes(event) && (typeof data.id !== 'string' || data.id === '')) {
		context.addIssue({
			code: 'custom',
			path: envelope === 'flat' ? ['id'] : ['data', 'id'],
			message: `a ${event} delivery must carry the appointment id as a non-empty string`,
		});
	}
});

/** A webhook subscription as meetergo's API returns it. */
export const meetergoWebhookSchema = z
	.object({
		id: z.string().min(1),
		endpoint: z.string(),
		description: z.string().nullish(),
		eventTypes: z.array(z.string()).nullish(),
		companyId: z.string().nullish(),
		createdAt: z.string().nullish(),
	})
	.passthrough();

export type MeetergoWebhook = z.infer<typeof meetergoWebhookSchema>;

export const meetergoWebhookListSchema = z.array(meetergoWebhookSchema);

/** An appointment from `GET /v4/appointment/{id}`; only its id is relied on. */
export const meetergoAppointmentSchema = z.object({ id: z.string().min(1) }).passthrough();
