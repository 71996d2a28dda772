import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
} from 'n8n-workflow';

import { apiError } from '../shared/actions/apiError';
import { collectPages } from '../shared/actions/paging';
import { pathSegment } from '../shared/actions/pathSegment';
import { checkBaseUrl, withoutUserinfo } from '../shared/actions/redact';
import { seconds } from '../shared/actions/retryAfter';
import { ApiClient, connectionFor } from '../shared/actions/client';
import {
	isRecord,
	systemClock,
	type ApiDefinition,
	type ApiRequest,
	type Connection,
	type Failure,
} from '../shared/actions/transport';

/**
 * The one client of MeetGeek's public API, shared by the MeetGeek node and the MeetGeek Trigger's
 * "Include Meeting Details". Only MeetGeek's facts live here: the base URL from the credential's
 * region, cursor pagination, its quota, and what its failures mean; the shared transport sends (n8n
 * adds the Bearer key), paces, and keeps the key out of every message.
 */

export const MEETGEEK_API_CREDENTIAL = 'meetingWebhooksMeetGeekApi';

/**
 * The hosts MeetGeek's OpenAPI lists under `servers`, by the credential's Region value. `eu` is the
 * value credentials saved before the api-eu host was offered: it keeps meaning api.meetgeek.ai.
 * API keys are region-specific (third-party reports): a key fails on another region's host.
 */
export const MEETGEEK_API_REGIONS = {
	eu: 'https://api.meetgeek.ai',
	apiEu: 'https://api-eu.meetgeek.ai',
	us: 'https://api-us.meetgeek.ai',
} as const;

/** The most pages one Return All or Limit reads (each page one call of the daily quota). */
export const MAX_PAGES = 100;

/** The longest Retry-After the node waits out before trying once more. */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 60;

/**
 * Requests per credential and rolling minute the node sends before it waits. MeetGeek documents
 * its quota per `unit` but not its size; this keeps a Return All from spending it in a burst.
 */
export const PACED_REQUESTS_PER_MINUTE = 60;

/** Quota units a short wait can outlast; any other (`day`) is reported at once. */
const SHORT_QUOTA_UNITS = new Set(['second', 'minute']);

/** The clock MeetGeek's pacing and 429 waits use (tests replace it). */
export const meetGeekClock = systemClock();

const MEETGEEK_API: ApiDefinition = {
	credentialType: MEETGEEK_API_CREDENTIAL,
	limits: {
		paceRequests: PACED_REQUESTS_PER_MINUTE,
		paceWindowMs: 60_000,
		maxWaitSeconds: MAX_RATE_LIMIT_WAIT_SECONDS,
		waitWithoutRetryAfter: 60,
		// `{"message":"quota limit reached","unit":"day"}`: no wait of the node's helps before it resets.
		exhausted: (answer) => !SHORT_QUOTA_UNITS.has(quotaUnitOf(answer.body) ?? 'second'),
		clock: meetGeekClock,
	},
	messageOf: (body) => bodyField(body, 'message'),
};

export type MeetingDetailPart = 'summary' | 'transcript' | 'highlights';

/** What of a meeting a call reads; 404 and 403 messages name it. */
export type MeetingPart = MeetingDetailPart | 'insights' | 'download link';

/** A transcript is paged by cursor; the trigger fetches this many pages (each one API call) at most. */
export const MAX_TRANSCRIPT_PAGES = 50;

/** Items asked for per page. MeetGeek documents `limit` but no maximum; a smaller page just means more pages. */
export const PAGE_SIZE = 100;

/**
 * Who is calling, for the wording of errors. The trigger knows where a meeting id came from (a
 * delivery, signed or not) and which of its options cost the calls; the node's ids come from the user.
 */
export type Caller = { kind: 'node' } | { kind: 'trigger'; signed: boolean };

/** One call; `path` is under the base URL, such as `/v1/meetings`. */
export interface MeetGeekCall extends ApiRequest {
	/** What the call does, to complete "… while trying to …": "fetch the summary of meeting X". */
	action: string;
	/** The meeting the call is about; 403/404/410 messages name it. */
	meetingId?: string;
	/** The part of that meeting the call reads; absent for the meeting itself. */
	part?: MeetingPart;
	/** The team the call is about. */
	teamId?: string;
}

