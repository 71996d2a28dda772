import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodeParameters,
	type INodeProperties,
} from 'n8n-workflow';

import { MeetingWebhooksMeetGeekApi } from '../../credentials/MeetingWebhooksMeetGeekApi.credentials';
import { MeetGeek } from '../../nodes/MeetGeek/MeetGeek.node';
import {
	DEFAULT_API_KEY,
	ERROR_BODIES,
	OWN_MEETING_ID,
	SALES_TEAM_ID,
	fixture,
	type MeetGeekApiFake,
} from '../fakes/meetgeek-api.cjs';
import { withDefaults } from '../helpers/meetergo';
import {
	meetGeekActionNode,
	runMeetGeek,
	useInstantMeetGeekClock,
	useMeetGeekApiFake,
} from '../helpers/meetgeekAction';
import { httpRequestWithAuthentication } from '../helpers/n8nHttp';
import { shapeDifferences } from '../helpers/shape';

/**
 * Every MeetGeek operation against the fake that holds to MeetGeek's documents: what each sends
 * passes it (a field MeetGeek does not list would be a 400), what each outputs keeps MeetGeek's
 * documented names, and each documented error body reaches the user as MeetGeek wrote it.
 */
let api: MeetGeekApiFake;
useInstantMeetGeekClock();
useMeetGeekApiFake((started) => (api = started));

const credential = (fields: IDataObject = {}): IDataObject => ({
	apiKey: DEFAULT_API_KEY,
	region: 'custom',
	baseUrl: api.url,
	...fields,
});

const run = (parameters: INodeParameters, typeVersion = 1) =>
	runMeetGeek({
		parameters,
		credential: credential(),
		items: [{ json: { meeting_id: OWN_MEETING_ID } }],
		typeVersion,
	});

/** Each operation with the parameters it needs and the fixture whose answer it reads. */
const OPERATIONS: Array<[string, INodeParameters, string]> = [
	['Meeting Get', { resource: 'meeting', operation: 'get' }, 'meeting'],
	['Meeting Get Many', { resource: 'meeting', operation: 'getAll', limit: 3 }, 'meetings'],
	['Meeting Get Transcript', { resource: 'meeting', operation: 'getTranscript' }, 'transcript'],
	['Meeting Get Summary', { resource: 'meeting', operation: 'getSummary' }, 'summary'],
	['Meeting Get Highlights', { resource: 'meeting', operation: 'getHighlights' }, 'highlights'],
	['Meeting Get Insights', { resource: 'meeting', operation: 'getInsights' }, 'insights'],
	['Meeting Get Download Link', { resource: 'meeting', operation: 'getDownloadLink' }, 'download'],
	['Team Get Many', { resource: 'team', operation: 'getAll' }, 'teams'],
	[
		'Team Get Meetings',
		{ resource: 'team', operation: 'getMeetings', teamId: String(SALES_TEAM_ID), limit: 3 },
		'team-meetings',
	],
	[
		'Recording Upload',
		{
			resource: 'recording',
			operation: 'upload',
			downloadUrl: 'https://example.com/call.mp4',
			additionalFields: { language_code: 'en-US', template_name: 'General meeting' },
		},
		'upload',
	],
	[
		'Bot Join',
		{
			resource: 'bot',
			operation: 'join',
			joinLink: 'https://meet.google.com/abc-defg-hij',
			additionalFields: {
				language_code: 'en-US',
				template_name: 'Sales call',
				meeting_name: 'Kickoff',
			},
		},
		'bot-join',
	],
];

