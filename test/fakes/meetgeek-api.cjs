'use strict';
// A local stand-in for MeetGeek's public API (https://docs.meetgeek.ai/api-reference), for tests
// and the local demo. Loopback only. It checks the Bearer key, serves every endpoint of the public
// API in its documented shape (the research notes' §3.5: meetings, their transcript, summary,
// highlights, insights and download link, teams and team meetings, upload, bot join), and the
// documented error bodies:
//   400 {"message":"bad request","reason":"missing api key"}   401 {"message":"unauthorized"}
//   403 {"message":"you do not have access to view this meeting"}   404 {"message":"meeting not found"}
//   429 {"message":"quota limit reached","unit":"day"}   500 {"message":"internal server error"}
//   410 Gone (the docs list it without a body: sent with none). Not documented, so chosen here: a
//   400 naming a missing field for the POST endpoints, and 404 {"message":"team not found"}.
// Pages: like a server whose maximum page is smaller than some requests, it never returns more than
// MEETINGS_PAGE_MAX meetings or TRANSCRIPT_PAGE_SIZE sentences per page, whatever `limit` asks for.
// Plain CommonJS on purpose: the package's .ts files may not import node:http (n8n's lint rules).
//
//   const { start } = require('./meetgeek-api.cjs'); const api = await start(); ... await api.close();
//   node test/fakes/meetgeek-api.cjs --port 8790 [--api-key KEY]   → prints {"url":"http://127.0.0.1:8790"}

const { listenLoopback, runFromCommandLine } = require('./loopback.cjs');

/** The key the fake accepts unless another is given (a test value, not a real MeetGeek key). */
const DEFAULT_API_KEY = 'meetgeek-fake-api-key';

const ERROR_BODIES = {
	400: { message: 'bad request', reason: 'missing api key' },
	401: { message: 'unauthorized' },
	403: { message: 'you do not have access to view this meeting' },
	404: { message: 'meeting not found' },
	429: { message: 'quota limit reached', unit: 'day' },
	500: { message: 'internal server error' },
};

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

