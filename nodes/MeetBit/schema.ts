import { z } from 'zod';

import type { PayloadSchema } from '../core/profile';

/** MeetBit sends every event as `{ event, data }`; `data` is kept minimal (ids to look up). */
export interface MeetBitPayload {
	event: string;
	data: Record<string, unknown>;
	[field: string]: unknown;
}

const recordId = z.number().int();

const eventData = z.object({ id: recordId, calendar_id: recordId.optional() });

const meetingLinkScheduledData = eventData.extend({
	event_id: recordId.optional(),
	name: z.string().nullish(),
	email: z.string().optional(),
	contact_number: z.string().nullish(),
});

const delivery = (data: z.ZodTypeAny) => z.object({ event: z.string().min(1), data });

/** Known events must carry their documented ids. */
const schemaByEvent: Record<string, z.ZodTypeAny> = {
	'meeting_links.scheduled': delivery(meetingLinkScheduledData),
	'events.created': delivery(eventData),
	'events.updated': delivery(eventData),
	'events.deleted': delivery(eventData),
	'events.rescheduled': delivery(eventData),
};

/** Unknown events pass with any object as `data`. */
const anyEvent = delivery(z.object({}));

/**
 * Checks a parsed body against its event's schema and, if it passes, keeps the object JSON.parse
 * made, unknown fields and all. The schemas strip rather than pass through unknown fields, and
 * there is no refinement step: on the accept path that is most of zod's cost (passthrough copies
 * every key of `data`; a zod refinement or custom type costs microseconds per delivery).
 */
export const meetBitPayloadSchema: PayloadSchema<MeetBitPayload> = {
	safeParse(value: unknown) {
		const event =
			typeof value === 'object' && value !== null
				? (value as { event?: unknown }).event
				: undefined;
		// Own keys only: an event named "constructor" or "__proto__" must not find Object's members.
		const schema =
			typeof event === 'string' && Object.prototype.hasOwnProperty.call(schemaByEvent, event)
				? schemaByEvent[event]
				: anyEvent;
		const result = schema.safeParse(value);
		return result.success ? { success: true, data: value as MeetBitPayload } : result;
	},
};