interface MeetGeekApiCredential {
	apiKey?: string;
	region?: string;
	baseUrl?: string;
}

/** One page of a cursor-paged list, as MeetGeek answered it. */
export interface Page {
	answer: IDataObject;
	items: IDataObject[];
	nextCursor: string | undefined;
}

export interface PagedResult {
	items: IDataObject[];
	/** The first page's answer (for fields beside the list, such as `meeting_id`). */
	first: IDataObject;
	pages: number;
	/** More pages were left, because `maxPages` was reached. */
	truncated: boolean;
}

export class MeetGeekApi extends ApiClient<MeetGeekCall> {
	private constructor(
		connection: Connection,
		private readonly caller: Caller,
	) {
		super(connection);
	}

	/** A client for input item `itemIndex`, with the base URL of its credential's region. */
	static async connect(
		context: IExecuteFunctions,
		itemIndex: number,
		caller: Caller = { kind: 'node' },
	): Promise<MeetGeekApi> {
		const credential = await context.getCredentials<MeetGeekApiCredential>(
			MEETGEEK_API_CREDENTIAL,
			itemIndex,
		);
		const baseUrl = apiBaseUrl(context, credential, itemIndex);
		const secrets = typeof credential.apiKey === 'string' ? [credential.apiKey] : [];
		return new MeetGeekApi(
			connectionFor(context, MEETGEEK_API, baseUrl, secrets, itemIndex),
			caller,
		);
	}

	/** Sends one request; returns MeetGeek's JSON object, or throws a node error saying what to do. */
	async request(call: MeetGeekCall): Promise<IDataObject> {
		const answer = await this.fetch(call);
		if (Array.isArray(answer)) throw this.notJson(call, 'a JSON object');
		return answer;
	}

	/** Like `request`, but a JSON list is an answer too. */
	async fetch(call: MeetGeekCall): Promise<IDataObject | IDataObject[]> {
		const answer = await this.send(call);
		if (Array.isArray(answer)) return answer as IDataObject[];
		if (typeof answer === 'object' && answer !== null) return answer as IDataObject;
		// A POST that MeetGeek accepts (202) may come back without a body.
		if (call.method !== 'GET' && (answer === undefined || answer === '')) return {};
		throw this.notJson(call, 'a JSON object');
	}

	protected failed(failure: Failure, call: MeetGeekCall): NodeApiError {
		return meetGeekApiError(this.connection, failure, call, this.caller);
	}

	private notJson(call: MeetGeekCall, expected: string, detail = ''): NodeOperationError {
		return new NodeOperationError(
			this.connection.context.getNode(),
			`MeetGeek's API answered ${call.method} ${call.path} without ${expected}`,
			{
				itemIndex: this.connection.itemIndex,
				description: `${detail}Check the Base URL of the MeetGeek API credential (${this.baseUrl}): it must be MeetGeek's API host, without /v1.`,
			},
		);
	}

	/**
	 * One page of a list. MeetGeek documents the list under `listKey` (`meetings`, `sentences`) and
	 * the next page's cursor at `pagination.next_cursor`. The docs show no other shape, so a list
	 * under `data` and a `next_cursor` at the top level are read too; a page without any list
	 * is an error, not an empty page.
	 */
	async page(call: MeetGeekCall, listKey: string, cursor?: string): Promise<Page> {
		const qs = { ...call.qs };
		if (cursor !== undefined) qs.cursor = cursor;
		const answer = await this.fetch({ ...call, qs: Object.keys(qs).length > 0 ? qs : undefined });
		// A bare list is the other plausible shape of a page (then there is no cursor).
		if (Array.isArray(answer)) return { answer: {}, items: answer, nextCursor: undefined };
		const items = listIn(answer, listKey);
		if (items === undefined) {
			throw this.notJson(
				call,
				`a list of ${listKey}`,
				`Expected "${listKey}" (or "data") to be a list; MeetGeek sent the keys ${describeKeys(answer)}. `,
			);
		}
		return { answer, items, nextCursor: nextCursorIn(answer) };
	}

