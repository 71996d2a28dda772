import {
	sleep as waitFor,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { noAnswerCause, type ApiFailure } from './apiError';
import { jsonRequest } from './http';
import { UnsafeIdError, pathLeavesItsRoute } from './pathSegment';
import { retryOnceAfterWait } from './rateLimitRetry';
import { redact } from './redact';
import { retryAfterSeconds } from './retryAfter';

/**
 * The one way the action clients talk to an API: a JSON call through n8n's
 * `httpRequestWithAuthentication` (n8n adds the credential's key), paced per credential, a 429
 * waited out once when its Retry-After is short, and the answer read whatever its status. Each
 * provider brings only its facts (an ApiDefinition) and turns a Failure into its own error.
 */

export type RequestFunctions =
	| IExecuteFunctions
	| IHookFunctions
	| IWebhookFunctions
	| ILoadOptionsFunctions;

/** The clock pacing and 429 waits use; tests replace `now` and `sleep` to check waits without spending them. */
export interface Clock {
	now: () => number;
	sleep: (milliseconds: number) => Promise<void>;
}

export function systemClock(): Clock {
	return { now: () => Date.now(), sleep: async (milliseconds) => await waitFor(milliseconds) };
}

/** One provider's rate limits, as the node obeys them. */
export interface RateLimits {
	/** Requests the node sends per credential within `paceWindowMs` before it waits. */
	paceRequests: number;
	paceWindowMs: number;
	/** The longest Retry-After the node waits out on its own before trying once more. */
	maxWaitSeconds: number;
	/** Seconds to wait on a 429 that names no wait; undefined: such a 429 is not retried. */
	waitWithoutRetryAfter: number | undefined;
	/** A 429 that no short wait can help (a daily quota): reported at once. */
	exhausted?: (answer: Answer) => boolean;
	clock: Clock;
}

/** What the transport needs to know of one provider's API. */
export interface ApiDefinition {
	credentialType: string;
	limits: RateLimits;
	/** The API's own message in an error body, if it has one. */
	messageOf: (body: unknown) => string | undefined;
}

/** One client's calls for one item: where, as whom, and how patient. */
export interface Connection {
	context: RequestFunctions;
	api: ApiDefinition;
	/** Checked at the credential read: http(s), no user:password. */
	baseUrl: string;
	itemIndex?: number;
	/** Node executions pace themselves and wait out one 429; trigger activation and webhook() do not. */
	patient: boolean;
	/** Whose budget a request counts against: the credential's n8n ID, else the base URL. */
	paceKey: string;
	/** Values no message may show: the credential's key or token. */
	secrets: string[];
}

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** The path under the base URL; its IDs went through `pathSegment`. */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
}

