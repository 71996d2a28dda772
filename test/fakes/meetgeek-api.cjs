'use strict';
// A local stand-in for MeetGeek's public API, strict the way a test needs it to be: it answers with
// the bodies MeetGeek documents (test/fixtures/meetgeek/*.json, each naming its source page) and
// refuses what the documents do not describe, so a node that sends a wrong field fails its tests.
//   - Every route below names its source. A query or body field the source does not list for that
//     endpoint gets 400 {"message":"bad request","reason":"unknown query parameter: x"} (or "unknown
//     body field: x"), a missing required body field 400 {"message":"bad request","reason":"x is
//     required"}: MeetGeek documents its 400 shape only with the reason "missing api key", so the
//     reason text is chosen here.
//   - A missing Authorization header gets MeetGeek's 400, a wrong key its 401.
//   - Errors are the documented bodies (fixtures/meetgeek/errors.json): 403 for a meeting the key's
//     user cannot view, 404 for an unknown meeting or team, 410 for a deleted one, 429 once the
//     daily quota is spent.
// Pages: like a server whose maximum page is smaller than some requests, it never returns more than
// MEETINGS_PAGE_MAX meetings or TRANSCRIPT_PAGE_SIZE sentences per page, whatever `limit` asks for
// (MeetGeek documents `limit` but no maximum). Its cursor is opaque, as MeetGeek's is.
// Plain CommonJS on purpose: the package's .ts files may not import node:http (n8n's lint rules).
//
//   const { start } = require('./meetgeek-api.cjs'); const api = await start(); ... await api.close();
//   node test/fakes/meetgeek-api.cjs --port 8790 [--api-key KEY]   → prints {"url":"http://127.0.0.1:8790"}

const fs = require('node:fs');
const path = require('node:path');

const { listenLoopback, runFromCommandLine } = require('./loopback.cjs');

const FIXTURE_DIR = path.join(__dirname, '..', 'fixtures', 'meetgeek');

/** A documented answer: `{ source, request: { method, path, query, body, required? }, status, body }`. */
function fixture(name) {
	return require(path.join(FIXTURE_DIR, `${name}.json`));
}

/** The fixtures that each document one endpoint (all but the error bodies). */
const ENDPOINT_FIXTURES = Object.freeze(
	fs
		.readdirSync(FIXTURE_DIR)
		.filter((file) => file.endsWith('.json') && file !== 'errors.json')
		.map((file) => file.replace(/\.json$/, '')),
);

/** MeetGeek's documented error bodies by status. */
const ERROR_BODIES = Object.freeze(
	Object.fromEntries(
		Object.entries(fixture('errors').responses).map(([status, body]) => [Number(status), body]),
	),
);

/** The key the fake accepts unless another is given (a test value, not a real MeetGeek key). */
const DEFAULT_API_KEY = 'meetgeek-fake-api-key';

/** Meetings the key's user can see. Transcripts are long enough to need more than one page. */
const OWN_MEETING_ID = '9433976b-cfa3-4373-9afb-eb0b7a5915df';
const TEAM_MEETING_ID = '5d0e3b8a-7c41-4f2e-b6a9-0c8d1e2f3a4b';
/** A meeting that exists but belongs to someone who did not share it with the key's user. */
const FOREIGN_MEETING_ID = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b';
/** A meeting that was deleted: 410 Gone. */
const GONE_MEETING_ID = '0a0b0c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
/** The teams of the key's user: it may share meetings with PRODUCT_TEAM_ID and view SALES_TEAM_ID's. */
const PRODUCT_TEAM_ID = 76;
const SALES_TEAM_ID = 77;

/** Three older meetings with little in them, so that listing meetings takes several pages. */
function archivedMeeting(index, teamIds) {
	const id = `a${index}000000-0000-4000-8000-00000000000${index}`;
	const day = `2026-11-${String(10 + index).padStart(2, '0')}`;
	return [
		id,
		{
			meeting: {
				meeting_id: id,
				title: `Archived call ${index}`,
				host_email: 'zoe@example.com',
				participant_emails: ['zoe@example.com'],
				language: 'en-US',
				source: 'upload',
				join_link: null,
				timestamp_start_utc: `${day}T10:00:00Z`,
				timestamp_end_utc: `${day}T10:30:00Z`,
				timezone: 'Europe/Berlin',
				template: { id: 1, name: 'General' },
				team_ids: teamIds,
				event_id: null,
			},
			summary: { summary: `Archived call ${index}.`, ai_insights: '' },
			sentences: [{ speaker: 'Zoë', transcript: `Archived call ${index}.` }],
			highlights: [],
		},
	];
}

