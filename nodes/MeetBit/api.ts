import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
} from 'n8n-workflow';

import { apiError } from '../shared/actions/apiError';
import { pathSegment } from '../shared/actions/pathSegment';
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
 * The one place that talks to MeetBit's Public API (https://{primary domain}/api/public/v2.0).
 * Only MeetBit's facts live here: the base URL from the Primary Domain, its rate limits, and what
 * its failures mean; the shared transport sends (n8n adds the `X-Access-Key-Id` /
 * `X-Access-Key-Secret` headers) and keeps the keys out of every message.
 */

export const MEETBIT_API_CREDENTIAL = 'meetingWebhooksMeetBitApi';
export const MEETBIT_API_PATH = '/api/public/v2.0';

/**
 * The longest wait the node accepts from a 429's Retry-After before trying once more. A longer
 * one stops the item with a message (MeetBit lengthens the penalty for clients that keep calling).
 */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 60;

/** MeetBit's documented default rate limits (requests per second). */
const CLIENT_LIMIT_PER_SECOND = 5;
const TENANT_LIMIT_PER_SECOND = 10;

/** The clock MeetBit's pacing and 429 waits use (tests replace it). */
export const meetBitClock = systemClock();

const MEETBIT_API: ApiDefinition = {
	credentialType: MEETBIT_API_CREDENTIAL,
	limits: {
		paceRequests: CLIENT_LIMIT_PER_SECOND,
		// A little over a second: MeetBit counts arrivals, and requests do not all take as long.
		paceWindowMs: 1100,
		maxWaitSeconds: MAX_RATE_LIMIT_WAIT_SECONDS,
		// MeetBit documents a Retry-After on every 429; without one, its limits are per second.
		waitWithoutRetryAfter: 1,
		clock: meetBitClock,
	},
	messageOf: messageOf,
};

/** Loopback hosts are called over plain http: local stand-ins of the API, for tests only. */
const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface MeetBitCredential {
	primaryDomain?: string;
	accessKeyId?: string;
	accessKeySecret?: string;
}

export type DomainCheck =
	| { ok: true; host: string; baseUrl: string }
	| { ok: false; problem: string };

/**
 * Reads the credential's Primary Domain: a host (with an optional port) and nothing else. The
 * API is always `https://{host}/api/public/v2.0`; only a loopback host gets http.
 */
