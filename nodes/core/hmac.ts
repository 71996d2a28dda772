import { createHmac } from 'crypto';

/** Lower-case hex HMAC-SHA256 of the concatenation of `parts` (see `hmacSha256`). */
export function hmacSha256Hex(secret: string, parts: ReadonlyArray<Buffer | string>): string {
	return hmacSha256(secret, parts).toString('hex');
}

/**
 * HMAC-SHA256 (32 bytes) of the concatenation of `parts`, fed byte for byte (strings as UTF-8).
 *
 * Adjacent strings are joined and fed in one `update()`: each call crosses into native code and
 * costs more than joining a few short strings (MeetBit's message is five parts, four of them
 * strings). Joining is byte-identical to feeding the strings one by one, except where a string
 * ends in a lone high surrogate and the next starts with a lone low surrogate (joined, they would
 * encode as one 4-byte character instead of two replacement characters), so those are fed apart.
 */
export function hmacSha256(secret: string, parts: ReadonlyArray<Buffer | string>): Buffer {
	const hmac = createHmac('sha256', secret);
	let pending: string | undefined;
	for (const part of parts) {
		if (typeof part !== 'string') {
			if (pending !== undefined) hmac.update(pending);
			pending = undefined;
			hmac.update(part);
		} else if (pending === undefined) {
			pending = part;
		} else if (pairsAcross(pending, part)) {
			hmac.update(pending);
			pending = part;
		} else {
			pending += part;
		}
	}
	if (pending !== undefined) hmac.update(pending);
	return hmac.digest();
}

/** Whether `left + right` would join a high and a low surrogate into one character at the seam. */
function pairsAcross(left: string, right: string): boolean {
	if (left === '' || right === '') return false;
	const last = left.charCodeAt(left.length - 1);
	const first = right.charCodeAt(0);
	return last >= 0xd800 && last <= 0xdbff && first >= 0xdc00 && first <= 0xdfff;
}
