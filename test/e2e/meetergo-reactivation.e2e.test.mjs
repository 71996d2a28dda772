// In a real n8n: the meetergo Trigger is re-activated (its events changed and
// published through n8n's REST API, as the editor does) while an execution of it waits in a Wait
// node. When that execution ends, n8n saves the static data it loaded before the re-activation
// (whole blob, last writer wins). The registration of the re-activation must survive that save:
// meetergo (the loopback fake) holds exactly one webhook for the node, its URL is accepted, the
// replaced URL gets 401, and after a restart of n8n the in-flight booking, sent again, is still a
// duplicate. Also records what n8n 2.41 calls at meetergo on re-publish and on restart.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';

import { buildDelivery, send } from '../../scripts/lib/deliveries.mjs';
import { N8nRest } from '../../scripts/lib/rest.mjs';
import { startN8n } from './harness.mjs';
import { republishWithEvents, sleep, triggerThenWait, until } from './reactivation.mjs';

const fakeMeetergoApi = createRequire(import.meta.url)('../fakes/meetergo-api.cjs');
const WAIT_SECONDS = 10;

describe(
	'meetergo Trigger re-activated while an execution is in flight (real n8n)',
	{ timeout: 300_000 },
	() => {
		let env;
		let api;
		let workflow;
		let rest;
		const ours = () =>
			api.state.webhooks.filter((hook) => hook.endpoint.startsWith(`${env.url(workflow)}?`));
		const calls = (from = 0) =>
			api.state.requests.slice(from).map((request) => `${request.method} ${request.path}`);
		const storedRegistration = () =>
			env.store.staticData(workflow.id)[`node:${workflow.nodeName}`] ?? {};

		before(async () => {
			api = await fakeMeetergoApi.start();
			let apiCredential;
			({ apiCredential, workflow } = triggerThenWait(api, {
				name: 'meetergo re-activation e2e',
				waitSeconds: WAIT_SECONDS,
			}));
			env = await startN8n({ credentials: [apiCredential], workflows: [workflow] });
			await until(() => ours().length === 1, { what: 'the first registration' });
			rest = new N8nRest(env.n8n.baseUrl);
			await rest.signIn({ email: 'owner@example.com', password: 'Reactivate-check-1' });
		});
		after(async () => {
			await env?.close();
			await api?.close();
		});

		let inFlight;
		let replaced;
		let current;
		let republishCalls;

		it('re-publishing with other events during an execution: delete + create at meetergo (no update in place)', async () => {
			replaced = ours()[0];
			inFlight = api.state.seedAppointment({
				id: 'appt-in-flight',
				updatedAt: '2026-11-30T21:00:00.000Z',
			});
			const [delivered] = await api.state.deliver({ appointmentId: inFlight.id });
			assert.equal(delivered.status, 200);
			await until(
				() =>
					env.store
						.executions(workflow.id)
						.some((row) => row.status === 'waiting' || row.status === 'running'),
				{
					what: 'the execution to start',
				},
			);

			const from = api.state.requests.length;
			await republishWithEvents(rest, workflow, ['booking_created', 'booking_cancelled']);
			current = await until(
				() =>
					ours().find(
						(hook) => hook.id !== replaced.id && hook.eventTypes.includes('booking_cancelled'),
					),
				{ what: 'the new registration' },
			);
			await sleep(500);
			republishCalls = calls(from);
			assert.deepEqual(republishCalls, [
				'GET /webhooks',
				`DELETE /webhooks/${replaced.id}`,
				'GET /webhooks',
				'POST /webhooks',
			]);
			const [running] = env.store.executions(workflow.id);
			assert.ok(
				['running', 'waiting', 'new'].includes(running.status),
				`execution already ${running.status}`,
			);
		});

		it('after the in-flight execution has ended, the stored registration is the new one and meetergo holds one webhook for the node', async () => {
			const [execution] = await env.store.settledExecutions(workflow.id, 1, { timeoutMs: 30_000 });
			assert.equal(execution.status, 'success');
			const stored = storedRegistration();
			assert.equal(stored.webhookId, current.id);
			assert.equal(stored.endpoint, current.endpoint);
			assert.equal(stored.token, new URL(current.endpoint).searchParams.get('token'));
			assert.equal(ours().length, 1);
			assert.equal(api.state.webhooks.length, 1);
		});

		it('a new delivery to the live URL (the token meetergo holds) is accepted and runs; the replaced URL gets 401', async () => {
			const fresh = api.state.seedAppointment({
				id: 'appt-after',
				updatedAt: '2026-11-30T21:05:00.000Z',
			});
			const [delivered] = await api.state.deliver({ appointmentId: fresh.id });
			assert.equal(delivered.status, 200);
			assert.equal(delivered.endpoint, current.endpoint);
			const executions = await env.store.settledExecutions(workflow.id, 2, { timeoutMs: 30_000 });
			assert.equal(executions.length, 2);
			assert.equal(executions[1].status, 'success');

			const old = await send(replaced.endpoint, buildDelivery('meetergo', {}));
			assert.equal(old.status, 401);
			assert.equal(JSON.parse(old.body).error.code, 'token_mismatch');
		});

		it('after a restart (which calls nothing at meetergo), the in-flight booking sent again is a duplicate', async () => {
			const from = api.state.requests.length;
			await env.restart();
			await sleep(1000);
			assert.deepEqual(calls(from), [], 'n8n 2.41 made meetergo calls on restart');

			const [again] = await api.state.deliver({ appointmentId: inFlight.id });
			assert.equal(again.status, 200);
			assert.equal(JSON.parse(again.body).reason, 'duplicate');
			const executions = await env.store.settledExecutions(workflow.id, 2);
			assert.equal(executions.length, 2);
			assert.equal((await send(replaced.endpoint, buildDelivery('meetergo', {}))).status, 401);
			assert.equal(ours().length, 1);
		});
	},
);
