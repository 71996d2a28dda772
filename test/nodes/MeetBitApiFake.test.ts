import {
	API_PATH,
	fixture,
	start,
	TEXT_ERRORS,
	type MeetBitApiFake,
} from '../fakes/meetbit-api.cjs';
import { shapeDifferences } from '../helpers/shape';

/**
 * The loopback stand-in of MeetBit's Public API is held to MeetBit's reference (the fixtures): the
 * documented Event, the documented error bodies and content types, and a 400 naming every field
 * the reference does not list, so a node test against it fails when the node sends one.
 */
let api: MeetBitApiFake;
beforeAll(async () => {
	api = await start();
});
afterAll(async () => {
	await api.close();
});
beforeEach(() => api.reset());

const documented = fixture('cancel-event');
const errors = fixture('errors').responses!;
const cancelPath = (calendarId = 42, eventId = 1234) =>
	`${API_PATH}/calendars/${calendarId}/events/${eventId}/cancel`;

async function call(
	path: string,
	options: { body?: unknown; keys?: boolean; method?: string } = {},
) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (options.keys !== false) {
		headers['x-access-key-id'] = api.accessKeyId;
		headers['x-access-key-secret'] = api.accessKeySecret;
	}
	const response = await fetch(`${api.url}${path}`, {
		method: options.method ?? 'POST',
		headers,
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
	});
	const text = await response.text();
	const type = response.headers.get('content-type');
	return {
		status: response.status,
		type,
		body: type?.startsWith('application/json') ? (JSON.parse(text) as unknown) : text,
	};
}

describe('MeetBit API fake: held to the reference', () => {
	it('the fixtures name their source pages', () => {
		expect(documented.source).toBe(
			'https://meetbit.mintlify.app/api-reference/events/cancel-event',
		);
		expect(fixture('errors').source).toMatch(/^https:\/\/meetbit\.mintlify\.app\//);
	});

	it('cancel: 200 with the documented message and Event, no key added or lost', async () => {
		const answer = await call(cancelPath(), { body: { cancel_note: 'No longer needed' } });
		expect(answer.status).toBe(200);
		expect(answer.type).toMatch(/^application\/json/);
		expect(shapeDifferences(answer.body, documented.body)).toEqual([]);
		expect(answer.body).toMatchObject({
			message: (documented.body as { message: string }).message,
			data: { id: 1234, calendar_id: 42, cancel_note: 'No longer needed' },
		});
	});

	it('a body field other than cancel_note is a 400 naming it, in the documented shape', async () => {
		const answer = await call(cancelPath(), { body: { cancel_note: 'x', reason: 'y' } });
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({
			message: 'The reason field is not accepted by this endpoint.',
			errors: { reason: ['The reason field is not accepted by this endpoint.'] },
		});
		expect(Object.keys(answer.body as object)).toEqual(Object.keys(errors['400'].body as object));
	});

	it('a query parameter is a 400 naming it', async () => {
		const answer = await call(`${cancelPath()}?notify=1`, { body: { cancel_note: 'x' } });
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({ errors: { notify: [expect.any(String)] } });
	});

	it('a missing cancel_note is the documented 400', async () => {
		expect(await call(cancelPath(), { body: {} })).toEqual({
			status: 400,
			type: 'application/json',
			body: errors['400'].body,
		});
	});

	it('401 text/plain without the keys, and Access Denied without the permission', async () => {
		expect(await call(cancelPath(), { body: { cancel_note: 'x' }, keys: false })).toEqual({
			status: 401,
			type: 'text/plain; charset=UTF-8',
			body: errors['401'].body,
		});
		api.setCanCancel(false);
		expect(await call(cancelPath(), { body: { cancel_note: 'x' } })).toMatchObject({
			status: 401,
			body: errors['401-permission'].body,
		});
	});

	it('404 text/plain for an unknown event or path', async () => {
		expect(await call(cancelPath(42, 999), { body: { cancel_note: 'x' } })).toMatchObject({
			status: 404,
			type: expect.stringMatching(/^text\/plain/),
			body: errors['404'].body,
		});
		expect(await call(`${API_PATH}/events`, { method: 'GET' })).toMatchObject({
			status: 404,
			body: TEXT_ERRORS.notFound,
		});
	});

	it('429 text/plain with Retry-After; 202 without a body', async () => {
		api.setFailure({ status: 429, retryAfter: 3, times: 1 });
		const response = await fetch(`${api.url}${cancelPath()}`, { method: 'POST' });
		expect(response.status).toBe(429);
		expect(response.headers.get('retry-after')).toBe('3');
		expect(await response.text()).toBe(errors['429'].body);
		api.setFailure({ status: 202, body: '', times: 1 });
		expect(await call(cancelPath(), { body: { cancel_note: 'x' } })).toEqual({
			status: 202,
			type: null,
			body: '',
		});
	});
});
