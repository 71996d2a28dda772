// Shared by the meetergo re-activation end-to-end files (regular and queue mode): a meetergo
// Trigger followed by a Wait node, so that an execution stays in flight while the test re-publishes
// the workflow with other events through n8n's REST API, as the editor does (save, then publish).
import { randomUUID } from 'node:crypto';

import { credential, triggerWorkflow } from '../../scripts/lib/workflows.mjs';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(condition, { timeoutMs = 20_000, what }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await condition();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(100);
	}
}

/** The API credential for the fake and a workflow: meetergo Trigger (booking_created) → Wait. */
export function triggerThenWait(api, { name, waitSeconds }) {
	const apiCredential = credential('meetingWebhooksMeetergoApi', `${name} (fake API)`, {
		credentialKind: 'personalAccessToken',
		token: api.state.token,
		baseUrl: api.url,
	});
	const workflow = triggerWorkflow({
		name,
		nodeType: 'meetergoTrigger',
		nodeName: 'meetergo Trigger',
		parameters: { events: ['booking_created'], options: {} },
		credentials: { meetingWebhooksMeetergoApi: apiCredential },
	});
	workflow.nodes.push({
		id: randomUUID(),
		name: 'Wait',
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		position: [220, 0],
		webhookId: randomUUID(),
		parameters: { resume: 'timeInterval', amount: waitSeconds, unit: 'seconds' },
	});
	workflow.connections = {
		[workflow.nodeName]: { main: [[{ node: 'Wait', type: 'main', index: 0 }]] },
	};
	return { apiCredential, workflow };
}

/** Changes the trigger's events and publishes the change (n8n 2.x: save a version, publish it). */
export async function republishWithEvents(rest, workflow, events) {
	const saved = await rest.getWorkflow(workflow.id);
	const nodes = saved.nodes.map((node) =>
		node.name === workflow.nodeName
			? { ...node, parameters: { ...node.parameters, events } }
			: node,
	);
	const draft = await rest.saveWorkflow(workflow.id, {
		nodes,
		connections: saved.connections,
		versionId: saved.versionId,
	});
	await rest.request('POST', `/workflows/${workflow.id}/activate`, {
		versionId: draft.versionId,
	});
}
