import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { MEETGEEK_API_REGIONS } from '../../credentials/MeetingWebhooksMeetGeekApi.credentials';

/**
 * The one client of MeetGeek's public API, shared by the MeetGeek node and the MeetGeek Trigger's
 * "Include Meeting Details": base URL from the credential's region, the Bearer key (n8n adds it),
 * cursor pagination, and one mapping of failures to node errors.
 */

export const MEETGEEK_API_CREDENTIAL = 'meetingWebhooksMeetGeekApi';

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

export interface MeetGeekCall {
	method: IHttpRequestMethods;
	/** The path under the base URL, such as `/v1/meetings`. */
	url: string;
	qs?: IDataObject;
	body?: IDataObject;
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

export class MeetGeekApi {
	private constructor(
		private readonly context: IExecuteFunctions,
		readonly baseURL: string,
		private readonly itemIndex: number,
		private readonly caller: Caller,
	) {}

	/** A client for input item `itemIndex`, with the base URL of its credential's region. */
	static async connect(
		context: IExecuteFunctions,
		itemIndex: number,
		caller: Caller = { kind: 'node' },
	): Promise<MeetGeekApi> {
		return new MeetGeekApi(context, await apiBaseUrl(context, itemIndex), itemIndex, caller);
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

	private async send(call: MeetGeekCall): Promise<unknown> {
		const options: IHttpRequestOptions = {
			method: call.method,
			baseURL: this.baseURL,
			url: call.url,
			json: true,
		};
		if (call.qs !== undefined) options.qs = call.qs;
		if (call.body !== undefined) options.body = call.body;
		try {
			return await this.context.helpers.httpRequestWithAuthentication.call(
				this.context,
				MEETGEEK_API_CREDENTIAL,
				options,
			);
		} catch (error) {
			throw meetGeekApiError(this.context, error, {
				...call,
				baseURL: this.baseURL,
				itemIndex: this.itemIndex,
				caller: this.caller,
			});
		}
	}

	private notJson(call: MeetGeekCall, expected: string, detail = ''): NodeOperationError {
		return new NodeOperationError(
			this.context.getNode(),
			`MeetGeek's API answered ${call.method} ${call.url} without ${expected}`,
			{
				itemIndex: this.itemIndex,
				description: `${detail}Check the Base URL of the MeetGeek API credential (${this.baseURL}): it must be MeetGeek's API host, without /v1.`,
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
	 * Follows the cursor until the list ends, `max` items were collected or `maxPages` pages were
	 * read (then `truncated`). A cursor that comes back again stops with an error rather than
	 * looping or returning part of the list as if it were all of it.
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
		const items: IDataObject[] = [];
		const seen = new Set<string>();
		let first: IDataObject | undefined;
		let cursor: string | undefined;
		for (let pages = 1; ; pages += 1) {
			const remaining = max === undefined ? PAGE_SIZE : Math.min(max - items.length, PAGE_SIZE);
			const qs = sendLimit ? { ...call.qs, limit: remaining } : call.qs;
			const page = await this.page({ ...call, qs }, listKey, cursor);
			first ??= page.answer;
			items.push(...page.items);
			const next = page.nextCursor;
			if (max !== undefined && items.length >= max) {
				return { items: items.slice(0, max), first, pages, truncated: false };
			}
			if (next === undefined) return { items, first, pages, truncated: false };
			if (maxPages !== undefined && pages >= maxPages)
				return { items, first, pages, truncated: true };
			if (seen.has(next) || next === cursor) {
				throw new NodeOperationError(
					this.context.getNode(),
					`MeetGeek's API sent the same page cursor twice while trying to ${call.action}`,
					{
						itemIndex: this.itemIndex,
						description: `Stopped after ${pages} pages (${items.length} ${listKey}) instead of looping. Retry later, or set a Limit.`,
					},
				);
			}
			seen.add(next);
			cursor = next;
		}
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
	const meetingPath = meetingUrl(meetingId);
	const get = (part: MeetingDetailPart | undefined) =>
		api.request({
			method: 'GET',
			url: part === undefined ? meetingPath : `${meetingPath}/${part}`,
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
		url: `${meetingUrl(meetingId)}/transcript`,
		action: `fetch the transcript of meeting ${meetingId}`,
		meetingId,
		part: 'transcript',
	};
}

/** `/v1/meetings/{id}`, with the id encoded so that it cannot leave its path segment. */
export function meetingUrl(meetingId: string): string {
	return `/v1/meetings/${encodeURIComponent(meetingId)}`;
}

async function apiBaseUrl(context: IExecuteFunctions, itemIndex: number): Promise<string> {
	const credential = await context.getCredentials<MeetGeekApiCredential>(
		MEETGEEK_API_CREDENTIAL,
		itemIndex,
	);
	if (credential.region === 'custom') {
		const baseUrl =
			typeof credential.baseUrl === 'string' ? credential.baseUrl.trim().replace(/\/+$/, '') : '';
		if (!/^https?:\/\/[^/\s]+/i.test(baseUrl)) {
			throw new NodeOperationError(
				context.getNode(),
				'The Base URL of the MeetGeek API credential is not an http(s) URL',
				{
					itemIndex,
					description:
						'Enter the API address, such as https://api.meetgeek.ai, or choose the EU or US region.',
				},
			);
		}
		return baseUrl;
	}
	// A credential saved without a region, or with one this version does not know, keeps the default host.
	const region = credential.region;
	return typeof region === 'string' && Object.hasOwn(MEETGEEK_API_REGIONS, region)
		? MEETGEEK_API_REGIONS[region as keyof typeof MEETGEEK_API_REGIONS]
		: MEETGEEK_API_REGIONS.eu;
}

export interface FailedCall extends MeetGeekCall {
	baseURL: string;
	itemIndex: number;
	caller: Caller;
}

/** Status and body of a failed request, from n8n's NodeApiError (or a raw HTTP client error). */
function failureOf(error: unknown): { status: number | undefined; body: unknown; message: string } {
	const failure = error as {
		httpCode?: unknown;
		message?: unknown;
		context?: { data?: unknown };
		cause?: { response?: { status?: unknown; data?: unknown } };
		response?: { status?: unknown; data?: unknown };
	} | null;
	const rawStatus =
		failure?.httpCode ?? failure?.cause?.response?.status ?? failure?.response?.status;
	const status = Number(rawStatus);
	return {
		status:
			rawStatus !== null && rawStatus !== undefined && Number.isInteger(status) && status >= 100
				? status
				: undefined,
		body: failure?.cause?.response?.data ?? failure?.response?.data ?? failure?.context?.data,
		message: typeof failure?.message === 'string' ? failure.message : String(error),
	};
}

function bodyField(body: unknown, field: string): string | undefined {
	const value =
		typeof body === 'object' && body !== null ? (body as IDataObject)[field] : undefined;
	return typeof value === 'string' ? value : undefined;
}

const REGION_HINT =
	'keys only work in their own region (EU: api.meetgeek.ai or api-eu.meetgeek.ai, US: api-us.meetgeek.ai)';

/**
 * A MeetGeek API failure as a node error that says what happened and what to do. Built from the
 * status and MeetGeek's JSON body only: the original error (whose request carried the API key) is
 * not attached, and the request is named by method and path (never its body or query, which may
 * hold a pre-signed download URL or a meeting passcode).
 */
export function meetGeekApiError(
	context: IExecuteFunctions,
	error: unknown,
	call: FailedCall,
): NodeApiError {
	const { status, body, message: transportMessage } = failureOf(error);
	const request = `Request: ${call.method} ${call.baseURL}${call.url}.`;
	const trigger = call.caller.kind === 'trigger' ? call.caller : undefined;
	const provenance = trigger?.signed
		? 'The delivery had a valid X-MG-Signature, so MeetGeek itself sent this meeting id'
		: 'This delivery was not authenticated (Authentication: None), so its meeting id may not come from MeetGeek at all: treat it as untrusted';
	const apiText = bodyField(body, 'message');
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
			description = `${transportMessage}. Check the Region or Base URL of the MeetGeek API credential and this server's network access. ${request}`;
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
						? `MeetGeek's API has no ${call.url} (404)`
						: `MeetGeek has no team ${call.teamId} for this API key (404)`;
				description =
					call.teamId === undefined
						? `Check the Base URL of the MeetGeek API credential (${call.baseURL}): it must be MeetGeek's API host, without /v1.${said} ${request}`
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
				? 'The API key has spent all the calls its MeetGeek plan allows per day; they come back the next day (MeetGeek does not document the hour).'
				: `MeetGeek limits API calls per ${unit ?? 'period'}.`;
			description = trigger
				? `${reset} This delivery was received and recorded (it will not start again), but its details were not fetched. Each delivery costs one call for the meeting plus one per selected detail (the transcript one per page): select fewer details, fetch them later in the workflow, or ask MeetGeek for a higher quota. Until the quota resets, set the node to continue on error to keep receiving deliveries without details.${said} ${request}`
				: `${reset} Nothing was retried${daily ? ': waiting would not help before the quota resets' : ''}. Each call counts, and Return All costs one call per page: set a Limit, run the workflow less often, or ask MeetGeek for a higher quota.${said} ${request}`;
			break;
		}
		default:
			message = `MeetGeek's API failed with ${status} while trying to ${call.action}`;
			description =
				status >= 500
					? `A problem on MeetGeek's side; retry the execution later.${said} ${request}`
					: `Unexpected answer from MeetGeek's API.${said} ${request}`;
	}

	const response: JsonObject = { httpCode: status === undefined ? null : String(status) };
	if (typeof body === 'object' && body !== null) response.body = body as JsonObject;
	return new NodeApiError(context.getNode(), response, {
		message,
		description,
		httpCode: status === undefined ? undefined : String(status),
		itemIndex: call.itemIndex,
	});
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
	return await api.fetch({ method: 'GET', url: '/v1/teams', action: 'list the teams' });
}
