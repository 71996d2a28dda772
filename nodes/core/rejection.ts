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
}

export function reject(
	status: Rejection['status'],
	code: RejectionCode,
	message: string,
): Rejection {
	return { ok: false, status, code, message };
}
