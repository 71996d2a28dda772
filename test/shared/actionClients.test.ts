import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
} from 'n8n-workflow';

import { MeetBitApi, meetBitClock } from '../../nodes/MeetBit/api';
import {
	MAX_PAGES as MEETGEEK_MAX_PAGES,
	MeetGeekApi,
	fetchMeetingDetails,
	meetGeekClock,
} from '../../nodes/MeetGeek/api';
import {
	MAX_PAGES as MEETERGO_MAX_PAGES,
	MeetergoApi,
	rateLimitClock,
} from '../../nodes/Meetergo/api';
import { Meetergo } from '../../nodes/Meetergo/Meetergo.node';
import { ApiClient } from '../../nodes/shared/actions/client';
import { collectPages } from '../../nodes/shared/actions/paging';
import { pathSegment, UnsafeIdError } from '../../nodes/shared/actions/pathSegment';
import { checkBaseUrl, redact, withoutUserinfo } from '../../nodes/shared/actions/redact';
import { retryAfterSeconds } from '../../nodes/shared/actions/retryAfter';
import { forgetRecentRequests } from '../../nodes/shared/actions/transport';
import { meetergoCredentialAsN8nGivesIt, withDefaults } from '../helpers/meetergo';
import { runMeetGeek } from '../helpers/meetgeekAction';

/**
 * The action clients against APIs that misbehave: stand-ins for n8n's request helper that answer
 * as scripted (full responses, as n8n gives them when asked), so that runaway paging, odd IDs,
 * Retry-After forms and error bodies can be produced at will.
 */

const MEETERGO_TOKEN = `rgo-${'t'.repeat(32)}`;
const MEETGEEK_KEY = `mg-${'k'.repeat(24)}`;

interface Reply {
	status?: number;
	headers?: Record<string, string>;
	body?: unknown;
}

/** A request helper that answers each call with `reply(options, callNumber)`, recording the calls. */
function scripted(reply: (options: IHttpRequestOptions, call: number) => Reply | Error) {
	const calls: IHttpRequestOptions[] = [];
	const request = async (_type: string, options: unknown) => {
		calls.push(options as IHttpRequestOptions);
		const answer = reply(options as IHttpRequestOptions, calls.length);
		if (answer instanceof Error) throw answer;
		return { statusCode: answer.status ?? 200, headers: answer.headers ?? {}, body: answer.body };
	};
	return { calls, request };
}

/** What the clients waited (429s), without spending the time; the clocks move on by each wait. */
let waits: number[] = [];
let offset = 0;
const clocks = [meetBitClock, meetGeekClock, rateLimitClock];
const realClocks = clocks.map((clock) => ({ ...clock }));
beforeEach(() => {
	waits = [];
	offset = 0;
	for (const clock of clocks) {
		clock.now = () => Date.now() + offset;
		clock.sleep = async (milliseconds: number) => {
			waits.push(milliseconds);
			offset += milliseconds;
		};
	}
	forgetRecentRequests();
});
afterAll(() => {
	clocks.forEach((clock, index) => Object.assign(clock, realClocks[index]));
});

async function caught(promise: Promise<unknown>): Promise<Error & { description?: string }> {
	const error = await promise.then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	expect(error).toBeInstanceOf(Error);
	return error as Error & { description?: string };
}

/** Everything a user could see of an error: message, description, and the error as JSON. */
function shown(error: unknown): string {
	const failure = error as { message?: string; description?: string };
	return `${failure.message} ${failure.description} ${JSON.stringify(error)}`;
}

// ---------------------------------------------------------------------------------------------
describe('one client shape', () => {
	it.each([
		['MeetBit', MeetBitApi],
		['MeetGeek', MeetGeekApi],
		['meetergo', MeetergoApi],
	])('the %s client is an ApiClient that `connect` makes', (_provider, client) => {
		expect(client.prototype).toBeInstanceOf(ApiClient);
		expect(typeof client.connect).toBe('function');
	});
});

