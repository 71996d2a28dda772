import { timingSafeEqual } from 'crypto';

import { hmacSha256 } from './hmac';
import { reject, type Rejection } from './rejection';

/** A signing secret and which credential field it came from, so a match can be reported. */
export interface SigningSecret {
	slot: 'current' | 'previous';
	value: string;
}

/** The bytes a signature may cover: the raw body, or (opt-in fallback) its compact re-serialisation. */
export type SignedBodyForm = 'raw' | 'compact';

export interface SignedContent {
	form: SignedBodyForm;
	/** The message the HMAC covers, in order; `undefined` when this form cannot be built. */
	parts: () => ReadonlyArray<Buffer | string> | undefined;
}

export interface SignatureMatch {
	ok: true;
	secret: SigningSecret['slot'];
	signedBody: SignedBodyForm;
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * The secrets that may be used as HMAC keys, in order. A secret with nothing visible in it (" ",
 * a line break, a tab, a zero-width space picked up when pasting) counts as not set: it must never
 * become a key, or anyone signing with those characters would be accepted. Without a usable current secret nothing is
 * usable (the previous secret only extends a configured one during a rotation), which refuses as
 * `missing_secret`. A secret that is not blank is returned as it is, NOT trimmed: the key is its
 * exact bytes, a trailing space included (the credential test warns about such spaces instead).
 */
export function usableSecrets(secrets: readonly SigningSecret[]): SigningSecret[] {
	if (!secrets.some((secret) => secret.slot === 'current' && secretIsSet(secret))) return [];
	return secrets.filter(secretIsSet);
}

/** Whether a secret field holds anything visible (see `usableSecrets`). */
export function secretIsSet(secret: SigningSecret): boolean {
	return hasVisibleCharacter(secret.value);
}

/**
 * Characters that show nothing: Unicode white space (which `trim()` mostly covers), format
 * characters such as U+200B ZERO WIDTH SPACE, U+200D, U+2060 and U+FEFF (which `trim()` keeps),
 * controls, and the other default-ignorable code points (U+3164 HANGUL FILLER, variation selectors).
 */
const INVISIBLE = String.raw`\p{White_Space}\p{Cf}\p{Cc}\p{Default_Ignorable_Code_Point}`;
const VISIBLE_CHARACTER = new RegExp(`[^${INVISIBLE}]`, 'u');
const INVISIBLE_AT_AN_END = new RegExp(`^[${INVISIBLE}]|[${INVISIBLE}]$`, 'u');

/** Whether the text has at least one character that shows (see `INVISIBLE`). */
export function hasVisibleCharacter(value: string): boolean {
	return VISIBLE_CHARACTER.test(value);
}

/** Whether the text starts or ends with a character that shows nothing (see `INVISIBLE`). */
export function hasInvisibleEnd(value: string): boolean {
	return INVISIBLE_AT_AN_END.test(value);
}

/**
 * Checks a hex HMAC-SHA256 signature against every configured secret (current first, then the
 * previous one kept during a rotation) and every allowed form of the signed content.
 * Never throws; the failure says what to check.
 */
export function verifyHexSignature(check: {
	header: string;
	signature: string;
	secrets: readonly SigningSecret[];
	contents: readonly SignedContent[];
	secretHint: string;
	/** Other headers the signed message includes, named where a mismatch says what to check. */
	signedHeaders?: readonly string[];
}): SignatureMatch | Rejection {
	const signature = check.signature.trim();
	if (!HEX_SHA256.test(signature)) {
		return reject(
			401,
			'malformed_signature',
			`The ${check.header} header is not a hex HMAC-SHA256 signature (expected 64 hexadecimal characters, got ${describeShape(signature)}). Requests that do not come from the provider are rejected; if this is a real delivery, check that no proxy in front of n8n rewrites the header.`,
			`the ${check.header} header (is the sender the provider?)`,
		);
	}
	const secrets = usableSecrets(check.secrets);
	if (secrets.length === 0) {
		return reject(
			401,
			'missing_secret',
			check.secrets.some((secret) => secret.value !== '')
				? `The signing secret is blank (a secret with nothing visible in it, only spaces, line breaks or zero-width characters, counts as no secret; a previous secret alone is not used), so the delivery cannot be verified. Set ${check.secretHint}.`
				: `No signing secret is configured, so the delivery cannot be verified. Set ${check.secretHint}.`,
			check.secretHint,
		);
	}
	// 64 hex characters (checked above): exactly the 32 bytes of a digest, compared as bytes.
	const actual = Buffer.from(signature, 'hex');
	for (const content of check.contents) {
		const parts = content.parts();
		if (parts === undefined) continue;
		for (const secret of secrets) {
			if (timingSafeEqual(actual, hmacSha256(secret.value, parts))) {
				return { ok: true, secret: secret.slot, signedBody: content.form };
			}
		}
	}
	return reject(
		401,
		'signature_mismatch',
		`The ${check.header} header does not match the signature of this request computed with ${secrets.length === 1 ? 'the configured secret' : 'the current or the previous secret'}. Check ${check.secretHint}. If the secret is right, something between the sender and n8n changed the body: it must arrive byte for byte as it was signed.`,
		[
			check.secretHint,
			`the ${check.header} header`,
			...(check.signedHeaders ?? []).map((name) => `the signed ${name} header`),
			'the raw body (nothing between the sender and n8n may change it)',
		].join('; '),
	);
}

/** Describes a bad signature without echoing it back (it may be anything an attacker sent). */
function describeShape(value: string): string {
	if (value === '') return 'an empty value';
	const hex = /^[0-9a-f]*$/i.test(value);
	return `${value.length} ${hex ? 'hexadecimal ' : ''}character${value.length === 1 ? '' : 's'}${hex ? '' : ' that are not all hexadecimal'}`;
}
