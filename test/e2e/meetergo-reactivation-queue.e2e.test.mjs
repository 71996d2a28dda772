// In n8n's queue mode (PostgreSQL, Redis, a main, one `n8n webhook` process, one
// worker): the main re-publishes the meetergo Trigger (other events) while an execution of it waits
// on the worker. Found here: n8n 2.41.1 enqueues a new execution without the workflow's static data
// and the worker does not load it (workflow-runner.js: static data is reloaded only for an existing
// execution), so the trigger's execute() finds no registration, writes nothing and the worker
// saves nothing: no queue-mode execution can put an older registration back. Checked: after the
// in-flight execution ends the stored registration is the new one, the live URL runs without any
// call to meetergo, the replaced URL gets 401, meetergo holds one webhook for the node. Then an
// older registration is put into the database by hand (as a restored backup would): a delivery to
// the live URL is still accepted, after one lookup at meetergo from the webhook process.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';

import { buildDelivery, send } from '../../scripts/lib/deliveries.mjs';
import { buildAndPack, ensureN8nInstalled } from '../../scripts/lib/n8n.mjs';
import { N8nRest } from '../../scripts/lib/rest.mjs';
import { startQueueMode } from '../hostile/lib/queue.mjs';
import { republishWithEvents, sleep, triggerThenWait, until } from './reactivation.mjs';

const fakeMeetergoApi = createRequire(import.meta.url)('../fakes/meetergo-api.cjs');
const WAIT_SECONDS = 10;

