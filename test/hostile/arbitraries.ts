/**
 * Generators and checks shared by the hostile-input property tests: mutations of a valid signed
 * delivery (headers, signature, timestamp, body, secret, URL token) and the invariants every
 * answer must keep. The signing here is written from the providers' documents, not taken from the
 * package, so a mistake in the verifier cannot hide in the tests.
 */
import { createHash, createHmac } from 'crypto';
import fc from 'fast-check';

import type { RejectionCode } from '../../nodes/core/rejection';
import type { ReceiveResult } from '../helpers/fakeN8n';

/** A request as the trigger sees it: raw bytes, Node-style headers, the parsed query string. */
export interface Http {
	rawBody: Buffer;
	headers: Record<string, string | string[]>;
	query?: Record<string, unknown>;
}

export function cloneHttp(http: Http): Http {
	return {
		rawBody: Buffer.from(http.rawBody),
		headers: Object.fromEntries(
			Object.entries(http.headers).map(([name, value]) => [
				name,
				Array.isArray(value) ? [...value] : value,
			]),
		),
		query: http.query === undefined ? undefined : { ...http.query },
	};
}

// ---------------------------------------------------------------------------------------------
// Signing, written from the providers' documents

export type Key = string | Buffer;

export function hmac(algorithm: string, key: Key, parts: ReadonlyArray<Buffer | string>): Buffer {
	const mac = createHmac(algorithm, key);
	for (const part of parts) mac.update(part);
	return mac.digest();
}

export const hexSignature = (key: Key, parts: ReadonlyArray<Buffer | string>) =>
	hmac('sha256', key, parts).toString('hex');

/**
 * Two HMAC keys are the same key when HMAC turns them into the same 64-byte block: the UTF-8
 * bytes, hashed with SHA-256 if longer than 64 bytes, padded with zero bytes (RFC 2104). So "k"
 * and "k\u0000" sign alike, and so do a long secret and its SHA-256 digest. Anyone who can produce
 * such a key already knows the secret; the oracle still has to count them as the same secret.
 */
export function sameHmacKey(a: Key, b: Key): boolean {
	const block = (key: Key) => {
		let bytes = Buffer.isBuffer(key) ? key : Buffer.from(key, 'utf8');
		if (bytes.length > 64) bytes = createHash('sha256').update(bytes).digest();
		const padded = Buffer.alloc(64);
		bytes.copy(padded);
		return padded;
	};
	return block(a).equals(block(b));
}

// ---------------------------------------------------------------------------------------------
// What the trigger reads

/** Header names as Node hands them to n8n: lower-cased (FakeN8n does the same). */
export function effectiveHeaders(headers: Http['headers']): Record<string, string | string[]> {
	return Object.fromEntries(
		Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
	);
}

/**
 * The one value of a header, as a receiver may take it: present exactly once (a one-element
 * array counts), leading and trailing white space removed — HTTP does not count optional white
 * space around a field value as part of it, and the trigger also strips Unicode white space such
 * as NBSP (0xA0, which Node hands over as a latin1 character). `undefined` if absent or repeated.
 */
export function singleValue(
	headers: Record<string, string | string[] | undefined>,
	name: string,
): string | undefined {
	const raw = headers[name];
	const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
	if (values.length !== 1 || typeof values[0] !== 'string') return undefined;
	return values[0].trim();
}

// ---------------------------------------------------------------------------------------------
// Header mutations

export type HeaderMutation =
	| { kind: 'remove'; name: string }
	| { kind: 'duplicate'; name: string; second: string | null }
	| { kind: 'joined'; name: string; second: string | null }
	| { kind: 'arrayOfOne'; name: string }
	| { kind: 'emptyArray'; name: string }
	| { kind: 'nameCase'; name: string; upper: boolean[] }
	| { kind: 'caseTwin'; name: string; value: string }
	| { kind: 'huge'; name: string; size: number; replace: boolean }
	| { kind: 'nonAscii'; name: string; text: string; at: number; replace: boolean }
	| { kind: 'whitespace'; name: string; left: string; right: string }
	| { kind: 'replace'; name: string; value: string }
	| { kind: 'extra'; name: string; value: string | string[] };

