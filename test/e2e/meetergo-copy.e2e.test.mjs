// A copy of the active workflow in the same n8n, made the way people make one from the command line:
// `n8n export:workflow`, `n8n import:workflow` (as a new workflow), `n8n publish:workflow`, restart.
// The copy's meetergo Trigger has production's webhookId, so n8n refuses its path
// (WebhookPathTakenError) and runs the trigger's `delete` for it. Production's webhook at meetergo
// (the loopback fake) must survive that, a webhook someone made by hand at production's URL with
// another token must stay untouched, and a booking must run production's workflow exactly once.
// Also records what a restart of n8n calls at meetergo.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { n8nMajor, randomId } from '../../scripts/lib/n8n.mjs';
import { credential, triggerWorkflow } from '../../scripts/lib/workflows.mjs';
import { startN8n } from './harness.mjs';
import { sleep, until } from './reactivation.mjs';

const fakeMeetergoApi = createRequire(import.meta.url)('../fakes/meetergo-api.cjs');
const COPY_NAME = 'meetergo copy e2e (copy)';

describe(
	'meetergo Trigger: a copy of the active workflow imported and published with the CLI (real n8n)',
	{ timeout: 400_000 },
	() => {
		let api;
		let env;
		let workflow;
		let productionHook;
		let handMade;
		let copyId;
		const calls = (from = 0) =>
			api.state.requests.slice(from).map((request) => `${request.method} ${request.path}`);

		before(async () => {
			api = await fakeMeetergoApi.start();
			const apiCredential = credential(
				'meetingWebhooksMeetergoApi',
				'meetergo copy e2e (fake API)',
				{
					credentialKind: 'personalAccessToken',
					token: api.state.token,
					baseUrl: api.url,
				},
			);
			workflow = triggerWorkflow({
				name: 'meetergo copy e2e',
				nodeType: 'meetergoTrigger',
				nodeName: 'meetergo Trigger',
				parameters: { events: ['booking_created'], options: {} },
				credentials: { meetingWebhooksMeetergoApi: apiCredential },
			});
			env = await startN8n({
				credentials: [apiCredential],
				workflows: [workflow],
				extraEnv: { N8N_LOG_LEVEL: 'debug' },
			});
			productionHook = {
				...(await until(() => api.state.webhooks[0], { what: "production's registration" })),
			};
		});
		after(async () => {
			await env?.close({ keep: process.env.E2E_KEEP === '1' });
			await api?.close();
		});

		it("production's registration is tagged with its workflow and node", () => {
			assert.equal(api.state.webhooks.length, 1);
			assert.ok(productionHook.endpoint.startsWith(`${env.url(workflow)}?token=`));
			assert.match(
				productionHook.description,
				new RegExp(`\\[n8n:${workflow.id}/${workflow.nodes[0].id}\\]$`),
			);
		});

		it('export, import as a new workflow, publish, restart: n8n refuses the copy, and only lists at meetergo', async () => {
			handMade = {
				...api.state.addWebhook({
					endpoint: `${env.url(workflow)}?token=made-by-hand`,
					eventTypes: ['booking_created'],
					description: 'made by hand',
				}),
			};
			await env.n8n.stop();
			const exported = join(env.n8n.userFolder, 'export.json');
			env.n8n.cli(['export:workflow', `--id=${workflow.id}`, `--output=${exported}`]);
			const parsed = JSON.parse(readFileSync(exported, 'utf8'));
			const [original] = Array.isArray(parsed) ? parsed : [parsed];
			assert.equal(original.nodes[0].webhookId, workflow.webhookId);
			// Another workflow (import needs an id; it keeps the one given), with everything else as
			// exported, production's static data included (as a restored row has it) — the worst case.
			const copy = {
				...original,
				id: randomId(),
				name: COPY_NAME,
				staticData: original.staticData ?? env.store.staticData(workflow.id),
			};
			writeFileSync(exported, JSON.stringify([copy]));
			env.n8n.cli(['import:workflow', `--input=${exported}`]);
			const rows = env.store.query('SELECT id FROM workflow_entity WHERE name = ?', COPY_NAME);
			assert.equal(rows.length, 1);
			copyId = rows[0].id;
			assert.notEqual(copyId, workflow.id);
			const productionToken = new URL(productionHook.endpoint).searchParams.get('token');
			assert.equal(
				env.store.staticData(copyId)[`node:${workflow.nodeName}`]?.token,
				productionToken,
				"the copy does not hold production's registration",
			);
			// n8n 1.x has no published versions: there `update:workflow --active=true` activates.
			env.n8n.cli(
				n8nMajor(env.n8n.install) >= 2
					? ['publish:workflow', `--id=${copyId}`]
					: ['update:workflow', `--id=${copyId}`, '--active=true'],
			);

			const from = api.state.requests.length;
			await env.n8n.start();
			// n8n answers before it has published the copy (2.41 does it from an outbox after boot):
			// wait until its log names the copy's id, then for any retries.
			await until(() => readFileSync(env.n8n.logFile, 'utf8').includes(copyId), {
				timeoutMs: 90_000,
				what: 'n8n to report the copy',
			});
			await sleep(10_000);
			const bootCalls = calls(from);
			console.log(
				`meetergo calls after the restart: ${JSON.stringify(bootCalls)}; log ${env.n8n.logFile}`,
			);
			assert.ok(
				bootCalls.every((call) => call === 'GET /webhooks'),
				`a restart changed something at meetergo: ${bootCalls.join(', ')}`,
			);
			assert.deepEqual(api.state.webhooks, [productionHook, handMade]);
		});

		it("a booking runs production's workflow exactly once, and never the copy", async () => {
			const results = await api.state.deliver({ event: 'booking_created' });
			const byHook = Object.fromEntries(results.map((result) => [result.webhookId, result.status]));
			assert.equal(byHook[productionHook.id], 200);
			assert.equal(byHook[handMade.id], 401);
			assert.equal((await env.store.settledExecutions(workflow.id, 1)).length, 1);
			assert.equal(env.store.executions(copyId).length, 0);
			assert.deepEqual(api.state.webhooks, [productionHook, handMade]);
		});
	},
);
