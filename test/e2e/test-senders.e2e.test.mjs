// The ways docs/testing-triggers.md offers to test a trigger without this repository, run
// against the triggers in a real n8n: the sender workflows of docs/examples (imported as a user
// imports them, then given a secret and a URL as the user pastes them, and run as the editor's
// *Execute workflow* runs them), and the shell recipes (curl + openssl) run by bash as printed.
// Each must get 200 and start one execution, then a duplicate gets 200 and starts none, then a
// wrong secret gets 401 and starts none.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { randomId, repoRoot } from '../../scripts/lib/n8n.mjs';
import { N8nRest } from '../../scripts/lib/rest.mjs';
import { credential, triggerWorkflow } from '../../scripts/lib/workflows.mjs';
import { startN8n } from './harness.mjs';

const owner = { email: 'owner@example.com', password: 'Sender-check-1' };
const MANUAL_TRIGGER = 'Send a test delivery';
const SIGN = 'Sign';
const SEND = 'Send to the trigger';
const guide = readFileSync(join(repoRoot, 'docs', 'testing-triggers.md'), 'utf8');

const providers = [
	{
		name: 'MeetBit',
		file: 'meetbit-test-sender.json',
		idNode: 'New delivery ID',
		credentialType: 'meetingWebhooksMeetBitWebhookApi',
		nodeType: 'meetBitTrigger',
		parameters: { events: ['*'], options: {} },
		/** What the trigger's output says about the delivery the sender's run built. */
		checkItem(item, senderItem) {
			assert.equal(item.event, 'meeting_links.scheduled');
			assert.equal(item.data.email, 'jane@example.com');
			assert.equal(item.delivery.deliveryId, senderItem.deliveryId);
			assert.equal(item.delivery.secret, 'current');
		},
	},
	{
		name: 'MeetGeek',
		file: 'meetgeek-test-sender.json',
		idNode: 'New meeting ID',
		credentialType: 'meetingWebhooksMeetGeekWebhookApi',
		nodeType: 'meetGeekTrigger',
		parameters: {
			authentication: 'signingSecret',
			events: ['analysis.succeeded', 'analysis.failed'],
			includeMeetingDetails: false,
			options: {},
		},
		checkItem(item, senderItem) {
			assert.equal(item.message, 'File analyzed successfully');
			assert.equal(item.meeting_id, senderItem.meetingId);
			assert.equal(item.delivery.secret, 'current');
		},
	},
].map((provider) => {
	const secret = `sender-${randomUUID()}`;
	const webhookCredential = credential(provider.credentialType, `${provider.name} webhook`, {
		secret,
		previousSecret: '',
	});
	const trigger = (label) =>
		triggerWorkflow({
			name: `${provider.name} Trigger (${label})`,
			nodeType: provider.nodeType,
			nodeName: `${provider.name} Trigger`,
			parameters: provider.parameters,
			credentials: { [provider.credentialType]: webhookCredential },
		});
	return {
		...provider,
		secret,
		webhookCredential,
		// One trigger for the workflow, one for the shell recipe: each counts its own executions.
		forWorkflow: trigger('sender workflow'),
		forShell: trigger('shell recipe'),
		sender: JSON.parse(readFileSync(join(repoRoot, 'docs', 'examples', provider.file), 'utf8')),
	};
});

/** The sender as a user leaves it after pasting: the secret into Sign, the URL into Send. */
function pasted(sender, { secret, url }) {
	return sender.nodes.map((node) => {
		if (node.name === SIGN) return { ...node, parameters: { ...node.parameters, secret } };
		if (node.name === SEND) return { ...node, parameters: { ...node.parameters, url } };
		return node;
	});
}

/** The ```sh blocks of a section of docs/testing-triggers.md, in order. */
function shellBlocks(heading) {
	const section = guide.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
	assert.ok(section, `docs/testing-triggers.md has no "## ${heading}"`);
	return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]);
}

