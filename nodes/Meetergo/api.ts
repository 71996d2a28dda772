import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type ILoadOptionsFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';
import type { z } from 'zod';

import { apiError, noAnswerCause, type ApiFailure } from '../shared/actions/apiError';
import { jsonRequest } from '../shared/actions/http';
import { retryOnceAfterWait } from '../shared/actions/rateLimitRetry';
import {
	isRecord,
	meetergoAppointmentSchema,
	meetergoWebhookListSchema,
	meetergoWebhookSchema,
	type MeetergoWebhook,
} from './schema';

/**
 * The one place that talks to meetergo's API. Every call goes through n8n's
 * `httpRequestWithAuthentication` with the "meetergo API" credential; every failure becomes a
 * NodeApiError that says what to do. Nothing here puts the token into a message.
 */

export const MEETERGO_CREDENTIAL = 'meetingWebhooksMeetergoApi';
export const DEFAULT_BASE_URL = 'https://api.meetergo.com';
/** meetergo's documented cap on webhooks per company. */
export const WEBHOOK_LIMIT = 6;
/** meetergo's documented rate limit: 100 requests per minute per API key (bursts up to 200). */
export const RATE_LIMIT_PER_MINUTE = 100;
/**
 * What the node itself sends per credential and rolling minute before it waits: below meetergo's
 * 100, so that a meetergo Trigger using the same key (its enrichment calls) still has room.
 */
export const PACED_REQUESTS_PER_MINUTE = 90;
/**
 * The longest Retry-After a node execution waits out on its own before trying once more; a longer
 * one, or a second 429, stops with a message. Trigger activation and webhook() never wait.
 */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 60;

/**
 * The clock the rate limiting uses. Tests replace it to check waits without spending them;
 * nothing else should touch it.
 */
export const rateLimitClock = {
	now: (): number => Date.now(),
	sleep: async (milliseconds: number): Promise<void> => await sleep(milliseconds),
	/** Requests per credential and rolling minute (see PACED_REQUESTS_PER_MINUTE). */
	perMinute: PACED_REQUESTS_PER_MINUTE,
};

/** Send times of recent requests, per credential (its n8n ID, else the base URL): the node's pacing. */
const recentRequests = new Map<string, number[]>();

/** Forgets the pacing's record of recent requests (for tests, with `rateLimitClock`). */
export function forgetRecentRequests(): void {
	recentRequests.clear();
}

export type MeetergoFunctions =
	| IExecuteFunctions
	| IHookFunctions
	| IWebhookFunctions
	| ILoadOptionsFunctions;

interface MeetergoCredential {
	credentialKind?: string;
	token?: string;
	userId?: string;
	baseUrl?: string;
}

/** What went wrong with one call, read from the error n8n's request helper throws. */
interface Failure extends ApiFailure {
	retryAfter: string | undefined;
}

interface CallContext {
	credential: MeetergoCredential;
	baseUrl: string;
	itemIndex?: number;
	/** Node executions pace themselves and wait out one 429; trigger activation and webhook() do not. */
	patient: boolean;
	/** Key of `recentRequests` for this credential. */
	paceKey: string;
	/** Seconds waited for a 429's Retry-After before the last try, if any. */
	waitedSeconds?: number;
}

/** What a 404 or a plain 400 means for one call. */
export interface FailureMessages {
	notFound?: string;
	invalid?: string;
}

export interface WebhookFields {
	endpoint?: string;
	description?: string;
	eventTypes?: string[];
}

export async function listWebhooks(
	this: MeetergoFunctions,
	itemIndex?: number,
): Promise<MeetergoWebhook[]> {
	const call = await prepare(this, itemIndex);
	const data = await send(this, call, { method: 'GET', path: '/webhooks' });
	return answerAs(this, call, meetergoWebhookListSchema, data, 'a list of webhooks');
}

