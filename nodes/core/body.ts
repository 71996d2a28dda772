import type { PayloadSchema } from './profile';
import { reject, type Rejection } from './rejection';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes and parses a JSON body from its raw bytes, then checks it against the provider's schema. */
export function parseJsonBody<Payload>(
	rawBody: Buffer,
	schema: PayloadSchema<Payload>,
	provider: string,
): { ok: true; payload: Payload } | Rejection {
	let text: string;
	try {
		text = strictUtf8.decode(rawBody);
	} catch {
		return reject(
			400,
			'body_not_utf8',
			`The request body is not valid UTF-8, so it cannot be a ${provider} JSON payload. ${provider} sends UTF-8 JSON: check that no proxy in front of n8n re-encodes the body.`,
			`the request body (${provider} sends UTF-8 JSON; a proxy in front of n8n may re-encode it)`,
		);
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		const what =
			text.trim() === '' ? 'The request body is empty' : 'The request body is not valid JSON';
		return reject(
			400,
			'body_not_json',
			`${what}; ${provider} sends a JSON object. Check that the request comes from ${provider} and that no proxy in front of n8n changes its body.`,
			`the request body and its sender (${provider} sends a JSON object)`,
		);
	}
	const parsed = schema.safeParse(json);
	if (!parsed.success) {
		const shown = parsed.error.issues.slice(0, 3);
		const where = (issue: (typeof shown)[number]) =>
			issue.path.length > 0 ? issue.path.join('.') : 'body';
		const issues = shown.map((issue) => `${where(issue)}: ${issue.message}`).join('; ');
		const fields = [...new Set(shown.map(where))]
			.map((field) => (field === 'body' ? 'the body as a whole' : `field ${field}`))
			.join(', ');
		return reject(
			400,
			'body_invalid',
			`The body does not have the shape of a ${provider} delivery: ${issues}. Check ${fields} against ${provider}'s webhook documentation: a sample sent by hand must have the same shape.`,
			`the request body: ${fields}`,
		);
	}
	return { ok: true, payload: parsed.data };
}

/** Bodies larger than this are not re-serialised for the compact-signature fallback (real deliveries are a few KB). */
export const COMPACT_MAX_BYTES = 256 * 1024;
/** Nor bodies nested deeper than this (real deliveries nest a handful of levels). */
export const COMPACT_MAX_DEPTH = 32;

/**
 * The compact JSON re-serialisation of a body, or `undefined` if it is not JSON or is outside the
 * bounds above. Bounded because it runs before the signature is known to match: without bounds a
 * forged 16 MB deeply nested body costs seconds of parse and stringify. The depth is found by one
 * scan of the bytes (brackets outside strings) before anything is parsed.
 */
export function compactJson(rawBody: Buffer): string | undefined {
	if (rawBody.length > COMPACT_MAX_BYTES || nestingDepthExceeds(rawBody, COMPACT_MAX_DEPTH))
		return undefined;
	try {
		return JSON.stringify(JSON.parse(rawBody.toString('utf8')));
	} catch {
		return undefined;
	}
}

/** Whether `[`/`{` nest deeper than `limit` outside JSON strings. Linear, stops at the first excess. */
function nestingDepthExceeds(bytes: Buffer, limit: number): boolean {
	let depth = 0;
	let inString = false;
	for (let index = 0; index < bytes.length; index++) {
		const byte = bytes[index];
		if (inString) {
			if (byte === 0x5c)
				index++; // backslash: skip the escaped byte
			else if (byte === 0x22) inString = false;
		} else if (byte === 0x22) inString = true;
		else if (byte === 0x5b || byte === 0x7b) {
			if (++depth > limit) return true;
		} else if (byte === 0x5d || byte === 0x7d) depth--;
	}
	return false;
}