const whitespaceChars = fc.constantFrom(' ', '\t', '\u00a0', '\u3000', '\ufeff', '\u2028');
const junkText = fc.oneof(
	fc.string({ unit: 'grapheme', maxLength: 24 }),
	fc.string({ unit: 'binary', maxLength: 24 }),
	fc.string({ unit: 'grapheme-ascii', maxLength: 80 }),
	fc.constantFrom(
		'',
		' ',
		'null',
		'undefined',
		'[object Object]',
		'__proto__',
		'0',
		'-1',
		'\r\n',
		'%00',
		'\u0000',
	),
);
const headerNameNoise = fc.oneof(
	fc.constantFrom(
		'x-forwarded-for',
		'authorization',
		'cookie',
		'x-original-uri',
		'__proto__',
		'constructor',
		'content-length',
		'transfer-encoding',
		'x-webhook-id2',
		'x-mg-signature-256',
	),
	fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/),
);

export function headerMutation(names: readonly string[]): fc.Arbitrary<HeaderMutation> {
	const name = fc.constantFrom(...names);
	return fc.oneof(
		fc.record({ kind: fc.constant('remove' as const), name }),
		fc.record({
			kind: fc.constant('duplicate' as const),
			name,
			second: fc.option(junkText, { nil: null }),
		}),
		fc.record({
			kind: fc.constant('joined' as const),
			name,
			second: fc.option(junkText, { nil: null }),
		}),
		fc.record({ kind: fc.constant('arrayOfOne' as const), name }),
		fc.record({ kind: fc.constant('emptyArray' as const), name }),
		fc.record({
			kind: fc.constant('nameCase' as const),
			name,
			upper: fc.array(fc.boolean(), { minLength: 1, maxLength: 24 }),
		}),
		fc.record({ kind: fc.constant('caseTwin' as const), name, value: junkText }),
		fc.record({
			kind: fc.constant('huge' as const),
			name,
			size: fc.integer({ min: 1024, max: 65536 }),
			replace: fc.boolean(),
		}),
		fc.record({
			kind: fc.constant('nonAscii' as const),
			name,
			text: fc.oneof(
				fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
				fc.constantFrom('é', 'ü', '\u00ff', '\u0085', '\u200b', '😀', '\ud800', 'Ａ'),
			),
			at: fc.nat({ max: 80 }),
			replace: fc.boolean(),
		}),
		fc.record({
			kind: fc.constant('whitespace' as const),
			name,
			left: fc.array(whitespaceChars, { maxLength: 3 }).map((chars) => chars.join('')),
			right: fc.array(whitespaceChars, { maxLength: 3 }).map((chars) => chars.join('')),
		}),
		fc.record({ kind: fc.constant('replace' as const), name, value: junkText }),
		fc.record({
			kind: fc.constant('extra' as const),
			name: headerNameNoise,
			value: fc.oneof(junkText, fc.array(junkText, { maxLength: 3 })),
		}),
	);
}