/**
 * Creates a webhook. When the company has used all its webhook slots, the error lists the existing
 * webhooks (from `existing` if given, else from a fresh list) so the user knows what to delete.
 */
export async function createWebhook(
	this: MeetergoFunctions,
	fields: Required<Pick<WebhookFields, 'endpoint' | 'eventTypes'>> &
		Pick<WebhookFields, 'description'>,
	options: { itemIndex?: number; existing?: MeetergoWebhook[] } = {},
): Promise<MeetergoWebhook> {
	const call = await prepare(this, options.itemIndex);
	const body: IDataObject = { endpoint: fields.endpoint, eventTypes: fields.eventTypes };
	if (fields.description !== undefined && fields.description !== '')
		body.description = fields.description;
	let data: unknown;
	try {
		data = await sendRaw(this, call, { method: 'POST', path: '/webhooks', body });
	} catch (error) {
		const failure = readFailure(error);
		if (
			failure.status === 406 ||
			(failure.status !== undefined && /maximum/i.test(failure.apiMessage ?? ''))
		) {
			let existing = options.existing;
			if (existing === undefined) {
				try {
					existing = await listWebhooks.call(this, options.itemIndex);
				} catch (listError) {
					// The limit is what the user needs to hear about; say that the list is unavailable.
					existing = undefined;
					failure.cause = `${failure.cause}; listing the existing webhooks failed too (${readFailure(listError).cause})`;
				}
			}
			throw webhookLimitError(this, call, failure, existing);
		}
		throw describeFailure(this, call, failure);
	}
	return answerAs(this, call, meetergoWebhookSchema, data, 'the created webhook');
}

export async function updateWebhook(
	this: MeetergoFunctions,
	id: string,
	fields: WebhookFields,
	itemIndex?: number,
): Promise<MeetergoWebhook> {
	const call = await prepare(this, itemIndex);
	const body: IDataObject = {};
	if (fields.endpoint !== undefined) body.endpoint = fields.endpoint;
	if (fields.description !== undefined) body.description = fields.description;
	if (fields.eventTypes !== undefined) body.eventTypes = fields.eventTypes;
	const data = await send(this, call, {
		method: 'PATCH',
		path: `/webhooks/${encodeURIComponent(id)}`,
		body,
		notFound: noWebhook(id),
	});
	return answerAs(this, call, meetergoWebhookSchema, data, 'the updated webhook');
}

/** Deletes a webhook; returns false if meetergo did not know it (404) and `ignoreNotFound` is set. */
export async function deleteWebhook(
	this: MeetergoFunctions,
	id: string,
	options: { itemIndex?: number; ignoreNotFound?: boolean } = {},
): Promise<boolean> {
	const call = await prepare(this, options.itemIndex);
	const answer = await sendUnless404(
		this,
		call,
		{ method: 'DELETE', path: `/webhooks/${encodeURIComponent(id)}`, notFound: noWebhook(id) },
		options.ignoreNotFound === true,
	);
	return answer !== undefined;
}

function noWebhook(id: string): string {
	return `meetergo has no webhook with ID "${id}" in this company`;
}

/** What a 404 on an appointment means (Get, and every operation that changes one). */
export function noAppointment(id: string): string {
	return `meetergo has no appointment with ID "${id}" that this credential can see`;
}

/** What a 404 on a meeting type means. */
export function noMeetingType(id: string): string {
	return `meetergo has no meeting type with ID "${id}" that this credential can see`;
}

/** What a 404 means where a meeting type comes with hosts or a queue (availability, booking). */
export function unknownMeetingTypeOrHosts(meetingTypeId: string): string {
	return `meetergo does not know meeting type "${meetingTypeId}" (or a host or queue given)`;
}

/** What a 404 on a CRM contact means. */
export function noContact(id: string): string {
	return `meetergo's CRM has no contact with ID "${id}" that this credential can see`;
}