// ---------------------------------------------------------------------------------------------
describe('Retry-After', () => {
	const now = Date.parse('2026-12-06T12:00:00Z');

	it.each([
		['12', 12],
		['0', 0],
		['1.2', 2],
		[' 30 ', 30],
		[45, 45],
		[['7'], 7],
		['Sun, 06 Dec 2026 12:01:30 GMT', 90],
		['Sunday, 06-Dec-26 12:00:10 GMT', 10],
		['Sun Dec  6 12:00:05 2026', 5],
		['Sun, 06 Dec 2026 11:00:00 GMT', 0],
	])('%j → %s seconds', (value, expected) => {
		expect(retryAfterSeconds(value, now)).toBe(expected);
	});

	it.each(['-5', '-0.5', '', '   ', 'soon', '5 seconds', '12abc', undefined, null, {}])(
		'%j counts as absent',
		(value) => {
			expect(retryAfterSeconds(value, now)).toBeUndefined();
		},
	);
});

describe('path segments', () => {
	it.each(['abc', 'a b', 'a.b', '...', '42', 'a%b', 'ä'])('%j is one segment', (value) => {
		expect(pathSegment(value, 'Some ID')).toBe(encodeURIComponent(value));
	});

	it.each([
		'.',
		'..',
		' .. ',
		'a/b',
		'../x',
		'a\\b',
		'%2e',
		'%2E%2e',
		'%2f',
		'x%5Cy',
		'%252e%252e',
	])('%j is refused, naming the field', (value) => {
		expect(() => pathSegment(value, 'Some ID')).toThrow(
			new UnsafeIdError(`Some ID "${value}" is not a valid ID`, ''),
		);
	});

	it('an empty one says it is empty', () => {
		expect(() => pathSegment('  ', 'Some ID')).toThrow('Some ID is empty');
	});
});

describe('secrets in messages', () => {
	it('removes URL userinfo wherever a URL is quoted', () => {
		expect(withoutUserinfo('GET https://user:pa55@api.example.com/v1 failed')).toBe(
			'GET https://api.example.com/v1 failed',
		);
		expect(redact('token rgo-secret-value in http://a:b@h', ['rgo-secret-value'])).toBe(
			'token *** in http://h',
		);
	});

	it('refuses a Base URL with user:password without quoting it', () => {
		const check = checkBaseUrl('https://me:pa55word@api.example.com', 'Base URL', 'https://x');
		expect(check.ok).toBe(false);
		expect(JSON.stringify(check)).not.toContain('pa55word');
		expect(JSON.stringify(check)).toContain('user name or password');
		expect(checkBaseUrl('https://api.example.com/', 'Base URL', 'https://x')).toEqual({
			ok: true,
			baseUrl: 'https://api.example.com',
		});
		expect(checkBaseUrl('ftp://api.example.com', 'Base URL', 'https://x').ok).toBe(false);
	});
});

describe('bounded paging', () => {
	const bounds = {
		maxPages: 5,
		provider: 'The API',
		what: 'records',
		fail: (message: string, description: string) =>
			Object.assign(new Error(message), { description }),
	};

	it('an empty page ends the list even when it carries a fresh cursor', async () => {
		let calls = 0;
		const result = await collectPages(
			0,
			async (cursor) => {
				calls += 1;
				return { items: cursor === 0 ? [{ id: 1 }] : [], next: cursor + 1 };
			},
			bounds,
		);
		expect(result.items).toEqual([{ id: 1 }]);
		expect(calls).toBe(2);
	});

	it('a cursor that comes back stops with an error', async () => {
		const error = await caught(
			collectPages(
				'a',
				async (cursor) => ({
					items: [{ id: cursor }],
					next: cursor === 'a' ? 'b' : 'a',
				}),
				bounds,
			),
		);
		expect(error.message).toBe('The API pointed back to a page it had already sent (after page 2)');
		expect(error.description).toContain('set a Limit');
	});

	it('a page that repeats an earlier one stops with an error', async () => {
		let calls = 0;
		const error = await caught(
			collectPages(
				1,
				async (page) => {
					calls += 1;
					return { items: [{ id: 'same' }], next: page + 1 };
				},
				bounds,
			),
		);
		expect(calls).toBe(2);
		expect(error.message).toBe('The API sent page 2 with the same records as page 1');
		expect(error.description).toContain('ignore the page asked for');
	});

	it('the page cap ends it with an error, or a truncated list when asked', async () => {
		const endless = async (page: number) => ({ items: [{ id: page }], next: page + 1 });
		const error = await caught(collectPages(1, endless, bounds));
		expect(error.message).toBe('The API had more records after 5 pages: the node stops there');
		expect(error.description).toContain('Turn off Return All and set a Limit');
		const truncated = await collectPages(1, endless, { ...bounds, onCap: 'truncate' });
		expect(truncated).toMatchObject({ pages: 5, truncated: true });
	});

	it('Limit ends it as soon as enough records are in', async () => {
		let calls = 0;
		const result = await collectPages(
			1,
			async (page) => {
				calls += 1;
				return { items: [{ id: page }, { id: page + 0.5 }], next: page + 1 };
			},
			{ ...bounds, max: 3 },
		);
		expect(result.items).toHaveLength(3);
		expect(calls).toBe(2);
	});
});