/** One HTTP answer, whatever its status. */
export interface Answer {
	status: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** What one failed call came to, secret-free: the provider's error table reads it. */
export interface Failure extends ApiFailure {
	/** The error body as the API sent it (for provider-specific fields such as a quota's `unit`). */
	body: unknown;
	/** The wait the answer asked for (Retry-After), in seconds. */
	retryAfterSeconds: number | undefined;
	/** Seconds waited before the last try, when the node waited out a 429. */
	waitedSeconds: number | undefined;
}

export type Outcome = { ok: true; status: number; body: unknown } | { ok: false; failure: Failure };

/** Whether this context may wait (a node execution) rather than answer at once. */
export function isPatient(context: RequestFunctions): boolean {
	return typeof (context as Partial<IExecuteFunctions>).getInputData === 'function';
}

/** The pacing key of a credential: its n8n ID when the node has one, else the base URL. */
export function paceKeyOf(context: RequestFunctions, credentialType: string, baseUrl: string) {
	const id = context.getNode().credentials?.[credentialType]?.id;
	return typeof id === 'string' && id !== '' ? id : baseUrl;
}

/** Send times of recent requests, per provider and credential: the node's pacing. */
const recentRequests = new Map<string, number[]>();

/** Forgets the pacing's record of recent requests (for tests). */
export function forgetRecentRequests(): void {
	recentRequests.clear();
}

/**
 * Sends one call and reads its answer. Only a 2xx is `ok`; any other answer, and a request that
 * got no answer, is a Failure with the API's message and every secret and URL password removed.
 */
export async function exchange(connection: Connection, request: ApiRequest): Promise<Outcome> {
	if (pathLeavesItsRoute(request.path))
		throw new UnsafeIdError(
			`An ID in ${request.method} ${redact(request.path, connection.secrets)} is not valid`,
			'An ID cannot be empty, "." or "..", or contain "/" or "\\": it would address another endpoint of the API, so nothing was sent.',
		);
	const { limits } = connection.api;
	const { outcome, waitedSeconds } = await retryOnceAfterWait(
		async () => {
			await pace(connection);
			return await sendOnce(connection, request);
		},
		(first) => {
			if (!connection.patient || !('value' in first) || !('status' in first.value))
				return undefined;
			if (first.value.status !== 429 || limits.exhausted?.(first.value) === true) return undefined;
			const asked = retryAfterOf(first.value, limits.clock.now());
			const wait = asked ?? limits.waitWithoutRetryAfter;
			return wait !== undefined && wait <= limits.maxWaitSeconds ? wait : undefined;
		},
		limits.clock.sleep,
	);
	if ('thrown' in outcome)
		return { ok: false, failure: noAnswer(connection, noAnswerCause(outcome.thrown)) };
	if ('noAnswer' in outcome.value)
		return { ok: false, failure: noAnswer(connection, outcome.value.noAnswer) };
	const answer = outcome.value;
	if (answer.status >= 200 && answer.status < 300)
		return { ok: true, status: answer.status, body: answer.body };
	const apiMessage = connection.api.messageOf(answer.body);
	return {
		ok: false,
		failure: {
			status: answer.status >= 100 ? answer.status : undefined,
			apiMessage:
				apiMessage === undefined ? undefined : redact(apiMessage, connection.secrets).slice(0, 500),
			cause: `HTTP ${answer.status}`,
			body: answer.body,
			retryAfterSeconds: retryAfterOf(answer, limits.clock.now()),
			waitedSeconds,
		},
	};
}

function noAnswer(connection: Connection, cause: string): Failure {
	return {
		status: undefined,
		apiMessage: undefined,
		cause: redact(cause, connection.secrets),
		body: undefined,
		retryAfterSeconds: undefined,
		waitedSeconds: undefined,
	};
}

/** A header of an answer, by case-insensitive name. */
export function headerOf(answer: Answer, name: string): unknown {
	const key = Object.keys(answer.headers).find((candidate) => candidate.toLowerCase() === name);
	return key === undefined ? undefined : answer.headers[key];
}

/** Retry-After, else RateLimit-Reset (seconds; MeetBit sends both), as seconds to wait. */
function retryAfterOf(answer: Answer, now: number): number | undefined {
	return (
		retryAfterSeconds(headerOf(answer, 'retry-after'), now) ??
		retryAfterSeconds(headerOf(answer, 'ratelimit-reset'), now)
	);
}

/** Waits until one more request fits into this credential's window (node executions only). */
async function pace(connection: Connection): Promise<void> {
	if (!connection.patient) return;
	const { limits } = connection.api;
	const budget = Math.max(1, limits.paceRequests);
	const key = `${connection.api.credentialType} ${connection.paceKey}`;
	const sent = recentRequests.get(key) ?? [];
	recentRequests.set(key, sent);
	for (;;) {
		const now = limits.clock.now();
		while (sent.length > 0 && sent[0] <= now - limits.paceWindowMs) sent.shift();
		if (sent.length < budget) {
			sent.push(now);
			return;
		}
		await limits.clock.sleep(sent[0] + limits.paceWindowMs - now);
	}
}

/**
 * One request, its answer returned whatever its status: on n8n 1.x the error the request helper
 * throws for a non-2xx answer keeps neither the body nor the headers (its NodeApiError drops the
 * axios error), so the full response is asked for and no status is an error. A request that gets
 * no answer comes back as `noAnswer`, saying why; an error that still carries a response (other
 * helper versions, test stand-ins) is read as that answer.
 */
async function sendOnce(
	connection: Connection,
	request: ApiRequest,
): Promise<Answer | { noAnswer: string }> {
	const options: IHttpRequestOptions = {
		...jsonRequest(request.method, connection.baseUrl, request.path, request.body, request.qs),
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	let response: unknown;
	try {
		response = await connection.context.helpers.httpRequestWithAuthentication.call(
			connection.context,
			connection.api.credentialType,
			options,
		);
	} catch (error) {
		return answerInError(error) ?? { noAnswer: noAnswerCause(error) };
	}
	const full = isRecord(response) ? response : {};
	return {
		status: typeof full.statusCode === 'number' ? full.statusCode : 0,
		headers: isRecord(full.headers) ? full.headers : {},
		body: full.body,
	};
}

function answerInError(error: unknown): Answer | undefined {
	if (!isRecord(error)) return undefined;
	const cause = isRecord(error.cause) ? error.cause : undefined;
	const response = isRecord(cause?.response)
		? cause.response
		: isRecord(error.response)
			? error.response
			: undefined;
	const rawStatus = response?.status ?? error.httpCode;
	const status = typeof rawStatus === 'string' ? Number.parseInt(rawStatus, 10) : rawStatus;
	if (typeof status !== 'number' || !Number.isInteger(status) || status < 100) return undefined;
	const context = isRecord(error.context) ? error.context : undefined;
	return {
		status,
		headers: isRecord(response?.headers) ? response.headers : {},
		body: response?.data ?? context?.data,
	};
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
