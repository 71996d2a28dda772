import { reject, type Rejection } from './rejection';

/** Headers as Node's http module hands them over: lower-cased names, arrays for repeats. */
export type HeaderMap = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Reads one header that must appear exactly once. A repeated header is refused rather than
 * guessed at: which copy was signed is exactly what an attacker would like us to guess.
 */
export function readSingleHeader(
	headers: HeaderMap,
	name: string,
): { ok: true; value: string } | Rejection {
	const raw = headers[name.toLowerCase()];
	if (Array.isArray(raw) && raw.length > 1) {
		return reject(
			401,
			'ambiguous_header',
			`The ${name} header was sent ${raw.length} times; exactly one is expected. Check that no proxy in front of n8n adds or duplicates it.`,
			`the ${name} header (a proxy in front of n8n may add a copy)`,
		);
	}
	const single: unknown = Array.isArray(raw) ? raw[0] : raw;
	const value = typeof single === 'string' ? single.trim() : '';
	if (value === '') {
		return reject(
			401,
			'missing_header',
			`The ${name} header is missing or empty. Requests that do not come from the provider are rejected; if this is a real delivery, check that no proxy in front of n8n strips the header.`,
			`the ${name} header (is the sender the provider? a proxy in front of n8n may strip it)`,
		);
	}
	return { ok: true, value };
}
