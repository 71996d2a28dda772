import { isoTime } from './isoTime';

/** Why a delivery was refused. Stable codes for programs, messages for people. */
export type RejectionCode =
	| 'missing_header'
	| 'ambiguous_header'
	| 'missing_secret'
	| 'malformed_signature'
	| 'signature_mismatch'
	| 'malformed_timestamp'
	| 'timestamp_too_old'
	| 'timestamp_too_new'
	| 'missing_token'
	| 'token_mismatch'
	| 'body_not_utf8'
	| 'body_not_json'
	| 'body_invalid';

export interface Rejection {
	ok: false;
	/** 401 when the sender could not be authenticated, 400 when an authentic body is unusable. */
	status: 400 | 401;
	code: RejectionCode;
	message: string;
	/**
	 * Where to look: the header, body field, credential field or setting to check. For the person
	 * setting the trigger up (shown in test runs, not sent to the provider). Names things only: never
	 * a secret, a signature, a token or any other received value.
	 */
	check: string;
}

export function reject(
	status: Rejection['status'],
	code: RejectionCode,
	message: string,
	check: string,
): Rejection {
	return { ok: false, status, code, message, check };
}

/** Any refusal of a delivery with a 4xx/5xx answer: a `Rejection`, or one the trigger adds. */
export interface Refusal {
	status: number;
	code: string;
	message: string;
	check: string;
}

/**
 * The output item that shows a refused delivery in n8n's editor during a test run (n8n's test
 * webhook), where a refusal would otherwise leave the editor waiting with no sign of why. Says the
 * same as the HTTP answer the sender got, plus where to look; contains nothing else from the
 * request and no secret. (A type, not an interface: n8n's item types take it as a plain object.)
 */
export type RejectedDeliveryItem = {
	rejected: true;
	provider: string;
	/** The HTTP status the sender got (the answer itself is unchanged by the test run). */
	status: number;
	code: string;
	message: string;
	check: string;
	note: string;
	receivedAt: string;
};

export function rejectedDeliveryItem(
	provider: string,
	refusal: Refusal,
	nowMs: number,
): RejectedDeliveryItem {
	return {
		rejected: true,
		provider,
		status: refusal.status,
		code: refusal.code,
		message: refusal.message,
		check: refusal.check,
		note: `Shown because n8n is listening for a test event. The sender got the usual ${refusal.status} answer with this code and message; in production a refused delivery starts no execution.`,
		receivedAt: isoTime(nowMs),
	};
}

/** Whether an item is a `RejectedDeliveryItem` (only test runs output them). */
export function isRejectedDeliveryItem(json: Record<string, unknown>): boolean {
	return json.rejected === true && typeof json.code === 'string' && typeof json.check === 'string';
}

/**
 * One line for n8n's output pane about a refused test delivery: the code and the message, which
 * already says what to do (the item's `check` names where to look, for programs; repeating it
 * here would say the advice twice).
 */
export function rejectedDeliveryHint(json: Record<string, unknown>): string {
	return `${String(json.provider)} delivery refused with ${String(json.status)} ${String(json.code)}: ${String(json.message)}`;
}