function current(http: Http, name: string): string {
	const value = http.headers[name];
	return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

export function applyHeaderMutation(http: Http, mutation: HeaderMutation): void {
	const { name } = mutation;
	const value = current(http, name);
	switch (mutation.kind) {
		case 'remove':
			delete http.headers[name];
			return;
		case 'duplicate':
			http.headers[name] = [value, mutation.second ?? value];
			return;
		case 'joined':
			// What Node makes of a repeated custom header: one value joined with ", ".
			http.headers[name] = `${value}, ${mutation.second ?? value}`;
			return;
		case 'arrayOfOne':
			http.headers[name] = [value];
			return;
		case 'emptyArray':
			http.headers[name] = [];
			return;
		case 'nameCase': {
			const renamed = [...name]
				.map((char, index) =>
					mutation.upper[index % mutation.upper.length] ? char.toUpperCase() : char,
				)
				.join('');
			const original = http.headers[name];
			delete http.headers[name];
			if (original !== undefined) http.headers[renamed] = original;
			return;
		}
		case 'caseTwin':
			// Same header under another spelling; which one wins depends on order.
			http.headers[name.toUpperCase()] = mutation.value;
			return;
		case 'huge':
			http.headers[name] = mutation.replace
				? 'A'.repeat(mutation.size)
				: value + 'A'.repeat(mutation.size);
			return;
		case 'nonAscii': {
			const at = Math.min(mutation.at, value.length);
			http.headers[name] = mutation.replace
				? mutation.text
				: value.slice(0, at) + mutation.text + value.slice(at);
			return;
		}
		case 'whitespace':
			http.headers[name] = mutation.left + value + mutation.right;
			return;
		case 'replace':
			http.headers[name] = mutation.value;
			return;
		case 'extra':
			if (http.headers[mutation.name] === undefined) http.headers[mutation.name] = mutation.value;
			return;
	}
}

// ---------------------------------------------------------------------------------------------
// Signature mutations (of a valid lower-case hex HMAC-SHA256)

export type SignatureMutation =
	| { kind: 'truncate'; keep: number }
	| { kind: 'extend'; extra: string }
	| { kind: 'upper' }
	| { kind: 'mixedCase'; upper: boolean[] }
	| { kind: 'encoding'; encoding: 'base64' | 'base64url' | 'latin1' }
	| { kind: 'prefix'; prefix: string }
	| { kind: 'empty' }
	| { kind: 'whitespace'; left: string; right: string }
	| { kind: 'flip'; at: number; to: string }
	| { kind: 'fullwidth'; at: number }
	| { kind: 'innerSpace'; at: number }
	| { kind: 'algorithm'; algorithm: 'sha1' | 'sha512' | 'md5' | 'sha3-256' }
	| { kind: 'otherKey'; key: string }
	| { kind: 'random'; value: string }
	| { kind: 'zeros' };

export const signatureMutation: fc.Arbitrary<SignatureMutation> = fc.oneof(
	fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat({ max: 63 }) }),
	fc.record({
		kind: fc.constant('extend' as const),
		extra: fc.oneof(fc.stringMatching(/^[0-9a-f]{1,8}$/), junkText),
	}),
	fc.record({ kind: fc.constant('upper' as const) }),
	fc.record({
		kind: fc.constant('mixedCase' as const),
		upper: fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }),
	}),
	fc.record({
		kind: fc.constant('encoding' as const),
		encoding: fc.constantFrom('base64' as const, 'base64url' as const, 'latin1' as const),
	}),
	fc.record({
		kind: fc.constant('prefix' as const),
		prefix: fc.constantFrom('sha256=', '0x', 'v1=', 'v1,', 'hmac ', 'SHA256:'),
	}),
	fc.record({ kind: fc.constant('empty' as const) }),
	fc.record({
		kind: fc.constant('whitespace' as const),
		left: fc.array(whitespaceChars, { maxLength: 3 }).map((chars) => chars.join('')),
		right: fc.array(whitespaceChars, { maxLength: 3 }).map((chars) => chars.join('')),
	}),
	fc.record({
		kind: fc.constant('flip' as const),
		at: fc.nat({ max: 63 }),
		to: fc.constantFrom(...'0123456789abcdefABCDEF'),
	}),
	fc.record({ kind: fc.constant('fullwidth' as const), at: fc.nat({ max: 63 }) }),
	fc.record({ kind: fc.constant('innerSpace' as const), at: fc.integer({ min: 1, max: 63 }) }),
	fc.record({
		kind: fc.constant('algorithm' as const),
		algorithm: fc.constantFrom(
			'sha1' as const,
			'sha512' as const,
			'md5' as const,
			'sha3-256' as const,
		),
	}),
	fc.record({
		kind: fc.constant('otherKey' as const),
		key: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
	}),
	fc.record({
		kind: fc.constant('random' as const),
		value: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), junkText),
	}),
	fc.record({ kind: fc.constant('zeros' as const) }),
);

/** What a signature mutation needs besides the signature: the signed message and the key used. */
export interface SigningContext {
	key: Key;
	parts: ReadonlyArray<Buffer | string>;
}

