import { hash } from 'crypto';

/**
 * Shortens any delivery key to a fixed-size, collision-resistant (128-bit) digest: the first 22
 * base64url characters of the SHA-256 of the key's UTF-8 bytes. (`crypto.hash` is the one-shot
 * form of createHash().update().digest(): the same digest, without a Hash object per delivery.)
 */
export function digestDeliveryKey(key: string): string {
	return hash('sha256', key, 'base64url').slice(0, 22);
}

/** The one place a delivery's key is built: provider + the profile's key text, digested. */
export function deliveryKey(provider: string, keyText: string): string {
	return digestDeliveryKey(`${provider}:${keyText}`);
}
