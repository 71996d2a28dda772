// Exactly once in queue mode, measured the way providers retry: two webhook processes and two
// workers (PostgreSQL and Redis from Debian's packages, all on loopback), one MeetBit trigger with
// the default options. Each trial sends a delivery to one webhook process and, SPACING later, the
// same delivery (same X-Webhook-Id, signed again as MeetBit does for a retry) to the other one;
// the two processes alternate as the first. Spacings run one after another; within one, a trial
// starts every QUEUE_SPACING_STAGGER_MS (default 250 ms), so trials overlap as real traffic would.
// n8n's processed-data store is filled first with as many values as the trigger keeps at its
// default Dedupe Memory Size (its steady state, as after weeks of use: each claim reads and
// writes that whole row, about 270 KB, which widens the race between two workers' claims).
// Counts come from n8n's database: for every delivery, how many executions output it.
//
//   bash scripts/test-e2e.sh test/hostile/spacing.hostile.mjs
//   QUEUE_SPACING_TRIALS=0:100,100:100,1000:50,10000:50 (spacing in ms : trials; the default)
//   QUEUE_SPACING_PREFILL=0 starts from an empty store instead.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { after, before, describe, it } from 'node:test';

import { buildDelivery, send } from '../../scripts/lib/deliveries.mjs';
import { buildAndPack, ensureN8nInstalled, requireFromN8n } from '../../scripts/lib/n8n.mjs';
import { credential, triggerWorkflow } from '../../scripts/lib/workflows.mjs';
import { reporter, settle, triggerOutput } from './lib/load.mjs';
import { startQueueMode } from './lib/queue.mjs';

const TRIALS = (process.env.QUEUE_SPACING_TRIALS ?? '0:100,100:100,1000:50,10000:50')
	.split(',')
	.map((pair) => pair.split(':').map(Number))
	.map(([spacingMs, trials]) => ({ spacingMs, trials }));
const STAGGER_MS = Number(process.env.QUEUE_SPACING_STAGGER_MS ?? 250);
const PREFILL = process.env.QUEUE_SPACING_PREFILL !== '0';
const DEFAULT_DEDUPE_MEMORY_SIZE = 5000;

