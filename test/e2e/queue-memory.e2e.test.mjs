// What queue mode remembers (PostgreSQL, Redis, a main, two `n8n webhook` processes, one worker
// running one execution at a time).
// n8n 2.41.1 runs queue-mode executions without the workflow's static data and saves none, so the
// only memory shared across processes is n8n's processed-data store, sized from the trigger's
// *Dedupe Memory Size*. Checked here:
// - a MeetBit delivery sent to one webhook process, then 520 other deliveries, then the worker
//   restarted (a new process, which never ran the original: as another worker would be), then a
//   copy sent to the other webhook process: answered 200, and its execution runs nothing after the
//   trigger (before, the store kept 500 deliveries and the copy ran the workflow again);
// - a second trigger with *Dedupe Memory Size* 100 given 150 deliveries within a minute: the
//   worker's log warns that the store forgot deliveries still inside their replay window, naming
//   the option.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { buildDelivery, send } from '../../scripts/lib/deliveries.mjs';
import { buildAndPack, ensureN8nInstalled, requireFromN8n } from '../../scripts/lib/n8n.mjs';
import { credential, triggerWorkflow } from '../../scripts/lib/workflows.mjs';
import { sendAll, settle, triggerOutput } from '../hostile/lib/load.mjs';
import { startQueueMode } from '../hostile/lib/queue.mjs';

const OTHERS = 520;
const SMALL_MEMORY = 100;
const SMALL_MEMORY_DELIVERIES = 150;