function meetingFixtures() {
	return {
		[OWN_MEETING_ID]: {
			meeting: {
				meeting_id: OWN_MEETING_ID,
				title: 'Weekly product sync — Zoë & José',
				host_email: 'zoe@example.com',
				participant_emails: ['zoe@example.com', 'jose@example.com', 'mei@example.com'],
				language: 'en-US',
				source: 'google',
				join_link: 'https://meet.google.com/abc-defg-hij',
				timestamp_start_utc: '2026-11-23T15:00:00Z',
				timestamp_end_utc: '2026-11-23T15:32:10Z',
				timezone: 'Europe/Berlin',
				template: { id: 12, name: 'Team meeting' },
				team_ids: [],
				event_id: 'evt_8f3a2c',
			},
			summary: {
				summary:
					'The team agreed to ship the webhook trigger on Friday. José owns the release notes.',
				ai_insights: 'Decisions: ship Friday. Risks: quota on the free plan. Sentiment: positive.',
			},
			sentences: [
				{ speaker: 'Zoë', transcript: 'Good morning, everyone — shall we start?' },
				{ speaker: 'José', transcript: 'Sure. The trigger verifies the signature now.' },
				{ speaker: 'Mei', transcript: '会议记录已经同步了。' },
				{ speaker: 'Zoë', transcript: 'Then we ship on Friday.' },
				{ speaker: 'José', transcript: 'I will write the release notes.' },
			],
			highlights: [
				{ highlightText: 'Ship the webhook trigger on Friday', label: 'decision' },
				{ highlightText: 'José writes the release notes', label: 'next_steps' },
			],
		},
		[TEAM_MEETING_ID]: {
			meeting: {
				meeting_id: TEAM_MEETING_ID,
				title: 'Customer call — ACME',
				host_email: 'sam@example.com',
				participant_emails: ['sam@example.com', 'buyer@acme.example'],
				language: 'en-GB',
				source: 'zoom',
				join_link: 'https://zoom.us/j/123456789',
				timestamp_start_utc: '2026-11-22T09:00:00Z',
				timestamp_end_utc: '2026-11-22T09:45:00Z',
				timezone: 'Europe/London',
				template: { id: 3, name: 'Sales call' },
				team_ids: [77],
				event_id: null,
			},
			summary: {
				summary: 'ACME wants a pilot in December.',
				ai_insights: 'Buying signal: pilot request.',
			},
			sentences: [
				{ speaker: 'Sam', transcript: 'Thanks for joining.' },
				{ speaker: 'Buyer', transcript: 'We would like a pilot in December.' },
			],
			highlights: [{ highlightText: 'Pilot in December', label: 'next_steps' }],
		},
		...Object.fromEntries([
			archivedMeeting(1, [SALES_TEAM_ID]),
			archivedMeeting(2, [SALES_TEAM_ID]),
			archivedMeeting(3, []),
		]),
	};
}

/** GET /v1/meetings/{id}/insights in the documented shape, about this meeting. */
function insightsOf(id) {
	const { kpi_meeting: kpis, kpi_popular_themes: themes } = fixture('insights').body;
	return {
		kpi_meeting: kpis.map((kpi) => ({ ...kpi, meeting_id: id })),
		kpi_popular_themes: { ...themes, meeting_id: id },
	};
}

const TRANSCRIPT_PAGE_SIZE = 3;
const MEETINGS_PAGE_MAX = 2;

function encodeCursor(offset) {
	return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor) {
	const match = /^offset:(\d+)$/.exec(Buffer.from(String(cursor), 'base64url').toString('utf8'));
	return match === null ? undefined : Number(match[1]);
}

/**
 * The endpoints, each with the fixture that documents it (its `source` is the address) and what
 * answers it. `match` gives the path parameters, or null when the path is not this endpoint's.
 */
