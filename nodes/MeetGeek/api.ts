import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type JsonObject,
} from 'n8n-workflow';

import { MEETGEEK_API_REGIONS } from '../../credentials/MeetingWebhooksMeetGeekApi.credentials';

/** The one place that calls MeetGeek's public API (for the trigger's "Include Meeting Details"). */

export const MEETGEEK_API_CREDENTIAL = 'meetingWebhooksMeetGeekApi';

export type MeetingDetailPart = 'summary' | 'transcript' | 'highlights';

/** A transcript is paged by cursor; this many pages (each one API call) are fetched at most. */
export const MAX_TRANSCRIPT_PAGES = 50;

interface MeetGeekApiCredential {
	region?: string;
	baseUrl?: string;
}

export interface MeetingDetailsRequest {
	meetingId: string;
	parts: readonly MeetingDetailPart[];
	itemIndex: number;
	/** Whether the delivery that named this meeting had a verified signature. */
	signed: boolean;
}

/**
 * Fetches the meeting (always: one call, which also proves the API key may see it), then each
 * chosen part in turn, so that a refusal stops before more of the daily quota is spent.
 * Returns what to add to the output item: `meeting`, and `summary` / `transcript` / `highlights`.
 */
export async function fetchMeetingDetails(
	context: IExecuteFunctions,
	request: MeetingDetailsRequest,
): Promise<IDataObject> {
	const baseURL = await apiBaseUrl(context, request.itemIndex);
	const meetingPath = `/v1/meetings/${encodeURIComponent(request.meetingId)}`;
	const call = async (what: string, url: string, qs?: IDataObject): Promise<IDataObject> => {
		const options: IHttpRequestOptions = { method: 'GET', baseURL, url, json: true };
		if (qs !== undefined) options.qs = qs;
		let answer: unknown;
		try {
			answer = await context.helpers.httpRequestWithAuthentication.call(
				context,
				MEETGEEK_API_CREDENTIAL,
				options,
			);
		} catch (error) {
			throw meetGeekApiError(context, error, { ...request, what, url, baseURL });
		}
		if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
			throw new NodeOperationError(
				context.getNode(),
				`MeetGeek's API answered GET ${url} with something other than a JSON object`,
				{
					itemIndex: request.itemIndex,
					description: `Check the Base URL of the MeetGeek API credential (${baseURL}): it must be MeetGeek's API host, without /v1.`,
				},
			);
		}
		return answer as IDataObject;
	};

	const details: IDataObject = { meeting: await call('the meeting', meetingPath) };
	if (request.parts.includes('summary')) {
		details.summary = await call('the summary', `${meetingPath}/summary`);
	}
	if (request.parts.includes('transcript')) {
		details.transcript = await fetchTranscript((qs) =>
			call('the transcript', `${meetingPath}/transcript`, qs),
		);
	}
	if (request.parts.includes('highlights')) {
		details.highlights = await call('the highlights', `${meetingPath}/highlights`);
	}
	return details;
}

/** Follows `pagination.next_cursor` and returns one `{ meeting_id, sentences, pages }` object. */
async function fetchTranscript(
	page: (qs?: IDataObject) => Promise<IDataObject>,
): Promise<IDataObject> {
	const sentences: unknown[] = [];
	let first: IDataObject | undefined;
	let cursor: string | undefined;
	const seen = new Set<string>();
	for (let pages = 1; ; pages += 1) {
		const answer = await page(cursor === undefined ? undefined : { cursor });
		first ??= answer;
		if (!Array.isArray(answer.sentences)) return answer; // not the documented shape: pass it through untouched
		sentences.push(...(answer.sentences as unknown[]));
		const next = (answer.pagination as IDataObject | undefined)?.next_cursor;
		const more = typeof next === 'string' && next !== '' && !seen.has(next);
		if (!more || pages >= MAX_TRANSCRIPT_PAGES) {
			const transcript: IDataObject = {
				meeting_id: first.meeting_id,
				sentences: sentences as IDataObject[],
				pages,
			};
			if (more) transcript.truncated = true;
			return transcript;
		}
		seen.add(next);
		cursor = next;
	}
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
	return credential.region === 'us' ? MEETGEEK_API_REGIONS.us : MEETGEEK_API_REGIONS.eu;
}

