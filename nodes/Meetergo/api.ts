import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';
import type { z } from 'zod';

import { apiError } from '../shared/actions/apiError';
import { collectPages } from '../shared/actions/paging';
import { pathSegment, segmentProblem } from '../shared/actions/pathSegment';
import { checkBaseUrl } from '../shared/actions/redact';
import { seconds } from '../shared/actions/retryAfter';
import { ApiClient, connectionFor } from '../shared/actions/client';
import {
	systemClock,
	type ApiDefinition,
	type ApiRequest,
	type Connection,
	type Failure,
	type RequestFunctions,
} from '../shared/actions/transport';
import {
	isRecord,
	meetergoAppointmentSchema,
	meetergoWebhookListSchema,
	meetergoWebhookSchema,
	type MeetergoWebhook,
} from './schema';

export { forgetRecentRequests } from '../shared/actions/transport';
export { retryAfterSeconds } from '../shared/actions/retryAfter';

/**
 * The one place that talks to meetergo's API. Only meetergo's facts live here: the base URL, the
 * token kinds, its rate limit, paging, and what its failures mean; the shared transport sends (n8n
 * adds the token), paces, and keeps the token out of every message.
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
 * The clock the rate limiting uses, and the node's budget per minute. Tests replace them to check
 * waits without spending them; nothing else should touch it.
 */
export const rateLimitClock = {
	...systemClock(),
	/** Requests per credential and rolling minute (see PACED_REQUESTS_PER_MINUTE). */
	perMinute: PACED_REQUESTS_PER_MINUTE,
};

const MEETERGO_API: ApiDefinition = {
	credentialType: MEETERGO_CREDENTIAL,
	limits: {
		get paceRequests() {
			return rateLimitClock.perMinute;
		},
		paceWindowMs: 60_000,
		maxWaitSeconds: MAX_RATE_LIMIT_WAIT_SECONDS,
		// meetergo documents no Retry-After; its limit is per minute.
		waitWithoutRetryAfter: 60,
		clock: rateLimitClock,
	},
	messageOf: nestMessage,
};

interface MeetergoCredential {
	credentialKind?: string;
	token?: string;
	userId?: string;
	baseUrl?: string;
}

/** One call: the path includes `/v4` except for root routes (`/webhooks`, `/crm`). */
export interface MeetergoCall extends ApiRequest {
	/** What a 404 means for this call. */
	notFound?: string;
	/** What to check after a plain 400 (a general hint when absent). */
	invalid?: string;
}

export interface WebhookFields {
	endpoint?: string;
	description?: string;
	eventTypes?: string[];
}

/** What to check when meetergo refuses a webhook call as invalid. */
const INVALID_WEBHOOK =
	'Check the values sent: endpoint (a full URL), at least one event type, IDs as shown by meetergo.';

export class MeetergoApi extends ApiClient<MeetergoCall> {
	private constructor(
		connection: Connection,
		private readonly credential: MeetergoCredential,
	) {
		super(connection);
	}

	/**
	 * A client for the credential of input item `itemIndex` (none: a trigger or the editor). The
	 * token kind is checked against the token, so the mix-up meetergo answers 400/403 to is named.
	 */
	static async connect(context: RequestFunctions, itemIndex?: number): Promise<MeetergoApi> {
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
		const checked = checkBaseUrl(
			configured === '' ? DEFAULT_BASE_URL : configured,
			'The Base URL of the meetergo API credential',
			DEFAULT_BASE_URL,
		);
		if (!checked.ok) throw fix(checked.problem);
		return new MeetergoApi(
			connectionFor(context, MEETERGO_API, checked.baseUrl, [token], itemIndex),
			credential,
		);
	}

	async listWebhooks(): Promise<MeetergoWebhook[]> {
		const data = await this.send({ method: 'GET', path: '/webhooks', invalid: INVALID_WEBHOOK });
		return this.answerAs(meetergoWebhookListSchema, data, 'a list of webhooks');
	}