const ROUTES = [
	// https://withone.ai/knowledge/meet-geek/conn_mod_def%3A%3AGJ46Xtbaj0w%3A%3ACe5gdovpTWGRdqGgxupgpg
	// and MeetGeek's MCP server, src/services/meetgeek-api.ts getMeetings
	{ fixture: 'meetings', method: 'GET', match: (p) => (p === '/v1/meetings' ? {} : null) },
	// https://withone.ai/knowledge/meet-geek/conn_mod_def%3A%3AGJ46XbuNT5k%3A%3A4EvkmFS6TVeqpfkzEmoNZA
	{ fixture: 'teams', method: 'GET', match: (p) => (p === '/v1/teams' ? {} : null) },
	// https://withone.ai/knowledge/meet-geek/conn_mod_def%3A%3AGJ46Xn652Po%3A%3AzfAmn3RmRiGLbYCd2sYgSA
	// and MeetGeek's MCP server, getTeamMeetings
	{
		fixture: 'team-meetings',
		method: 'GET',
		match: (p) => capture(/^\/v1\/teams\/([^/]+)\/meetings$/, p, 'teamId'),
	},
	// https://withone.ai/knowledge/meet-geek/conn_mod_def%3A%3AGJ46X5CK3hA%3A%3AaoIvzphKTSStrzIB7uMVbQ
	{ fixture: 'upload', method: 'POST', match: (p) => (p === '/v1/upload' ? {} : null) },
	// https://withone.ai/knowledge/meet-geek/conn_mod_def%3A%3AGJ46XfnAL94%3A%3AdIoMEHn1TfiRRbF4u7liag
	{ fixture: 'bot-join', method: 'POST', match: (p) => (p === '/v1/bot/join' ? {} : null) },
	// https://docs.meetgeek.ai/api-reference/v1/download
	{
		fixture: 'download',
		method: 'POST',
		match: (p) => capture(/^\/v1\/meetings\/([^/]+)\/download$/, p, 'meetingId'),
	},
	// https://docs.meetgeek.ai/api/api-reference/v1/meeting.md (OpenAPI) and
	// https://withone.ai/knowledge/meet-geek/conn_mod_def%3A%3AGJ46Xr_uHpI%3A%3Ax_yY0r1mSr-cDQ06srQY4Q
	{
		fixture: 'meeting',
		method: 'GET',
		match: (p) => capture(/^\/v1\/meetings\/([^/]+)$/, p, 'meetingId'),
	},
	// https://withone.ai/knowledge/meet-geek/conn_mod_def%3A%3AGJ46X7dh6eg%3A%3A2Ax7v7w5T3qlWbXFI2CF2w
	// and MeetGeek's MCP server, getTranscript
	{
		fixture: 'transcript',
		method: 'GET',
		match: (p) => capture(/^\/v1\/meetings\/([^/]+)\/transcript$/, p, 'meetingId'),
	},
	// https://withone.ai/knowledge/meet-geek/conn_mod_def%3A%3AGJ46XrjyjeU%3A%3A6fb7jMCEQ3e_atraWYoLrw
	// and MeetGeek's MCP server, getSummary
	{
		fixture: 'summary',
		method: 'GET',
		match: (p) => capture(/^\/v1\/meetings\/([^/]+)\/summary$/, p, 'meetingId'),
	},
	// https://withone.ai/knowledge/meet-geek/conn_mod_def%3A%3AGJ46XeMGhc4%3A%3A6MFptFsIR22cTPiXzWDJ3g
	// and MeetGeek's MCP server, getHighlights
	{
		fixture: 'highlights',
		method: 'GET',
		match: (p) => capture(/^\/v1\/meetings\/([^/]+)\/highlights$/, p, 'meetingId'),
	},
	// https://withone.ai/knowledge/meet-geek/conn_mod_def%3A%3AGJ46XckJDzo%3A%3A7zgJSoHuSzarKGkqhRCAtQ
	{
		fixture: 'insights',
		method: 'GET',
		match: (p) => capture(/^\/v1\/meetings\/([^/]+)\/insights$/, p, 'meetingId'),
	},
];

function capture(pattern, pathname, name) {
	const found = pattern.exec(pathname);
	return found === null ? null : { [name]: decodeURIComponent(found[1]) };
}

/** The fields an endpoint's document lists, by where they go. */
function documented(route) {
	const { request } = fixture(route.fixture);
	return {
		query: request.query ?? [],
		body: request.body ?? [],
		required: request.required ?? [],
	};
}

/** 400 for the first field the endpoint's document does not list, or a missing required one. */
function undocumented(route, query, body) {
	const fields = documented(route);
	for (const name of query.keys()) {
		if (!fields.query.includes(name))
			return [400, { message: 'bad request', reason: `unknown query parameter: ${name}` }];
	}
	if (body !== undefined) {
		if (body === null || typeof body !== 'object' || Array.isArray(body))
			return [400, { message: 'bad request', reason: 'the body is not a JSON object' }];
		for (const name of Object.keys(body)) {
			if (!fields.body.includes(name))
				return [400, { message: 'bad request', reason: `unknown body field: ${name}` }];
		}
	}
	for (const name of fields.required) {
		const value = body?.[name];
		if (typeof value !== 'string' || value.trim() === '')
			return [400, { message: 'bad request', reason: `${name} is required` }];
	}
	return undefined;
}