describe(
	'Testing the triggers without this repository, in a real n8n',
	{ timeout: 600_000 },
	() => {
		let env;
		let rest;
		const senders = new Map();

		before(async () => {
			for (const provider of providers) {
				senders.set(provider.name, {
					id: randomId(),
					name: provider.sender.name,
					nodes: provider.sender.nodes,
					connections: provider.sender.connections,
					settings: { ...provider.sender.settings, saveManualExecutions: true },
					publish: false,
				});
			}
			env = await startN8n({
				credentials: providers.map((provider) => provider.webhookCredential),
				workflows: [
					...providers.flatMap((provider) => [provider.forWorkflow, provider.forShell]),
					...senders.values(),
				],
			});
			rest = new N8nRest(env.n8n.baseUrl);
			await rest.signIn(owner);
		});
		after(async () => {
			await env?.close();
		});

		/** Saves the sender as the editor does after an edit (the run reads the saved workflow). */
		async function save(senderId, changes) {
			const saved = await rest.getWorkflow(senderId);
			return await rest.saveWorkflow(senderId, { ...changes, versionId: saved.versionId });
		}

		/**
		 * *Execute workflow* from the Manual Trigger, as the editor asks for it (POST
		 * /rest/workflows/:id/run); resolves with the finished execution's items per node.
		 */
		async function execute(senderId) {
			const before = env.store.executions(senderId).length;
			const workflowData = await rest.getWorkflow(senderId);
			const answer = await rest.request('POST', `/workflows/${senderId}/run`, {
				workflowData,
				triggerToStartFrom: { name: MANUAL_TRIGGER },
			});
			assert.ok(answer.executionId, `no execution started: ${JSON.stringify(answer)}`);
			const executions = await env.store.settledExecutions(senderId, before + 1);
			const execution = executions.at(-1);
			assert.equal(execution.status, 'success');
			const output = (node) => env.store.outputItems(execution.id, node);
			return { output, answer: output(SEND)[0] };
		}

		for (const provider of providers) {
			describe(`the ${provider.name} sender workflow (docs/examples/${provider.file})`, () => {
				const triggerExecutions = () => env.store.executions(provider.forWorkflow.id);
				let firstRun;

				it('ships without a secret or a URL of its own', () => {
					const sign = provider.sender.nodes.find((node) => node.name === SIGN);
					const send = provider.sender.nodes.find((node) => node.name === SEND);
					assert.equal(sign.parameters.secret, '');
					assert.equal(send.parameters.url, '');
					assert.doesNotMatch(JSON.stringify(provider.sender), /127\.0\.0\.1|localhost/);
				});

				it('gets 200 and starts the trigger once, with the sample event', async () => {
					const senderId = senders.get(provider.name).id;
					await save(senderId, {
						nodes: pasted(provider.sender, {
							secret: provider.secret,
							url: env.url(provider.forWorkflow),
						}),
					});
					firstRun = await execute(senderId);
					assert.equal(firstRun.answer.statusCode, 200, JSON.stringify(firstRun.answer));
					// The trigger answers with an empty body, which the HTTP Request node shows as {}.
					const { body } = firstRun.answer;
					assert.ok(
						['', undefined, '{}'].includes(body ? JSON.stringify(body) : body),
						String(body),
					);
					const executions = await env.store.settledExecutions(provider.forWorkflow.id, 1);
					assert.equal(executions.length, 1);
					const [item] = env.store.outputItems(executions[0].id, `${provider.name} Trigger`);
					provider.checkItem(item, firstRun.output(provider.idNode)[0]);
				});

				it(`gets 200 and starts nothing when run again with ${provider.idNode} pinned (a duplicate)`, async () => {
					const senderId = senders.get(provider.name).id;
					const pinnedId = firstRun.output(provider.idNode);
					await save(senderId, {
						pinData: { [provider.idNode]: pinnedId.map((json) => ({ json })) },
					});
					const again = await execute(senderId);
					assert.deepEqual(again.output(provider.idNode), pinnedId);
					assert.equal(again.answer.statusCode, 200, JSON.stringify(again.answer));
					assert.equal((await env.store.settledExecutions(provider.forWorkflow.id, 1)).length, 1);
					assert.equal(triggerExecutions().length, 1);
				});

				it('gets 401 signature_mismatch and starts nothing with one character of the secret changed', async () => {
					const senderId = senders.get(provider.name).id;
					const wrong = `${provider.secret.slice(0, -1)}${provider.secret.endsWith('0') ? '1' : '0'}`;
					await save(senderId, {
						nodes: pasted(provider.sender, { secret: wrong, url: env.url(provider.forWorkflow) }),
						pinData: {},
					});
					const refused = await execute(senderId);
					assert.equal(refused.answer.statusCode, 401, JSON.stringify(refused.answer));
					const body =
						typeof refused.answer.body === 'string'
							? JSON.parse(refused.answer.body)
							: refused.answer.body;
					assert.equal(body.error.code, 'signature_mismatch');
					assert.equal((await env.store.settledExecutions(provider.forWorkflow.id, 1)).length, 1);
				});
			});

			describe(`the ${provider.name} shell recipe (docs/testing-triggers.md)`, () => {
				it('gets 200, then 200 for the duplicate, then 401, and starts the trigger once', async () => {
					// The MeetBit section sets URL and reads SECRET; the MeetGeek section says to do the same.
					const setup = shellBlocks('MeetBit')[0];
					const send = shellBlocks(provider.name).at(-1);
					// The user's first step, with this trigger's URL where the guide has a placeholder.
					const script = setup.replace(/^URL='[^']*'$/m, `URL='${env.url(provider.forShell)}'`);
					assert.notEqual(script, setup, 'the setup block sets URL on a line of its own');
					const run = spawnSync('bash', ['-euo', 'pipefail', '-c', `${script}\n${send}`], {
						input: `${provider.secret}\n`,
						encoding: 'utf8',
						timeout: 60_000,
					});
					assert.equal(run.status, 0, run.stderr);
					const statuses = [...run.stdout.matchAll(/HTTP (\d{3})$/gm)].map((match) => match[1]);
					assert.deepEqual(statuses, ['200', '200', '401'], run.stdout);
					assert.match(run.stdout, /"code":"signature_mismatch"/);
					assert.ok(!run.stdout.includes(provider.secret) && !run.stderr.includes(provider.secret));
					const executions = await env.store.settledExecutions(provider.forShell.id, 1);
					assert.equal(executions.length, 1);
					assert.equal(executions[0].status, 'success');
				});
			});
		}
	},
);
