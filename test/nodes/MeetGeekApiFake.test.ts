import {
	DEFAULT_API_KEY,
	ENDPOINT_FIXTURES,
	ERROR_BODIES,
	FOREIGN_MEETING_ID,
	GONE_MEETING_ID,
	OWN_MEETING_ID,
	ROUTES,
	SALES_TEAM_ID,
	fixture,
	type MeetGeekApiFake,
} from '../fakes/meetgeek-api.cjs';
import { useMeetGeekApiFake } from '../helpers/meetgeekAction';
import { shapeDifferences } from '../helpers/shape';

/**
 * The loopback stand-in of MeetGeek's API is held to MeetGeek's documents (the fixtures): it
 * answers in their shapes, with their error bodies, and refuses every field they do not list, so
 * a node test against it fails when the node sends what MeetGeek does not describe.
 */
let api: MeetGeekApiFake;
useMeetGeekApiFake((started) => (api = started));

const endpointFixtures = ENDPOINT_FIXTURES;
/** The endpoints that take a request body (a GET cannot carry one). */
const postFixtures = endpointFixtures.filter((name) => fixture(name).request.method === 'POST');

async function call(
	method: string,
	path: string,
	options: { apiKey?: string | null; body?: unknown; query?: Record<string, string> } = {},
) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	const key = options.apiKey === undefined ? DEFAULT_API_KEY : options.apiKey;
	if (key !== null) headers.authorization = `Bearer ${key}`;
	const query = options.query === undefined ? '' : `?${new URLSearchParams(options.query)}`;
	const response = await fetch(`${api.url}${path}${query}`, {
		method,
		headers,
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
	});
	const text = await response.text();
	return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** The documented path with the fake's own meeting and team in it. */
const pathOf = (name: string) =>
	fixture(name)
		.request.path.replace('{meetingId}', OWN_MEETING_ID)
		.replace('{teamId}', String(SALES_TEAM_ID));

/** A body with every documented field filled in (none for endpoints that take no body). */
const documentedBody = (name: string) => {
	const fields = fixture(name).request.body;
	return fields.length === 0
		? undefined
		: Object.fromEntries(fields.map((field) => [field, `${field} value`]));
};

describe('MeetGeek API fake: held to the documents', () => {
	it('serves every documented endpoint, each fixture naming its source page', () => {
		expect(ROUTES.map((route) => route.fixture).sort()).toEqual([...endpointFixtures].sort());
		for (const name of [...endpointFixtures, 'errors']) {
			expect(fixture(name).source).toMatch(/^https:\/\/(withone\.ai|docs\.meetgeek\.ai)\//);
		}
	});

	it.each(endpointFixtures)('%s: answers in the documented shape and status', async (name) => {
		const documented = fixture(name);
		const answer = await call(documented.request.method, pathOf(name), {
			body: documentedBody(name),
		});
		expect(answer.status).toBe(documented.status);
		expect(shapeDifferences(answer.body, documented.body)).toEqual([]);
		expect(JSON.stringify(answer.body)).not.toContain(documented.source);
	});

	it.each(endpointFixtures)(
		'%s: a query parameter the document does not list is a 400 naming it',
		async (name) => {
			const { request } = fixture(name);
			const answer = await call(request.method, pathOf(name), {
				body: documentedBody(name),
				query: { page_size: '10' },
			});
			expect(answer).toEqual({
				status: 400,
				body: { message: 'bad request', reason: 'unknown query parameter: page_size' },
			});
		},
	);

	it.each(postFixtures)(
		'%s: a body field the document does not list is a 400 naming it',
		async (name) => {
			const { request } = fixture(name);
			const answer = await call(request.method, pathOf(name), {
				body: { ...documentedBody(name), meetingName: 'x' },
			});
			expect(answer).toEqual({
				status: 400,
				body: { message: 'bad request', reason: 'unknown body field: meetingName' },
			});
		},
	);

	it.each(['upload', 'bot-join'])(
		'%s: a missing required field is a 400 naming it',
		async (name) => {
			const { request } = fixture(name);
			const [required] = request.required ?? [];
			const body = { ...documentedBody(name) } as Record<string, unknown>;
			delete body[required];
			expect(await call(request.method, pathOf(name), { body })).toEqual({
				status: 400,
				body: { message: 'bad request', reason: `${required} is required` },
			});
		},
	);

	it('the documented query parameters pass: limit and cursor, type', async () => {
		expect((await call('GET', '/v1/meetings', { query: { limit: '1' } })).status).toBe(200);
		const first = (await call('GET', pathOf('transcript'), { query: { limit: '2' } })).body as {
			pagination: { next_cursor: string };
		};
		const next = await call('GET', pathOf('transcript'), {
			query: { limit: '2', cursor: first.pagination.next_cursor },
		});
		expect(next.status).toBe(200);
		expect(
			(await call('GET', pathOf('highlights'), { query: { type: 'next_steps' } })).status,
		).toBe(200);
	});
});

describe('MeetGeek API fake: the documented errors, body for body', () => {
	const errors = fixture('errors') as unknown as { responses: Record<string, unknown> };

	it('keeps every documented error body', () => {
		expect(Object.keys(errors.responses).sort()).toEqual(
			['400', '401', '403', '404', '410', '429', '500'].sort(),
		);
		for (const [status, body] of Object.entries(errors.responses)) {
			expect(ERROR_BODIES[Number(status) as keyof typeof ERROR_BODIES]).toEqual(body);
		}
	});

	it('400 without a key, 401 with a wrong one', async () => {
		expect(await call('GET', '/v1/teams', { apiKey: null })).toEqual({
			status: 400,
			body: errors.responses['400'],
		});
		expect(await call('GET', '/v1/teams', { apiKey: 'wrong' })).toEqual({
			status: 401,
			body: errors.responses['401'],
		});
	});

	it('403 for a meeting the user cannot view, 404 for none, 410 for a deleted one', async () => {
		expect(await call('GET', `/v1/meetings/${FOREIGN_MEETING_ID}`)).toEqual({
			status: 403,
			body: errors.responses['403'],
		});
		expect(await call('GET', '/v1/meetings/not-a-meeting/summary')).toEqual({
			status: 404,
			body: errors.responses['404'],
		});
		expect(await call('POST', `/v1/meetings/${GONE_MEETING_ID}/download`)).toEqual({
			status: 410,
			body: errors.responses['410'],
		});
	});

	it('429 once the daily quota is spent, 500 on demand', async () => {
		api.setDailyQuota(0);
		expect(await call('GET', '/v1/meetings')).toEqual({
			status: 429,
			body: errors.responses['429'],
		});
		api.setDailyQuota(Infinity);
		api.setFailure({ status: 500, times: 1 });
		expect(await call('GET', '/v1/meetings')).toEqual({
			status: 500,
			body: errors.responses['500'],
		});
	});
});
