import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

/** What one failed call came to, as far as a node error may tell it. */
export interface ApiFailure {
	/** The answer's HTTP status; undefined when the request got no answer. */
	status: number | undefined;
	/** The API's own message from its answer, if it sent one. */
	apiMessage: string | undefined;
	/** Why the request got no answer (DNS, refused connection, TLS, timeout), or its status. */
	cause: string;
}

/**
 * The node error for a failed call. Only the API's status and message go into it, never the
 * request or the error n8n's request helper threw: both carry the credential's key or token.
 */
export function apiError(
	node: INode,
	itemIndex: number | undefined,
	failure: ApiFailure,
	message: string,
	description: string,
): NodeApiError {
	const response: JsonObject = {
		statusCode: failure.status ?? null,
		message: failure.apiMessage ?? failure.cause,
	};
	return new NodeApiError(node, response, {
		message,
		description,
		httpCode: failure.status === undefined ? undefined : String(failure.status),
		itemIndex,
	});
}

/**
 * Why a request got no answer, from what the request helper threw: the transport's message
 * (n8n wraps the request's error as `cause`), else the error's own, else 'unknown error'.
 */
export function noAnswerCause(error: unknown): string {
	if (!isRecord(error)) return 'unknown error';
	const cause = isRecord(error.cause) ? error.cause : undefined;
	if (typeof cause?.message === 'string') return cause.message;
	return typeof error.message === 'string' ? error.message : 'unknown error';
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