export function applySignatureMutation(
	signature: string,
	mutation: SignatureMutation,
	signing: SigningContext,
): string {
	switch (mutation.kind) {
		case 'truncate':
			return signature.slice(0, mutation.keep);
		case 'extend':
			return signature + mutation.extra;
		case 'upper':
			return signature.toUpperCase();
		case 'mixedCase':
			return [...signature]
				.map((char, index) =>
					mutation.upper[index % mutation.upper.length] ? char.toUpperCase() : char,
				)
				.join('');
		case 'encoding':
			return Buffer.from(signature, 'hex').toString(mutation.encoding);
		case 'prefix':
			return mutation.prefix + signature;
		case 'empty':
			return '';
		case 'whitespace':
			return mutation.left + signature + mutation.right;
		case 'flip':
			return signature.slice(0, mutation.at) + mutation.to + signature.slice(mutation.at + 1);
		case 'fullwidth': {
			// '0'..'9' → U+FF10..U+FF19, 'a'..'f' → U+FF41..U+FF46: looks alike, is not hex.
			if (signature.length === 0) return '\uff10';
			const at = mutation.at % signature.length;
			const char = signature[at];
			const wide = String.fromCharCode(char.charCodeAt(0) + 0xfee0);
			return signature.slice(0, at) + wide + signature.slice(at + 1);
		}
		case 'innerSpace':
			return `${signature.slice(0, mutation.at)} ${signature.slice(mutation.at)}`;
		case 'algorithm':
			return hmac(mutation.algorithm, signing.key, signing.parts).toString('hex');
		case 'otherKey':
			return hexSignature(mutation.key, signing.parts);
		case 'random':
			return mutation.value;
		case 'zeros':
			return '0'.repeat(64);
	}
}

/** The signature value a receiver would compare: trimmed, case folded. */
export function normalisedSignature(value: string | undefined): string | undefined {
	return value === undefined ? undefined : value.trim().toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Body mutations (without re-signing)

export type BodyMutation =
	| { kind: 'flipBit'; at: number; bit: number }
	| { kind: 'insertByte'; at: number; byte: number }
	| { kind: 'deleteByte'; at: number }
	| { kind: 'truncate'; keep: number }
	| { kind: 'append'; bytes: number[] }
	| { kind: 'bom' }
	| { kind: 'reserialise'; indent: number }
	| { kind: 'unicodeEscape'; at: number }
	| { kind: 'numberForm'; form: 'decimal' | 'exponent' | 'plus' }
	| { kind: 'utf16' }
	| { kind: 'duplicateKey'; key: string; value: string }
	| { kind: 'replace'; bytes: Uint8Array }
	| { kind: 'empty' };

export const bodyMutation: fc.Arbitrary<BodyMutation> = fc.oneof(
	fc.record({ kind: fc.constant('flipBit' as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }),
	fc.record({ kind: fc.constant('insertByte' as const), at: fc.nat(), byte: fc.nat({ max: 255 }) }),
	fc.record({ kind: fc.constant('deleteByte' as const), at: fc.nat() }),
	fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat() }),
	fc.record({
		kind: fc.constant('append' as const),
		bytes: fc.array(fc.constantFrom(0x20, 0x0a, 0x0d, 0x09, 0x00, 0x7d), {
			minLength: 1,
			maxLength: 4,
		}),
	}),
	fc.record({ kind: fc.constant('bom' as const) }),
	fc.record({ kind: fc.constant('reserialise' as const), indent: fc.constantFrom(0, 1, 2, 4) }),
	fc.record({ kind: fc.constant('unicodeEscape' as const), at: fc.nat() }),
	fc.record({
		kind: fc.constant('numberForm' as const),
		form: fc.constantFrom('decimal' as const, 'exponent' as const, 'plus' as const),
	}),
	fc.record({ kind: fc.constant('utf16' as const) }),
	fc.record({
		kind: fc.constant('duplicateKey' as const),
		key: fc.constantFrom(
			'event',
			'data',
			'message',
			'meeting_id',
			'webhookType',
			'id',
			'updatedAt',
		),
		value: fc.constantFrom(
			'"events.deleted"',
			'{"id":1}',
			'"File analyzed failed"',
			'"forged"',
			'null',
			'1',
		),
	}),
	fc.record({ kind: fc.constant('replace' as const), bytes: fc.uint8Array({ maxLength: 256 }) }),
	fc.record({ kind: fc.constant('empty' as const) }),
);