	/**
	 * Follows the cursor until the list ends or `max` items were collected, bounded: an empty page
	 * ends it (even with a fresh cursor), a cursor or page that comes back stops with an error, and
	 * so does MAX_PAGES. With `maxPages`, the list ends there instead, marked `truncated`.
	 */
	async all(
		call: MeetGeekCall,
		listKey: string,
		{
			max,
			maxPages,
			sendLimit = true,
		}: {
			max?: number;
			maxPages?: number;
			/** Whether the endpoint takes `limit` (documented for meetings and transcripts only). */
			sendLimit?: boolean;
		} = {},
	): Promise<PagedResult> {
		let first: IDataObject | undefined;
		let collected = 0;
		const result = await collectPages<string | undefined>(
			undefined,
			async (cursor) => {
				const remaining = max === undefined ? PAGE_SIZE : Math.min(max - collected, PAGE_SIZE);
				const qs = sendLimit ? { ...call.qs, limit: remaining } : call.qs;
				const page = await this.page({ ...call, qs }, listKey, cursor);
				first ??= page.answer;
				collected += page.items.length;
				return { items: page.items, next: page.nextCursor };
			},
			{
				max,
				maxPages: Math.min(maxPages ?? MAX_PAGES, MAX_PAGES),
				onCap: maxPages === undefined ? 'error' : 'truncate',
				provider: "MeetGeek's API",
				what: listKey,
				fail: (message, description) =>
					new NodeOperationError(this.connection.context.getNode(), `${message} (${call.action})`, {
						itemIndex: this.connection.itemIndex,
						description: `${description} Each page is one call of MeetGeek's daily quota.`,
					}),
			},
		);
		return { ...result, first: first ?? {} };
	}
}

/** The list in an answer: under `listKey` as documented, else under `data`, else undefined. */
function listIn(answer: IDataObject, listKey: string): IDataObject[] | undefined {
	for (const key of [listKey, 'data']) {
		if (Array.isArray(answer[key])) return answer[key] as IDataObject[];
	}
	return undefined;
}

/** `pagination.next_cursor` as documented, else a top-level `next_cursor`; blank or null means the end. */
function nextCursorIn(answer: IDataObject): string | undefined {
	const pagination = answer.pagination;
	const nested =
		typeof pagination === 'object' && pagination !== null
			? (pagination as IDataObject).next_cursor
			: undefined;
	const next = nested ?? answer.next_cursor;
	if (typeof next === 'number') return String(next);
	return typeof next === 'string' && next !== '' ? next : undefined;
}

function describeKeys(answer: IDataObject): string {
	const keys = Object.keys(answer);
	return keys.length === 0 ? '(none)' : keys.slice(0, 8).join(', ');
}

export interface MeetingDetailsRequest {
	meetingId: string;
	parts: readonly MeetingDetailPart[];
	itemIndex: number;
	/** Whether the delivery that named this meeting had a verified signature. */
	signed: boolean;
}

/**
 * For the trigger: fetches the meeting (always: one call, which also proves the API key may see
 * it), then each chosen part in turn, so that a refusal stops before more of the daily quota is
 * spent. Returns what to add to the output item: `meeting`, and `summary` / `transcript` / `highlights`.
 */
export async function fetchMeetingDetails(
	context: IExecuteFunctions,
	request: MeetingDetailsRequest,
): Promise<IDataObject> {
	const api = await MeetGeekApi.connect(context, request.itemIndex, {
		kind: 'trigger',
		signed: request.signed,
	});
	const { meetingId } = request;
	let meetingPath: string;
	try {
		meetingPath = meetingUrl(meetingId);
	} catch (error) {
		// meetingUrl throws only UnsafeIdError: say where the id came from.
		throw new NodeOperationError(context.getNode(), `The delivery's ${(error as Error).message}`, {
			itemIndex: request.itemIndex,
			description: `${request.signed ? 'The delivery had a valid signature' : 'This delivery was not authenticated (Authentication: None): treat its meeting id as untrusted'}. A meeting id cannot be "." or "..", or contain "/" or "\\", so no details were fetched: such an id would address another endpoint of MeetGeek's API.`,
		});
	}
	const get = (part: MeetingDetailPart | undefined) =>
		api.request({
			method: 'GET',
			path: part === undefined ? meetingPath : `${meetingPath}/${part}`,
			action: `fetch ${part === undefined ? 'the meeting' : `the ${part} of meeting`} ${meetingId}`,
			meetingId,
			part,
		});

	const details: IDataObject = { meeting: await get(undefined) };
	if (request.parts.includes('summary')) details.summary = await get('summary');
	if (request.parts.includes('transcript')) {
		details.transcript = await fetchTranscriptForTrigger(api, meetingId);
	}
	if (request.parts.includes('highlights')) details.highlights = await get('highlights');
	return details;
}

