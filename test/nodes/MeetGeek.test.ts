import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IHttpRequestOptions,
	type INodeParameters,
	type INodeProperties,
} from 'n8n-workflow';

import { MeetGeek } from '../../nodes/MeetGeek/MeetGeek.node';
import { resources } from '../../nodes/MeetGeek/actions';
import { joinSentences } from '../../nodes/MeetGeek/actions/meeting/getTranscript.operation';
import {
	DEFAULT_API_KEY,
	FOREIGN_MEETING_ID,
	GONE_MEETING_ID,
	OWN_MEETING_ID,
	SALES_TEAM_ID,
	TEAM_MEETING_ID,
	start,
	type MeetGeekApiFake,
} from '../fakes/meetgeek-api.cjs';
import {
	runMeetGeek,
	useInstantMeetGeekClock,
	useMeetGeekApiFake,
} from '../helpers/meetgeekAction';

let api: MeetGeekApiFake;
useMeetGeekApiFake((started) => (api = started));
/** What the node waited (429s, pacing), without spending the time: the clock moves on by each wait. */
const waits = useInstantMeetGeekClock();
beforeEach(() => {
	api.setFailure(null);
	api.setDailyQuota(Infinity);
	api.requests.length = 0;
	api.uploads.length = 0;
	api.bots.length = 0;
});

const credential = (apiKey = DEFAULT_API_KEY): IDataObject => ({
	apiKey,
	region: 'custom',
	baseUrl: `${api.url}/`,
});

/** An item as the MeetGeek Trigger outputs it for a successful analysis. */
const triggerItem = (meetingId = OWN_MEETING_ID) => ({
	json: {
		message: 'File analyzed successfully',
		meeting_id: meetingId,
		delivery: { provider: 'MeetGeek' },
	},
});

async function run(
	parameters: INodeParameters,
	options: {
		items?: Array<{ json: IDataObject }>;
		apiKey?: string;
		continueOnFail?: boolean;
		perItem?: Array<Partial<INodeParameters>>;
	} = {},
) {
	return await runMeetGeek({
		parameters,
		credential: credential(options.apiKey),
		items: options.items ?? [triggerItem()],
		continueOnFail: options.continueOnFail,
		perItem: options.perItem,
	});
}

async function failure(
	parameters: INodeParameters,
	options: Parameters<typeof run>[1] = {},
): Promise<NodeApiError> {
	const error = await run(parameters, options).then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(NodeApiError);
	expect(JSON.stringify(error)).not.toContain(options.apiKey ?? DEFAULT_API_KEY);
	return error as NodeApiError;
}

const paths = () =>
	api.requests.map(
		(request) =>
			`${request.method} ${request.path}${Object.keys(request.query).length > 0 ? `?${new URLSearchParams(request.query)}` : ''}`,
	);

