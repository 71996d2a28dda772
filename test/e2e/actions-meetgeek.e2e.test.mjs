// MeetGeek Trigger → MeetGeek node in a real n8n: a signed delivery names a meeting, the node
// fetches its summary (and then its transcript as one text) from a loopback fake of MeetGeek's
// API, with the Meeting ID left at its default (the trigger item's meeting_id). Outputs are read
// back from n8n's own database.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';

import { buildDelivery, send } from '../../scripts/lib/deliveries.mjs';
import { credential, triggerWorkflow, withActionNodes } from '../../scripts/lib/workflows.mjs';
import { startN8n } from './harness.mjs';

const fakeMeetGeekApi = createRequire(import.meta.url)('../fakes/meetgeek-api.cjs');
const secret = `e2e-${randomUUID()}`;
const webhookCredential = credential('meetingWebhooksMeetGeekWebhookApi', 'MeetGeek webhook e2e', {
	secret,
	previousSecret: '',
});

/** Appends meetGeek action nodes after the trigger, each fed by the one before it. */
const withActions = (workflow, actions, apiCredential) =>
	withActionNodes(
		workflow,
		{
			nodeType: 'meetGeek',
			credentialType: 'meetingWebhooksMeetGeekApi',
			credential: apiCredential,
		},
		actions,
	);

describe('MeetGeek Trigger → MeetGeek node in a real n8n', { timeout: 300_000 }, () => {
	let env;
	let api;
	let summaryFlow;
	let refusedFlow;

	before(async () => {
		api = await fakeMeetGeekApi.start();
		const apiCredential = credential(
			'meetingWebhooksMeetGeekApi',
			'MeetGeek API e2e (local fake)',
			{
				apiKey: api.apiKey,
				region: 'custom',
				baseUrl: api.url,
			},
		);
		const trigger = {
			nodeType: 'meetGeekTrigger',
			nodeName: 'MeetGeek Trigger',
			parameters: { authentication: 'signingSecret', events: ['analysis.succeeded'], options: {} },
			credentials: { meetingWebhooksMeetGeekWebhookApi: webhookCredential },
		};
		// Meeting ID is not set: its default takes meeting_id from the incoming item.
		summaryFlow = withActions(
			triggerWorkflow({ ...trigger, name: 'MeetGeek e2e: delivery → summary → transcript' }),
			[
				{ name: 'Get Summary', parameters: { resource: 'meeting', operation: 'getSummary' } },
				{
					name: 'Get Transcript',
					parameters: { resource: 'meeting', operation: 'getTranscript', output: 'text' },
				},
				{
					// Version 1.1, with the team picked from the list as the editor saves it.
					name: 'Team Meetings',
					parameters: {
						resource: 'team',
						operation: 'getMeetings',
						teamId: {
							__rl: true,
							mode: 'list',
							value: String(fakeMeetGeekApi.SALES_TEAM_ID),
							cachedResultName: 'Sales',
						},
						limit: 1,
					},
					settings: { typeVersion: 1.1 },
				},
			],
			apiCredential,
		);
		refusedFlow = withActions(
			triggerWorkflow({ ...trigger, name: 'MeetGeek e2e: summary refused, continue on error' }),
			[
				{
					name: 'Get Summary',
					parameters: { resource: 'meeting', operation: 'getSummary' },
					settings: { onError: 'continueRegularOutput' },
				},
			],
			apiCredential,
		);
		env = await startN8n({
			credentials: [webhookCredential, apiCredential],
			workflows: [summaryFlow, refusedFlow],
		});
	});
	after(async () => {
		await env?.close();
		await api?.close();
	});

	const deliver = (workflow, id) =>
		send(env.url(workflow), buildDelivery('meetgeek', { secret, id }));

	it('a delivery → the summary and the transcript of the meeting it names', async () => {
		const answer = await deliver(summaryFlow, fakeMeetGeekApi.OWN_MEETING_ID);
		assert.equal(answer.status, 200);
		assert.equal(answer.body, '');
		const executions = await env.store.settledExecutions(summaryFlow.id, 1);
		assert.equal(executions.length, 1);
		assert.equal(executions[0].status, 'success');

		const [summary] = env.store.outputItems(executions[0].id, 'Get Summary');
		assert.equal(summary.meeting_id, fakeMeetGeekApi.OWN_MEETING_ID);
		assert.match(summary.summary, /ship the webhook trigger on Friday/);
		assert.match(summary.ai_insights, /Decisions/);

		const transcript = env.store.outputItems(executions[0].id, 'Get Transcript');
		assert.equal(transcript.length, 1);
		assert.equal(transcript[0].meeting_id, fakeMeetGeekApi.OWN_MEETING_ID);
		assert.equal(transcript[0].sentences, 5);
		assert.equal(transcript[0].pages, 2);
		assert.match(transcript[0].text, /^Zoë: Good morning/);
		assert.match(transcript[0].text, /Mei: 会议记录已经同步了。/);

		const teamMeetings = env.store.outputItems(executions[0].id, 'Team Meetings');
		assert.equal(teamMeetings.length, 1);
		assert.equal(teamMeetings[0].meeting_id, fakeMeetGeekApi.TEAM_MEETING_ID);

		const calls = api.requests.filter((request) => request.authorized);
		assert.deepEqual(
			calls.map((request) => `${request.method} ${request.path}`),
			[
				`GET /v1/meetings/${fakeMeetGeekApi.OWN_MEETING_ID}/summary`,
				`GET /v1/meetings/${fakeMeetGeekApi.OWN_MEETING_ID}/transcript`,
				`GET /v1/meetings/${fakeMeetGeekApi.OWN_MEETING_ID}/transcript`,
				`GET /v1/teams/${fakeMeetGeekApi.SALES_TEAM_ID}/meetings`,
			],
		);
		// Every call was one MeetGeek documents: the fake answers anything else with a 400.
		assert.ok(calls.every((request) => request.status < 300));
		const stored = JSON.stringify(env.store.query('SELECT data FROM execution_data'));
		assert.ok(!stored.includes(api.apiKey), 'the API key is not in the execution data');
	});

	it('a refused summary with "continue on error": one error item of the package shape', async () => {
		const before = api.requests.length;
		const answer = await deliver(refusedFlow, fakeMeetGeekApi.FOREIGN_MEETING_ID);
		assert.equal(answer.status, 200);
		const executions = await env.store.settledExecutions(refusedFlow.id, 1);
		assert.equal(executions.length, 1);
		assert.equal(executions[0].status, 'success');
		const items = env.store.outputItems(executions[0].id, 'Get Summary');
		assert.deepEqual(Object.keys(items[0]).sort(), ['description', 'error', 'httpCode']);
		assert.equal(
			items[0].error,
			`The MeetGeek API key may not view meeting ${fakeMeetGeekApi.FOREIGN_MEETING_ID} (403)`,
		);
		assert.equal(items[0].httpCode, '403');
		assert.match(items[0].description, /you do not have access to view this meeting/);
		assert.equal(api.requests.length - before, 1);
		assert.ok(!JSON.stringify(items).includes(api.apiKey));
	});
});