/**
 * Starts the fake on 127.0.0.1.
 * @param {{ port?: number, apiKey?: string, dailyQuota?: number }} [options]
 */
function start({ port = 0, apiKey = DEFAULT_API_KEY, dailyQuota = Infinity } = {}) {
	const meetings = meetingFixtures();
	const requests = [];
	let failure = null;
	let quota = dailyQuota;
	let used = 0;
	/** Recordings handed to POST /v1/upload and bots sent with POST /v1/bot/join, in order. */
	const uploads = [];
	const bots = [];

	function send(response, status, body) {
		if (body === undefined) {
			response.writeHead(status, { 'content-length': 0 });
			response.end();
			return status;
		}
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		response.writeHead(status, {
			'content-type': 'application/json; charset=utf-8',
			'content-length': Buffer.byteLength(text),
		});
		response.end(text);
		return status;
	}

	function listed(all, query) {
		const limit = Math.max(1, Math.min(Number(query.get('limit')) || 10, MEETINGS_PAGE_MAX));
		const offset = query.has('cursor') ? decodeCursor(query.get('cursor')) : 0;
		if (offset === undefined) return [400, { message: 'bad request', reason: 'invalid cursor' }];
		const next = offset + limit < all.length ? encodeCursor(offset + limit) : null;
		const previous = offset > 0 ? encodeCursor(Math.max(0, offset - limit)) : null;
		return [
			200,
			{
				meetings: all.slice(offset, offset + limit).map(({ meeting }) => ({
					meeting_id: meeting.meeting_id,
					timestamp_end_utc: meeting.timestamp_end_utc,
					timestamp_start_utc: meeting.timestamp_start_utc,
				})),
				pagination: { next_cursor: next, previous_cursor: previous },
			},
		];
	}

	/** The meeting a path names, or the documented error for it. */
	function meetingOr(id) {
		if (id === FOREIGN_MEETING_ID) return { error: [403, ERROR_BODIES[403]] };
		if (id === GONE_MEETING_ID) return { error: [410, ERROR_BODIES[410]] };
		const found = meetings[id];
		return found === undefined ? { error: [404, ERROR_BODIES[404]] } : { found };
	}

	function transcriptPage(id, fixtureOf, query) {
		const limit = Math.max(
			1,
			Math.min(Number(query.get('limit')) || TRANSCRIPT_PAGE_SIZE, TRANSCRIPT_PAGE_SIZE),
		);
		const offset = query.has('cursor') ? decodeCursor(query.get('cursor')) : 0;
		if (offset === undefined) return [400, { message: 'bad request', reason: 'invalid cursor' }];
		const begin = Date.parse(fixtureOf.meeting.timestamp_start_utc);
		const sentences = fixtureOf.sentences.slice(offset, offset + limit).map((sentence, index) => ({
			id: offset + index + 1,
			speaker: sentence.speaker,
			timestamp: new Date(begin + (offset + index) * 7000).toISOString().replace('.000Z', 'Z'),
			transcript: sentence.transcript,
		}));
		const next = offset + limit < fixtureOf.sentences.length ? encodeCursor(offset + limit) : null;
		const previous = offset > 0 ? encodeCursor(Math.max(0, offset - limit)) : null;
		return [
			200,
			{ meeting_id: id, pagination: { next_cursor: next, previous_cursor: previous }, sentences },
		];
	}

	function answer(route, params, query, body) {
		switch (route.fixture) {
			case 'meetings':
				return listed(Object.values(meetings), query);
			case 'teams':
				return [
					200,
					{
						share_access: [{ id: PRODUCT_TEAM_ID, name: 'Product' }],
						view_access: [
							{ id: PRODUCT_TEAM_ID, name: 'Product' },
							{ id: SALES_TEAM_ID, name: 'Sales' },
						],
					},
				];
			case 'team-meetings': {
				// The document types teamId as an integer; its 404 body is the one every page shows.
				const teamId = Number(params.teamId);
				if (teamId !== PRODUCT_TEAM_ID && teamId !== SALES_TEAM_ID) return [404, ERROR_BODIES[404]];
				return listed(
					Object.values(meetings).filter(({ meeting }) => meeting.team_ids.includes(teamId)),
					query,
				);
			}
			case 'upload':
				uploads.push(body);
				return [202, fixture('upload').body];
			case 'bot-join': {
				const meetingId = `b0700000-0000-4000-8000-${String(bots.length + 1).padStart(12, '0')}`;
				bots.push({ ...body, meeting_id: meetingId });
				return [200, { meeting_id: meetingId, message: fixture('bot-join').body.message }];
			}
		}
		const { found, error } = meetingOr(params.meetingId);
		if (error !== undefined) return error;
		const id = params.meetingId;
		switch (route.fixture) {
			case 'download':
				// The same link for the same meeting within its validity (up to 4 hours).
				return [
					200,
					{
						download_link: `https://media.meetgeek.ai/api/download?token=${Buffer.from(id).toString('base64url')}`,
						expires_in: fixture('download').body.expires_in,
					},
				];
			case 'meeting':
				return [200, found.meeting];
			case 'summary':
				return [200, { meeting_id: id, ...found.summary }];
			case 'insights':
				return [200, insightsOf(id)];
			case 'highlights': {
				const type = query.get('type');
				const highlights =
					type === null ? found.highlights : found.highlights.filter((h) => h.label === type);
				return [200, { meeting_id: id, highlights }];
			}
			case 'transcript':
				return transcriptPage(id, found, query);
		}
		return [500, ERROR_BODIES[500]];
	}

	function route(method, pathname, query, body) {
		for (const candidate of ROUTES) {
			const params = candidate.match(pathname);
			if (params === null) continue;
			// A method the document does not give this path: undocumented, answered as a 404.
			if (candidate.method !== method) return [404, { message: 'not found' }];
			const refused = undocumented(candidate, query, body);
			if (refused !== undefined) return refused;
			return answer(candidate, params, query, body);
		}
		return [404, { message: 'not found' }];
	}

	function handle(request, response) {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const entry = {
			method: request.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			authorized: false,
			status: 0,
		};
		requests.push(entry);
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			let body;
			if (chunks.length > 0) {
				try {
					body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
				} catch {
					body = null;
				}
				entry.body = body;
			}
			const header = request.headers.authorization;
			if (typeof header !== 'string' || header.trim() === '') {
				entry.status = send(response, 400, ERROR_BODIES[400]);
				return;
			}
			if (header !== `Bearer ${apiKey}`) {
				entry.status = send(response, 401, ERROR_BODIES[401]);
				return;
			}
			entry.authorized = true;
			if (failure !== null && (failure.path === undefined || matches(failure.path, url.pathname))) {
				const { status, body: failureBody } = failure;
				if (failure.times !== undefined && (failure.times -= 1) <= 0) failure = null;
				entry.status = send(response, status, failureBody);
				return;
			}
			if (used >= quota) {
				entry.status = send(response, 429, ERROR_BODIES[429]);
				return;
			}
			used += 1;
			const [status, answered] = route(request.method, url.pathname, url.searchParams, body);
			entry.status = send(response, status, answered);
		});
	}

	return listenLoopback(handle, port).then(({ url, close }) => ({
		url,
		apiKey,
		requests,
		uploads,
		bots,
		/**
		 * Makes matching requests (all, or those whose path contains / matches `path`) fail with
		 * `status` and the documented body for it (or `body`), `times` times or until cleared with null.
		 */
		setFailure(next) {
			failure =
				next === null || next === undefined
					? null
					: {
							status: next.status,
							body: 'body' in next ? next.body : (ERROR_BODIES[next.status] ?? ERROR_BODIES[500]),
							path: next.path,
							times: next.times,
						};
		},
		/** How many more successful calls today; over it, 429 with the quota body. */
		setDailyQuota(calls) {
			quota = calls;
			used = 0;
		},
		close,
	}));
}

function matches(pattern, pathname) {
	return pattern instanceof RegExp ? pattern.test(pathname) : pathname.includes(pattern);
}

module.exports = {
	start,
	fixture,
	ROUTES,
	DEFAULT_API_KEY,
	OWN_MEETING_ID,
	TEAM_MEETING_ID,
	FOREIGN_MEETING_ID,
	GONE_MEETING_ID,
	PRODUCT_TEAM_ID,
	SALES_TEAM_ID,
	ERROR_BODIES,
	ENDPOINT_FIXTURES,
};

if (require.main === module) {
	runFromCommandLine(
		'meetgeek-api fake',
		(option) =>
			start({
				port: Number(option('port') ?? 0),
				apiKey: option('api-key') ?? process.env.MEETGEEK_FAKE_API_KEY ?? DEFAULT_API_KEY,
			}),
		(api) => ({ url: api.url }),
	);
}