describe(
	'queue mode remembers Dedupe Memory Size deliveries across processes (real n8n)',
	{ timeout: 900_000 },
	() => {
		const secret = `queue-memory-${Date.now().toString(36)}`;
		const meetBitCredential = credential('meetingWebhooksMeetBitWebhookApi', 'MeetBit queue', {
			secret,
			previousSecret: '',
		});
		const meetBit = (name, options) =>
			triggerWorkflow({
				name,
				nodeType: 'meetBitTrigger',
				nodeName: 'MeetBit Trigger',
				parameters: { events: ['*'], options },
				credentials: { meetingWebhooksMeetBitWebhookApi: meetBitCredential },
			});
		// A wide timestamp tolerance: the copy goes out minutes after its original, as a replay can.
		const defaultMemory = meetBit('queue memory: default', { timestampToleranceSeconds: 3600 });
		const smallMemory = meetBit('queue memory: 100', { dedupeMaxEntries: SMALL_MEMORY });
		let queue;
		let flatted;

		before(async () => {
			const install = ensureN8nInstalled({ quiet: true });
			flatted = requireFromN8n(install, 'flatted');
			queue = await startQueueMode({
				install,
				tarball: buildAndPack({ quiet: true }),
				credentials: [meetBitCredential],
				workflows: [defaultMemory, smallMemory],
				webhooks: 2,
				workers: 1,
				// One execution at a time: n8n reads, merges and writes the store's row without a lock,
				// so claims made at the same moment can lose each other (the race the spacing
				// measurement counts); here each delivery must add its claim.
				concurrency: 1,
			});
			for (const webhook of queue.webhooks)
				await webhook.waitForWebhooks(
					[defaultMemory, smallMemory].map((workflow) => webhook.webhookUrl(workflow.webhookId)),
					{ timeoutMs: 120_000 },
				);
		});
		after(async () => {
			await queue?.close({ keep: process.env.HOSTILE_KEEP === '1' });
		});

		/** Each execution of a workflow, and whether its trigger output the delivery (ran) or nothing (stopped). */
		const executions = async (workflow) =>
			(
				await queue.query(
					'SELECT e.id, e.status, d.data FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" = $1 ORDER BY e.id',
					[workflow.id],
				)
			).map((row) => {
				const output = triggerOutput(flatted, row.data, ['MeetBit Trigger']);
				return {
					id: row.id,
					status: row.status,
					ran: output?.map((item) => item.json.delivery.deliveryId) ?? [],
				};
			});
		const settled = async (workflow, expected) => {
			const count = async () =>
				(
					await queue.query(
						`SELECT COUNT(*)::int AS n FROM execution_entity WHERE "workflowId" = $1 AND status NOT IN ('new', 'running')`,
						[workflow.id],
					)
				)[0].n;
			const finished = await settle(count, { expected, quietMs: 2000, timeoutMs: 600_000 });
			assert.equal(finished, expected, `finished executions of ${workflow.name}`);
			return await executions(workflow);
		};
		/** How many values n8n's processed-data store holds for a workflow's trigger. */
		const storeSize = async (workflow) => {
			const [row] = await queue.query(
				'SELECT value FROM processed_data WHERE "workflowId" = $1 AND context = $2',
				[workflow.id, `n:${workflow.nodes[0].id}`],
			);
			const value = typeof row?.value === 'string' ? JSON.parse(row.value) : row?.value;
			return value?.data?.length ?? 0;
		};
		const sendMany = async (webhook, workflow, ids) => {
			const results = await sendAll(
				ids.map((id) => ({ id })),
				({ id }) => ({
					url: webhook.webhookUrl(workflow.webhookId),
					...buildDelivery('meetbit', { secret, id }),
				}),
				{ concurrency: 20 },
			);
			assert.deepEqual(
				results.filter((result) => result.status !== 200).map((result) => result.status),
				[],
			);
		};

		it(`a copy sent after ${OTHERS} other deliveries, to the other webhook process and a worker that never ran it, is a duplicate`, async () => {
			const [first, second] = queue.webhooks;
			const original = buildDelivery('meetbit', { secret, id: 'the-original' });
			const url = (webhook) => webhook.webhookUrl(defaultMemory.webhookId);
			assert.equal((await send(url(first), original)).status, 200);
			await settled(defaultMemory, 1);
			await sendMany(
				first,
				defaultMemory,
				Array.from({ length: OTHERS }, (_, index) => `other-${index}`),
			);
			await settled(defaultMemory, 1 + OTHERS);
			// More than the 1,000 values (500 deliveries) the store kept before it was sized from the option.
			assert.ok(
				(await storeSize(defaultMemory)) >= 2 * (1 + OTHERS),
				'every claim is in the store',
			);

			const [worker] = queue.workers;
			await worker.stop();
			await worker.start();
			assert.equal((await send(url(second), original)).status, 200);
			const rows = await settled(defaultMemory, 2 + OTHERS);
			assert.deepEqual(
				rows.filter((row) => row.status !== 'success'),
				[],
				'executions that did not succeed',
			);
			const runsOfOriginal = rows.filter((row) => row.ran.includes('the-original'));
			assert.equal(runsOfOriginal.length, 1, 'the original ran once; its copy ran nothing');
			assert.equal(rows.at(-1).ran.length, 0, "the copy's execution stopped at the trigger");
		});

		it(`Dedupe Memory Size ${SMALL_MEMORY} and ${SMALL_MEMORY_DELIVERIES} deliveries within a minute: the worker's log says the store forgot deliveries inside their replay window, and names the option`, async () => {
			await sendMany(
				queue.webhooks[0],
				smallMemory,
				Array.from({ length: SMALL_MEMORY_DELIVERIES }, (_, index) => `small-${index}`),
			);
			await settled(smallMemory, SMALL_MEMORY_DELIVERIES);
			assert.ok(
				(await storeSize(smallMemory)) <= 2 * SMALL_MEMORY + 64,
				'the store keeps 100 deliveries',
			);
			const log = readFileSync(queue.workers[0].logFile, 'utf8');
			assert.match(
				log,
				/MeetBit Trigger: the Dedupe Memory Size option \(100\) made n8n's processed-data store forget a delivery first seen \d+ s ago.*raise Dedupe Memory Size\./,
			);
			assert.doesNotMatch(log, new RegExp(secret), 'the signing secret is never logged');
		});
	},
);