describe('MeetGeek node: description', () => {
	const { description } = new MeetGeek();

	it('is an action node usable as an AI tool, with the MeetGeek API credential', () => {
		expect(description.name).toBe('meetGeek');
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([
			{ name: 'meetingWebhooksMeetGeekApi', required: true },
		]);
		expect(description.inputs).toEqual(['main']);
		expect(description.outputs).toEqual(['main']);
	});

	it('lists every operation of the router, each with an action, and no other', () => {
		const resourceField = description.properties.find((p) => p.name === 'resource')!;
		expect((resourceField.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual(
			Object.keys(resources).sort(),
		);
		for (const [resource, operations] of Object.entries(resources)) {
			const field = description.properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === resource,
			) as INodeProperties;
			const options = field.options as Array<{ value: string; action?: string }>;
			expect(options.map((o) => o.value).sort()).toEqual(Object.keys(operations).sort());
			for (const option of options) expect(option.action).toBeTruthy();
		}
		expect(Object.keys(resources.meeting).sort()).toEqual(
			[
				'get',
				'getAll',
				'getDownloadLink',
				'getHighlights',
				'getInsights',
				'getSummary',
				'getTranscript',
			].sort(),
		);
		expect(Object.keys(resources.team).sort()).toEqual(['getAll', 'getMeetings']);
		expect(Object.keys(resources.recording)).toEqual(['upload']);
		expect(Object.keys(resources.bot)).toEqual(['join']);
	});

	it("defaults Meeting ID to the trigger item's meeting_id", () => {
		const fields = description.properties.filter((p) => p.name === 'meetingId');
		expect(fields.length).toBe(6);
		for (const field of fields) expect(field.default).toBe('={{ $json.meeting_id }}');
	});
});

describe('MeetGeek node: Meeting', () => {
	it('Get: the meeting named by the incoming trigger item, paired with it, without the key', async () => {
		const output = await run({ resource: 'meeting', operation: 'get' });
		expect(output).toEqual([
			{
				json: expect.objectContaining({
					meeting_id: OWN_MEETING_ID,
					title: 'Weekly product sync — Zoë & José',
					participant_emails: ['zoe@example.com', 'jose@example.com', 'mei@example.com'],
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(paths()).toEqual([`GET /v1/meetings/${OWN_MEETING_ID}`]);
		expect(api.requests[0].authorized).toBe(true);
		expect(JSON.stringify(output)).not.toContain(DEFAULT_API_KEY);
	});

	it('Get: one call per item, each paired with its own item', async () => {
		const output = await run(
			{ resource: 'meeting', operation: 'get' },
			{ items: [triggerItem(OWN_MEETING_ID), triggerItem(TEAM_MEETING_ID)] },
		);
		expect(output.map((item) => [item.json.meeting_id, item.pairedItem])).toEqual([
			[OWN_MEETING_ID, { item: 0 }],
			[TEAM_MEETING_ID, { item: 1 }],
		]);
	});

	it('Get: an empty Meeting ID stops before any call', async () => {
		const error = await run(
			{ resource: 'meeting', operation: 'get' },
			{ items: [{ json: {} }] },
		).then(
			() => undefined,
			(caught: unknown) => caught,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe('Meeting ID is empty');
		expect(api.requests).toHaveLength(0);
	});

	it.each(['../teams', '.', '..', ' .. ', 'a\\b', '%2e%2e', '%252E%252e', 'a%2Fb'])(
		'Get: Meeting ID %j is refused before any request, naming the field',
		async (meetingId) => {
			const error = await run({ resource: 'meeting', operation: 'get', meetingId }).then(
				() => undefined,
				(caught: unknown) => caught,
			);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toMatch(/^Meeting ID ".*" is not a valid ID$/);
			expect(api.requests).toHaveLength(0);
		},
	);

	it('Team Get Meetings: Team ID ".." is refused before any request', async () => {
		const error = await run({ resource: 'team', operation: 'getMeetings', teamId: '..' }).then(
			() => undefined,
			(caught: unknown) => caught,
		);
		expect((error as Error).message).toBe('Team must be a MeetGeek team ID (a number), not ".."');
		expect(api.requests).toHaveLength(0);
	});

	it('Get Many, Return All: every meeting, following the cursor page by page', async () => {
		const output = await run({ resource: 'meeting', operation: 'getAll', returnAll: true });
		expect(output).toHaveLength(5);
		expect(output[0].json).toEqual({
			meeting_id: OWN_MEETING_ID,
			timestamp_start_utc: '2026-11-23T15:00:00Z',
			timestamp_end_utc: '2026-11-23T15:32:10Z',
		});
		expect(new Set(output.map((item) => item.json.meeting_id)).size).toBe(5);
		expect(
			output.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0),
		).toBe(true);
		// The fake answers at most 2 per page, whatever the limit asks for.
		expect(api.requests.map((request) => request.query)).toEqual([
			{ limit: '100' },
			{ limit: '100', cursor: expect.any(String) },
			{ limit: '100', cursor: expect.any(String) },
		]);
	});

	it('Get Many, Limit: stops at the limit, asking only for what is left', async () => {
		const output = await run({
			resource: 'meeting',
			operation: 'getAll',
			returnAll: false,
			limit: 3,
		});
		expect(output).toHaveLength(3);
		expect(api.requests.map((request) => request.query.limit)).toEqual(['3', '1']);
	});

	it('Get Many: a daily quota running out mid-way fails the item, never a silent part of the list', async () => {
		api.setDailyQuota(1);
		const error = await failure({ resource: 'meeting', operation: 'getAll', returnAll: true });
		expect(error.httpCode).toBe('429');
		expect(error.message).toBe(
			"MeetGeek's daily API quota is used up (429, per day) while trying to list the meetings",
		);
		expect(error.description).toContain('calls its MeetGeek plan allows per day');
		expect(error.description).toContain('Return All costs one call per page');
		expect(error.description).toContain('quota limit reached');
		expect(api.requests.map((request) => request.status)).toEqual([200, 429]);
	});

	it('Get Transcript: every sentence over all pages, one item each with the meeting_id', async () => {
		const output = await run({ resource: 'meeting', operation: 'getTranscript' });
		expect(output.map((item) => item.json.id)).toEqual([1, 2, 3, 4, 5]);
		expect(output[2].json).toMatchObject({
			meeting_id: OWN_MEETING_ID,
			speaker: 'Mei',
			transcript: '会议记录已经同步了。',
			timestamp: expect.any(String),
		});
		expect(api.requests).toHaveLength(2);
		expect(api.requests[1].query.cursor).toEqual(expect.any(String));
	});

	it('Get Transcript, Limit: only the first sentences', async () => {
		const output = await run({
			resource: 'meeting',
			operation: 'getTranscript',
			returnAll: false,
			limit: 4,
		});
		expect(output.map((item) => item.json.id)).toEqual([1, 2, 3, 4]);
		expect(api.requests.map((request) => request.query.limit)).toEqual(['4', '1']);
	});

	it('Get Transcript, joined: one item with the text, one line per sentence', async () => {
		const [item] = await run({ resource: 'meeting', operation: 'getTranscript', output: 'text' });
		expect(item.json).toEqual({
			meeting_id: OWN_MEETING_ID,
			text: [
				'Zoë: Good morning, everyone — shall we start?',
				'José: Sure. The trigger verifies the signature now.',
				'Mei: 会议记录已经同步了。',
				'Zoë: Then we ship on Friday.',
				'José: I will write the release notes.',
			].join('\n'),
			sentences: 5,
			pages: 2,
		});
		const [bare] = await run({
			resource: 'meeting',
			operation: 'getTranscript',
			output: 'text',
			includeSpeakers: false,
		});
		expect((bare.json.text as string).split('\n')[0]).toBe(
			'Good morning, everyone — shall we start?',
		);
	});

	it('Get Transcript, one item with all sentences', async () => {
		const [item] = await run({ resource: 'meeting', operation: 'getTranscript', output: 'single' });
		expect(item.json.meeting_id).toBe(OWN_MEETING_ID);
		expect(item.json.sentences).toHaveLength(5);
		expect(item.json.pages).toBe(2);
	});

	it('joinSentences skips empty sentences and missing speakers', () => {
		expect(
			joinSentences(
				[
					{ speaker: 'A', transcript: ' hi ' },
					{ transcript: 'there' },
					{ speaker: 'B', transcript: '' },
				],
				true,
			),
		).toBe('A: hi\nthere');
	});

	it('Get Summary: summary and AI insights', async () => {
		const [item] = await run({ resource: 'meeting', operation: 'getSummary' });
		expect(item.json).toEqual({
			meeting_id: OWN_MEETING_ID,
			summary: expect.stringContaining('ship the webhook trigger on Friday'),
			ai_insights: expect.stringContaining('Decisions'),
		});
		expect(paths()).toEqual([`GET /v1/meetings/${OWN_MEETING_ID}/summary`]);
	});

	it('Get Summary, 404: says the meeting is unknown to the key or has no summary yet', async () => {
		const error = await failure(
			{ resource: 'meeting', operation: 'getSummary' },
			{ items: [triggerItem('00000000-0000-4000-8000-000000000000')] },
		);
		expect(error.httpCode).toBe('404');
		expect(error.message).toBe(
			'MeetGeek has no summary for meeting 00000000-0000-4000-8000-000000000000 (404)',
		);
		expect(error.description).toContain("credential's Region");
		expect(error.description).toContain('meeting not found');
		expect(error.description).not.toContain('Meeting Details');
	});

	it('Get Highlights: one item per highlight; Type filters; or all in one item', async () => {
		const all = await run({ resource: 'meeting', operation: 'getHighlights' });
		expect(all.map((item) => item.json)).toEqual([
			{
				meeting_id: OWN_MEETING_ID,
				highlightText: 'Ship the webhook trigger on Friday',
				label: 'decision',
			},
			{
				meeting_id: OWN_MEETING_ID,
				highlightText: 'José writes the release notes',
				label: 'next_steps',
			},
		]);
		expect(api.requests[0].query).toEqual({});
		const nextSteps = await run({
			resource: 'meeting',
			operation: 'getHighlights',
			type: 'next_steps',
		});
		expect(nextSteps.map((item) => item.json.label)).toEqual(['next_steps']);
		expect(api.requests[1].query).toEqual({ type: 'next_steps' });
		const [single] = await run({
			resource: 'meeting',
			operation: 'getHighlights',
			output: 'single',
		});
		expect(single.json).toEqual({ meeting_id: OWN_MEETING_ID, highlights: expect.any(Array) });
		expect(single.json.highlights).toHaveLength(2);
	});

	it('Get Insights: the KPI objects as MeetGeek sends them', async () => {
		const [item] = await run({ resource: 'meeting', operation: 'getInsights' });
		expect(item.json).toMatchObject({
			meeting_id: OWN_MEETING_ID,
			kpi_meeting: [expect.objectContaining({ title: 'Participation Balance', score: 8.6 })],
			kpi_popular_themes: { id: 101, meeting_id: OWN_MEETING_ID },
		});
	});

	it('Get Download Link: a POST, the link and its lifetime', async () => {
		const [item] = await run({ resource: 'meeting', operation: 'getDownloadLink' });
		expect(item.json).toEqual({
			meeting_id: OWN_MEETING_ID,
			download_link: expect.stringContaining('https://'),
			expires_in: 14400,
		});
		expect(paths()).toEqual([`POST /v1/meetings/${OWN_MEETING_ID}/download`]);
	});

	it('Get Download Link, 403: names the plan and the download limit', async () => {
		const error = await failure(
			{ resource: 'meeting', operation: 'getDownloadLink' },
			{ items: [triggerItem(FOREIGN_MEETING_ID)] },
		);
		expect(error.message).toBe(
			`MeetGeek refused the download link of meeting ${FOREIGN_MEETING_ID} (403)`,
		);
		expect(error.description).toContain('Pro plan');
	});

	it('403 on a meeting: the key cannot view it, use the key of a user who can', async () => {
		const error = await failure(
			{ resource: 'meeting', operation: 'get' },
			{ items: [triggerItem(FOREIGN_MEETING_ID)] },
		);
		expect(error.httpCode).toBe('403');
		expect(error.message).toBe(
			`The MeetGeek API key may not view meeting ${FOREIGN_MEETING_ID} (403)`,
		);
		expect(error.description).toContain('Use the API key of a user who can view it');
		expect(error.description).toContain('you do not have access to view this meeting');
		expect(error.description).not.toContain('X-MG-Signature');
	});

	it('404 on a meeting: check the Meeting ID and the Region', async () => {
		const error = await failure(
			{ resource: 'meeting', operation: 'get' },
			{ items: [triggerItem('not-a-meeting')] },
		);
		expect(error.message).toBe('MeetGeek has no meeting not-a-meeting for this API key (404)');
		expect(error.description).toContain('Check the Meeting ID');
		expect(error.description).toContain('api-us.meetgeek.ai');
	});

	it("410 Gone: says the meeting was deleted, with MeetGeek's words", async () => {
		const error = await failure(
			{ resource: 'meeting', operation: 'getSummary' },
			{ items: [triggerItem(GONE_MEETING_ID)] },
		);
		expect(error.httpCode).toBe('410');
		expect(error.message).toBe(`MeetGeek says meeting ${GONE_MEETING_ID} is gone (410)`);
		expect(error.description).toContain('target resource is no longer available');
	});
});

describe('MeetGeek node: Team', () => {
	it('Get Many: one item per team, saying which access the user has', async () => {
		const output = await run({ resource: 'team', operation: 'getAll' }, { items: [{ json: {} }] });
		expect(output.map((item) => item.json)).toEqual([
			{ id: 76, name: 'Product', share_access: true, view_access: true },
			{ id: 77, name: 'Sales', share_access: false, view_access: true },
		]);
		expect(paths()).toEqual(['GET /v1/teams']);
	});

	it("Get Meetings, Return All: the team's meetings over several pages", async () => {
		const output = await run(
			{
				resource: 'team',
				operation: 'getMeetings',
				teamId: String(SALES_TEAM_ID),
				returnAll: true,
			},
			{ items: [{ json: {} }] },
		);
		expect(output.map((item) => item.json.meeting_id)).toEqual([
			TEAM_MEETING_ID,
			'a1000000-0000-4000-8000-000000000001',
			'a2000000-0000-4000-8000-000000000002',
		]);
		expect(api.requests.map((request) => request.path)).toEqual([
			`/v1/teams/${SALES_TEAM_ID}/meetings`,
			`/v1/teams/${SALES_TEAM_ID}/meetings`,
		]);
	});

	it('Get Meetings, Limit 1: one call, one meeting', async () => {
		const output = await run(
			{ resource: 'team', operation: 'getMeetings', teamId: '77', returnAll: false, limit: 1 },
			{ items: [{ json: {} }] },
		);
		expect(output).toHaveLength(1);
		expect(api.requests).toHaveLength(1);
	});

	it('Get Meetings of an unknown team: 404 naming the team', async () => {
		const error = await failure(
			{ resource: 'team', operation: 'getMeetings', teamId: '99' },
			{ items: [{ json: {} }] },
		);
		expect(error.message).toBe('MeetGeek has no team 99 for this API key (404)');
		expect(error.description).toContain('Team → Get Many');
	});
});

describe('MeetGeek node: Recording and Bot', () => {
	const signedUrl = 'https://bucket.example/call.mp4?X-Amz-Signature=very-secret-signature';

	it('Recording Upload: posts the URL and the optional fields; the URL is not echoed', async () => {
		const [item] = await run(
			{
				resource: 'recording',
				operation: 'upload',
				downloadUrl: signedUrl,
				additionalFields: { language_code: 'de-DE', template_name: ' ' },
			},
			{ items: [{ json: {} }] },
		);
		expect(item.json).toEqual({
			message: 'The recording has been validated and submitted for analysis',
		});
		expect(api.uploads).toEqual([{ download_url: signedUrl, language_code: 'de-DE' }]);
		expect(api.requests[0].status).toBe(202);
	});

	it('Recording Upload, 400 from MeetGeek: what it said, not the URL', async () => {
		api.setFailure({
			status: 400,
			body: { message: 'bad request', reason: 'download_url could not be downloaded' },
		});
		const error = await failure(
			{ resource: 'recording', operation: 'upload', downloadUrl: signedUrl },
			{ items: [{ json: {} }] },
		);
		expect(error.message).toBe('MeetGeek refused the request (400) to upload the recording');
		expect(error.description).toContain('download_url could not be downloaded');
		expect(JSON.stringify(error)).not.toContain('very-secret-signature');
		expect(JSON.stringify(error.description)).not.toContain('X-Amz');
	});

	it('Bot Join: sends the bot; the answer names the new meeting', async () => {
		const [item] = await run(
			{
				resource: 'bot',
				operation: 'join',
				joinLink: 'https://zoom.us/j/123?pwd=passcode',
				additionalFields: { meeting_name: 'Pilot kickoff', template_name: 'Sales call' },
			},
			{ items: [{ json: {} }] },
		);
		expect(item.json).toEqual({
			meeting_id: expect.stringMatching(/^b0700000-/),
			message: 'MeetGeek bot will join shortly',
		});
		expect(api.bots[0]).toMatchObject({
			join_link: 'https://zoom.us/j/123?pwd=passcode',
			meeting_name: 'Pilot kickoff',
			template_name: 'Sales call',
		});
	});

	it('Bot Join: an empty Join Link stops before any call', async () => {
		await expect(
			run({ resource: 'bot', operation: 'join', joinLink: '  ' }, { items: [{ json: {} }] }),
		).rejects.toThrow('Join Link is empty');
		expect(api.requests).toHaveLength(0);
	});
});

describe('MeetGeek node: errors', () => {
	it('401: the key or its region, never the key itself', async () => {
		const wrong = 'w'.repeat(40);
		const error = await failure({ resource: 'meeting', operation: 'get' }, { apiKey: wrong });
		expect(error.httpCode).toBe('401');
		expect(error.message).toBe(
			`MeetGeek rejected the API key (401) while trying to fetch meeting ${OWN_MEETING_ID}`,
		);
		expect(error.description).toContain('Region');
		expect(error.description).toContain('"unauthorized"');
	});

	it("400 with MeetGeek's missing-key body: the same advice as 401", async () => {
		api.setFailure({ status: 400 });
		const error = await failure({ resource: 'team', operation: 'getAll' });
		expect(error.message).toBe(
			'MeetGeek rejected the API key (400) while trying to list the teams',
		);
		expect(error.description).toContain('(missing api key)');
	});

	it('429 with another unit: names it and does not call it daily', async () => {
		api.setFailure({ status: 429, body: { message: 'quota limit reached', unit: 'minute' } });
		const error = await failure({ resource: 'meeting', operation: 'getSummary' });
		expect(error.message).toBe(
			`MeetGeek's API quota is used up (429, per minute) while trying to fetch the summary of meeting ${OWN_MEETING_ID}`,
		);
		expect(error.description).toContain('per minute');
		expect(error.description).not.toContain('per day');
		// A per-minute quota is waited out once (no Retry-After: a minute), then reported.
		expect(waits()).toEqual([60_000]);
		expect(error.description).toContain('The node already waited 60 seconds');
	});

	it("500: a problem on MeetGeek's side", async () => {
		api.setFailure({ status: 500 });
		const error = await failure({ resource: 'meeting', operation: 'getInsights' });
		expect(error.message).toBe(
			`MeetGeek's API failed with 500 while trying to fetch the insights of meeting ${OWN_MEETING_ID}`,
		);
		expect(error.description).toContain("MeetGeek's side");
	});

	it('an unreachable API: names the base URL', async () => {
		const closed = await start();
		const url = closed.url;
		await closed.close();
		const error = await runMeetGeek({
			parameters: { resource: 'meeting', operation: 'get' },
			credential: { apiKey: DEFAULT_API_KEY, region: 'custom', baseUrl: url },
			items: [triggerItem()],
		}).then(
			() => undefined,
			(caught: unknown) => caught as NodeApiError,
		);
		expect(error?.message).toBe(
			`Could not reach the MeetGeek API to fetch meeting ${OWN_MEETING_ID}`,
		);
		expect(error?.description).toContain(url);
	});

	it('Continue On Fail: the failing item becomes one error item, the others go on', async () => {
		const output = await run(
			{ resource: 'meeting', operation: 'getSummary' },
			{
				items: [
					triggerItem(OWN_MEETING_ID),
					triggerItem(FOREIGN_MEETING_ID),
					triggerItem(TEAM_MEETING_ID),
				],
				continueOnFail: true,
			},
		);
		expect(output).toHaveLength(3);
		expect(output[0]).toMatchObject({
			json: { meeting_id: OWN_MEETING_ID },
			pairedItem: { item: 0 },
		});
		expect(output[1]).toEqual({
			json: {
				error: `The MeetGeek API key may not view meeting ${FOREIGN_MEETING_ID} (403)`,
				description: expect.stringContaining('Use the API key of a user who can view it'),
				httpCode: '403',
			},
			pairedItem: { item: 1 },
		});
		expect(output[2]).toMatchObject({
			json: { meeting_id: TEAM_MEETING_ID },
			pairedItem: { item: 2 },
		});
		expect(JSON.stringify(output)).not.toContain(DEFAULT_API_KEY);
	});

	it('without Continue On Fail: stops at the failing item with its index', async () => {
		const error = await failure(
			{ resource: 'meeting', operation: 'get' },
			{ items: [triggerItem(), triggerItem(FOREIGN_MEETING_ID)] },
		);
		expect(error.context.itemIndex).toBe(1);
	});
});

describe('MeetGeek node: answers in shapes the docs do not show', () => {
	/** A stand-in for n8n's HTTP helper that answers each call with the next of `answers`. */
	function scripted(answers: unknown[]) {
		const calls: IHttpRequestOptions[] = [];
		// As n8n answers the full response the client asks for.
		const request = async (_type: string, options: unknown) => {
			calls.push(options as IHttpRequestOptions);
			return { statusCode: 200, headers: {}, body: answers.shift() };
		};
		return { calls, request };
	}

	const runWith = (
		parameters: INodeParameters,
		request: (t: string, o: unknown) => Promise<unknown>,
	) =>
		runMeetGeek({
			parameters,
			credential: { apiKey: DEFAULT_API_KEY, region: 'eu' },
			items: [triggerItem()],
			request,
		});

	it('a list under "data" and a next_cursor at the top level are followed too', async () => {
		const { calls, request } = scripted([
			{ data: [{ meeting_id: 'a' }], next_cursor: 'c1' },
			{ data: [{ meeting_id: 'b' }], next_cursor: null },
		]);
		const output = await runWith(
			{ resource: 'meeting', operation: 'getAll', returnAll: true },
			request,
		);
		expect(output.map((item) => item.json.meeting_id)).toEqual(['a', 'b']);
		expect(calls.map((call) => call.qs)).toEqual([{ limit: 100 }, { limit: 100, cursor: 'c1' }]);
		expect(calls[0].baseURL).toBe('https://api.meetgeek.ai');
	});

	it('a bare list of teams is output item by item', async () => {
		const { request } = scripted([[{ id: 1, name: 'A' }]]);
		const output = await runWith({ resource: 'team', operation: 'getAll' }, request);
		expect(output.map((item) => item.json)).toEqual([{ id: 1, name: 'A' }]);
	});

	it('an answer without the list is an error, not an empty result', async () => {
		const { request } = scripted([{ items: 'none' }]);
		await expect(
			runWith({ resource: 'meeting', operation: 'getAll', returnAll: true }, request),
		).rejects.toThrow("MeetGeek's API answered GET /v1/meetings without a list of meetings");
	});

	it('the same cursor twice stops with an error instead of looping', async () => {
		const { request } = scripted([
			{ meetings: [{ meeting_id: 'a' }], pagination: { next_cursor: 'same' } },
			{ meetings: [{ meeting_id: 'b' }], pagination: { next_cursor: 'same' } },
		]);
		await expect(
			runWith({ resource: 'meeting', operation: 'getAll', returnAll: true }, request),
		).rejects.toThrow('pointed back to a page it had already sent');
	});

	it('an accepted upload without a body is an empty item, a GET without one an error', async () => {
		const upload = scripted(['']);
		const output = await runWith(
			{ resource: 'recording', operation: 'upload', downloadUrl: 'https://example.com/a.mp4' },
			upload.request,
		);
		expect(output).toEqual([{ json: {}, pairedItem: { item: 0 } }]);
		expect(upload.calls[0]).toMatchObject({
			method: 'POST',
			url: '/v1/upload',
			body: { download_url: 'https://example.com/a.mp4' },
		});
		const get = scripted(['<html>']);
		await expect(runWith({ resource: 'meeting', operation: 'get' }, get.request)).rejects.toThrow(
			'without a JSON object',
		);
	});
});