describe('MeetGeek node: every operation speaks the documented API', () => {
	it.each(OPERATIONS)('%s: every call is one the documents describe', async (_name, parameters) => {
		const output = await run(parameters);
		expect(output.length).toBeGreaterThan(0);
		expect(api.requests.length).toBeGreaterThan(0);
		for (const request of api.requests) expect(request.status).toBeLessThan(300);
	});

	it.each(OPERATIONS)(
		'%s: items keep the names MeetGeek documents, one per record',
		async (_name, parameters, fixtureName) => {
			const output = await run(parameters);
			const documented = fixture(fixtureName).body;
			// A list answer gives one item per entry; anything else one item with the answer's fields.
			const listKey = ['meetings', 'sentences', 'highlights'].find((key) => key in documented);
			const record = listKey === undefined ? documented : (documented[listKey] as IDataObject[])[0];
			for (const item of output) {
				for (const key of Object.keys(record)) expect(item.json).toHaveProperty(key);
			}
		},
	);

	it('Get and Get Many name a meeting the same way: meeting_id and the UTC times', async () => {
		const [one] = await run({ resource: 'meeting', operation: 'get' });
		const many = await run({ resource: 'meeting', operation: 'getAll', limit: 1 });
		for (const key of ['meeting_id', 'timestamp_start_utc', 'timestamp_end_utc']) {
			expect(one.json).toHaveProperty(key);
			expect(many[0].json).toHaveProperty(key);
		}
	});

	it('Get Many with Include Meeting Details: the same record as Get, one more call per meeting', async () => {
		const many = await run({
			resource: 'meeting',
			operation: 'getAll',
			limit: 2,
			includeDetails: true,
		});
		expect(api.requests).toHaveLength(3);
		const [one] = await run({ resource: 'meeting', operation: 'get' });
		expect(many[0].json).toEqual(one.json);
		expect(many).toHaveLength(2);
		for (const item of many)
			expect(shapeDifferences(item.json, fixture('meeting').body)).toEqual([]);
	});

	it('Team Get Meetings with Include Meeting Details: one call for the list, one per meeting', async () => {
		const output = await run({
			resource: 'team',
			operation: 'getMeetings',
			teamId: String(SALES_TEAM_ID),
			limit: 2,
			includeDetails: true,
		});
		expect(output.map((item) => item.json.team_ids)).toEqual([[SALES_TEAM_ID], [SALES_TEAM_ID]]);
		expect(api.requests.map((request) => request.path)).toEqual([
			`/v1/teams/${SALES_TEAM_ID}/meetings`,
			`/v1/meetings/${output[0].json.meeting_id as string}`,
			`/v1/meetings/${output[1].json.meeting_id as string}`,
		]);
	});

	it("Get Insights passes MeetGeek's insights on in the documented shape, with the meeting_id", async () => {
		const [item] = await run({ resource: 'meeting', operation: 'getInsights' });
		const { meeting_id: meetingId, ...insights } = item.json;
		expect(meetingId).toBe(OWN_MEETING_ID);
		expect(shapeDifferences(insights, fixture('insights').body)).toEqual([]);
	});

	it('no output carries the API key', async () => {
		for (const [, parameters] of OPERATIONS) {
			expect(JSON.stringify(await run(parameters))).not.toContain(DEFAULT_API_KEY);
		}
	});
});

describe('MeetGeek node: every documented error body, for every operation', () => {
	const statuses = [400, 401, 403, 404, 410, 429, 500] as const;
	const cases = OPERATIONS.flatMap(([name, parameters]) =>
		statuses.map((status) => [name, status, parameters] as const),
	);

	it.each(cases)(
		'%s, %i: a node error with the status and what MeetGeek said',
		async (_name, status, parameters) => {
			api.setFailure({ status });
			const error = await run(parameters).then(
				() => undefined,
				(caught: unknown) => caught,
			);
			expect(error).toBeInstanceOf(NodeApiError);
			const failure = error as NodeApiError;
			expect(failure.httpCode).toBe(String(status));
			expect(failure.description).toContain(ERROR_BODIES[status].message);
			expect(JSON.stringify(failure)).not.toContain(DEFAULT_API_KEY);
			// One call: nothing is retried against a documented refusal.
			expect(api.requests).toHaveLength(1);
		},
	);
});

describe('MeetGeek node: Get Transcript defaults to a Limit from version 1.1', () => {
	const returnAllDefault = (typeVersion: number) =>
		withDefaults(new MeetGeek(), { resource: 'meeting', operation: 'getTranscript' }, typeVersion)
			.returnAll;

	it('new nodes are version 1.1', () => {
		const { description } = new MeetGeek();
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
	});

	it('version 1 keeps Return All on, so saved workflows fetch what they did', async () => {
		expect(returnAllDefault(1)).toBe(true);
		const output = await run({ resource: 'meeting', operation: 'getTranscript' }, 1);
		expect(output).toHaveLength(5);
		expect(api.requests[0].query.limit).toBe('100');
	});

	it('version 1.1 opens on Limit 50, like the other list operations', async () => {
		expect(returnAllDefault(1.1)).toBe(false);
		await run({ resource: 'meeting', operation: 'getTranscript' }, 1.1);
		expect(api.requests[0].query.limit).toBe('50');
		const two = await run({ resource: 'meeting', operation: 'getTranscript', limit: 2 }, 1.1);
		expect(two.map((item) => item.json.id)).toEqual([1, 2]);
	});
});