export function applyBodyMutation(body: Buffer, mutation: BodyMutation): Buffer {
	const at = (index: number, length = body.length) => (length === 0 ? 0 : index % length);
	switch (mutation.kind) {
		case 'flipBit': {
			if (body.length === 0) return Buffer.from([1 << mutation.bit]);
			const copy = Buffer.from(body);
			copy[at(mutation.at)] ^= 1 << mutation.bit;
			return copy;
		}
		case 'insertByte': {
			const index = at(mutation.at, body.length + 1);
			return Buffer.concat([
				body.subarray(0, index),
				Buffer.from([mutation.byte]),
				body.subarray(index),
			]);
		}
		case 'deleteByte': {
			if (body.length === 0) return body;
			const index = at(mutation.at);
			return Buffer.concat([body.subarray(0, index), body.subarray(index + 1)]);
		}
		case 'truncate':
			return body.subarray(0, at(mutation.keep));
		case 'append':
			return Buffer.concat([body, Buffer.from(mutation.bytes)]);
		case 'bom':
			return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
		case 'reserialise': {
			// Same JSON value, other bytes: a proxy that re-formats JSON.
			const parsed = tryParse(body);
			return parsed === undefined
				? body
				: Buffer.from(JSON.stringify(parsed, null, mutation.indent), 'utf8');
		}
		case 'unicodeEscape': {
			// Same JSON value, other bytes: one ASCII letter inside a string written as \u00XX.
			const text = body.toString('latin1');
			const letters = [...text.matchAll(/[a-z]/g)].map((match) => match.index);
			if (letters.length === 0) return body;
			const index = letters[mutation.at % letters.length];
			const escaped = `\\u00${text.charCodeAt(index).toString(16)}`;
			return Buffer.from(text.slice(0, index) + escaped + text.slice(index + 1), 'latin1');
		}
		case 'numberForm': {
			const text = body.toString('latin1');
			const replaced = text.replace(/:(\d+)([,}])/, (_match, digits: string, end: string) => {
				const form =
					mutation.form === 'decimal'
						? `${digits}.0`
						: mutation.form === 'exponent'
							? `${digits}e0`
							: `${digits} `;
				return `:${form}${end}`;
			});
			return Buffer.from(replaced, 'latin1');
		}
		case 'utf16':
			return Buffer.from(body.toString('utf8'), 'utf16le');
		case 'duplicateKey': {
			// A later duplicate key wins in JSON.parse; a parser differential an attacker would try.
			const text = body.toString('utf8');
			const close = text.lastIndexOf('}');
			if (close < 0) return body;
			return Buffer.from(
				`${text.slice(0, close)},"${mutation.key}":${mutation.value}${text.slice(close)}`,
				'utf8',
			);
		}
		case 'replace':
			return Buffer.from(mutation.bytes);
		case 'empty':
			return Buffer.alloc(0);
	}
}

function tryParse(body: Buffer): unknown {
	try {
		return JSON.parse(body.toString('utf8')) as unknown;
	} catch {
		return undefined;
	}
}

// ---------------------------------------------------------------------------------------------
// Secret mutations: the key a sender signs with, derived from the configured secret

export type SecretMutation =
	| { kind: 'same' }
	| { kind: 'truncate'; drop: number }
	| { kind: 'append'; text: string }
	| { kind: 'appendNul'; count: number }
	| { kind: 'case' }
	| { kind: 'pad'; left: string; right: string }
	| { kind: 'normalise'; form: 'NFD' | 'NFKC' }
	| { kind: 'digest' }
	| { kind: 'other'; key: string }
	| { kind: 'empty' };

export const secretMutation: fc.Arbitrary<SecretMutation> = fc.oneof(
	{ arbitrary: fc.record({ kind: fc.constant('same' as const) }), weight: 2 },
	fc.record({ kind: fc.constant('truncate' as const), drop: fc.integer({ min: 1, max: 8 }) }),
	fc.record({
		kind: fc.constant('append' as const),
		text: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }),
	}),
	fc.record({ kind: fc.constant('appendNul' as const), count: fc.integer({ min: 1, max: 3 }) }),
	fc.record({ kind: fc.constant('case' as const) }),
	fc.record({
		kind: fc.constant('pad' as const),
		left: fc.constantFrom('', ' ', '\n', '\t'),
		right: fc.constantFrom(' ', '\n', '\r\n', ''),
	}),
	fc.record({
		kind: fc.constant('normalise' as const),
		form: fc.constantFrom('NFD' as const, 'NFKC' as const),
	}),
	fc.record({ kind: fc.constant('digest' as const) }),
	fc.record({
		kind: fc.constant('other' as const),
		key: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 64 }),
	}),
	fc.record({ kind: fc.constant('empty' as const) }),
);

