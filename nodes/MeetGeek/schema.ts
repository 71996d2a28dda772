import { z } from 'zod';

/**
 * MeetGeek's webhook body, as its webhook document shows it:
 * `{ "message": "File analyzed successfully", "meeting_id": "<uuid>" }` when an analysis succeeded,
 * `{ "message": "File analyzed failed" }` (no id) when it failed. Fields MeetGeek may add later pass through.
 */
export const meetGeekPayloadSchema = z
	.object({
		message: z.string(),
		meeting_id: z.string().min(1, 'must be a non-empty meeting id').nullish(),
	})
	.passthrough();

export type MeetGeekPayload = z.infer<typeof meetGeekPayloadSchema>;