describe('MeetGeek node: Team as a searchable list', () => {
	const teamField = () =>
		new MeetGeek().description.properties.find(
			(property) => property.name === 'teamId',
		) as INodeProperties;

	it('Team Get Meetings picks the team from a list (searchTeams) or by ID', () => {
		const field = teamField();
		expect(field.type).toBe('resourceLocator');
		expect(field.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
		expect(field.modes?.[0].typeOptions?.searchListMethod).toBe('searchTeams');
		expect(new MeetGeek().methods.listSearch.searchTeams).toBeInstanceOf(Function);
	});

	const searchContext = (fields: IDataObject = {}) => {
		const node = meetGeekActionNode({ resource: 'team', operation: 'getMeetings' });
		const credentials = { meetingWebhooksMeetGeekApi: credential(fields) };
		return {
			getNode: () => node,
			getCredentials: async () => credentials.meetingWebhooksMeetGeekApi,
			helpers: {
				httpRequestWithAuthentication: httpRequestWithAuthentication(
					node,
					{ meetingWebhooksMeetGeekApi: new MeetingWebhooksMeetGeekApi() },
					credentials,
				),
			},
		} as unknown as ILoadOptionsFunctions;
	};

	it('searchTeams lists each team once, by name, and filters by what is typed', async () => {
		const { searchTeams } = new MeetGeek().methods.listSearch;
		expect(await searchTeams.call(searchContext())).toEqual({
			results: [
				{ name: 'Product', value: '76' },
				{ name: 'Sales', value: '77' },
			],
		});
		expect(await searchTeams.call(searchContext(), 'sal')).toEqual({
			results: [{ name: 'Sales', value: '77' }],
		});
		expect(api.requests.map((request) => request.path)).toEqual(['/v1/teams', '/v1/teams']);
	});

	it('searchTeams with a wrong key: the node error about the key, never the key', async () => {
		const { searchTeams } = new MeetGeek().methods.listSearch;
		const error = await searchTeams.call(searchContext({ apiKey: 'wrong-key' })).then(
			() => undefined,
			(caught: unknown) => caught,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toContain('rejected the API key (401)');
		expect(JSON.stringify(error)).not.toContain('wrong-key');
	});

	it.each([
		['a pick from the list', { __rl: true, mode: 'list', value: '77', cachedResultName: 'Sales' }],
		['an ID', { __rl: true, mode: 'id', value: ' 77 ' }],
		['a Team ID saved as text before the list existed', '77'],
	])('Get Meetings reads %s', async (_name, teamId) => {
		const output = await run({ resource: 'team', operation: 'getMeetings', teamId, limit: 1 });
		expect(output).toHaveLength(1);
		expect(api.requests[0].path).toBe(`/v1/teams/${SALES_TEAM_ID}/meetings`);
	});

	it.each(['Sales', '..', '7/meetings'])(
		'Get Meetings refuses team %p before any call: MeetGeek team IDs are numbers',
		async (teamId) => {
			const error = await run({ resource: 'team', operation: 'getMeetings', teamId }).then(
				() => undefined,
				(caught: unknown) => caught,
			);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toMatch(/^Team must be a MeetGeek team ID \(a number\)/);
			expect(api.requests).toHaveLength(0);
		},
	);
});

describe('MeetGeek credential: Region', () => {
	const region = () =>
		new MeetingWebhooksMeetGeekApi().properties.find((property) => property.name === 'region')!;

	it("offers MeetGeek's three documented hosts and a custom one; saved 'eu' stays the default host", () => {
		const options = region().options as Array<{ name: string; value: string }>;
		expect(options.map((option) => option.value)).toEqual(['eu', 'apiEu', 'us', 'custom']);
		expect(options.map((option) => option.name)).toEqual([
			'Default (api.meetgeek.ai)',
			'EU (api-eu.meetgeek.ai)',
			'US (api-us.meetgeek.ai)',
			'Custom Base URL',
		]);
		expect(region().default).toBe('eu');
	});

	it('EU calls api-eu.meetgeek.ai', async () => {
		const seen: string[] = [];
		await runMeetGeek({
			parameters: { resource: 'team', operation: 'getAll' },
			credential: { apiKey: DEFAULT_API_KEY, region: 'apiEu' },
			request: async (_type, options) => {
				seen.push(String((options as { baseURL: string }).baseURL));
				// As n8n answers the full response the client asks for.
				return { statusCode: 200, headers: {}, body: fixture('teams').body };
			},
		});
		expect(seen).toEqual(['https://api-eu.meetgeek.ai']);
	});
});
