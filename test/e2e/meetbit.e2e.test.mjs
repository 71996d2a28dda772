// MeetBit Trigger in a real n8n: every outcome is read back from n8n's own database.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { buildDelivery, send } from '../../scripts/lib/deliveries.mjs';
import { credential, triggerWorkflow } from '../../scripts/lib/workflows.mjs';
import { startN8n } from './harness.mjs';

const secret = `e2e-${randomUUID()}`;
const meetBitCredential = credential('meetingWebhooksMeetBitWebhookApi', 'MeetBit e2e', {
	secret,
	previousSecret: '',
});
const anyEvent = triggerWorkflow({
	name: 'MeetBit e2e: any event',
	nodeType: 'meetBitTrigger',
	nodeName: 'MeetBit Trigger',
	parameters: { events: ['*'], options: {} },
	credentials: { meetingWebhooksMeetBitWebhookApi: meetBitCredential },
});
const createdOnly = triggerWorkflow({
	name: 'MeetBit e2e: events.created only',
	nodeType: 'meetBitTrigger',
	nodeName: 'MeetBit Trigger',
	parameters: { events: ['events.created'], options: {} },
	credentials: { meetingWebhooksMeetBitWebhookApi: meetBitCredential },
});

// Node version 1.1 (what a new workflow gets): n8n leaves bodies it does not parse unread.
const version11 = triggerWorkflow({
	name: 'MeetBit e2e: node version 1.1',
	nodeType: 'meetBitTrigger',
	nodeName: 'MeetBit Trigger',
	parameters: { events: ['*'], options: {} },
	credentials: { meetingWebhooksMeetBitWebhookApi: meetBitCredential },
	typeVersion: 1.1,
});

