// "Listen for test event" in a real n8n: a MeetBit Trigger listening on n8n's test webhook
// (/webhook-test/…) as the editor makes it listen, through n8n's own REST API. A refused delivery
// gets the same answer as in production and shows up in the editor as one item explaining it;
// in production the same delivery starts nothing. Everything is read back from n8n's database.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { buildDelivery, send } from '../../scripts/lib/deliveries.mjs';
import { repoRoot } from '../../scripts/lib/n8n.mjs';
import { N8nRest } from '../../scripts/lib/rest.mjs';
import { credential, triggerWorkflow } from '../../scripts/lib/workflows.mjs';
import { startN8n } from './harness.mjs';

const owner = { email: 'owner@example.com', password: 'Test-mode-check-1' };
const secret = `e2e-${randomUUID()}`;
const meetBitCredential = credential('meetingWebhooksMeetBitWebhookApi', 'MeetBit test mode', {
	secret,
	previousSecret: '',
});
const workflow = triggerWorkflow({
	name: 'MeetBit e2e: test mode',
	nodeType: 'meetBitTrigger',
	nodeName: 'MeetBit Trigger',
	parameters: { events: ['*'], options: {} },
	credentials: { meetingWebhooksMeetBitWebhookApi: meetBitCredential },
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `npm run send -- …`: the package's test-delivery sender (scripts/send.mjs), on this Node. */
function sendScript(args) {
	return spawnSync(process.execPath, [join(repoRoot, 'scripts', 'send.mjs'), ...args], {
		encoding: 'utf8',
		timeout: 30_000,
	});
}

describe('MeetBit Trigger on the test webhook of a real n8n', { timeout: 300_000 }, () => {
	let env;
	let rest;
	let testUrl;
	before(async () => {
		env = await startN8n({ credentials: [meetBitCredential], workflows: [workflow] });
		rest = new N8nRest(env.n8n.baseUrl);
		await rest.signIn(owner);
		testUrl = `${env.n8n.baseUrl}/webhook-test/${workflow.webhookId}/webhook`;
	});
	after(async () => {
		await env?.close();
	});

	/**
	 * What the editor sends for "Listen for test event" on the trigger (editor-ui useRunWorkflow →
	 * POST /rest/workflows/:id/run): n8n registers the test webhook for 120 s (test-webhooks.js
	 * needsWebhook) and answers { waitingForWebhook: true }.
	 */
	async function listenForTestEvent() {
		const answer = await rest.request('POST', `/workflows/${workflow.id}/run`, {
			triggerToStartFrom: { name: workflow.nodeName },
			destinationNode: { nodeName: workflow.nodeName, mode: 'inclusive' },
		});
		assert.deepEqual(answer, { waitingForWebhook: true });
	}

	/** n8n deregisters the test webhook once a delivery started an execution (the editor stops waiting). */
	async function testWebhookGone({ timeoutMs = 15_000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const response = await fetch(testUrl, { method: 'POST', body: '{}' });
			const text = await response.text();
			if (response.status === 404 && text.includes('is not registered')) return true;
			await sleep(200);
		}
		return false;
	}

	/** The run data n8n stored for the trigger in an execution: items and hints. */
	function triggerRun(executionId) {
		const [row] = env.store.query(
			'SELECT data FROM execution_data WHERE executionId = ?',
			executionId,
		);
		const data = env.store.flatted.parse(row.data);
		return data.resultData.runData[workflow.nodeName][0];
	}

	const manualExecutions = () =>
		env.store.executions(workflow.id).filter((execution) => execution.mode === 'manual');

	let productionAnswer;

	it('answers a forged production delivery with 401 and starts no execution', async () => {
		productionAnswer = await send(
			env.url(workflow),
			buildDelivery('meetbit', { secret: 'not-the-secret' }),
		);
		assert.equal(productionAnswer.status, 401);
		assert.equal(JSON.parse(productionAnswer.body).error.code, 'signature_mismatch');
		assert.equal((await env.store.settledExecutions(workflow.id, 0)).length, 0);
	});

	it('answers the same forged delivery on the test URL with the same 401 and shows why in the editor', async () => {
		await listenForTestEvent();
		const answer = await send(testUrl, buildDelivery('meetbit', { secret: 'not-the-secret' }));
		assert.equal(answer.status, 401);
		assert.equal(answer.body, productionAnswer.body);

		const executions = await env.store.settledExecutions(workflow.id, 1);
		assert.equal(executions.length, 1);
		assert.equal(executions[0].mode, 'manual');
		assert.equal(executions[0].status, 'success');
		const run = triggerRun(executions[0].id);
		const items = run.data.main[0].map((item) => item.json);
		assert.equal(items.length, 1);
		const [item] = items;
		assert.equal(item.rejected, true);
		assert.equal(item.provider, 'MeetBit');
		assert.equal(item.status, 401);
		assert.equal(item.code, 'signature_mismatch');
		assert.equal(item.message, JSON.parse(answer.body).error.message);
		assert.match(item.check, /Signing Secret of the MeetBit Webhook credential/);
		assert.match(item.check, /X-Webhook-Signature header/);
		assert.match(item.note, /listening for a test event/);
		assert.ok(!JSON.stringify(run).includes(secret), 'the run data holds no secret');
		assert.deepEqual(
			run.hints?.map((hint) => hint.type),
			['warning'],
		);
		// The message already says what to check: the hint adds nothing after it.
		assert.equal(
			run.hints[0].message,
			`MeetBit delivery refused with 401 signature_mismatch: ${item.message}`,
		);
		// n8n stopped listening: the editor shows this execution instead of waiting on.
		assert.ok(await testWebhookGone(), 'the test webhook is deregistered');
	});

	it('explains a stale test delivery (clock skew or a replay) the same way', async () => {
		await listenForTestEvent();
		const answer = await send(testUrl, buildDelivery('meetbit', { secret, stale: true }));
		assert.equal(answer.status, 401);
		assert.equal(JSON.parse(answer.body).error.code, 'timestamp_too_old');
		await env.store.settledExecutions(workflow.id, 2);
		const executions = manualExecutions();
		assert.equal(executions.length, 2);
		const [item] = env.store.outputItems(executions[1].id, workflow.nodeName);
		assert.equal(item.code, 'timestamp_too_old');
		assert.match(item.check, /X-Webhook-Timestamp header; this server's clock/);
		assert.ok(await testWebhookGone());
	});

	it('outputs a genuine signed test delivery (sent with npm run send) as the normal item', async () => {
		const notListening = sendScript(['meetbit', '--url', testUrl, '--secret', secret]);
		assert.equal(notListening.status, 1);
		assert.match(notListening.stderr, /click "Listen for test event"/);

		await listenForTestEvent();
		const id = randomUUID();
		const sent = sendScript(['meetbit', '--url', testUrl, '--secret', secret, '--id', id]);
		assert.equal(sent.status, 0, sent.stderr);
		assert.match(sent.stdout, /-> HTTP 200 \(empty body\)/);
		assert.ok(!sent.stdout.includes(secret) && !sent.stderr.includes(secret));
		await env.store.settledExecutions(workflow.id, 3);
		const executions = manualExecutions();
		assert.equal(executions.length, 3);
		const [item] = env.store.outputItems(executions[2].id, workflow.nodeName);
		assert.equal(item.rejected, undefined);
		assert.equal(item.event, 'meeting_links.scheduled');
		assert.equal(item.delivery.deliveryId, id);
		assert.equal(item.delivery.secret, 'current');
		assert.equal(triggerRun(executions[2].id).hints?.length ?? 0, 0);
	});

	it('still starts nothing for a forged production delivery after the test runs', async () => {
		const answer = await send(
			env.url(workflow),
			buildDelivery('meetbit', { secret, tamper: true }),
		);
		assert.equal(answer.status, 401);
		const executions = await env.store.settledExecutions(workflow.id, 3);
		assert.equal(executions.length, 3);
		assert.ok(executions.every((execution) => execution.mode === 'manual'));
	});
});
