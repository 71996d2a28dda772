import type { ZodType } from 'zod';

import { reject, type Rejection } from './rejection';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes and parses a JSON body from its raw bytes, then checks it against the provider's schema. */
export function parseJsonBody<Payload>(
	rawBody: Buffer,
	schema: ZodType<Payload>,
	provider: string,
): { ok: true; payload: Payload } | Rejection {
	let text: string;
	try {
		text = strictUtf8.decode(rawBody);
	} catch {
		return reject(
			400,
			'body_not_utf8',
			`The request body is not valid UTF-8, so it cannot be a ${provider} JSON payload.`,
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
			`${what}; ${provider} sends a JSON object.`,
			`the request body and its sender (${provider} sends a JSON object)`,
		);
	}
	const parsed = schema.safeParse(json);
	if (!parsed.success) {
		const shown = parsed.error.issues.slice(0, 3);
		const where = (issue: (typeof shown)[number]) =>
			issue.path.length > 0 ? issue.path.join('.') : 'body';
		const issues = shown.map((issue) => `${where(issue)}: ${issue.message}`).join('; ');
		const fields = [...new Set(shown.map(where))];
		return reject(
			400,
			'body_invalid',
			`The body does not have the shape of a ${provider} delivery: ${issues}.`,
			`the request body: ${fields.map((field) => (field === 'body' ? 'the body as a whole' : `field ${field}`)).join(', ')}`,
		);
	}
	return { ok: true, payload: parsed.data };
}

/** The compact JSON re-serialisation of a body, or `undefined` if it is not JSON. */
export function compactJson(rawBody: Buffer): string | undefined {
	try {
		return JSON.stringify(JSON.parse(rawBody.toString('utf8')));
	} catch {
		return undefined;
	}
}
