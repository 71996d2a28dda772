import { constantTimeEqual } from './constantTimeEqual';
import { reject, type Rejection } from './rejection';

/**
 * For providers that do not sign deliveries but let us choose the URL they call: the trigger
 * registers its URL with a random token in the query string, and only requests that carry
 * exactly that token are accepted.
 */
export interface UrlTokenCheck {
	/** Name of the query parameter carrying the token. */
	parameter: string;
	/** The token stored when the webhook was registered; absent if nothing is registered. */
	expected: string | undefined;
	/** The parameter's value as the HTTP framework parsed it (a repeat arrives as an array). */
	received: unknown;
}

/** Never throws and never echoes either token; compares in constant time. */
export function checkUrlToken(check: UrlTokenCheck): { ok: true } | Rejection {
	if (typeof check.expected !== 'string' || check.expected === '') {
		return reject(
			401,
			'missing_secret',
			"This trigger has no registration token stored, so it cannot tell its provider's deliveries from forged ones. Deactivate and activate the workflow (for a test: listen for a test event again) so that the trigger registers its webhook again.",
			'the webhook registration of this trigger (deactivate and activate the workflow; for a test, listen for a test event again)',
		);
	}
	if (Array.isArray(check.received)) {
		return reject(
			401,
			'token_mismatch',
			`The ${check.parameter} query parameter was sent ${check.received.length} times; exactly one is expected. Send deliveries to the URL this trigger registered, unchanged: it carries the parameter once.`,
			`the ${check.parameter} query parameter of the URL called (only the URL this trigger registered carries the right token)`,
		);
	}
	if (typeof check.received !== 'string' || check.received === '') {
		return reject(
			401,
			'missing_token',
			`The request URL has no ${check.parameter} query parameter. Send deliveries to the URL this trigger registered (it carries a random token in that parameter); requests to any other URL are rejected.`,
			`the ${check.parameter} query parameter of the URL called (only the URL this trigger registered carries the right token)`,
		);
	}
	if (!constantTimeEqual(check.received, check.expected)) {
		return reject(
			401,
			'token_mismatch',
			`The ${check.parameter} query parameter does not match the token this trigger registered. Send deliveries to the URL this trigger registered; if the workflow was re-activated, only the newest registration's URL is accepted.`,
			`the ${check.parameter} query parameter of the URL called (only the URL this trigger registered carries the right token)`,
		);
	}
	return { ok: true };
}