export function applySecretMutation(secret: string, mutation: SecretMutation): Key {
	switch (mutation.kind) {
		case 'same':
			return secret;
		case 'truncate':
			return secret.slice(0, Math.max(0, secret.length - mutation.drop));
		case 'append':
			return secret + mutation.text;
		case 'appendNul':
			return secret + '\u0000'.repeat(mutation.count);
		case 'case':
			return secret.toUpperCase() === secret ? secret.toLowerCase() : secret.toUpperCase();
		case 'pad':
			return mutation.left + secret + mutation.right;
		case 'normalise':
			return secret.normalize(mutation.form);
		case 'digest':
			// For secrets over 64 bytes this is, for HMAC, the same key.
			return createHash('sha256').update(secret, 'utf8').digest();
		case 'other':
			return mutation.key;
		case 'empty':
			return '';
	}
}

/**
 * Configured secrets: long and random enough that finding one in a response can only mean it leaked.
 * Mixes ASCII, base64-ish and Unicode, and lengths on both sides of HMAC's 64-byte block.
 */
export const configuredSecret: fc.Arbitrary<string> = fc.oneof(
	fc.stringMatching(/^[A-Za-z0-9_-]{24,90}$/),
	fc
		.string({ unit: 'grapheme', minLength: 20, maxLength: 60 })
		.filter((text) => Buffer.byteLength(text) >= 24 && text.trim() === text),
	fc
		.string({ unit: 'grapheme-ascii', minLength: 24, maxLength: 100 })
		.filter((text) => text.trim() === text),
);

// ---------------------------------------------------------------------------------------------
// Invariants every answer keeps

/** Every code a trigger may answer a refused delivery with. */
export const REJECTION_CODES: readonly string[] = [
	'missing_header',
	'ambiguous_header',
	'missing_secret',
	'malformed_signature',
	'signature_mismatch',
	'malformed_timestamp',
	'timestamp_too_old',
	'timestamp_too_new',
	'missing_token',
	'token_mismatch',
	'body_not_utf8',
	'body_not_json',
	'body_invalid',
] satisfies RejectionCode[];

export interface Answer {
	/** Whether the request was authenticated: any 2xx (started, duplicate or filtered). */
	accepted: boolean;
	started: boolean;
	code: string | undefined;
}

export class InvariantError extends Error {}

/**
 * Checks what every answer must satisfy, whatever was sent: a 2xx or a 4xx that names its reason
 * (code + message), an execution only with a 2xx, one item with its delivery metadata, and none of
 * `secrets` (configured secrets, URL tokens) in the response, the output or the error.
 */