describe(
	'meetergo Trigger re-activated while an execution is in flight (real n8n, queue mode)',
	{ timeout: 600_000 },
	() => {
		let api;
		let queue;
		let workflow;
		let rest;
		let webhookProcess;
		const ours = () =>
			api.state.webhooks.filter((hook) =>
				hook.endpoint.includes(`/webhook/${workflow.webhookId}/`),
			);
		const calls = (from = 0) =>
			api.state.requests.slice(from).map((request) => `${request.method} ${request.path}`);
		/** meetergo calls the main's URL; production webhooks are served by the webhook process. */
		const viaWebhookProcess = (endpoint) => {
			const url = new URL(endpoint);
			return `${webhookProcess.baseUrl}${url.pathname}${url.search}`;
		};
		const deliver = async (endpoint, { id, updatedAt }) =>
			await send(
				viaWebhookProcess(endpoint),
				buildDelivery('meetergo', { id, nowMs: Date.parse(updatedAt) }),
			);
		const executions = async () =>
			await queue.query(
				'SELECT id, status FROM execution_entity WHERE "workflowId" = $1 ORDER BY id',
				[workflow.id],
			);
		const settled = async (count) =>
			await until(
				async () => {
					const rows = await executions();
					return rows.length >= count &&
						rows.every((row) => !['new', 'running', 'waiting'].includes(row.status))
						? rows
						: undefined;
				},
				{ timeoutMs: 60_000, what: `${count} finished executions` },
			);
		const stored = async () => {
			const [row] = await queue.query('SELECT "staticData" FROM workflow_entity WHERE id = $1', [
				workflow.id,
			]);
			const data =
				typeof row.staticData === 'string' ? JSON.parse(row.staticData) : (row.staticData ?? {});
			return data[`node:${workflow.nodeName}`] ?? {};
		};

		before(async () => {
			api = await fakeMeetergoApi.start();
			let apiCredential;
			({ apiCredential, workflow } = triggerThenWait(api, {
				name: 'meetergo re-activation, queue mode',
				waitSeconds: WAIT_SECONDS,
			}));
			const install = ensureN8nInstalled({ quiet: true });
			queue = await startQueueMode({
				install,
				tarball: buildAndPack({ quiet: true }),
				credentials: [apiCredential],
				workflows: [workflow],
				webhooks: 1,
				workers: 1,
			});
			[webhookProcess] = queue.webhooks;
			await until(() => ours().length === 1, { timeoutMs: 60_000, what: 'the registration' });
			await webhookProcess.waitForWebhooks([viaWebhookProcess(ours()[0].endpoint).split('?')[0]], {
				timeoutMs: 120_000,
			});
			rest = new N8nRest(queue.main.baseUrl);
			await rest.signIn({ email: 'owner@example.com', password: 'Reactivate-check-1' });
		});
		after(async () => {
			await queue?.close();
			await api?.close();
		});

		let replaced;
		let current;

		it('re-publishing while an execution waits on the worker: the stored registration is the new one once the execution has ended', async () => {
			replaced = ours()[0];
			const answer = await deliver(replaced.endpoint, {
				id: 'appt-in-flight',
				updatedAt: '2026-11-30T21:00:00.000Z',
			});
			assert.equal(answer.status, 200);
			await until(async () => (await executions())[0]?.status === 'running', {
				what: 'the execution to run on the worker',
			});
			const from = api.state.requests.length;
			await republishWithEvents(rest, workflow, ['booking_created', 'booking_cancelled']);
			current = await until(() => ours().find((hook) => hook.id !== replaced.id), {
				what: 'the new registration',
			});
			await sleep(500);
			assert.deepEqual(calls(from), [
				'GET /webhooks',
				`DELETE /webhooks/${replaced.id}`,
				'GET /webhooks',
				'POST /webhooks',
			]);
			assert.equal((await executions())[0].status, 'running', 'the execution ended too early');
			const [execution] = await settled(1);
			assert.equal(execution.status, 'success');
			const registration = await stored();
			assert.equal(registration.webhookId, current.id);
			assert.equal(registration.endpoint, current.endpoint);
		});

		it('the live URL runs without a call to meetergo; the replaced URL gets 401; meetergo holds one webhook for the node', async () => {
			const from = api.state.requests.length;
			const live = await deliver(current.endpoint, {
				id: 'appt-live',
				updatedAt: '2026-11-30T21:05:00.000Z',
			});
			assert.equal(live.status, 200);
			const rows = await settled(2);
			assert.equal(rows[1].status, 'success');
			assert.deepEqual(calls(from), []);
			const stale = await deliver(replaced.endpoint, {
				id: 'appt-stale',
				updatedAt: '2026-11-30T21:06:00.000Z',
			});
			assert.equal(stale.status, 401);
			assert.equal(JSON.parse(stale.body).error.code, 'token_mismatch');
			assert.equal((await executions()).length, 2);
			assert.equal(ours().length, 1);
			assert.equal(api.state.webhooks.length, 1);
		});

		it('an older registration in the database (a restored backup): the live URL is still accepted, after at most one lookup at meetergo', async () => {
			const registration = await stored();
			const [row] = await queue.query('SELECT "staticData" FROM workflow_entity WHERE id = $1', [
				workflow.id,
			]);
			const data = typeof row.staticData === 'string' ? JSON.parse(row.staticData) : row.staticData;
			data[`node:${workflow.nodeName}`] = {
				...registration,
				webhookId: replaced.id,
				endpoint: replaced.endpoint,
				token: new URL(replaced.endpoint).searchParams.get('token'),
				registeredAt: 0,
			};
			await queue.query('UPDATE workflow_entity SET "staticData" = $2 WHERE id = $1', [
				workflow.id,
				JSON.stringify(data),
			]);
			const from = api.state.requests.length;
			const live = await deliver(current.endpoint, {
				id: 'appt-after-restore',
				updatedAt: '2026-11-30T21:10:00.000Z',
			});
			assert.equal(live.status, 200);
			const rows = await settled(3);
			assert.equal(rows[2].status, 'success');
			// One lookup, or none when the webhook process asked less than 30 s ago (the 401 above).
			assert.ok(calls(from).length <= 1, calls(from).join(', '));
			assert.ok(calls(from).every((call) => call === 'GET /webhooks'));
		});
	},
);