/** What GET /v1/meetings/{id}/insights answers (the KPI objects the docs name). */
function insightsOf(fixture) {
	const speakers = [...new Set(fixture.sentences.map((sentence) => sentence.speaker))];
	return {
		kpi_meeting: [
			{ name: 'talk_ratio', value: Math.round(100 / Math.max(1, speakers.length)) },
			{ name: 'sentences', value: fixture.sentences.length },
		],
		kpi_popular_themes: fixture.highlights.map((highlight) => highlight.label),
		kpi_speakers: speakers.map((speaker) => ({ speaker })),
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
		const text = JSON.stringify(body);
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
					timestamp_start_utc: meeting.timestamp_start_utc,
					timestamp_end_utc: meeting.timestamp_end_utc,
				})),
				pagination: { next_cursor: next, previous_cursor: previous },
			},
		];
	}

	function missing(body, field) {
		const value = body?.[field];
		return typeof value !== 'string' || value.trim() === ''
			? [400, { message: 'bad request', reason: `${field} is required` }]
			: undefined;
	}

	function route(method, path, query, body) {
		if (method === 'POST' && path === '/v1/upload') {
			const refused = missing(body, 'download_url');
			if (refused) return refused;
			uploads.push(body);
			return [202, { message: 'File uploaded successfully and queued for processing' }];
		}
		if (method === 'POST' && path === '/v1/bot/join') {
			const refused = missing(body, 'join_link');
			if (refused) return refused;
			const meetingId = `b0700000-0000-4000-8000-${String(bots.length + 1).padStart(12, '0')}`;
			bots.push({ ...body, meeting_id: meetingId });
			return [200, { meeting_id: meetingId, message: 'Bot is joining the meeting' }];
		}
		const download = /^\/v1\/meetings\/([^/]+)\/download$/.exec(path);
		if (method === 'POST' && download !== null) {
			const id = decodeURIComponent(download[1]);
			if (id === FOREIGN_MEETING_ID) return [403, ERROR_BODIES[403]];
			if (id === GONE_MEETING_ID) return [410, undefined];
			if (meetings[id] === undefined) return [404, ERROR_BODIES[404]];
			// The same link for the same meeting within its validity (up to 4 hours).
			return [
				200,
				{
					download_link: `https://recordings.example/${encodeURIComponent(id)}.mp4?expires=14400`,
					expires_in: 14400,
				},
			];
		}
		if (method !== 'GET') return [405, { message: 'method not allowed' }];
		if (path === '/v1/teams') {
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
		}
		if (path === '/v1/meetings') return listed(Object.values(meetings), query);
		const team = /^\/v1\/teams\/([^/]+)\/meetings$/.exec(path);
		if (team !== null) {
			const teamId = Number(decodeURIComponent(team[1]));
			if (teamId !== PRODUCT_TEAM_ID && teamId !== SALES_TEAM_ID)
				return [404, { message: 'team not found' }];
			return listed(
				Object.values(meetings).filter(({ meeting }) => meeting.team_ids.includes(teamId)),
				query,
			);
		}
		const match = /^\/v1\/meetings\/([^/]+)(?:\/(summary|transcript|highlights|insights))?$/.exec(
			path,
		);
		if (match === null) return [404, { message: 'not found' }];
		const id = decodeURIComponent(match[1]);
		if (id === FOREIGN_MEETING_ID) return [403, ERROR_BODIES[403]];
		if (id === GONE_MEETING_ID) return [410, undefined];
		const fixture = meetings[id];
		if (fixture === undefined) return [404, ERROR_BODIES[404]];
		switch (match[2]) {
			case undefined:
				return [200, fixture.meeting];
			case 'summary':
				return [200, { meeting_id: id, ...fixture.summary }];
			case 'insights':
				return [200, insightsOf(fixture)];
			case 'highlights': {
				const type = query.get('type');
				const highlights =
					type === null ? fixture.highlights : fixture.highlights.filter((h) => h.label === type);
				return [200, { meeting_id: id, highlights }];
			}
			case 'transcript': {
				const limit = Math.max(
					1,
					Math.min(Number(query.get('limit')) || TRANSCRIPT_PAGE_SIZE, TRANSCRIPT_PAGE_SIZE),
				);
				const offset = query.has('cursor') ? decodeCursor(query.get('cursor')) : 0;
				if (offset === undefined)
					return [400, { message: 'bad request', reason: 'invalid cursor' }];
				const start = Date.parse(fixture.meeting.timestamp_start_utc);
				const sentences = fixture.sentences
					.slice(offset, offset + limit)
					.map((sentence, index) => ({
						id: offset + index + 1,
						speaker: sentence.speaker,
						timestamp: new Date(start + (offset + index) * 7000).toISOString(),
						transcript: sentence.transcript,
					}));
				const next =
					offset + limit < fixture.sentences.length ? encodeCursor(offset + limit) : null;
				const previous = offset > 0 ? encodeCursor(Math.max(0, offset - limit)) : null;
				return [
					200,
					{
						meeting_id: id,
						pagination: { next_cursor: next, previous_cursor: previous },
						sentences,
					},
				];
			}
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
				if (failure.times !== undefined && (failure.times -= 1) <= 0) {
					const { status, body } = failure;
					failure = null;
					entry.status = send(response, status, body);
					return;
				}
				entry.status = send(response, failure.status, failure.body);
				return;
			}
			if (used >= quota) {
				entry.status = send(response, 429, ERROR_BODIES[429]);
				return;
			}
			used += 1;
			const [status, answer] = route(request.method, url.pathname, url.searchParams, body);
			entry.status = send(response, status, answer);
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
							body: next.body ?? ERROR_BODIES[next.status] ?? { message: 'error' },
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

function matches(pattern, path) {
	return pattern instanceof RegExp ? pattern.test(path) : path.includes(pattern);
}

module.exports = {
	start,
	DEFAULT_API_KEY,
	OWN_MEETING_ID,
	TEAM_MEETING_ID,
	FOREIGN_MEETING_ID,
	GONE_MEETING_ID,
	PRODUCT_TEAM_ID,
	SALES_TEAM_ID,
	ERROR_BODIES,
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
