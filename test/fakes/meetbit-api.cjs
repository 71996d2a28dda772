'use strict';
// A local stand-in for MeetBit's Public API, strict the way a test needs it to be. Loopback only; it
// plays one tenant, whose primary domain is its host:port, under /api/public/v2.0. It serves the one
// documented endpoint, answering with the documented body (test/fixtures/meetbit/cancel-event.json):
//   POST /calendars/{calendar_id}/events/{event_id}/cancel   body { "cancel_note": string ≤ 255 }
//   → 200 { "message", "data": Event }
//   source: https://meetbit.mintlify.app/api-reference/events/cancel-event
// and the documented errors (test/fixtures/meetbit/errors.json, https://meetbit.mintlify.app/basics/responses,
// /basics/auth, /basics/rate-limiting):
//   401 text/plain "Invalid or missing access key."   (a wrong or missing X-Access-Key-Id / -Secret)
//   401 text/plain "Access Denied."                   (the Client's Role lacks events.delete.*)
//   404 text/plain "Resource object does not exist."
//   400 application/json { "message", "errors": { field: [messages] } }
//   429 text/plain "Too many requests." with Retry-After (more than the Client's limit per second)
// plus the RateLimit-Limit / -Remaining / -Reset headers on every answer.
// A body field other than cancel_note, or any query parameter, gets the 400 naming it: the
// reference lists no other, so a node that sends one fails its tests.
// Not documented, so chosen here: a canceled event is soft-deleted (deleted_at set) and a second
// cancel answers 404, as a Laravel route over soft-deleted models does.
// Plain CommonJS on purpose: the package's .ts files may not import node:http (n8n's lint rules).
//
//   const { start } = require('./meetbit-api.cjs'); const api = await start(); ... await api.close();
//   node test/fakes/meetbit-api.cjs --port 8791   → prints {"url":"http://127.0.0.1:8791","primaryDomain":"127.0.0.1:8791"}

const path = require('node:path');

const { listenLoopback, runFromCommandLine } = require('./loopback.cjs');

/** Test values, not real MeetBit keys. */
const DEFAULT_ACCESS_KEY_ID = 'MBP-fake-access-key-id';
const DEFAULT_ACCESS_KEY_SECRET = 'meetbit-fake-access-key-secret';
const API_PATH = '/api/public/v2.0';
/** MeetBit's documented default per-Client limit. */
const DEFAULT_LIMIT_PER_SECOND = 5;

const FIXTURE_DIR = path.join(__dirname, '..', 'fixtures', 'meetbit');

/** A documented answer, as kept in test/fixtures/meetbit/<name>.json. */
function fixture(name) {
	return require(path.join(FIXTURE_DIR, `${name}.json`));
}

const DOCUMENTED_ERRORS = fixture('errors').responses;

const TEXT_ERRORS = Object.freeze({
	invalidKey: DOCUMENTED_ERRORS['401'].body,
	accessDenied: DOCUMENTED_ERRORS['401-permission'].body,
	notFound: DOCUMENTED_ERRORS['404'].body,
	rateLimited: DOCUMENTED_ERRORS['429'].body,
});

/** The fields the reference lists for the cancel endpoint's body. */
const CANCEL_BODY_FIELDS = fixture('cancel-event').request.body;

/**
 * Events of the tenant, with the ids the MeetBit Trigger's sample deliveries carry: the documented
 * example Event with this tenant's values, so that no key is added or lost.
 */