export function checkAnswer(
	result: ReceiveResult,
	expectations: {
		provider: string;
		secrets: readonly string[];
		emptyAcknowledgement: boolean;
		receivedSignature?: string;
	},
): Answer {
	const fail = (message: string): never => {
		throw new InvariantError(
			`${message}: ${JSON.stringify({ status: result.status, body: result.body }).slice(0, 400)}`,
		);
	};
	const responseText =
		typeof result.body === 'string' ? result.body : JSON.stringify(result.body ?? '');
	for (const secret of expectations.secrets) {
		if (secret.length < 16) continue;
		if (responseText.includes(secret)) fail('a secret appears in the response');
		if (result.execution !== undefined && containsText(result.execution, secret))
			fail('a secret appears in the output');
	}
	const signature = expectations.receivedSignature?.trim();
	if (signature !== undefined && signature.length >= 16 && responseText.includes(signature)) {
		fail('the response echoes the received signature');
	}
	if (result.status >= 200 && result.status < 300) {
		if (result.execution !== undefined) {
			if (result.execution.length !== 1) fail('an execution without exactly one item');
			const delivery = result.execution[0].json.delivery as
				| { provider?: unknown; dedupeKey?: unknown }
				| undefined;
			if (delivery?.provider !== expectations.provider || typeof delivery.dedupeKey !== 'string')
				fail('an item without its delivery metadata');
			return { accepted: true, started: true, code: undefined };
		}
		if (expectations.emptyAcknowledgement) {
			if (result.body !== '' && result.body !== undefined) fail('a non-empty acknowledgement');
		} else {
			const body = result.body as { received?: unknown; started?: unknown; reason?: unknown };
			if (
				body?.received !== true ||
				body.started !== false ||
				(body.reason !== 'duplicate' && body.reason !== 'filtered')
			) {
				fail('a 2xx without an execution that does not say why');
			}
		}
		return { accepted: true, started: false, code: undefined };
	}
	if (result.execution !== undefined) fail('an execution for a refused delivery');
	if (result.status !== 400 && result.status !== 401) fail('a status other than 2xx, 400 or 401');
	const error = (result.body as { error?: { code?: unknown; message?: unknown } } | undefined)
		?.error;
	if (typeof error?.code !== 'string' || !REJECTION_CODES.includes(error.code))
		fail('a rejection without a known code');
	if (typeof error?.message !== 'string' || error.message.length < 20)
		fail('a rejection without a message');
	return { accepted: false, started: false, code: error!.code as string };
}

/** A configured current secret and, or not, a previous one (rotation). */
export const secretPair = fc.record({
	secret: configuredSecret,
	previousSecret: fc.option(configuredSecret, { nil: '' }),
});

/**
 * The rotation rule for a delivery signed with `key`: accepted exactly when HMAC treats `key` as the
 * current or the previous secret, and a started execution names which one matched.
 */
export function checkRotation(
	result: ReceiveResult,
	answer: Answer,
	key: Key,
	secrets: { secret: string; previousSecret: string },
	kind: string,
): void {
	const matchesCurrent = sameHmacKey(key, secrets.secret);
	const matchesPrevious = secrets.previousSecret !== '' && sameHmacKey(key, secrets.previousSecret);
	if (answer.accepted !== (matchesCurrent || matchesPrevious)) {
		throw new Error(
			`key ${kind}: accepted=${answer.accepted}, same key=${matchesCurrent || matchesPrevious}`,
		);
	}
	if (answer.started) {
		const slot = (result.execution![0].json.delivery as { secret: string }).secret;
		if (slot !== (matchesCurrent ? 'current' : 'previous'))
			throw new Error(`reported the ${slot} secret`);
	}
}

/**
 * Whether any string (key or value) anywhere in `value` contains `needle`. Iterative: an
 * authentic body may nest deeper than JSON.stringify's recursion allows.
 */
export function containsText(value: unknown, needle: string): boolean {
	const stack: unknown[] = [value];
	while (stack.length > 0) {
		const next = stack.pop();
		if (typeof next === 'string') {
			if (next.includes(needle)) return true;
		} else if (typeof next === 'object' && next !== null) {
			for (const [key, child] of Object.entries(next)) {
				if (key.includes(needle)) return true;
				stack.push(child);
			}
		}
	}
	return false;
}

/** Runs one delivery and turns a thrown error into a failed property, with what was sent. */
export async function receiveSafely(
	receive: () => Promise<ReceiveResult>,
	describe: () => unknown,
): Promise<ReceiveResult> {
	let thrown: unknown;
	try {
		return await receive();
	} catch (error) {
		thrown = error;
	}
	throw new InvariantError(
		`the handler threw ${String(thrown)} for ${JSON.stringify(describe()).slice(0, 600)}`,
	);
}

/** Counts runs per property and what they ended in, for the report and the budget check. */
export class Tally {
	readonly counts: Record<string, number> = {};

	add(property: string, outcome: string): void {
		this.counts[`${property}:${outcome}`] = (this.counts[`${property}:${outcome}`] ?? 0) + 1;
		this.counts[property] = (this.counts[property] ?? 0) + 1;
	}

	runs(property: string): number {
		return this.counts[property] ?? 0;
	}
}
