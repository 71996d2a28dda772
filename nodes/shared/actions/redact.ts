/**
 * Keeps secrets out of what a node shows: error messages, descriptions and error items quote URLs
 * and the API's or the network's words, and these can carry a user:password or a token.
 */

/** Text with the user:password of every URL in it removed (`https://user:pass@host` → `https://host`). */
export function withoutUserinfo(text: string): string {
	return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]*@/gi, '$1');
}

/** Text with URL userinfo and each of `secrets` (of 4 characters or more) replaced by `***`. */
export function redact(text: string, secrets: readonly string[] = []): string {
	let result = withoutUserinfo(text);
	for (const secret of secrets) {
		if (secret.length >= 4) result = result.split(secret).join('***');
	}
	return result;
}

export type BaseUrlCheck = { ok: true; baseUrl: string } | { ok: false; problem: string };

/**
 * A credential's Base URL: http(s), a host, no user:password (it would be sent and shown), no
 * query or fragment; trailing slashes dropped. The problem names the field without quoting a
 * URL that may hold a password.
 */
export function checkBaseUrl(value: unknown, field: string, example: string): BaseUrlCheck {
	const text = typeof value === 'string' ? value.trim() : '';
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (url === undefined || !/^https?:$/.test(url.protocol) || url.hostname === '')
		return {
			ok: false,
			problem: `${field} is not an http(s) URL: enter the API address, such as ${example}.`,
		};
	if (url.username !== '' || url.password !== '')
		return {
			ok: false,
			problem: `${field} contains a user name or password (user:password@): remove it, enter the API address only, such as ${example}. The API key or token in the credential is what authenticates.`,
		};
	if (url.search !== '' || url.hash !== '')
		return {
			ok: false,
			problem: `${field} has a query or fragment: enter the API address only, such as ${example}.`,
		};
	return { ok: true, baseUrl: `${url.origin}${url.pathname}`.replace(/\/+$/, '') };
}