// ---------------------------------------------------------------------------------------------
describe('MeetGeek client against a misbehaving API', () => {
	const run = (
		parameters: INodeParameters,
		reply: Parameters<typeof scripted>[0],
		credential: IDataObject = { apiKey: MEETGEEK_KEY, region: 'eu' },
	) => {
		const stub = scripted(reply);
		const output = runMeetGeek({
			parameters,
			credential,
			items: [{ json: { meeting_id: 'm-1' } }],
			request: stub.request,
		});
		return { calls: stub.calls, output };
	};
	const freshCursorEmptyPages = (options: IHttpRequestOptions, call: number): Reply => ({
		body: { meetings: [], pagination: { next_cursor: `c${call}` } },
	});

	it.each([
		['Return All', { returnAll: true }],
		['Limit', { returnAll: false, limit: 500 }],
	])('%s: empty pages with fresh cursors end after one call', async (_mode, paging) => {
		const { calls, output } = run(
			{ resource: 'meeting', operation: 'getAll', ...paging },
			freshCursorEmptyPages,
		);
		expect(await output).toEqual([]);
		expect(calls).toHaveLength(1);
	});

	it('a list that never ends stops at the page cap with what to do', async () => {
		const { calls, output } = run(
			{ resource: 'meeting', operation: 'getAll', returnAll: true },
			(_options, call) => ({
				body: { meetings: [{ meeting_id: `m${call}` }], pagination: { next_cursor: `c${call}` } },
			}),
		);
		const error = await caught(output);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain(`had more meetings after ${MEETGEEK_MAX_PAGES} pages`);
		expect(error.description).toContain('set a Limit');
		expect(calls).toHaveLength(MEETGEEK_MAX_PAGES);
	});

	it('an API that ignores the cursor (the same page again) stops after two calls', async () => {
		const { calls, output } = run(
			{ resource: 'meeting', operation: 'getTranscript', returnAll: true, meetingId: 'm-1' },
			(_options, call) => ({
				body: { sentences: [{ id: 1, transcript: 'hi' }], pagination: { next_cursor: `c${call}` } },
			}),
		);
		const error = await caught(output);
		expect(error.message).toContain('sent page 2 with the same sentences as page 1');
		expect(calls).toHaveLength(2);
	});

	it('429 with a daily quota: no wait, says the quota is daily', async () => {
		const { calls, output } = run(
			{ resource: 'meeting', operation: 'get', meetingId: 'm-1' },
			() => ({
				status: 429,
				body: { message: 'quota limit reached', unit: 'day' },
			}),
		);
		const error = await caught(output);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('daily API quota is used up (429, per day)');
		expect(error.description).toContain('does not wait');
		expect(calls).toHaveLength(1);
		expect(waits).toEqual([]);
	});

	it('429 with an HTTP-date Retry-After longer than the node holds: stops, naming the wait', async () => {
		const inTenMinutes = new Date(Date.now() + 600_000).toUTCString();
		const { calls, output } = run(
			{ resource: 'meeting', operation: 'get', meetingId: 'm-1' },
			() => ({
				status: 429,
				headers: { 'Retry-After': inTenMinutes },
				body: { message: 'quota limit reached', unit: 'minute' },
			}),
		);
		const error = await caught(output);
		expect(error.description).toMatch(/Wait (599|600) seconds \(MeetGeek's Retry-After\)/);
		expect(error.description).toContain('longer than the 60 seconds');
		expect(calls).toHaveLength(1);
		expect(waits).toEqual([]);
	});

	it('429 with a short Retry-After: waits it out once, then goes on', async () => {
		const { calls, output } = run(
			{ resource: 'meeting', operation: 'get', meetingId: 'm-1' },
			(_o, call) =>
				call === 1
					? {
							status: 429,
							headers: { 'retry-after': '3' },
							body: { message: 'slow down', unit: 'minute' },
						}
					: { body: { meeting_id: 'm-1' } },
		);
		expect((await output).map((item) => item.json)).toEqual([{ meeting_id: 'm-1' }]);
		expect(waits).toEqual([3000]);
		expect(calls).toHaveLength(2);
	});

	it("410 says the meeting is gone, in MeetGeek's words", async () => {
		const { output } = run({ resource: 'meeting', operation: 'get', meetingId: 'm-1' }, () => ({
			status: 410,
			body: { message: 'target resource is no longer available' },
		}));
		const error = await caught(output);
		expect(error.message).toBe('MeetGeek says meeting m-1 is gone (410)');
		expect(error.description).toContain('"target resource is no longer available"');
		expect((error as NodeApiError).httpCode).toBe('410');
	});

	it('a custom Base URL with user:password is refused before any request, without echoing it', async () => {
		const { calls, output } = run(
			{ resource: 'meeting', operation: 'get', meetingId: 'm-1' },
			() => ({ body: {} }),
			{ apiKey: MEETGEEK_KEY, region: 'custom', baseUrl: 'https://me:hunter22@api.meetgeek.ai' },
		);
		const error = await caught(output);
		expect(error.message).toContain('user name or password');
		expect(shown(error)).not.toContain('hunter22');
		expect(calls).toHaveLength(0);
	});

	it('neither the key nor URL userinfo in what the API or the network said reaches the error', async () => {
		const { output } = run({ resource: 'meeting', operation: 'get', meetingId: 'm-1' }, () => ({
			status: 401,
			body: { message: `invalid key ${MEETGEEK_KEY}` },
		}));
		expect(shown(await caught(output))).not.toContain(MEETGEEK_KEY);
		const offline = run({ resource: 'meeting', operation: 'get', meetingId: 'm-1' }, () =>
			Object.assign(new Error('connect ECONNREFUSED https://me:hunter22@10.0.0.1'), {}),
		);
		const error = await caught(offline.output);
		expect(error.message).toContain('Could not reach the MeetGeek API');
		expect(shown(error)).not.toContain('hunter22');
	});

	it.each([
		[true, 'The delivery had a valid signature'],
		[false, 'treat its meeting id as untrusted'],
	])(
		'trigger details: a delivery meeting id ".." is refused before any request (signed: %s)',
		async (signed, says) => {
			const stub = scripted(() => ({ body: {} }));
			const context = {
				getNode: () => ({ name: 'MeetGeek Trigger', credentials: {} }) as unknown as INode,
				getCredentials: async () => ({ apiKey: MEETGEEK_KEY, region: 'eu' }),
				helpers: { httpRequestWithAuthentication: stub.request },
			};
			const error = await caught(
				fetchMeetingDetails(context as unknown as IExecuteFunctions, {
					meetingId: '..',
					parts: ['summary'],
					itemIndex: 0,
					signed,
				}),
			);
			expect(error.message).toBe('The delivery\'s Meeting ID ".." is not a valid ID');
			expect(error.description).toContain(says);
			expect(stub.calls).toHaveLength(0);
		},
	);
});

// ---------------------------------------------------------------------------------------------
/** Runs an action node's execute() with a scripted request helper. */
async function runNode(
	nodeType: INodeType,
	credentialType: string,
	credential: IDataObject,
	parameters: INodeParameters,
	request: (type: string, options: unknown) => Promise<unknown>,
): Promise<INodeExecutionData[]> {
	const node: INode = {
		id: 'node-under-test',
		name: 'Node',
		type: `n8n-nodes-meeting-webhooks.${credentialType}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: withDefaults(nodeType, parameters),
		credentials: { [credentialType]: { id: '7', name: 'API' } },
	};
	const context = {
		getNode: () => node,
		getInputData: () => [{ json: {} }],
		getMode: () => 'manual',
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => {
			const value = name
				.split('.')
				.reduce<unknown>(
					(object, key) => (object as IDataObject | undefined)?.[key],
					node.parameters,
				);
			return value === undefined ? fallback : value;
		},
		getTimezone: () => 'UTC',
		getCredentials: async () => credential,
		continueOnFail: () => false,
		helpers: { httpRequestWithAuthentication: request },
	};
	const [output] = (await nodeType.execute!.call(
		context as unknown as IExecuteFunctions,
	)) as INodeExecutionData[][];
	return output;
}

describe('meetergo client against a misbehaving API', () => {
	const credential = (extra: IDataObject = {}) =>
		meetergoCredentialAsN8nGivesIt({
			credentialKind: 'personalAccessToken',
			token: MEETERGO_TOKEN,
			...extra,
		});
	const run = (
		parameters: INodeParameters,
		reply: Parameters<typeof scripted>[0],
		extra: IDataObject = {},
	) => {
		const stub = scripted(reply);
		const output = runNode(
			new Meetergo(),
			'meetingWebhooksMeetergoApi',
			credential(extra),
			parameters,
			stub.request,
		);
		return { calls: stub.calls, output };
	};
	const fullPage = (from: number) =>
		Array.from({ length: 100 }, (_, index) => ({ id: `a${from + index}` }));

	it.each([
		['Return All', { returnAll: true }],
		['Limit', { returnAll: false, limit: 1000 }],
	])('%s: an API that ignores `page` stops after two calls, not 1,000', async (_mode, paging) => {
		const { calls, output } = run(
			{ resource: 'appointment', operation: 'getAll', ...paging },
			() => ({ body: { appointments: fullPage(0), total: 100_000 } }),
		);
		const error = await caught(output);
		expect(error.message).toBe('meetergo sent page 2 with the same appointments as page 1');
		expect(error.description).toContain('set a Limit');
		expect(calls).toHaveLength(2);
	});

	it('a list that keeps answering full new pages stops at the page cap', async () => {
		const { calls, output } = run(
			{ resource: 'appointment', operation: 'getAll', returnAll: true },
			(options) => ({ body: { appointments: fullPage(Number(options.qs?.page) * 100) } }),
		);
		const error = await caught(output);
		expect(error.message).toBe(
			`meetergo had more appointments after ${MEETERGO_MAX_PAGES} pages: the node stops there`,
		);
		expect(calls).toHaveLength(MEETERGO_MAX_PAGES);
	});

	it('an empty page ends the list', async () => {
		const { calls, output } = run(
			{ resource: 'appointment', operation: 'getAll', returnAll: true },
			(options) => ({ body: { appointments: Number(options.qs?.page) === 0 ? fullPage(0) : [] } }),
		);
		expect(await output).toHaveLength(100);
		expect(calls).toHaveLength(2);
	});

	it('Retry-After "-5" counts as absent: the node waits its default minute, not 0', async () => {
		const { output } = run({ resource: 'user', operation: 'getMe' }, (_o, call) =>
			call === 1
				? {
						status: 429,
						headers: { 'retry-after': '-5' },
						body: { statusCode: 429, message: 'Too Many Requests', error: 'Too Many Requests' },
					}
				: { body: { id: 'u1' } },
		);
		expect((await output).map((item) => item.json)).toEqual([{ id: 'u1' }]);
		expect(waits).toEqual([60_000]);
	});

	it('429 with an HTTP-date Retry-After beyond the wait the node holds: stops, naming it', async () => {
		const inFiveMinutes = new Date(Date.now() + 300_000).toUTCString();
		const { calls, output } = run({ resource: 'user', operation: 'getMe' }, () => ({
			status: 429,
			headers: { 'retry-after': inFiveMinutes },
			body: { statusCode: 429, message: 'Too Many Requests', error: 'Too Many Requests' },
		}));
		const error = await caught(output);
		expect(error.description).toMatch(/Wait (299|300) seconds \(meetergo's Retry-After\)/);
		expect(error.description).toContain('longer than the 60 seconds');
		expect(calls).toHaveLength(1);
	});

	it.each([
		[
			400,
			{ statusCode: 400, message: ['start must be a date'], error: 'Bad Request' },
			'start must be a date',
		],
		[
			404,
			{ statusCode: 404, message: 'Appointment not found', error: 'Not Found' },
			'Appointment not found',
		],
		[500, { statusCode: 500, message: 'Internal server error' }, 'Internal server error'],
	])('a %s body {statusCode, message, error} is read', async (status, body, said) => {
		const { output } = run(
			{ resource: 'appointment', operation: 'get', appointmentId: 'a1' },
			() => ({ status, body }),
		);
		const error = await caught(output);
		expect((error as NodeApiError).httpCode).toBe(String(status));
		expect(`${error.message} ${error.description}`).toContain(said);
	});

	it('a Base URL with user:password is refused before any request, without echoing it', async () => {
		const { calls, output } = run({ resource: 'user', operation: 'getMe' }, () => ({ body: {} }), {
			baseUrl: 'https://me:hunter22@api.meetergo.com',
		});
		const error = await caught(output);
		expect(error.message).toContain('user name or password');
		expect(shown(error)).not.toContain('hunter22');
		expect(calls).toHaveLength(0);
	});

	it('the token in an API message or a network error never reaches the error', async () => {
		const { output } = run({ resource: 'user', operation: 'getMe' }, () => ({
			status: 401,
			body: { statusCode: 401, message: `Token ${MEETERGO_TOKEN} is invalid` },
		}));
		expect(shown(await caught(output))).not.toContain(MEETERGO_TOKEN);
		const offline = run({ resource: 'user', operation: 'getMe' }, () =>
			Object.assign(new Error(`getaddrinfo ENOTFOUND https://x:${MEETERGO_TOKEN}@host`), {}),
		);
		const error = await caught(offline.output);
		expect(error.message).toContain('Could not reach meetergo');
		expect(shown(error)).not.toContain(MEETERGO_TOKEN);
	});
});

