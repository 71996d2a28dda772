// MeetGeek Trigger in a real n8n, with meeting details fetched from a loopback fake of
// MeetGeek's API. Outcomes are read back from n8n's own database.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';

import { buildDelivery, send } from '../../scripts/lib/deliveries.mjs';
import { credential, triggerWorkflow } from '../../scripts/lib/workflows.mjs';
import { startN8n } from './harness.mjs';

const fakeMeetGeekApi = createRequire(import.meta.url)('../fakes/meetgeek-api.cjs');
const secret = `e2e-${randomUUID()}`;
const webhookCredential = credential('meetingWebhooksMeetGeekWebhookApi', 'MeetGeek webhook e2e', {
	secret,
	previousSecret: '',
});

describe('MeetGeek Trigger in a real n8n', { timeout: 300_000 }, () => {
	let env;
	let api;
	let both;
	let succeededOnly;
	let withDetails;

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
		const common = { nodeType: 'meetGeekTrigger', nodeName: 'MeetGeek Trigger' };
		both = triggerWorkflow({
			...common,
			name: 'MeetGeek e2e: both outcomes',
			parameters: {
				authentication: 'signingSecret',
				events: ['analysis.succeeded', 'analysis.failed'],
				options: {},
			},
			credentials: { meetingWebhooksMeetGeekWebhookApi: webhookCredential },
		});
		succeededOnly = triggerWorkflow({
			...common,
			name: 'MeetGeek e2e: succeeded only',
			parameters: { authentication: 'signingSecret', events: ['analysis.succeeded'], options: {} },
			credentials: { meetingWebhooksMeetGeekWebhookApi: webhookCredential },
		});
		withDetails = triggerWorkflow({
			...common,
			name: 'MeetGeek e2e: with meeting details',
			parameters: {
				authentication: 'signingSecret',
				events: ['analysis.succeeded'],
				includeMeetingDetails: true,
				meetingDetails: ['summary', 'highlights'],
				options: {},
			},
			credentials: {
				meetingWebhooksMeetGeekWebhookApi: webhookCredential,
				meetingWebhooksMeetGeekApi: apiCredential,
			},
		});
		// Installed with a plain `npm install <package>` (peer n8n-workflow included), as a self-hoster may.
		env = await startN8n({
			credentials: [webhookCredential, apiCredential],
			workflows: [both, succeededOnly, withDetails],
			installWay: 'npm-with-peers',
		});
	});
	after(async () => {
		await env?.close();
		await api?.close();
	});

	const deliver = (workflow, options) =>
		send(env.url(workflow), buildDelivery('meetgeek', { secret, ...options }));
	const meetingId = randomUUID();

	it('acknowledges a genuine delivery with an empty 200 and starts exactly one execution', async () => {
		const answer = await deliver(both, { id: meetingId });
		assert.equal(answer.status, 200);
		assert.equal(answer.body, '');
		const executions = await env.store.settledExecutions(both.id, 1);
		assert.equal(executions.length, 1);
		assert.equal(executions[0].status, 'success');
		const [item] = env.store.outputItems(executions[0].id, 'MeetGeek Trigger');
		assert.equal(item.message, 'File analyzed successfully');
		assert.equal(item.meeting_id, meetingId);
		assert.equal(item.delivery.event, 'analysis.succeeded');
		assert.equal(item.delivery.secret, 'current');
	});

	it('rejects a tampered body, a wrong secret and a missing signature with 401 and starts nothing', async () => {
		const answers = {
			tampered: await deliver(both, { tamper: true }),
			'wrong secret': await send(
				env.url(both),
				buildDelivery('meetgeek', { secret: 'not-the-secret' }),
			),
			unsigned: await send(env.url(both), buildDelivery('meetgeek', {})),
		};
		for (const [name, answer] of Object.entries(answers)) {
			assert.equal(answer.status, 401, name);
			assert.ok(JSON.parse(answer.body).error.code, name);
			assert.ok(!answer.body.includes(secret), name);
		}
		assert.equal((await env.store.settledExecutions(both.id, 1)).length, 1);
	});

	it('answers MeetGeek’s retries of the same notice with an empty 200 and no new execution', async () => {
		for (let retry = 0; retry < 2; retry += 1) {
			const answer = await deliver(both, { id: meetingId });
			assert.equal(answer.status, 200);
			assert.equal(answer.body, '');
		}
		assert.equal((await env.store.settledExecutions(both.id, 1)).length, 1);
	});

	it('acknowledges an unselected outcome with an empty 200 and starts nothing', async () => {
		const answer = await deliver(succeededOnly, { event: 'failed' });
		assert.equal(answer.status, 200);
		assert.equal(answer.body, '');
		assert.equal((await env.store.settledExecutions(succeededOnly.id, 0)).length, 0);
	});

	it('adds the meeting, its summary and highlights from the API', async () => {
		const answer = await deliver(withDetails, { id: fakeMeetGeekApi.OWN_MEETING_ID });
		assert.equal(answer.status, 200);
		assert.equal(answer.body, '');
		const executions = await env.store.settledExecutions(withDetails.id, 1);
		assert.equal(executions.length, 1);
		assert.equal(executions[0].status, 'success');
		const [item] = env.store.outputItems(executions[0].id, 'MeetGeek Trigger');
		assert.equal(item.meeting_id, fakeMeetGeekApi.OWN_MEETING_ID);
		const details = JSON.stringify(item);
		assert.ok(details.includes('Weekly product sync'), 'meeting title from the API');
		assert.ok(
			api.requests.some((request) => request.path.endsWith('/summary') && request.authorized),
		);
		assert.ok(
			api.requests.some((request) => request.path.endsWith('/highlights') && request.authorized),
		);
		assert.ok(!details.includes(api.apiKey));
	});
});
