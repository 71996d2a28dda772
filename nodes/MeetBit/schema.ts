import { z } from 'zod';

/** MeetBit sends every event as `{ event, data }`; `data` is kept minimal (ids to look up). */
const recordId = z.number().int();

const eventData = z.object({ id: recordId, calendar_id: recordId.optional() }).passthrough();

const meetingLinkScheduledData = eventData.extend({
	event_id: recordId.optional(),
	name: z.string().nullish(),
	email: z.string().optional(),
	contact_number: z.string().nullish(),
});

const dataSchemaByEvent: Record<string, z.ZodTypeAny> = {
	'meeting_links.scheduled': meetingLinkScheduledData,
	'events.created': eventData,
	'events.updated': eventData,
	'events.deleted': eventData,
	'events.rescheduled': eventData,
};

/**
 * `data` must be a JSON object. Checked as such rather than with z.record(z.unknown()), which
 * copies every key of it into a new object (about a fifth of the accept path's in-process time at
 * 2 KB, before the event's own schema below reads it again); the object JSON.parse made is kept.
 */
const jsonObject = z.custom<Record<string, unknown>>(
	(value) => typeof value === 'object' && value !== null && !Array.isArray(value),
	{ message: 'Expected object' },
);

export const meetBitPayloadSchema = z
	.object({
		event: z.string().min(1),
		data: jsonObject,
	})
	.passthrough()
	// Known events must carry their documented ids; unknown events pass through untouched.
	.superRefine((payload, context) => {
		// Own keys only: an event named "constructor" or "__proto__" must not find Object's members.
		if (!Object.prototype.hasOwnProperty.call(dataSchemaByEvent, payload.event)) return;
		const dataSchema = dataSchemaByEvent[payload.event];
		const result = dataSchema.safeParse(payload.data);
		if (result.success) return;
		for (const issue of result.error.issues) {
			context.addIssue({ ...issue, path: ['data', ...issue.path] });
		}
	});

export type MeetBitPayload = z.infer<typeof meetBitPayloadSchema>;