export function checkPrimaryDomain(value: unknown): DomainCheck {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '')
		return {
			ok: false,
			problem:
				'Primary Domain is empty: enter the host of your MeetBit tenant, e.g. meet.example.com.',
		};
	const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text);
	const rest = scheme === null ? text : text.slice(scheme[0].length);
	const hostPart = rest.split(/[/?#]/, 1)[0];
	let url: URL | undefined;
	try {
		url = new URL(`https://${hostPart}`);
	} catch {
		url = undefined;
	}
	// A user:password would be echoed below and sent nowhere useful: name it without quoting it.
	if (rest.includes('@'))
		return {
			ok: false,
			problem:
				'Primary Domain contains a user name or password (…@): enter the host of your MeetBit tenant only, e.g. meet.example.com.',
		};
	if (url === undefined || hostPart === '' || /[\s@\\]/.test(hostPart) || url.hostname === '')
		return {
			ok: false,
			problem: `Primary Domain "${text}" is not a host name: enter the host of your MeetBit tenant only, e.g. meet.example.com.`,
		};
	if (scheme !== null || rest !== hostPart) {
		return {
			ok: false,
			problem: `Primary Domain must be the host only, without ${scheme !== null ? `"${scheme[0]}"` : ''}${scheme !== null && rest !== hostPart ? ' or ' : ''}${rest !== hostPart ? 'a path' : ''}: enter "${url.host}". The node adds https:// and ${MEETBIT_API_PATH} itself.`,
		};
	}
	const protocol = LOOPBACK_HOSTNAMES.has(url.hostname) ? 'http' : 'https';
	return { ok: true, host: url.host, baseUrl: `${protocol}://${url.host}${MEETBIT_API_PATH}` };
}

/**
 * What is wrong with the credential's fields, or undefined if they are well formed. Shared by the
 * credential's Test (MeetBit documents no read-only endpoint to call) and every API call.
 */
export function credentialProblem(credential: MeetBitCredential): string | undefined {
	const domain = checkPrimaryDomain(credential.primaryDomain);
	if (!domain.ok) return domain.problem;
	for (const [field, label] of [
		['accessKeyId', 'Access Key ID'],
		['accessKeySecret', 'Access Key Secret'],
	] as const) {
		const value = credential[field];
		if (typeof value !== 'string' || value === '')
			return `${label} is empty: create an access key under a Client in the MeetBit Admin Panel and paste its ID and secret.`;
		if (value.trim() !== value)
			return `${label} starts or ends with white space: copy it again without surrounding spaces or line breaks.`;
		if (/[\r\n\t]/.test(value))
			return `${label} contains a line break or tab: copy it again as one line.`;
	}
	return undefined;
}

export interface CancelEventRequest {
	calendarId: string;
	eventId: string;
	cancelNote: string;
}

/** One call, with what its 404 and a refused permission mean. */
interface MeetBitCall extends ApiRequest {
	notFound: string;
	notFoundHint: string;
	/** The permission of the key's Client Role the call needs. */
	permission: string;
}

export class MeetBitApi extends ApiClient<MeetBitCall> {
	private constructor(
		connection: Connection,
		/** The tenant's host, which messages name (never a key). */
		private readonly host: string,
	) {
		super(connection);
	}

	/** A client for input item `itemIndex`, at the tenant its credential's Primary Domain names. */
	static async connect(context: IExecuteFunctions, itemIndex: number): Promise<MeetBitApi> {
		const credential = await context.getCredentials<MeetBitCredential>(
			MEETBIT_API_CREDENTIAL,
			itemIndex,
		);
		const problem = credentialProblem(credential);
		if (problem !== undefined)
			throw new NodeOperationError(context.getNode(), `MeetBit API credential: ${problem}`, {
				itemIndex,
				level: 'warning',
			});
		const domain = checkPrimaryDomain(credential.primaryDomain) as {
			host: string;
			baseUrl: string;
		};
		const secrets = [credential.accessKeyId ?? '', credential.accessKeySecret ?? ''];
		return new MeetBitApi(
			connectionFor(context, MEETBIT_API, domain.baseUrl, secrets, itemIndex),
			domain.host,
		);
	}

	/** `POST /calendars/{calendar_id}/events/{event_id}/cancel`; returns the canceled Event. */
	async cancelEvent(request: CancelEventRequest): Promise<IDataObject> {
		const path = `/calendars/${pathSegment(request.calendarId, 'Calendar ID')}/events/${pathSegment(request.eventId, 'Event ID')}/cancel`;
		const answer = await this.send({
			method: 'POST',
			path,
			body: { cancel_note: request.cancelNote },
			notFound: `MeetBit has no event ${request.eventId} in calendar ${request.calendarId} (404)`,
			notFoundHint:
				'Check Calendar ID and Event ID: a MeetBit Trigger item has them as data.calendar_id and data.id (data.event_id for meeting_links.scheduled, whose data.id is the meeting link). An event that is already canceled or deleted may also answer 404.',
			permission: 'events.delete.*',
		});
		// Documented answer: { message, data: Event }. A bare Event or an empty 202 are handled too.
		if (isRecord(answer) && isRecord(answer.data)) return answer.data as IDataObject;
		if (isRecord(answer) && answer.id !== undefined) return answer as IDataObject;
		return {
			id: Number(request.eventId),
			calendar_id: Number(request.calendarId),
			cancel_note: request.cancelNote,
		};
	}

	/**
	 * A 429 was already waited out once when its Retry-After was at most MAX_RATE_LIMIT_WAIT_SECONDS
	 * (MeetBit asks callers to wait exactly that, never to retry at once); what is left is reported.
	 */
	protected failed(failure: Failure, call: MeetBitCall): NodeApiError {
		return describeFailure(this.connection, this.host, failure, call);
	}
}

/** MeetBit's message: the plain-text body (its 401, 404 and 429), or a JSON `message`. */
function messageOf(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const text = body.trim();
		if (text === '') return undefined;
		// A JSON body n8n left unparsed (a text/plain content type, for instance).
		const parsed = parseJson(text);
		return isRecord(parsed) ? messageOf(parsed) : text;
	}
	if (!isRecord(body)) return undefined;
	return typeof body.message === 'string' && body.message !== '' ? body.message : undefined;
}