interface FailedCall extends MeetingDetailsRequest {
	what: string;
	url: string;
	baseURL: string;
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

/**
 * A MeetGeek API failure as a node error that says what happened and what to do. Built from the
 * status and body only: the original error (whose request carried the API key) is not attached.
 */
export function meetGeekApiError(
	context: IExecuteFunctions,
	error: unknown,
	call: FailedCall,
): NodeApiError {
	const { status, body, message: transportMessage } = failureOf(error);
	const request = `Request: GET ${call.baseURL}${call.url}.`;
	const isMeeting = call.what === 'the meeting';
	const provenance = call.signed
		? 'The delivery had a valid X-MG-Signature, so MeetGeek itself sent this meeting id'
		: 'This delivery was not authenticated (Authentication: None), so its meeting id may not come from MeetGeek at all: treat it as untrusted';
	const apiText = bodyField(body, 'message');
	const said = apiText !== undefined ? ` MeetGeek said: "${apiText}".` : '';
	let message: string;
	let description: string;

	switch (status) {
		case undefined:
			message = `Could not reach the MeetGeek API to fetch ${call.what} of meeting ${call.meetingId}`;
			description = `${transportMessage}. Check the Region or Base URL of the MeetGeek API credential and this server's network access. ${request}`;
			break;
		case 400:
		case 401:
			message = `MeetGeek rejected the API key (${status}) while fetching ${call.what} of meeting ${call.meetingId}`;
			description = `Check the API Key of the MeetGeek API credential (MeetGeek → Integrations → Public API) and its Region: keys only work in their own region (EU: api.meetgeek.ai, US: api-us.meetgeek.ai).${said} ${request}`;
			break;
		case 403:
			message = `The MeetGeek API key may not view meeting ${call.meetingId} (403)`;
			description = call.signed
				? `${provenance}; the meeting belongs to another MeetGeek user (with team sharing, MeetGeek notifies every member who can view a meeting) or the key is another user's. Use the API key of a user who can view the meeting, or turn off Include Meeting Details.${said} ${request}`
				: `${provenance}. Otherwise the key's user cannot view this meeting.${said} ${request}`;
			break;
		case 404:
			if (isMeeting) {
				message = `MeetGeek has no meeting ${call.meetingId} for this API key (404)`;
				description = call.signed
					? `${provenance}, so it exists: the API key probably belongs to another account or region than the webhook (check the Region of the MeetGeek API credential), or the meeting was deleted since.${said} ${request}`
					: `${provenance}: a made-up id gets exactly this answer. If it is genuine, check the Region of the MeetGeek API credential.${said} ${request}`;
			} else {
				message = `MeetGeek has no ${call.what.replace(/^the /, '')} for meeting ${call.meetingId} (404)`;
				description = `The meeting exists, but MeetGeek did not generate ${call.what} for it. Remove it from Meeting Details, or set the node to continue on error to keep the delivery without it.${said} ${request}`;
			}
			break;
		case 429: {
			const unit = bodyField(body, 'unit');
			message = `MeetGeek's API quota is used up (429${unit !== undefined ? `, per ${unit}` : ''}) while fetching ${call.what} of meeting ${call.meetingId}`;
			description = `MeetGeek limits API calls per ${unit ?? 'period'}; this delivery was received and recorded (it will not start again), but its details were not fetched. Each delivery costs one call for the meeting plus one per selected detail (the transcript one per page): select fewer details, fetch them later in the workflow, or ask MeetGeek for a higher quota. Until the quota resets, set the node to continue on error to keep receiving deliveries without details.${said} ${request}`;
			break;
		}
		default:
			message = `MeetGeek's API failed with ${status} while fetching ${call.what} of meeting ${call.meetingId}`;
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
