import { createHmac } from 'crypto';

/** Lower-case hex HMAC-SHA256 of the concatenation of `parts`, fed byte for byte. */
export function hmacSha256Hex(secret: string, parts: ReadonlyArray<Buffer | string>): string {
	const hmac = createHmac('sha256', secret);
	for (const part of parts) hmac.update(part);
	return hmac.digest('hex');
}