/**
 * The trigger's transcript: `{ meeting_id, sentences, pages }`, at most MAX_TRANSCRIPT_PAGES pages
 * (then `truncated: true`).
 */
async function fetchTranscriptForTrigger(
	api: MeetGeekApi,
	meetingId: string,
): Promise<IDataObject> {
	const { items, first, pages, truncated } = await api.all(transcriptCall(meetingId), 'sentences', {
		maxPages: MAX_TRANSCRIPT_PAGES,
	});
	const transcript: IDataObject = {
		meeting_id: first.meeting_id ?? meetingId,
		sentences: items,
		pages,
	};
	if (truncated) transcript.truncated = true;
	return transcript;
}

/** A meeting's transcript: a cursor-paged list of `sentences` (the node's and the trigger's). */
export function transcriptCall(meetingId: string): MeetGeekCall {
	return {
		method: 'GET',
		path: `${meetingUrl(meetingId)}/transcript`,
		action: `fetch the transcript of meeting ${meetingId}`,
		meetingId,
		part: 'transcript',
	};
}

/** `/v1/meetings/{id}`; an id that could leave its path segment is refused (UnsafeIdError). */
export function meetingUrl(meetingId: string): string {
	return `/v1/meetings/${pathSegment(meetingId, 'Meeting ID')}`;
}

/** `/v1/teams/{id}`; an id that could leave its path segment is refused (UnsafeIdError). */
export function teamUrl(teamId: string): string {
	return `/v1/teams/${pathSegment(teamId, 'Team ID')}`;
}

/** The credential's API address: its region's host, or a checked custom Base URL. */
function apiBaseUrl(
	context: IExecuteFunctions,
	credential: MeetGeekApiCredential,
	itemIndex: number,
): string {
	if (credential.region !== 'custom')
		// A credential saved without a region, or with one this version does not know, keeps the
		// default host.
		return typeof credential.region === 'string' &&
			Object.hasOwn(MEETGEEK_API_REGIONS, credential.region)
			? MEETGEEK_API_REGIONS[credential.region as keyof typeof MEETGEEK_API_REGIONS]
			: MEETGEEK_API_REGIONS.eu;
	const checked = checkBaseUrl(
		credential.baseUrl,
		'The Base URL of the MeetGeek API credential',
		MEETGEEK_API_REGIONS.eu,
	);
	if (!checked.ok)
		throw new NodeOperationError(context.getNode(), checked.problem, {
			itemIndex,
			description: 'Enter the API address, such as https://api.meetgeek.ai, or choose a region.',
		});
	return checked.baseUrl;
}

/** The `unit` of a quota 429 (`{"message":"quota limit reached","unit":"day"}`). */
function quotaUnitOf(body: unknown): string | undefined {
	return bodyField(body, 'unit');
}