describe('MeetBit Trigger in a real n8n', { timeout: 300_000 }, () => {
	let env;
	before(async () => {
		// Installed with the README's command for self-hosters (`npm install --omit=peer <package>`).
		env = await startN8n({
			credentials: [meetBitCredential],
			workflows: [anyEvent, createdOnly, version11],
			installWay: 'npm',
		});
	});
	after(async () => {
		await env?.close();
	});

	const deliver = (workflow, options) =>
		send(env.url(workflow), buildDelivery('meetbit', { secret, ...options }));
	const firstId = randomUUID();

	it('starts exactly one successful execution for a genuine delivery, with the right item', async () => {
		const answer = await deliver(anyEvent, { id: firstId });
		assert.equal(answer.status, 200);
		assert.equal(answer.body, '');
		const executions = await env.store.settledExecutions(anyEvent.id, 1);
		assert.equal(executions.length, 1);
		assert.equal(executions[0].status, 'success');
		assert.equal(executions[0].mode, 'webhook');
		const [item] = env.store.outputItems(executions[0].id, 'MeetBit Trigger');
		assert.equal(item.event, 'meeting_links.scheduled');
		assert.deepEqual(item.data, {
			id: 1234,
			event_id: 5678,
			calendar_id: 42,
			name: 'Jane Doe',
			email: 'jane@example.com',
			contact_number: '+15551234567',
		});
		assert.equal(item.delivery.deliveryId, firstId);
		assert.equal(item.delivery.secret, 'current');
		assert.equal(item.delivery.signedBody, 'raw');
		assert.ok(!JSON.stringify(item).includes(secret));
	});

	it('rejects forged, stale and incomplete deliveries with 401 and starts nothing', async () => {
		const cases = {
			tampered: await deliver(anyEvent, { tamper: true }),
			'wrong secret': await send(
				env.url(anyEvent),
				buildDelivery('meetbit', { secret: 'not-the-secret' }),
			),
			stale: await deliver(anyEvent, { stale: true }),
		};
		for (const header of ['x-webhook-id', 'x-webhook-timestamp', 'x-webhook-signature']) {
			const delivery = buildDelivery('meetbit', { secret });
			delete delivery.headers[header];
			cases[`missing ${header}`] = await send(env.url(anyEvent), delivery);
		}
		for (const [name, answer] of Object.entries(cases)) {
			assert.equal(answer.status, 401, name);
			const { error } = JSON.parse(answer.body);
			assert.ok(error.code && error.message, name);
			assert.ok(!answer.body.includes(secret), name);
		}
		assert.match(JSON.parse(cases.stale.body).error.message, /\d+ seconds old/);
		assert.equal((await env.store.settledExecutions(anyEvent.id, 1)).length, 1);
	});

	it('rejects a signed body that is not a MeetBit envelope with 400 and starts nothing', async () => {
		const delivery = buildDelivery('meetbit', { secret });
		const body = JSON.stringify({ hello: 'world' });
		const { createHmac } = await import('node:crypto');
		delivery.body = body;
		delivery.headers['x-webhook-signature'] = createHmac('sha256', secret)
			.update(
				`${delivery.headers['x-webhook-id']}.${delivery.headers['x-webhook-timestamp']}.${body}`,
			)
			.digest('hex');
		const answer = await send(env.url(anyEvent), delivery);
		assert.equal(answer.status, 400);
		assert.equal(JSON.parse(answer.body).error.code, 'body_invalid');
		assert.equal((await env.store.settledExecutions(anyEvent.id, 1)).length, 1);
	});

	it('answers a retry of the same delivery with 2xx and starts no second execution', async () => {
		const answer = await deliver(anyEvent, { id: firstId, nowMs: Date.now() + 1000 });
		assert.equal(answer.status, 200);
		assert.equal(JSON.parse(answer.body).reason, 'duplicate');
		assert.equal((await env.store.settledExecutions(anyEvent.id, 1)).length, 1);
	});

	it('acknowledges an unselected event with 2xx and starts nothing', async () => {
		const filtered = await deliver(createdOnly, { event: 'events.updated' });
		assert.equal(filtered.status, 200);
		assert.equal(JSON.parse(filtered.body).reason, 'filtered');
		assert.equal((await env.store.settledExecutions(createdOnly.id, 0)).length, 0);
		const selected = await deliver(createdOnly, { event: 'events.created' });
		assert.equal(selected.status, 200);
		assert.equal((await env.store.settledExecutions(createdOnly.id, 1)).length, 1);
	});

	it('keeps the dedupe ledger in n8n static data, across a restart', async () => {
		const ledger = env.store.staticData(anyEvent.id)['node:MeetBit Trigger'].deliveryLedger;
		assert.equal(ledger.size, 1);
		await env.restart();
		const answer = await deliver(anyEvent, { id: firstId, nowMs: Date.now() + 2000 });
		assert.equal(answer.status, 200);
		assert.equal(JSON.parse(answer.body).reason, 'duplicate');
		assert.equal((await env.store.settledExecutions(anyEvent.id, 1)).length, 1);
	});

	it('starts exactly one execution for 20 concurrent copies of one delivery', async () => {
		const id = randomUUID();
		const answers = await Promise.all(
			Array.from({ length: 20 }, (_, index) =>
				deliver(anyEvent, { id, nowMs: Date.now() + index }),
			),
		);
		assert.deepEqual(
			answers.map((answer) => answer.status),
			Array(20).fill(200),
		);
		const executions = await env.store.settledExecutions(anyEvent.id, 2, { quietMs: 1500 });
		assert.equal(executions.length, 2);
		assert.ok(executions.every((execution) => execution.status === 'success'));
	});

	it('at node version 1.1 verifies every content type from the raw bytes, also those n8n leaves unread', async () => {
		const types = ['application/json', 'text/plain', 'application/octet-stream', undefined];
		for (const type of types) {
			const delivery = buildDelivery('meetbit', { secret });
			if (type === undefined) delete delivery.headers['content-type'];
			else delivery.headers['content-type'] = type;
			const answer = await send(env.url(version11), delivery);
			assert.equal(answer.status, 200, `${type}: ${answer.body}`);
		}
		const executions = await env.store.settledExecutions(version11.id, types.length);
		assert.equal(executions.length, types.length);
		for (const execution of executions) {
			assert.equal(execution.status, 'success');
			const [item] = env.store.outputItems(execution.id, 'MeetBit Trigger');
			assert.equal(item.delivery.signedBody, 'raw');
		}
		// A forged copy with a body n8n did not read is still refused.
		const forged = buildDelivery('meetbit', { secret: 'not-the-secret' });
		forged.headers['content-type'] = 'application/octet-stream';
		assert.equal((await send(env.url(version11), forged)).status, 401);
	});
});