/** `GET /v4/appointment/{id}`; `undefined` when meetergo answers 404 and `notFound` is 'undefined'. */
export async function getAppointment(
	this: MeetergoFunctions,
	id: string,
	options: { itemIndex?: number; notFound?: 'error' | 'undefined' } = {},
): Promise<IDataObject | undefined> {
	const call = await prepare(this, options.itemIndex);
	const answer = await sendUnless404(
		this,
		call,
		{
			method: 'GET',
			path: `/v4/appointment/${encodeURIComponent(id)}`,
			notFound: noAppointment(id),
		},
		options.notFound === 'undefined',
	);
	if (answer === undefined) return undefined;
	return answerAs(
		this,
		call,
		meetergoAppointmentSchema,
		answer.data,
		'an appointment',
	) as IDataObject;
}

/** Shows how a webhook's endpoint looks without the value of a `token` query parameter. */
export function redactEndpoint(endpoint: string): string {
	let url: URL;
	try {
		url = new URL(endpoint);
	} catch {
		return endpoint;
	}
	if (!url.searchParams.has('token')) return endpoint;
	url.searchParams.set('token', 'redacted');
	return url.toString();
}

async function prepare(
	context: MeetergoFunctions,
	itemIndex: number | undefined,
): Promise<CallContext> {
	const credential = await context.getCredentials<MeetergoCredential>(
		MEETERGO_CREDENTIAL,
		itemIndex,
	);
	const token = typeof credential.token === 'string' ? credential.token.trim() : '';
	const platform = credential.credentialKind === 'platformApiKey';
	const fix = (message: string) =>
		new NodeOperationError(context.getNode(), message, { itemIndex, level: 'warning' });
	if (token === '')
		throw fix(
			'The meetergo API credential has no token. Paste a personal access token or a platform API key.',
		);
	// The two token kinds have distinct prefixes; catch the mix-up that makes meetergo answer 400/403.
	if (!platform && token.startsWith('ak_live:')) {
		throw fix(
			'The token in the meetergo API credential looks like a platform API key (ak_live:…), but Token Type says Personal Access Token. Set Token Type to Platform API Key and fill in User ID.',
		);
	}
	if (platform && token.startsWith('rgo-')) {
		throw fix(
			'The token in the meetergo API credential looks like a personal access token (rgo-…), but Token Type says Platform API Key. Set Token Type to Personal Access Token: personal tokens must not send a user ID (meetergo answers 403).',
		);
	}
	const configured = typeof credential.baseUrl === 'string' ? credential.baseUrl.trim() : '';
	const baseUrl = (configured === '' ? DEFAULT_BASE_URL : configured).replace(/\/+$/, '');
	const credentialId = context.getNode().credentials?.[MEETERGO_CREDENTIAL]?.id;
	return {
		credential,
		baseUrl,
		itemIndex,
		patient: typeof (context as Partial<IExecuteFunctions>).getInputData === 'function',
		paceKey: typeof credentialId === 'string' && credentialId !== '' ? credentialId : baseUrl,
	};
}

/** Waits until one more request fits into this credential's rolling minute (node executions only). */
async function pace(call: CallContext): Promise<void> {
	if (!call.patient) return;
	const budget = Math.max(1, rateLimitClock.perMinute);
	const sent = recentRequests.get(call.paceKey) ?? [];
	recentRequests.set(call.paceKey, sent);
	for (;;) {
		const now = rateLimitClock.now();
		while (sent.length > 0 && sent[0] <= now - 60_000) sent.shift();
		if (sent.length < budget) {
			sent.push(now);
			return;
		}
		await rateLimitClock.sleep(sent[0] + 60_000 - now);
	}
}