function eventFixtures() {
	const example = fixture('cancel-event').body.data;
	const at = '2026-11-23T09:00:00Z';
	const event = (id, title, start, end, meetingLinkId) => ({
		...example,
		id,
		calendar_id: 42,
		title,
		start,
		end,
		attendees: [
			{
				...example.attendees[0],
				email: 'host@example.com',
				name: 'Hana Host',
				is_organizer: true,
				customer_id: null,
				calendar_id: 42,
			},
			{
				...example.attendees[0],
				email: 'jane@example.com',
				name: 'Jane Doe',
				is_organizer: false,
				customer_id: 901,
				calendar_id: null,
			},
		],
		body: 'Intro call booked through a meeting link.',
		location: 'Online',
		cancel_note: null,
		canceled_by_id: null,
		created_at: at,
		updated_at: at,
		deleted_at: null,
		public_id: `evt_${id}`,
		provider_event_id: `google-${id}`,
		customer_id: 901,
		meeting_link_id: meetingLinkId,
		online_conference: {
			...example.online_conference,
			id: id + 10000,
			online_conference_account_id: 7,
			public_id: `conf_${id}`,
			title,
			is_public: false,
			deleted_at: null,
			created_at: at,
			updated_at: at,
			backer_event_id: id,
			is_occurred: false,
			started_at: null,
			ended_at: null,
		},
	});
	return [
		event(1234, 'Intro call — Jane Doe', '2026-12-01T10:00:00Z', '2026-12-01T10:30:00Z', null),
		event(5678, 'Demo — Jane Doe', '2026-12-02T14:00:00Z', '2026-12-02T14:45:00Z', 1234),
	];
}

/**
 * Starts the fake on 127.0.0.1.
 * @param {{ port?: number, accessKeyId?: string, accessKeySecret?: string, limitPerSecond?: number }} [options]
 */