const report = reporter('queue-spacing');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe(
	'duplicates in queue mode by the time between two copies (two webhook processes, two workers)',
	{
		timeout: 3_600_000,
	},
	() => {
		const secret = `spacing-${Date.now().toString(36)}`;
		const meetBitCredential = credential('meetingWebhooksMeetBitWebhookApi', 'MeetBit spacing', {
			secret,
			previousSecret: '',
		});
		const workflow = triggerWorkflow({
			name: 'queue spacing',
			nodeType: 'meetBitTrigger',
			nodeName: 'MeetBit Trigger',
			parameters: { events: ['*'], options: {} },
			credentials: { meetingWebhooksMeetBitWebhookApi: meetBitCredential },
		});
		let install;
		let queue;
		let flatted;
		const results = [];

		before(async () => {
			install = ensureN8nInstalled({ quiet: true });
			flatted = requireFromN8n(install, 'flatted');
			queue = await startQueueMode({
				install,
				tarball: buildAndPack({ quiet: true }),
				credentials: [meetBitCredential],
				workflows: [workflow],
				webhooks: 2,
				workers: 2,
			});
			for (const webhook of queue.webhooks)
				await webhook.waitForWebhooks([webhook.webhookUrl(workflow.webhookId)], {
					timeoutMs: 120_000,
				});
			if (PREFILL) {
				// What n8n's DeduplicationHelper stores for a node in "entries" mode: md5 digests, base64.
				// Two values per delivery, and more than the trigger keeps: n8n trims the row to the
				// trigger's size on the first claim.
				const values = Array.from({ length: 2 * DEFAULT_DEDUPE_MEMORY_SIZE + 200 }, () =>
					randomBytes(16).toString('base64'),
				);
				await queue.query(
					'INSERT INTO processed_data ("workflowId", context, value, "createdAt", "updatedAt") VALUES ($1, $2, $3, NOW(), NOW())',
					[
						workflow.id,
						`n:${workflow.nodes[0].id}`,
						JSON.stringify({ mode: 'entries', data: values }),
					],
				);
			}
		});
		after(async () => {
			await queue?.close({ keep: process.env.HOSTILE_KEEP === '1' });
			if (results.length > 0) console.log(table(results, install));
		});

		for (const { spacingMs, trials } of TRIALS) {
			it(`${trials} deliveries, each copy ${spacingMs} ms after its original at the other webhook process`, async () => {
				const runId = `sp${Date.now().toString(36)}-${spacingMs}`;
				const [before] = await queue.query(
					'SELECT COALESCE(MAX(id), 0)::int AS id FROM execution_entity',
				);
				const url = (index) => queue.webhooks[index % 2].webhookUrl(workflow.webhookId);
				const answers = [];
				const trial = async (index) => {
					const id = `${runId}-${index}`;
					const first = send(url(index), buildDelivery('meetbit', { secret, id }));
					await sleep(spacingMs);
					const copy = send(url(index + 1), buildDelivery('meetbit', { secret, id }));
					answers.push((await first).status, (await copy).status);
				};
				const running = [];
				for (let index = 0; index < trials; index++) {
					running.push(trial(index));
					await sleep(STAGGER_MS);
				}
				await Promise.all(running);

				const count = async () =>
					(
						await queue.query(
							`SELECT COUNT(*)::int AS n FROM execution_entity WHERE id > $1 AND "workflowId" = $2 AND status NOT IN ('new', 'running')`,
							[before.id, workflow.id],
						)
					)[0].n;
				await settle(count, { quietMs: 5000, timeoutMs: 900_000 });
				const rows = await queue.query(
					'SELECT e.id, e.status, d.data FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e.id > $1 AND e."workflowId" = $2',
					[before.id, workflow.id],
				);
				const runsPerDelivery = new Map();
				let stoppedAtTrigger = 0;
				let notSuccessful = 0;
				for (const row of rows) {
					const output = row.status === 'success' ? triggerOutput(flatted, row.data) : undefined;
					if (output === undefined) notSuccessful += 1;
					else if (output.length === 0) stoppedAtTrigger += 1;
					for (const item of output ?? []) {
						const id = item.json.delivery.deliveryId;
						runsPerDelivery.set(id, (runsPerDelivery.get(id) ?? 0) + 1);
					}
				}
				const runs = [...runsPerDelivery.values()];
				const result = {
					spacingMs,
					trials,
					answers: countBy(answers),
					executions: rows.length,
					stoppedAtTrigger,
					copiesWithoutExecution: 2 * trials - rows.length,
					duplicateRuns: runs.reduce((sum, n) => sum + n - 1, 0),
					lost: trials - runsPerDelivery.size,
					notSuccessful,
				};
				results.push(result);
				report('spacing', result);
				assert.deepEqual(Object.keys(result.answers), ['200'], JSON.stringify(result.answers));
				assert.equal(result.lost, 0, 'deliveries that never ran');
				assert.equal(result.notSuccessful, 0, 'executions that did not succeed');
			});
		}
	},
);

function countBy(values) {
	const counts = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

/** The Markdown table docs/security.md carries. */
function table(results, install) {
	const lines = [
		`n8n ${install?.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${new Date().toISOString().slice(0, 10)}; store ${PREFILL ? 'full' : 'empty'} at the start`,
		'',
		'| Copy sent after | Deliveries (pairs) | Duplicate runs | Copies stopped at the trigger | Copies without an execution | Lost |',
		'| --- | --- | --- | --- | --- | --- |',
	];
	for (const result of results)
		lines.push(
			`| ${result.spacingMs} ms | ${result.trials} | **${result.duplicateRuns}** | ${result.stoppedAtTrigger} | ${result.copiesWithoutExecution} | ${result.lost} |`,
		);
	return lines.join('\n');
}