function bodyField(body: unknown, field: string): string | undefined {
	const data = typeof body === 'string' ? parseJson(body) : body;
	const value = isRecord(data) ? data[field] : undefined;
	return typeof value === 'string' ? value : undefined;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

const REGION_HINT =
	'keys only work in their own region (EU: api.meetgeek.ai or api-eu.meetgeek.ai, US: api-us.meetgeek.ai)';

/**
 * A MeetGeek API failure as a node error that says what happened and what to do. Built from the
 * status and MeetGeek's JSON body only: the original error (whose request carried the API key) is
 * not attached, and the request is named by method and path (never its body or query, which may
 * hold a pre-signed download URL or a meeting passcode).
 */
function meetGeekApiError(
	connection: Connection,
	failure: Failure,
	call: MeetGeekCall,
	caller: Caller,
): NodeApiError {
	const { status, body } = failure;
	const request = `Request: ${call.method} ${withoutUserinfo(connection.baseUrl)}${call.path}.`;
	const trigger = caller.kind === 'trigger' ? caller : undefined;
	const provenance = trigger?.signed
		? 'The delivery had a valid X-MG-Signature, so MeetGeek itself sent this meeting id'
		: 'This delivery was not authenticated (Authentication: None), so its meeting id may not come from MeetGeek at all: treat it as untrusted';
	const apiText = failure.apiMessage;
	const reason = bodyField(body, 'reason');
	const said =
		apiText !== undefined
			? ` MeetGeek said: "${apiText}"${reason !== undefined ? ` (${reason})` : ''}.`
			: '';
	const { meetingId, part } = call;
	const subject =
		meetingId === undefined
			? call.teamId === undefined
				? 'this'
				: `team ${call.teamId}`
			: `meeting ${meetingId}`;
	let message: string;
	let description: string;

	switch (status) {
		case undefined:
			message = `Could not reach the MeetGeek API to ${call.action}`;
			description = `${failure.cause}. Check the Region or Base URL of the MeetGeek API credential and this server's network access. ${request}`;
			break;
		case 400:
			if (apiText !== 'bad request' || !/api key/i.test(reason ?? '')) {
				message = `MeetGeek refused the request (400) to ${call.action}`;
				description = `Check the fields of this operation.${said} ${request}`;
				break;
			}
		// fall through: MeetGeek answers a missing key with 400
		case 401:
			message = `MeetGeek rejected the API key (${status}) while trying to ${call.action}`;
			description = `Check the API Key of the MeetGeek API credential (MeetGeek → Integrations → Public API) and its Region: ${REGION_HINT}.${said} ${request}`;
			break;
		case 403:
			if (meetingId === undefined) {
				message = `MeetGeek refused access (403) while trying to ${call.action}`;
				description = `The API key's user may not do this${call.teamId !== undefined ? ` (is the user a member of team ${call.teamId}?)` : ''}; some features need a paid MeetGeek plan.${said} ${request}`;
			} else if (part === 'download link') {
				message = `MeetGeek refused the download link of meeting ${meetingId} (403)`;
				description = `Downloads need MeetGeek's Pro plan or above, and a key whose user can view the meeting; MeetGeek allows at most 5 downloads of a meeting at a time.${said} ${request}`;
			} else {
				message = `The MeetGeek API key may not view meeting ${meetingId} (403)`;
				description = trigger
					? trigger.signed
						? `${provenance}; the meeting belongs to another MeetGeek user (with team sharing, MeetGeek notifies every member who can view a meeting) or the key is another user's. Use the API key of a user who can view the meeting, or turn off Include Meeting Details.${said} ${request}`
						: `${provenance}. Otherwise the key's user cannot view this meeting.${said} ${request}`
					: `The meeting belongs to another MeetGeek user who has not shared it with the key's user (directly or through a team). Use the API key of a user who can view it.${said} ${request}`;
			}
			break;
		case 404:
			if (meetingId === undefined) {
				message =
					call.teamId === undefined
						? `MeetGeek's API has no ${call.path} (404)`
						: `MeetGeek has no team ${call.teamId} for this API key (404)`;
				description =
					call.teamId === undefined
						? `Check the Base URL of the MeetGeek API credential (${connection.baseUrl}): it must be MeetGeek's API host, without /v1.${said} ${request}`
						: `Check the Team ID (Team → Get Many lists the teams the key's user belongs to) and the Region of the credential.${said} ${request}`;
			} else if (part === undefined) {
				message = `MeetGeek has no meeting ${meetingId} for this API key (404)`;
				description = trigger
					? trigger.signed
						? `${provenance}, so it exists: the API key probably belongs to another account or region than the webhook (check the Region of the MeetGeek API credential), or the meeting was deleted since.${said} ${request}`
						: `${provenance}: a made-up id gets exactly this answer. If it is genuine, check the Region of the MeetGeek API credential.${said} ${request}`
					: `Check the Meeting ID (the meeting_id of a MeetGeek Trigger item, or Meeting → Get Many) and the Region of the MeetGeek API credential: ${REGION_HINT}.${said} ${request}`;
			} else {
				message = `MeetGeek has no ${part} for meeting ${meetingId} (404)`;
				description = trigger
					? `The meeting exists, but MeetGeek did not generate the ${part} for it. Remove it from Meeting Details, or set the node to continue on error to keep the delivery without it.${said} ${request}`
					: `Either the key cannot find the meeting (check the Meeting ID and the credential's Region) or MeetGeek has not made its ${part}: it does once the meeting is analysed (the MeetGeek Trigger says when), and not for every meeting.${said} ${request}`;
			}
			break;
		case 410:
			message = `MeetGeek says ${subject} is gone (410)`;
			description = `It was deleted or has expired in MeetGeek; nothing to fetch.${said} ${request}`;
			break;
		case 429: {
			const unit = bodyField(body, 'unit');
			const daily = unit === 'day';
			message = daily
				? `MeetGeek's daily API quota is used up (429, per day) while trying to ${call.action}`
				: `MeetGeek's API quota is used up (429${unit !== undefined ? `, per ${unit}` : ''}) while trying to ${call.action}`;
			const reset = daily
				? 'The API key has spent all the calls its MeetGeek plan allows per day; they come back the next day (MeetGeek does not document the hour). The node does not wait for that.'
				: `MeetGeek limits API calls per ${unit ?? 'period'}.${waitAdvice(failure)}`;
			description = trigger
				? `${reset} This delivery was received and recorded (it will not start again), but its details were not fetched. Each delivery costs one call for the meeting plus one per selected detail (the transcript one per page): select fewer details, fetch them later in the workflow, or ask MeetGeek for a higher quota. Until the quota resets, set the node to continue on error to keep receiving deliveries without details.${said} ${request}`
				: `${reset}${failure.waitedSeconds === undefined ? ` Nothing was retried${daily ? ': waiting would not help before the quota resets' : ''}.` : ''} Each call counts, and Return All costs one call per page: set a Limit, run the workflow less often, or ask MeetGeek for a higher quota.${said} ${request}`;
			break;
		}
		default:
			message = `MeetGeek's API failed with ${status} while trying to ${call.action}`;
			description =
				status >= 500
					? `A problem on MeetGeek's side; retry the execution later.${said} ${request}`
					: `Unexpected answer from MeetGeek's API.${said} ${request}`;
	}

	return apiError(
		connection.context.getNode(),
		connection.itemIndex,
		failure,
		message,
		description,
	);
}

/** How long to wait after a short-term 429, and whether the node already waited. */
function waitAdvice(failure: Failure): string {
	if (failure.waitedSeconds !== undefined)
		return ` The node already waited ${seconds(failure.waitedSeconds)} and tried once more.`;
	if (failure.retryAfterSeconds === undefined) return '';
	const longer =
		failure.retryAfterSeconds > MAX_RATE_LIMIT_WAIT_SECONDS
			? ` That is longer than the ${MAX_RATE_LIMIT_WAIT_SECONDS} seconds the node waits on its own.`
			: '';
	return ` Wait ${seconds(failure.retryAfterSeconds)} (MeetGeek's Retry-After) before calling again.${longer}`;
}

/**
 * GET /v1/teams for the editor's team list. A load-options context has no input item, but it has
 * all a client uses (the credential, the node, n8n's authenticated HTTP helper), so the list is
 * read, and its failures worded, by the same client as the node's calls.
 */
export async function fetchTeamsForEditor(
	context: ILoadOptionsFunctions,
): Promise<IDataObject | IDataObject[]> {
	const api = await MeetGeekApi.connect(context as unknown as IExecuteFunctions, 0);
	return await api.fetch({ method: 'GET', path: '/v1/teams', action: 'list the teams' });
}
