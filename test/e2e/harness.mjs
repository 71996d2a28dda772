// One real n8n for an end-to-end test file: fresh user folder, free ports, the packed package
// installed as a user's install leaves it, credentials and workflows imported and published.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	buildAndPack,
	ensureN8nInstalled,
	freePort,
	installPackage,
	N8nInstance,
	randomId,
} from '../../scripts/lib/n8n.mjs';
import { N8nStore } from '../../scripts/lib/store.mjs';

/**
 * `installWay`: how the package gets into n8n (see installPackage in scripts/lib/n8n.mjs).
 * `tarball`: a package already built and packed with buildAndPack (default: build and pack now).
 */
export async function startN8n({
	credentials,
	workflows,
	extraEnv = {},
	installWay = 'npm',
	tarball,
}) {
	const install = ensureN8nInstalled({ quiet: true });
	const packed = tarball ?? buildAndPack({ quiet: true });
	const userFolder = mkdtempSync(join(tmpdir(), 'meeting-webhooks-e2e-'));
	installPackage(userFolder, packed, { node: install.node, way: installWay });
	const n8n = new N8nInstance({
		install,
		userFolder,
		port: await freePort(),
		brokerPort: await freePort(),
		encryptionKey: randomId(32),
		extraEnv,
	});
	n8n.importCredentials(credentials);
	n8n.importWorkflows(workflows);
	await n8n.start();
	await n8n.waitForWebhooks(
		workflows.filter((w) => w.publish !== false).map((w) => n8n.webhookUrl(w.webhookId)),
	);
	const store = new N8nStore(n8n);
	return {
		n8n,
		store,
		url: (workflow) => n8n.webhookUrl(workflow.webhookId),
		async restart() {
			await n8n.stop();
			await n8n.start();
			await n8n.waitForWebhooks(
				workflows.filter((w) => w.publish !== false).map((w) => n8n.webhookUrl(w.webhookId)),
			);
		},
		async close({ keep = false } = {}) {
			await n8n.stop();
			if (!keep) rmSync(userFolder, { recursive: true, force: true });
		},
	};
}
