// Credentials and one-trigger workflows as n8n's import commands take them.
import { randomUUID } from 'node:crypto';

import { packageName, randomId } from './n8n.mjs';

export function credential(type, name, data) {
	return { id: randomId(), name, type, data };
}

/** A published workflow whose only node is `nodeType` (the trigger's output is the execution's result). */
export function triggerWorkflow({
	name,
	nodeType,
	nodeName,
	parameters,
	credentials = {},
	publish = true,
	typeVersion = 1,
}) {
	const webhookId = randomUUID();
	const node = {
		id: randomUUID(),
		name: nodeName,
		type: `${packageName}.${nodeType}`,
		typeVersion,
		position: [0, 0],
		webhookId,
		parameters,
		credentials: Object.fromEntries(
			Object.entries(credentials).map(([type, { id, name: credentialName }]) => [
				type,
				{ id, name: credentialName },
			]),
		),
	};
	return {
		id: randomId(),
		name,
		active: false,
		publish,
		nodes: [node],
		connections: {},
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveManualExecutions: true },
		webhookId,
		nodeName,
	};
}

/**
 * Appends action nodes of `nodeType` after a trigger workflow's trigger, each fed by the one
 * before it, all with `credential` (of `credentialType`). `settings` adds node-level fields
 * (`onError`, ...). Returns the workflow.
 */
export function withActionNodes(workflow, { nodeType, credentialType, credential }, actions) {
	let previous = workflow.nodeName;
	actions.forEach(({ name, parameters, settings = {} }, index) => {
		workflow.nodes.push({
			id: randomUUID(),
			name,
			type: `${packageName}.${nodeType}`,
			typeVersion: 1,
			position: [260 * (index + 1), 0],
			parameters,
			credentials: { [credentialType]: { id: credential.id, name: credential.name } },
			...settings,
		});
		workflow.connections[previous] = { main: [[{ node: name, type: 'main', index: 0 }]] };
		previous = name;
	});
	return workflow;
}
