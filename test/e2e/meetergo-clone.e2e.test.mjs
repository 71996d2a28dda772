// In real n8n: a second n8n started on a copy of production's database (a staging
// clone, a backup restored elsewhere) with its own public URL. Its static data names production's
// meetergo webhook; publishing and unpublishing the workflow there must never update or delete that
// webhook: the clone creates (and later deletes) its own, at its own URL, with its own token.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';

import {
	buildAndPack,
	ensureN8nInstalled,
	freePort,
	installPackage,
	N8nInstance,
} from '../../scripts/lib/n8n.mjs';
import { N8nRest } from '../../scripts/lib/rest.mjs';
import { N8nStore } from '../../scripts/lib/store.mjs';
import { credential, triggerWorkflow } from '../../scripts/lib/workflows.mjs';
import { startN8n } from './harness.mjs';
import { sleep, until } from './reactivation.mjs';

const fakeMeetergoApi = createRequire(import.meta.url)('../fakes/meetergo-api.cjs');

describe(
	'meetergo Trigger in a second n8n on a copy of the database (real n8n)',
	{ timeout: 400_000 },
	() => {
		let api;
		let production;
		let clone;
		let cloneFolder;
		let workflow;
		let productionHook;
		const at = (instance) =>
			api.state.webhooks.filter((hook) =>
				hook.endpoint.startsWith(`${instance.webhookUrl(workflow.webhookId)}?`),
			);
		const calls = (from) =>
			api.state.requests.slice(from).map((request) => `${request.method} ${request.path}`);

		before(async () => {
			api = await fakeMeetergoApi.start();
			const apiCredential = credential(
				'meetingWebhooksMeetergoApi',
				'meetergo clone e2e (fake API)',
				{
					credentialKind: 'personalAccessToken',
					token: api.state.token,
					baseUrl: api.url,
				},
			);
			workflow = triggerWorkflow({
				name: 'meetergo clone e2e',
				nodeType: 'meetergoTrigger',
				nodeName: 'meetergo Trigger',
				parameters: { events: ['booking_created'], options: {} },
				credentials: { meetingWebhooksMeetergoApi: apiCredential },
			});
			const tarball = buildAndPack({ quiet: true });
			production = await startN8n({ credentials: [apiCredential], workflows: [workflow], tarball });
			productionHook = await until(() => at(production.n8n)[0], {
				what: "production's registration",
			});
			productionHook = { ...productionHook };

			// The copy: a consistent snapshot of production's SQLite database, the same encryption key
			// (without it the credential could not be read), another port and so another public URL.
			cloneFolder = mkdtempSync(join(tmpdir(), 'meeting-webhooks-clone-'));
			const install = ensureN8nInstalled({ quiet: true });
			installPackage(cloneFolder, tarball, { node: install.node });
			mkdirSync(join(cloneFolder, '.n8n'), { recursive: true });
			const source = new DatabaseSync(production.n8n.databaseFile, { readOnly: true });
			try {
				source.exec(`VACUUM INTO '${join(cloneFolder, '.n8n', 'database.sqlite')}'`);
			} finally {
				source.close();
			}
			clone = new N8nInstance({
				install,
				userFolder: cloneFolder,
				port: await freePort(),
				brokerPort: await freePort(),
				encryptionKey: production.n8n.encryptionKey,
			});
		});
		after(async () => {
			await clone?.stop();
			if (cloneFolder) rmSync(cloneFolder, { recursive: true, force: true });
			await production?.close();
			await api?.close();
		});

		it('the clone starts with the workflow active and calls nothing at meetergo', async () => {
			const from = api.state.requests.length;
			await clone.start();
			await clone.waitForWebhooks([clone.webhookUrl(workflow.webhookId)]);
			await sleep(1000);
			assert.deepEqual(calls(from), []);
			assert.deepEqual(api.state.webhooks, [productionHook]);
		});

		it("unpublishing and publishing in the clone: its own webhook at its own URL; production's is never updated or deleted", async () => {
			const rest = new N8nRest(clone.baseUrl);
			await rest.signIn({ email: 'owner@example.com', password: 'Clone-check-1' });
			const from = api.state.requests.length;
			await rest.unpublish(workflow.id);
			await sleep(1500);
			assert.deepEqual(
				api.state.webhooks,
				[productionHook],
				'unpublishing the clone touched production',
			);
			await rest.publish(workflow.id);
			const own = await until(() => at(clone)[0], { what: "the clone's registration" });
			await sleep(500);
			assert.ok(
				calls(from).every((call) => call === 'GET /webhooks' || call === 'POST /webhooks'),
				calls(from).join(', '),
			);
			assert.equal(api.state.webhooks.length, 2);
			assert.deepEqual(api.state.webhooks[0], productionHook);
			assert.notEqual(
				new URL(own.endpoint).searchParams.get('token'),
				new URL(productionHook.endpoint).searchParams.get('token'),
			);
		});

		it('each n8n receives through its own webhook; unpublishing the clone deletes only its own', async () => {
			const results = await api.state.deliver({ event: 'booking_created' });
			assert.deepEqual(
				results.map((result) => result.status),
				[200, 200],
			);
			assert.equal((await production.store.settledExecutions(workflow.id, 1)).length, 1);
			assert.equal((await new N8nStore(clone).settledExecutions(workflow.id, 1)).length, 1);

			const rest = new N8nRest(clone.baseUrl);
			await rest.signIn({ email: 'owner@example.com', password: 'Clone-check-1' });
			await rest.unpublish(workflow.id);
			await until(() => at(clone).length === 0, { what: "the clone's webhook to go" });
			assert.deepEqual(api.state.webhooks, [productionHook]);
			const [after] = await api.state.deliver({ event: 'booking_created' });
			assert.equal(after.status, 200);
			assert.equal((await production.store.settledExecutions(workflow.id, 2)).length, 2);
		});
	},
);