/** A 400's per-field errors (`errors`: field → messages), from a JSON body or its text. */
function fieldErrorsOf(body: unknown): Record<string, string[]> | undefined {
	const data = typeof body === 'string' ? parseJson(body) : body;
	if (!isRecord(data) || !isRecord(data.errors)) return undefined;
	const fields: Record<string, string[]> = {};
	for (const [field, messages] of Object.entries(data.errors)) {
		const list = (Array.isArray(messages) ? messages : [messages]).filter(
			(message): message is string => typeof message === 'string',
		);
		if (list.length > 0) fields[field] = list;
	}
	return Object.keys(fields).length > 0 ? fields : undefined;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/** The node's own names for the body fields MeetBit may name in a 400. */
const FIELD_LABELS: Record<string, string> = { cancel_note: 'Cancel Note' };

function describeFailure(
	connection: Connection,
	host: string,
	failure: Failure,
	messages: MeetBitCall,
): NodeApiError {
	const error = (message: string, description: string): NodeApiError =>
		apiError(connection.context.getNode(), connection.itemIndex, failure, message, description);
	const said = failure.apiMessage === undefined ? '' : ` MeetBit said: "${failure.apiMessage}".`;
	switch (failure.status) {
		case undefined:
			return error(
				`Could not reach MeetBit at ${host}`,
				`The request did not get an answer (${failure.cause}). Check the network, and the Primary Domain of the MeetBit API credential: the host your MeetBit Admin Panel is on.`,
			);
		case 401:
			if (/access denied/i.test(failure.apiMessage ?? '')) {
				return error(
					'MeetBit refused: the access key may not do this (401 Access Denied)',
					`The key is valid, but the Role of its Client lacks the permission ${messages.permission}. In the MeetBit Admin Panel, grant it to that Client's Role (or use a key of a Client that has it).${said}`,
				);
			}
			return error(
				'MeetBit rejected the access key (401 Unauthorized)',
				`Check Access Key ID and Access Key Secret in the MeetBit API credential: both come from an access key of a Client in the MeetBit Admin Panel, and the secret is shown only once (create a new key if it is lost). Keys belong to one tenant: check Primary Domain too (${host}).${said}`,
			);
		case 400: {
			const fields = Object.entries(fieldErrorsOf(failure.body) ?? {});
			const list = fields
				.map(([field, errors]) => `${FIELD_LABELS[field] ?? field}: ${errors.join(' ')}`)
				.join('; ');
			return error(
				`MeetBit refused the request as invalid (400)${list === '' ? (failure.apiMessage === undefined ? '' : `: ${failure.apiMessage}`) : `: ${list}`}`,
				fields.length > 0
					? `Fix ${fields.map(([field]) => FIELD_LABELS[field] ?? field).join(', ')} and run the node again.`
					: `Check the values sent.${said}`,
			);
		}
		case 404:
			return error(
				messages.notFound,
				`${messages.notFoundHint} Also check that Primary Domain (${host}) is the tenant the IDs come from.${said}`,
			);
		case 429: {
			const wait =
				failure.retryAfterSeconds === undefined
					? 'the time MeetBit names'
					: `${seconds(failure.retryAfterSeconds)} (MeetBit's Retry-After)`;
			const waited =
				failure.waitedSeconds === undefined
					? failure.retryAfterSeconds !== undefined &&
						failure.retryAfterSeconds > MAX_RATE_LIMIT_WAIT_SECONDS
						? ` That is longer than the ${MAX_RATE_LIMIT_WAIT_SECONDS} seconds the node waits on its own.`
						: ''
					: ` The node already waited ${seconds(failure.waitedSeconds)} and tried once more.`;
			return error(
				"MeetBit's rate limit was reached (429 Too Many Requests)",
				`Wait ${wait} before calling MeetBit again.${waited} MeetBit allows ${CLIENT_LIMIT_PER_SECOND} requests per second per Client and ${TENANT_LIMIT_PER_SECOND} per tenant by default (a Client's limit can be raised in the Admin Panel); requests made while limited lengthen the wait and can get the Client suspended. Send fewer items at a time (for example Loop Over Items with a Wait node).`,
			);
		}
		default:
			return error(
				`MeetBit answered with an error (${failure.status})${failure.apiMessage === undefined ? '' : `: ${failure.apiMessage}`}`,
				failure.status >= 500
					? `This is on MeetBit's side; try again later. The change may or may not have been made: check in MeetBit before retrying.${said}`
					: `MeetBit refused the request.${said}`,
			);
	}
}