/** Retry-After as seconds: a number of seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | undefined, now = Date.now()): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.max(0, Math.ceil(Number(trimmed)));
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, Math.ceil((date - now) / 1000));
}

async function sendRaw(
	context: MeetergoFunctions,
	call: CallContext,
	{ method, path, body, qs }: MeetergoCall,
): Promise<unknown> {
	const options = jsonRequest(method, call.baseUrl, path, body, qs);
	call.waitedSeconds = undefined;
	const { outcome, waitedSeconds } = await retryOnceAfterWait(
		async () => {
			await pace(call);
			return await context.helpers.httpRequestWithAuthentication.call(
				context,
				MEETERGO_CREDENTIAL,
				options,
			);
		},
		// Only node executions wait, once; a second 429 or a longer wait is reported by the caller.
		(first) => {
			if (!('thrown' in first) || !call.patient) return undefined;
			const failure = readFailure(first.thrown);
			if (failure.status !== 429) return undefined;
			const wait = retryAfterSeconds(failure.retryAfter, rateLimitClock.now()) ?? 60;
			return wait <= MAX_RATE_LIMIT_WAIT_SECONDS ? wait : undefined;
		},
		async (milliseconds) => await rateLimitClock.sleep(milliseconds),
	);
	call.waitedSeconds = waitedSeconds;
	if ('thrown' in outcome) throw outcome.thrown;
	return outcome.value;
}

/** Sends one call; every failure becomes the node error for it (its 404 and 400 messages). */
async function send(
	context: MeetergoFunctions,
	call: CallContext,
	request: MeetergoCall,
): Promise<unknown> {
	const answer = await sendUnless404(context, call, request, false);
	return answer?.data;
}

/** Like `send`, but a 404 comes back as `undefined` when `tolerate404` is set. */
async function sendUnless404(
	context: MeetergoFunctions,
	call: CallContext,
	request: MeetergoCall,
	tolerate404: boolean,
): Promise<{ data: unknown } | undefined> {
	try {
		return { data: await sendRaw(context, call, request) };
	} catch (error) {
		const failure = readFailure(error);
		if (failure.status === 404 && tolerate404) return undefined;
		throw describeFailure(context, call, failure, request);
	}
}

/** The answer in the shape `schema` gives it; any other answer is an unexpected answer. */
function answerAs<Schema extends z.ZodTypeAny>(
	context: MeetergoFunctions,
	call: CallContext,
	schema: Schema,
	data: unknown,
	expected: string,
): z.infer<Schema> {
	const parsed = schema.safeParse(data);
	if (!parsed.success) throw unexpectedAnswer(context, call, expected);
	return parsed.data;
}

/** Reads status, meetergo's message and Retry-After from what n8n's request helper threw. */
function readFailure(error: unknown): Failure {
	const failure: Failure = {
		status: undefined,
		apiMessage: undefined,
		retryAfter: undefined,
		cause: 'unknown error',
	};
	if (!isRecord(error)) return failure;
	const cause = isRecord(error.cause) ? error.cause : undefined;
	const response =
		cause !== undefined && isRecord(cause.response)
			? cause.response
			: isRecord(error.response)
				? error.response
				: undefined;
	const status = response?.status ?? error.httpCode;
	const statusNumber =
		typeof status === 'number'
			? status
			: typeof status === 'string'
				? Number.parseInt(status, 10)
				: NaN;
	if (Number.isInteger(statusNumber) && statusNumber >= 100) failure.status = statusNumber;
	const context = isRecord(error.context) ? error.context : undefined;
	const data = response?.data ?? context?.data;
	failure.apiMessage = nestMessage(data);
	const headers =
		response !== undefined && isRecord(response.headers) ? response.headers : undefined;
	const retryAfter = headers?.['retry-after'];
	if (typeof retryAfter === 'string' || typeof retryAfter === 'number')
		failure.retryAfter = String(retryAfter);
	failure.cause = noAnswerCause(error);
	return failure;
}

