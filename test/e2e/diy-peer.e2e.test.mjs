// The DIY peer of the benchmark (bench/diy-peer.workflow.json: built-in nodes only) in a real n8n:
// it must really verify and deduplicate MeetBit deliveries, or comparing with it means nothing.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { DIY_WORK_NODE, diyPeerWorkflow } from '../../bench/diy-peer.mjs';
import { buildDelivery, send } from '../../scripts/lib/deliveries.mjs';
import { startN8n } from './harness.mjs';

const secret = `e2e-${randomUUID()}`;
const diy = diyPeerWorkflow({ secret, name: 'DIY peer e2e' });

describe('DIY peer workflow (built-in nodes) in a real n8n', { timeout: 300_000 }, () => {
	let env;
	before(async () => {
		env = await startN8n({ credentials: [diy.credential], workflows: [diy] });
	});
	after(async () => {
		await env?.close();
	});

	const deliver = (options) => send(env.url(diy), buildDelivery('meetbit', { secret, ...options }));
	/** Each settled execution of the workflow, and whether the user's work ran in it. */
	const executions = async (count) => {
		const rows = await env.store.settledExecutions(diy.id, count);
		return rows.map((row) => ({
			...row,
			worked: (env.store.outputItems(row.id, DIY_WORK_NODE)?.length ?? 0) > 0,
		}));
	};
	const id = randomUUID();

	it('accepts a genuine delivery: 200, and the work runs once', async () => {
		const answer = await deliver({ id });
		assert.equal(answer.status, 200, answer.body);
		const rows = await executions(1);
		assert.equal(rows.length, 1);
		assert.equal(rows[0].status, 'success');
		assert.equal(rows[0].worked, true);
	});

	it('drops a duplicate (same X-Webhook-Id, new timestamp and signature): 200, the work does not run', async () => {
		const answer = await deliver({ id, nowMs: Date.now() + 1000 });
		assert.equal(answer.status, 200, answer.body);
		const rows = await executions(2);
		assert.equal(rows.length, 2);
		assert.equal(rows[1].status, 'success');
		assert.equal(rows[1].worked, false);
	});

	it('rejects a forgery (body changed after signing): 401, the work does not run', async () => {
		const answer = await deliver({ id: randomUUID(), tamper: true });
		assert.equal(answer.status, 401, answer.body);
		const rows = await executions(3);
		assert.equal(rows[2].worked, false);
	});

	it('rejects a signature made with another secret: 401', async () => {
		const answer = await send(
			env.url(diy),
			buildDelivery('meetbit', { secret: 'not-the-secret', id: randomUUID() }),
		);
		assert.equal(answer.status, 401, answer.body);
		const rows = await executions(4);
		assert.equal(rows[3].worked, false);
	});

	it('rejects a stale delivery (signed 10 minutes ago): 401', async () => {
		const answer = await deliver({ id: randomUUID(), stale: true });
		assert.equal(answer.status, 401, answer.body);
		const rows = await executions(5);
		assert.equal(rows[4].worked, false);
	});

	it('rejects a delivery without signature headers: 401', async () => {
		const delivery = buildDelivery('meetbit', { secret, id: randomUUID() });
		for (const name of Object.keys(delivery.headers))
			if (name.toLowerCase().startsWith('x-webhook-')) delete delivery.headers[name];
		const answer = await send(env.url(diy), delivery);
		assert.equal(answer.status, 401, answer.body);
	});
});
