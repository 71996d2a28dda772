import { createHash } from 'crypto';

import type { ProviderProfile } from '../core/profile';
import {
	isRecord,
	meetergoDeliverySchema,
	normaliseDelivery,
	type MeetergoDelivery,
} from './schema';

/** The events meetergo documents, for the trigger's multi-select and the action node. */
export const MEETERGO_EVENTS = [
	{
		name: 'Booking Created',
		value: 'booking_created',
		description: 'A new appointment was booked',
	},
	{
		name: 'Booking Cancelled',
		value: 'booking_cancelled',
		description: 'An appointment was cancelled, or an attendee was removed from a group booking',
	},
	{
		name: 'Booking Rescheduled',
		value: 'booking_rescheduled',
		description: 'An appointment was moved to another time',
	},
	{
		name: 'New Employee',
		value: 'new_employee',
		description: 'A new user was added to the company',
	},
	{
		name: 'Form Submission',
		value: 'form_submission',
		description: 'A routing form or funnel was submitted',
	},
];

/** The query parameter carrying the trigger's registration token in the URL it registers. */
export const URL_TOKEN_PARAMETER = 'token';

/**
 * meetergo does not sign deliveries and sends no delivery id. A delivery is identified, as
 * meetergo's docs suggest, by event + record id + version (`id` ?? `formId`, `updatedAt`), never
 * by the id alone: a reschedule keeps the appointment id. For a form submission the version is
 * `submittedAt` (then `updatedAt`): it is what tells one submission from the next and stays the
 * same on a retry, while a form-level `updatedAt` is the same for every submission of an unchanged
 * form. Where those are missing the key is a digest of the exact body, so only byte-identical
 * copies count as duplicates.
 */
export const meetergoProfile: ProviderProfile<MeetergoDelivery> = {
	provider: 'meetergo',
	schema: meetergoDeliverySchema,
	eventOf: (payload) => normaliseDelivery(payload).event,
	deliveryKeyOf: ({ payload, rawBody }) => {
		const { event, data } = normaliseDelivery(payload);
		const id = scalar(data.id) ?? scalar(data.formId);
		const version =
			event === 'form_submission'
				? (scalar(data.submittedAt) ?? scalar(data.updatedAt))
				: (scalar(data.updatedAt) ?? scalar(data.submittedAt));
		if (id !== undefined && version !== undefined)
			return `record:${JSON.stringify([event, id, version])}`;
		return `body:${createHash('sha256').update(rawBody).digest('base64url')}`;
	},
};

function scalar(value: unknown): string | undefined {
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

export interface RedactionOptions {
	/** Remove the appointment's `secret` (its cancel/reschedule token). */
	appointmentSecret: boolean;
	/** Remove `email` and `phone` from every entry of `attendees`. */
	attendeeContacts: boolean;
}

/** Removes what the options ask for from a copy of a record; the input is not changed. */
export function redactRecord(
	record: Record<string, unknown>,
	options: RedactionOptions,
): Record<string, unknown> {
	const copy: Record<string, unknown> = { ...record };
	if (options.appointmentSecret) delete copy.secret;
	if (options.attendeeContacts && Array.isArray(copy.attendees)) {
		copy.attendees = copy.attendees.map((attendee: unknown) => {
			if (!isRecord(attendee)) return attendee;
			const rest = { ...attendee };
			delete rest.email;
			delete rest.phone;
			return rest;
		});
	}
	return copy;
}

/** One output shape for both envelopes: `webhookType` first, then the event's fields. */
export function outputRecord(
	event: string,
	data: Record<string, unknown>,
): Record<string, unknown> {
	const fields = { ...data };
	delete fields.webhookType;
	return { webhookType: event, ...fields };
}