/** NestJS error bodies: `message` is a string or, for validation errors, an array of strings. */
function nestMessage(data: unknown): string | undefined {
	if (typeof data === 'string') return data.trim() === '' ? undefined : data.slice(0, 500);
	if (!isRecord(data)) return undefined;
	const message = data.message;
	if (Array.isArray(message)) return message.filter((part) => typeof part === 'string').join('; ');
	if (typeof message === 'string') return message;
	if (typeof data.error === 'string') return data.error;
	return undefined;
}

function describeFailure(
	context: MeetergoFunctions,
	call: CallContext,
	failure: Failure,
	messages: FailureMessages = {},
): NodeApiError {
	const error = (message: string, description: string): NodeApiError =>
		apiError(context.getNode(), call.itemIndex, failure, message, description);
	const said = failure.apiMessage === undefined ? '' : ` meetergo said: "${failure.apiMessage}".`;
	const platform = call.credential.credentialKind === 'platformApiKey';
	const userId = typeof call.credential.userId === 'string' ? call.credential.userId.trim() : '';
	switch (failure.status) {
		case undefined:
			return error(
				`Could not reach meetergo at ${call.baseUrl}`,
				`The request did not get an answer (${failure.cause}). Check the network, and the Base URL of the meetergo API credential (normally ${DEFAULT_BASE_URL}).`,
			);
		case 401:
			return error(
				'meetergo rejected the API token (401 Unauthorized)',
				`Check the Token of the meetergo API credential: a personal access token from my.meetergo.com/integrations, or a platform API key from my.meetergo.com/admin/api-keys that has not expired or been revoked (platform keys expire after 1 to 90 days).${said}`,
			);
		case 400:
			if (
				/x-meetergo-api-user-id|user[\s_-]?id/i.test(failure.apiMessage ?? '') ||
				(platform && userId === '')
			) {
				return error(
					'meetergo needs a user ID for this platform API key (400)',
					`Platform API keys act for the user named in the x-meetergo-api-user-id header. Set User ID in the meetergo API credential to the UUID of the meetergo user to act for.${said}`,
				);
			}
			return error(
				`meetergo refused the request as invalid (400)${failure.apiMessage === undefined ? '' : `: ${failure.apiMessage}`}`,
				messages.invalid ??
					'Check the values sent: endpoint (a full URL), at least one event type, IDs as shown by meetergo.',
			);
		case 403:
			if (platform && userId !== '') {
				return error(
					`meetergo refused to act for user ${userId} (403 Forbidden)`,
					`The credential sends User ID ${userId} in x-meetergo-api-user-id. Check that this user belongs to the platform API key's company and may do this. If the token is a personal access token (rgo-…), set Token Type to Personal Access Token: personal tokens must not send a user ID.${said}`,
				);
			}
			return error(
				'meetergo refused the request (403 Forbidden)',
				`The token's user is not allowed to do this: check the user's role and the company's meetergo plan (the API needs Essentials or above).${said}`,
			);
		case 404:
			return error(
				messages.notFound ?? 'meetergo does not know the requested resource (404)',
				`Check the ID.${said}`,
			);
		case 429:
			return error(
				"meetergo's rate limit was reached (429 Too Many Requests)",
				`meetergo allows ${RATE_LIMIT_PER_MINUTE} requests per minute per API key (short bursts up to 200). ${failure.retryAfter === undefined ? 'Wait a minute' : `Wait ${failure.retryAfter} seconds (meetergo's Retry-After)`} before trying again, or make the workflow call meetergo less often (for example enable Retry On Fail with a 60-second wait).${rateLimitWaitNote(call, failure)} Nothing after this request was fetched or changed: no partial result was returned.`,
			);
		default:
			return error(
				`meetergo answered with an error (${failure.status})${failure.apiMessage === undefined ? '' : `: ${failure.apiMessage}`}`,
				failure.status >= 500
					? "This is on meetergo's side; try again later."
					: `meetergo refused the request.${said}`,
			);
	}
}

function rateLimitWaitNote(call: CallContext, failure: Failure): string {
	if (call.waitedSeconds !== undefined)
		return ` The node already waited ${call.waitedSeconds} seconds (meetergo's Retry-After) and tried once more.`;
	if (!call.patient) return '';
	const wait = retryAfterSeconds(failure.retryAfter, rateLimitClock.now());
	return wait !== undefined && wait > MAX_RATE_LIMIT_WAIT_SECONDS
		? ` That is longer than the ${MAX_RATE_LIMIT_WAIT_SECONDS} seconds the node waits on its own.`
		: '';
}

function webhookLimitError(
	context: MeetergoFunctions,
	call: CallContext,
	failure: Failure,
	existing: MeetergoWebhook[] | undefined,
): NodeApiError {
	const count = existing?.length;
	const message =
		count === undefined
			? `meetergo allows ${WEBHOOK_LIMIT} webhooks per company and all are in use`
			: `meetergo allows ${WEBHOOK_LIMIT} webhooks per company and all ${count} are in use`;
	const list =
		existing === undefined
			? `The existing webhooks could not be listed (${failure.cause}).`
			: `Existing webhooks: ${existing.map((hook, index) => `${index + 1}. ${describeHook(hook)}`).join('; ')}.`;
	return apiError(
		context.getNode(),
		call.itemIndex,
		failure,
		message,
		`${list} Delete webhooks you no longer use (in meetergo, or with the meetergo node: Webhook → Delete) and try again. Every active meetergo Trigger uses one webhook, and so does every other tool connected to meetergo (Zapier, Make, …).`,
	);
}

/** Names a webhook without showing its full endpoint (other tools put secrets into their URLs). */
function describeHook(hook: MeetergoWebhook): string {
	let where = 'an unparsable endpoint';
	try {
		const url = new URL(hook.endpoint);
		where = `${url.protocol}//${url.host}/…`;
	} catch {
		// keep the placeholder: never echo an endpoint we cannot cut down safely
		where = 'an unparsable endpoint';
	}
	const label =
		typeof hook.description === 'string' && hook.description !== '' ? ` "${hook.description}"` : '';
	const events =
		Array.isArray(hook.eventTypes) && hook.eventTypes.length > 0
			? ` [${hook.eventTypes.join(', ')}]`
			: '';
	return `ID ${hook.id}${label} → ${where}${events}`;
}

function unexpectedAnswer(
	context: MeetergoFunctions,
	call: CallContext,
	expected: string,
): NodeApiError {
	return new NodeApiError(
		context.getNode(),
		{ message: `Unexpected answer from meetergo: expected ${expected}` },
		{
			message: `Unexpected answer from meetergo: expected ${expected}`,
			description: `The API at ${call.baseUrl} answered with something else. Check the Base URL of the meetergo API credential.`,
			itemIndex: call.itemIndex,
		},
	);
}

/** One call of an action node: the path includes `/v4` except for root routes (`/webhooks`, `/crm`). */
export interface MeetergoCall extends FailureMessages {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
}

/** An action call as sent: a 400 without its own advice gets a general one. */
function actionCall(request: MeetergoCall): MeetergoCall {
	return {
		...request,
		invalid:
			request.invalid ??
			"Check the values sent (IDs as meetergo shows them, times in ISO 8601); meetergo's message names what it refused.",
	};
}

/** Sends one call; an empty answer (204) comes back as `undefined`. */
export async function meetergoRequest(
	this: MeetergoFunctions,
	request: MeetergoCall,
	itemIndex?: number,
): Promise<unknown> {
	const call = await prepare(this, itemIndex);
	return await send(this, call, actionCall(request));
}

/** The answer as one JSON object (an empty answer becomes `{}`); anything else is an unexpected answer. */
export async function meetergoObject(
	this: MeetergoFunctions,
	request: MeetergoCall,
	expected: string,
	itemIndex?: number,
): Promise<IDataObject> {
	const call = await prepare(this, itemIndex);
	const data = await send(this, call, actionCall(request));
	if (data === undefined || data === '' || data === null) return {};
	if (!isRecord(data)) throw unexpectedAnswer(this, call, expected);
	return data as IDataObject;
}

/**
 * The list in an answer whose exact shape meetergo's docs leave open: a bare array, or an object
 * holding it under one of `keys`. `total` is read from `total`, `totalCount` or `count` if present.
 */
export function listIn(
	data: unknown,
	keys: readonly string[],
): { list: IDataObject[]; total?: number } | undefined {
	const records = (value: unknown[]) => value.filter(isRecord) as IDataObject[];
	if (Array.isArray(data)) return { list: records(data) };
	if (!isRecord(data)) return undefined;
	for (const key of keys) {
		const value = data[key];
		if (Array.isArray(value)) {
			const total = [data.total, data.totalCount, data.count].find(
				(candidate): candidate is number => typeof candidate === 'number' && candidate >= 0,
			);
			return { list: records(value), total };
		}
	}
	return undefined;
}

/** A list that fits one answer (no pagination): up to `max` items when given. */
export async function meetergoList(
	this: MeetergoFunctions,
	request: MeetergoCall,
	keys: readonly string[],
	expected: string,
	options: { max?: number; itemIndex?: number } = {},
): Promise<IDataObject[]> {
	const call = await prepare(this, options.itemIndex);
	const data = await send(this, call, actionCall(request));
	const found = listIn(data, keys);
	if (found === undefined) throw unexpectedAnswer(this, call, expected);
	return options.max === undefined ? found.list : found.list.slice(0, options.max);
}

/** How a meetergo list pages. */
export interface Paging {
	/** `page`: page numbers from `first` (0 for appointments, 1 for the CRM); `offset`: item offsets. */
	style: 'page' | 'offset';
	first?: number;
	pageParam: string;
	sizeParam: string;
	/** Items per request (meetergo caps lists at 100). */
	pageSize: number;
	/** Where the list may be in the answer (the docs do not always say). */
	keys: readonly string[];
	expected: string;
}

/** Stops Return All from looping forever on an API that keeps answering full pages. */
export const MAX_PAGES = 1000;

/**
 * Every page of a list (or pages until `max` items), one request per page, paced to meetergo's
 * rate limit. Stops at an empty or short page, or when `total` items are in. A failure on any
 * page fails the whole call: never a silent partial result.
 */
export async function meetergoPages(
	this: MeetergoFunctions,
	request: MeetergoCall,
	paging: Paging,
	options: { max?: number; itemIndex?: number } = {},
): Promise<IDataObject[]> {
	const call = await prepare(this, options.itemIndex);
	const size = options.max === undefined ? paging.pageSize : Math.min(paging.pageSize, options.max);
	const items: IDataObject[] = [];
	let position = paging.style === 'page' ? (paging.first ?? 0) : 0;
	for (let pages = 0; pages < MAX_PAGES; pages++) {
		const qs = { ...request.qs, [paging.pageParam]: position, [paging.sizeParam]: size };
		const data = await send(this, call, { ...actionCall(request), qs });
		const found = listIn(data, paging.keys);
		if (found === undefined) throw unexpectedAnswer(this, call, paging.expected);
		items.push(...found.list);
		if (options.max !== undefined && items.length >= options.max)
			return items.slice(0, options.max);
		if (found.list.length < size) return items;
		if (found.total !== undefined && items.length >= found.total) return items;
		position += paging.style === 'page' ? 1 : found.list.length;
	}
	throw new NodeOperationError(
		this.getNode(),
		`meetergo kept answering full pages: stopped after ${MAX_PAGES} pages (${items.length} items)`,
		{
			itemIndex: options.itemIndex,
			description:
				'Nothing was returned, so that no partial list passes for a complete one. Narrow the filters or set a Limit.',
		},
	);
}
