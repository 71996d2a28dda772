// The peer an n8n user builds today instead of our MeetBit Trigger: built-in
// nodes only, verifying and deduplicating for real. bench/diy-peer.workflow.json is the workflow
// as a user would import it (WEBHOOK_ID, WEBHOOK_PATH to fill in, and a Crypto credential whose
// HMAC secret is MeetBit's signing secret):
//   Webhook (POST, raw body on, respond with a Respond to Webhook node)
//   → Extract From File (the raw body as text) → Crypto (HMAC-SHA256, hex, over id.timestamp.body)
//   → IF (signature equals X-Webhook-Signature, and X-Webhook-Timestamp within 5 minutes)
//       true  → Remove Duplicates (previous executions, on X-Webhook-Id) → Respond 200 → your work
//       false → Respond 401
// A duplicate leaves Remove Duplicates with no item: nothing after it runs, and n8n answers 200
// with no body when the execution ends without a Respond to Webhook node having run.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { randomId } from '../scripts/lib/n8n.mjs';
import { credential } from '../scripts/lib/workflows.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** The node that stands for the user's own work: it runs once per accepted delivery. */
export const DIY_WORK_NODE = 'Your Work Here';

/**
 * The DIY workflow and its Crypto credential (HMAC secret = `secret`), ready for n8n's import
 * commands: fresh ids, its own path. `workflow.credential` (not enumerable) is the credential to
 * import with it.
 */
export function diyPeerWorkflow({
	secret,
	name = 'MeetBit webhook, verified with built-in nodes',
}) {
	const cryptoCredential = credential('crypto', `${name}: signing secret`, { hmacSecret: secret });
	const webhookId = randomUUID();
	const text = readFileSync(join(here, 'diy-peer.workflow.json'), 'utf8');
	const workflow = JSON.parse(text);
	for (const node of workflow.nodes) {
		node.id = randomUUID();
		if (node.webhookId === 'WEBHOOK_ID') {
			node.webhookId = webhookId;
			node.parameters.path = `${webhookId}/webhook`;
		}
		if (node.credentials?.crypto?.id === 'CREDENTIAL_ID')
			node.credentials.crypto = { id: cryptoCredential.id, name: cryptoCredential.name };
	}
	const result = {
		...workflow,
		id: randomId(),
		name,
		active: false,
		settings: {
			...workflow.settings,
			saveDataSuccessExecution: 'all',
			saveManualExecutions: true,
		},
		webhookId,
		nodeName: 'Webhook',
	};
	// Not enumerable: the workflow file n8n imports does not carry the credential (nor its secret).
	Object.defineProperty(result, 'credential', { value: cryptoCredential, enumerable: false });
	return result;
}
