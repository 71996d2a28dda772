import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

/**
 * The options of one JSON call to `path` under `baseURL`, for n8n's request helper: a body when
 * there is one, query parameters only when there are some.
 */
export function jsonRequest(
	method: IHttpRequestMethods,
	baseURL: string,
	path: string,
	body?: IDataObject,
	qs?: IDataObject,
): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method,
		baseURL,
		url: path,
		headers: { accept: 'application/json' },
		json: true,
	};
	if (body !== undefined) options.body = body;
	if (qs !== undefined && Object.keys(qs).length > 0) options.qs = qs;
	return options;
}
