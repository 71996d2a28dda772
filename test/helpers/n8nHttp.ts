import {
	NodeApiError,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

/**
 * A stand-in for n8n's `helpers.httpRequestWithAuthentication` that sends real HTTP (to a loopback
 * fake of the provider's API) and behaves as n8n 2.41 does where nodes can tell:
 * - the credential type's `authenticate` is applied: a function is called with the credential data; a
 *   generic one's headers/query are set (empty values included) with `={{$credentials.x}}` resolved;
 * - `baseURL` + `url`, `qs`, JSON `body`, `returnFullResponse`, `ignoreHttpStatusErrors`;
 * - a non-2xx answer throws `new NodeApiError(node, error)` with `error.response = { status, data, headers }`,
 *   as n8n does around its axios error (so `httpCode` and `description` come out the same way).
 */
export function httpRequestWithAuthentication(
	node: INode,
	credentialTypes: Record<string, ICredentialType>,
	credentials: Record<string, IDataObject>,
) {
	return async (credentialType: string, options: IHttpRequestOptions): Promise<unknown> => {
		const credentialData = credentials[credentialType];
		if (credentialData === undefined)
			throw new Error(`Node does not have credentials of type ${credentialType}`);
		const type = credentialTypes[credentialType];
		let headers: Record<string, string> = {
			...(options.headers as Record<string, string> | undefined),
		};
		const query: Record<string, string> = {};
		for (const [name, value] of Object.entries(options.qs ?? {})) {
			if (value !== undefined) query[name] = String(value);
		}
		const authenticate = type?.authenticate;
		if (typeof authenticate === 'function') {
			// A credential's own authenticate function gets the decrypted data and returns the request.
			const authenticated = await authenticate(credentialData as ICredentialDataDecryptedObject, {
				...options,
				headers,
			});
			headers = { ...(authenticated.headers as Record<string, string> | undefined) };
			for (const [name, value] of Object.entries(authenticated.qs ?? {})) {
				if (value !== undefined) query[name] = String(value);
			}
		} else if (authenticate !== undefined && authenticate.type === 'generic') {
			// n8n sends a generic header even when its expression resolves to an empty string.
			for (const [name, value] of Object.entries(authenticate.properties.headers ?? {})) {
				headers[name] = resolveCredentialExpression(String(value), credentialData);
			}
			for (const [name, value] of Object.entries(authenticate.properties.qs ?? {})) {
				query[name] = resolveCredentialExpression(String(value), credentialData);
			}
		}
		const base = options.baseURL ?? '';
		const url = new URL(
			`${base.replace(/\/$/, '')}${options.url.startsWith('/') || base === '' ? '' : '/'}${options.url}`,
		);
		for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
		let body: string | undefined;
		if (options.body !== undefined && options.body !== null && options.method !== 'GET') {
			body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
			headers['content-type'] ??= 'application/json';
		}
		const response = await fetch(url, { method: options.method ?? 'GET', headers, body });
		const text = await response.text();
		let data: unknown = text;
		if ((response.headers.get('content-type') ?? '').includes('json') && text !== '')
			data = JSON.parse(text);
		const responseHeaders = Object.fromEntries(response.headers.entries());
		if (!response.ok && options.ignoreHttpStatusErrors !== true) {
			const error = Object.assign(new Error(`Request failed with status code ${response.status}`), {
				isAxiosError: true,
				response: { status: response.status, data, headers: responseHeaders },
			});
			throw new NodeApiError(node, error as unknown as JsonObject);
		}
		if (options.returnFullResponse === true) {
			return { statusCode: response.status, body: data, headers: responseHeaders };
		}
		return data;
	};
}

/** Resolves the simple `={{$credentials.name}}` / `=Bearer {{$credentials.name}}` forms credentials use. */
function resolveCredentialExpression(value: string, credentialData: IDataObject): string {
	if (!value.startsWith('=')) return value;
	return value.slice(1).replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_match, name: string) => {
		const field = credentialData[name];
		return field === undefined || field === null ? '' : String(field);
	});
}