	/**
	 * Creates a webhook. When the company has used all its webhook slots, the error lists the
	 * existing webhooks (`existing` if given, else a fresh list) so the user knows what to delete.
	 */
	async createWebhook(
		fields: Required<Pick<WebhookFields, 'endpoint' | 'eventTypes'>> &
			Pick<WebhookFields, 'description'>,
		existing?: MeetergoWebhook[],
	): Promise<MeetergoWebhook> {
		const body: IDataObject = { endpoint: fields.endpoint, eventTypes: fields.eventTypes };
		if (fields.description !== undefined && fields.description !== '')
			body.description = fields.description;
		const call: MeetergoCall = {
			method: 'POST',
			path: '/webhooks',
			body,
			invalid: INVALID_WEBHOOK,
		};
		const outcome = await this.attempt(call);
		if (outcome.ok)
			return this.answerAs(meetergoWebhookSchema, outcome.body, 'the created webhook');
		const failure = outcome.failure;
		if (
			failure.status !== 406 &&
			(failure.status === undefined || !/maximum/i.test(failure.apiMessage ?? ''))
		)
			throw this.failed(failure, call);
		let hooks = existing;
		if (hooks === undefined) {
			try {
				hooks = await this.listWebhooks();
			} catch (listError) {
				// The limit is what the user needs to hear about; say that the list is unavailable.
				failure.cause = `${failure.cause}; listing the existing webhooks failed too (${(listError as Error).message})`;
			}
		}
		throw webhookLimitError(this.connection, failure, hooks);
	}

	async updateWebhook(id: string, fields: WebhookFields): Promise<MeetergoWebhook> {
		const body: IDataObject = {};
		if (fields.endpoint !== undefined) body.endpoint = fields.endpoint;
		if (fields.description !== undefined) body.description = fields.description;
		if (fields.eventTypes !== undefined) body.eventTypes = fields.eventTypes;
		const data = await this.send({
			method: 'PATCH',
			path: `/webhooks/${pathSegment(id, 'Webhook ID')}`,
			body,
			notFound: noWebhook(id),
			invalid: INVALID_WEBHOOK,
		});
		return this.answerAs(meetergoWebhookSchema, data, 'the updated webhook');
	}

	/** Deletes a webhook; returns false if meetergo did not know it (404) and `ignoreNotFound` is set. */
	async deleteWebhook(id: string, options: { ignoreNotFound?: boolean } = {}): Promise<boolean> {
		const answer = await this.sendUnless404(
			{
				method: 'DELETE',
				path: `/webhooks/${pathSegment(id, 'Webhook ID')}`,
				notFound: noWebhook(id),
				invalid: INVALID_WEBHOOK,
			},
			options.ignoreNotFound === true,
		);
		return answer !== undefined;
	}

	/** `GET /v4/appointment/{id}`; `undefined` when meetergo answers 404 and `notFound` is 'undefined'. */
	async getAppointment(
		id: string,
		options: { notFound?: 'error' | 'undefined' } = {},
	): Promise<IDataObject | undefined> {
		// No appointment can have such an ID: for a delivery's ID that is "not found", not a request.
		if (options.notFound === 'undefined' && segmentProblem(id) !== undefined) return undefined;
		const answer = await this.sendUnless404(
			{
				method: 'GET',
				path: `/v4/appointment/${pathSegment(id, 'Appointment ID')}`,
				notFound: noAppointment(id),
			},
			options.notFound === 'undefined',
		);
		if (answer === undefined) return undefined;
		return this.answerAs(meetergoAppointmentSchema, answer.data, 'an appointment') as IDataObject;
	}

	/** The answer as one JSON object (an empty answer becomes `{}`); anything else is an unexpected answer. */
	async object(call: MeetergoCall, expected: string): Promise<IDataObject> {
		const data = await this.send(call);
		if (data === undefined || data === '' || data === null) return {};
		if (!isRecord(data)) throw this.unexpectedAnswer(expected);
		return data as IDataObject;
	}

	/** A list that fits one answer (no pagination): up to `max` items when given. */
	async list(
		call: MeetergoCall,
		keys: readonly string[],
		expected: string,
		max?: number,
	): Promise<IDataObject[]> {
		const found = listIn(await this.send(call), keys);
		if (found === undefined) throw this.unexpectedAnswer(expected);
		return max === undefined ? found.list : found.list.slice(0, max);
	}

