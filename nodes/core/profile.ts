import type { ZodType } from 'zod';

/** What the pipeline asks of a payload schema: zod's `safeParse` (any zod schema is one). */
export type PayloadSchema<Payload> = Pick<ZodType<Payload>, 'safeParse'>;

/**
 * The facts about one provider that the shared delivery pipeline needs. Everything else
 * (headers, signature check, timestamp window, parsing, filtering, the delivery's key) lives once in
 * `delivery.ts`; dedupe in `nodes/shared/dedupe`.
 */
export interface ProviderProfile<Payload> {
	/** The provider's name as users know it, used in messages. */
	provider: string;
	/** How a delivery proves where it came from; absent for providers that do not sign. */
	signature?: {
		header: string;
		/** Other headers that are part of the signed message (read and required before verifying). */
		signedHeaders: readonly string[];
		/** The signed message, in order, from those headers' values and a body form. */
		message: (
			signedHeaders: Readonly<Record<string, string>>,
			body: Buffer | string,
		) => ReadonlyArray<Buffer | string>;
	};
	/** Header carrying when the delivery was sent, checked against the replay window. */
	timestampHeader?: string;
	/** Header carrying the provider's own delivery id, if it sends one. */
	deliveryIdHeader?: string;
	schema: PayloadSchema<Payload>;
	eventOf: (payload: Payload) => string;
	/** What identifies one delivery across the provider's retries. */
	deliveryKeyOf: (delivery: { payload: Payload; deliveryId?: string; rawBody: Buffer }) => string;
	/**
	 * Optional: a shorter dedupe window (seconds) for some deliveries, for keys that are not unique
	 * per event (MeetGeek's failure notice has no id, so two different failures share a key).
	 * `undefined` (or absent) keeps the trigger's own window.
	 */
	dedupeWindowSecondsOf?: (payload: Payload) => number | undefined;
}