function start({
	port = 0,
	accessKeyId = DEFAULT_ACCESS_KEY_ID,
	accessKeySecret = DEFAULT_ACCESS_KEY_SECRET,
	limitPerSecond = DEFAULT_LIMIT_PER_SECOND,
} = {}) {
	const events = new Map();
	const requests = [];
	let permissions = new Set(['events.delete.*']);
	let failure = null;
	let limit = limitPerSecond;
	/** Times (ms) of this second's requests: valid and invalid ones both count, as MeetBit says. */
	let window = [];

	function reset() {
		events.clear();
		for (const event of eventFixtures()) events.set(`${event.calendar_id}/${event.id}`, event);
		requests.length = 0;
		permissions = new Set(['events.delete.*']);
		failure = null;
		limit = limitPerSecond;
		window = [];
	}
	reset();

	function send(response, status, body, headers = {}) {
		const json = typeof body !== 'string';
		const text = json ? JSON.stringify(body) : body;
		// 202 is MeetBit's success without a body: no content type either.
		const type =
			text === ''
				? {}
				: { 'content-type': json ? 'application/json' : 'text/plain; charset=UTF-8' };
		response.writeHead(status, {
			...type,
			'content-length': Buffer.byteLength(text),
			...headers,
		});
		response.end(text);
		return status;
	}

	function rateHeaders(now) {
		window = window.filter((time) => now - time < 1000);
		const reset = window.length === 0 ? 1 : Math.max(1, Math.ceil((window[0] + 1000 - now) / 1000));
		return {
			'ratelimit-limit': String(limit),
			'ratelimit-remaining': String(Math.max(0, limit - window.length)),
			'ratelimit-reset': String(reset),
		};
	}

	function validate(body, query) {
		const errors = {};
		for (const name of query.keys())
			errors[name] = [`The ${name} query parameter is not accepted by this endpoint.`];
		if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
			for (const name of Object.keys(body)) {
				if (!CANCEL_BODY_FIELDS.includes(name))
					errors[name] = [`The ${name} field is not accepted by this endpoint.`];
			}
		}
		const note = body === null || typeof body !== 'object' ? undefined : body.cancel_note;
		if (note === undefined || note === null || (typeof note === 'string' && note.trim() === ''))
			errors.cancel_note = DOCUMENTED_ERRORS['400'].body.errors.cancel_note;
		else if (typeof note !== 'string')
			errors.cancel_note = ['The cancel note field must be a string.'];
		else if (note.length > 255)
			errors.cancel_note = ['The cancel note field must not be greater than 255 characters.'];
		const fields = Object.keys(errors);
		if (fields.length === 0) return null;
		const first = errors[fields[0]][0];
		const more = fields.length - 1;
		return {
			message: more === 0 ? first : `${first} (and ${more} more error${more === 1 ? '' : 's'})`,
			errors,
		};
	}

	function handle(request, response) {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const entry = {
			method: request.method,
			path: url.pathname,
			body: undefined,
			authorized: false,
			status: 0,
		};
		requests.push(entry);
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let body;
			try {
				body = raw === '' ? undefined : JSON.parse(raw);
			} catch {
				body = raw;
			}
			entry.body = body;
			const now = Date.now();
			const headers = rateHeaders(now);
			if (failure !== null && failure.status === 429) {
				const retryAfter = failure.retryAfter ?? 1;
				if (failure.times !== undefined && (failure.times -= 1) <= 0) failure = null;
				entry.status = send(response, 429, TEXT_ERRORS.rateLimited, {
					...headers,
					'ratelimit-remaining': '0',
					'retry-after': String(retryAfter),
				});
				return;
			}
			if (window.length >= limit) {
				entry.status = send(response, 429, TEXT_ERRORS.rateLimited, {
					...headers,
					'retry-after': headers['ratelimit-reset'],
				});
				return;
			}
			window.push(now);
			const after = rateHeaders(now);
			if (
				request.headers['x-access-key-id'] !== accessKeyId ||
				request.headers['x-access-key-secret'] !== accessKeySecret
			) {
				entry.status = send(response, 401, TEXT_ERRORS.invalidKey, after);
				return;
			}
			entry.authorized = true;
			if (failure !== null) {
				const { status, body: failureBody } = failure;
				if (failure.times !== undefined && (failure.times -= 1) <= 0) failure = null;
				entry.status = send(response, status, failureBody, after);
				return;
			}
			const match = new RegExp(`^${API_PATH}/calendars/(\\d+)/events/(\\d+)/cancel$`).exec(
				url.pathname,
			);
			if (match === null || request.method !== 'POST') {
				entry.status = send(response, 404, TEXT_ERRORS.notFound, after);
				return;
			}
			if (!permissions.has('events.delete.*')) {
				entry.status = send(response, 401, TEXT_ERRORS.accessDenied, after);
				return;
			}
			const event = events.get(`${match[1]}/${match[2]}`);
			if (event === undefined || event.deleted_at !== null) {
				entry.status = send(response, 404, TEXT_ERRORS.notFound, after);
				return;
			}
			const invalid = validate(body, url.searchParams);
			if (invalid !== null) {
				entry.status = send(response, 400, invalid, after);
				return;
			}
			const time = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
			event.cancel_note = body.cancel_note.trim();
			event.updated_at = time;
			event.deleted_at = time;
			entry.status = send(
				response,
				200,
				{ message: fixture('cancel-event').body.message, data: event },
				after,
			);
		});
	}

	return listenLoopback(handle, port).then(({ url, port: bound, close }) => ({
		url,
		/** What goes into the credential's Primary Domain. */
		primaryDomain: `127.0.0.1:${bound}`,
		accessKeyId,
		accessKeySecret,
		/** Every request, with its parsed body (never the access key headers). */
		requests,
		/** The tenant's events by "calendar_id/event_id". */
		events,
		/** Back to the fixtures, full permissions, no failure, the default limit. */
		reset,
		/** Grants or takes away the Client's events.delete.* permission. */
		setCanCancel(allowed) {
			permissions = allowed ? new Set(['events.delete.*']) : new Set();
		},
		/** Requests per second before 429 (MeetBit's default per Client is 5). */
		setLimitPerSecond(perSecond) {
			limit = perSecond;
			window = [];
		},
		/**
		 * Answers the next `times` requests (or all until cleared with null) with `status`:
		 * 429 with `retryAfter` seconds (checked before the keys, as a limiter is), or after the
		 * key check another status with `body` (default: MeetBit's documented one for it).
		 */
		setFailure(next) {
			failure =
				next === null || next === undefined
					? null
					: {
							status: next.status,
							body:
								next.body ??
								(next.status === 404 ? TEXT_ERRORS.notFound : { message: 'Server Error' }),
							retryAfter: next.retryAfter,
							times: next.times,
						};
		},
		close,
	}));
}

module.exports = {
	start,
	fixture,
	DEFAULT_ACCESS_KEY_ID,
	DEFAULT_ACCESS_KEY_SECRET,
	TEXT_ERRORS,
	API_PATH,
};

if (require.main === module) {
	runFromCommandLine(
		'meetbit-api fake',
		(option) => start({ port: Number(option('port') ?? 0) }),
		(api) => ({ url: api.url, primaryDomain: api.primaryDomain }),
	);
}