	/**
	 * Every page of a list (or pages until `max` items), one request per page, paced to meetergo's
	 * rate limit. Stops at an empty or short page, or when `total` items are in; a page that repeats
	 * an earlier one (an API that ignores the page asked for) and MAX_PAGES stop with an error. A
	 * failure on any page fails the whole call: never a silent partial result.
	 */
	async pages(call: MeetergoCall, paging: Paging, max?: number): Promise<IDataObject[]> {
		const size = max === undefined ? paging.pageSize : Math.min(paging.pageSize, max);
		let collected = 0;
		const { items } = await collectPages(
			paging.style === 'page' ? (paging.first ?? 0) : 0,
			async (position) => {
				const qs = { ...call.qs, [paging.pageParam]: position, [paging.sizeParam]: size };
				const found = listIn(await this.send({ ...call, qs }), paging.keys);
				if (found === undefined) throw this.unexpectedAnswer(paging.expected);
				collected += found.list.length;
				const ended =
					found.list.length < size || (found.total !== undefined && collected >= found.total);
				const next = paging.style === 'page' ? position + 1 : position + found.list.length;
				return { items: found.list, next: ended ? undefined : next };
			},
			{
				max,
				maxPages: MAX_PAGES,
				provider: 'meetergo',
				what: /(?:list|page) of (\w+)/.exec(paging.expected)?.[1] ?? 'records',
				fail: (message, description) =>
					new NodeOperationError(this.connection.context.getNode(), message, {
						itemIndex: this.connection.itemIndex,
						description,
					}),
			},
		);
		return items;
	}

	protected failed(failure: Failure, call: MeetergoCall): NodeApiError {
		return describeFailure(this.connection, this.credential, failure, call);
	}

	/** Like `send`, but a 404 comes back as `undefined` when `tolerate404` is set. */
	private async sendUnless404(
		call: MeetergoCall,
		tolerate404: boolean,
	): Promise<{ data: unknown } | undefined> {
		const outcome = await this.attempt(call);
		if (outcome.ok) return { data: outcome.body };
		if (outcome.failure.status === 404 && tolerate404) return undefined;
		throw this.failed(outcome.failure, call);
	}

	/** The answer in the shape `schema` gives it; any other answer is an unexpected answer. */
	private answerAs<Schema extends z.ZodTypeAny>(
		schema: Schema,
		data: unknown,
		expected: string,
	): z.infer<Schema> {
		const parsed = schema.safeParse(data);
		if (!parsed.success) throw this.unexpectedAnswer(expected);
		return parsed.data;
	}

	private unexpectedAnswer(expected: string): NodeApiError {
		const message = `Unexpected answer from meetergo: expected ${expected}`;
		return new NodeApiError(
			this.connection.context.getNode(),
			{ message },
			{
				message,
				description: `The API at ${this.baseUrl} answered with something else. Check the Base URL of the meetergo API credential.`,
				itemIndex: this.connection.itemIndex,
			},
		);
	}
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

/** meetergo's error table: one failed call as a node error that says what to do. */
function describeFailure(
	connection: Connection,
	credential: MeetergoCredential,
	failure: Failure,
	messages: MeetergoCall,
): NodeApiError {
	const error = (message: string, description: string): NodeApiError =>
		apiError(connection.context.getNode(), connection.itemIndex, failure, message, description);
	const said = failure.apiMessage === undefined ? '' : ` meetergo said: "${failure.apiMessage}".`;
	const platform = credential.credentialKind === 'platformApiKey';
	const userId = typeof credential.userId === 'string' ? credential.userId.trim() : '';
	switch (failure.status) {
		case undefined:
			return error(
				`Could not reach meetergo at ${connection.baseUrl}`,
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
					"Check the values sent (IDs as meetergo shows them, times in ISO 8601); meetergo's message names what it refused.",
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
				`meetergo allows ${RATE_LIMIT_PER_MINUTE} requests per minute per API key (short bursts up to 200). ${failure.retryAfterSeconds === undefined ? 'Wait a minute' : `Wait ${seconds(failure.retryAfterSeconds)} (meetergo's Retry-After)`} before trying again, or make the workflow call meetergo less often (for example enable Retry On Fail with a 60-second wait).${rateLimitWaitNote(connection, failure)} Nothing after this request was fetched or changed: no partial result was returned.`,
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

function rateLimitWaitNote(connection: Connection, failure: Failure): string {
	if (failure.waitedSeconds !== undefined)
		return ` The node already waited ${seconds(failure.waitedSeconds)} (meetergo's Retry-After) and tried once more.`;
	if (!connection.patient) return '';
	const wait = failure.retryAfterSeconds;
	return wait !== undefined && wait > MAX_RATE_LIMIT_WAIT_SECONDS
		? ` That is longer than the ${MAX_RATE_LIMIT_WAIT_SECONDS} seconds the node waits on its own.`
		: '';
}

function webhookLimitError(
	connection: Connection,
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
		connection.context.getNode(),
		connection.itemIndex,
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

/**
 * The most pages one list reads (20,000 records at meetergo's 100 per page, about two minutes at
 * the node's pace): a list that does not end stops there with an error.
 */
export const MAX_PAGES = 200;