// ---------------------------------------------------------------------------------------------
describe('MeetBit client against a misbehaving API', () => {
	const call = (reply: Parameters<typeof scripted>[0], ids = { calendarId: '1', eventId: '2' }) => {
		const stub = scripted(reply);
		const context = {
			getNode: () => ({ name: 'MeetBit', credentials: {} }) as unknown as INode,
			getInputData: () => [{ json: {} }],
			getCredentials: async () => ({
				primaryDomain: 'meet.example.com',
				accessKeyId: 'MBP-key-id',
				accessKeySecret: 'mbp-secret-value',
			}),
			helpers: { httpRequestWithAuthentication: stub.request },
		};
		const result = MeetBitApi.connect(context as unknown as IExecuteFunctions, 0).then(
			async (api) => await api.cancelEvent({ ...ids, cancelNote: 'n' }),
		);
		return { calls: stub.calls, result };
	};

	it('waits out an HTTP-date Retry-After, not one second', async () => {
		const inTwentySeconds = new Date(Date.now() + 20_000).toUTCString();
		const { calls, result } = call((_o, number) =>
			number === 1
				? { status: 429, headers: { 'Retry-After': inTwentySeconds }, body: 'Too many requests.' }
				: { body: { message: 'ok', data: { id: 2 } } },
		);
		expect(await result).toEqual({ id: 2 });
		expect(waits).toHaveLength(1);
		expect(waits[0]).toBeGreaterThanOrEqual(19_000);
		expect(waits[0]).toBeLessThanOrEqual(20_000);
		expect(calls).toHaveLength(2);
	});

	it.each([
		[401, 'Unauthorized.', 'rejected the access key', 'MeetBit said: "Unauthorized."'],
		[
			404,
			'Resource object does not exist.',
			'has no event 2 in calendar 1',
			'MeetBit said: "Resource object does not exist."',
		],
		[429, 'Too many requests.', 'rate limit was reached', 'Wait 600 seconds'],
	])('a text/plain %s is read', async (status, body, says, described) => {
		const { result } = call(() => ({ status, headers: { 'retry-after': '600' }, body }));
		const error = await caught(result);
		expect(error.message).toContain(says);
		expect(error.description).toContain(described);
		expect((error as NodeApiError).httpCode).toBe(String(status));
	});

	it.each([
		['..', '2', 'Calendar ID'],
		['1', '.', 'Event ID'],
		['1', '2/../..', 'Event ID'],
		['1', '%2e%2e', 'Event ID'],
	])('refuses calendar %j / event %j before any request', async (calendarId, eventId, label) => {
		const { calls, result } = call(() => ({ body: {} }), { calendarId, eventId });
		const error = await caught(result);
		expect(error.message).toMatch(new RegExp(`^${label} ".*" is not a valid ID$`));
		expect(calls).toHaveLength(0);
	});

	it('neither key reaches the error when MeetBit or the network quotes it', async () => {
		const { result } = call(() => ({ status: 500, body: 'bad key mbp-secret-value MBP-key-id' }));
		const text = shown(await caught(result));
		expect(text).not.toContain('mbp-secret-value');
		expect(text).not.toContain('MBP-key-id');
	});
});
