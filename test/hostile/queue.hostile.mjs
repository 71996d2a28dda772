// Queue mode, as users run n8n when one process is not enough: PostgreSQL and Redis (Debian's
// packages), an n8n main, two `n8n webhook` processes and a worker, on loopback. The same stream
// as the regular-mode load test goes through both webhook processes, copies of one delivery
// alternating between them; then we count how many duplicates slip through across processes.
// Sizes from HOSTILE_* variables; HOSTILE_QUEUE_WORKERS sets the number of workers (default 1).
// Every copy that reaches a worker after another took its delivery stops at the trigger (its
// execution exists and runs nothing after it); that is counted apart from duplicate runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { buildAndPack, ensureN8nInstalled, requireFromN8n } from '../../scripts/lib/n8n.mjs';
import {
	account,
	classifyExecutions,
	planStream,
	random,
	reporter,
	requestBuilder,
	sendAll,
	settle,
	summarise,
} from './lib/load.mjs';
import { startQueueMode } from './lib/queue.mjs';
import { threeTriggers } from './lib/setup.mjs';

const TOTAL = Number(process.env.HOSTILE_LOAD_TOTAL ?? 2000);
const CONCURRENCY = Number(process.env.HOSTILE_CONCURRENCY ?? 50);
const WORKERS = Number(process.env.HOSTILE_QUEUE_WORKERS ?? 1);
/** Duplicate runs tolerated: 0 with one worker; with more, HOSTILE_QUEUE_MAX_DUPLICATE_RUNS (default 5 % of the copies sent). */
const MAX_DUPLICATE_RUNS = Number(
	process.env.HOSTILE_QUEUE_MAX_DUPLICATE_RUNS ??
		(WORKERS === 1 ? 0 : Math.ceil(TOTAL * 0.3 * 0.05)),
);

const report = reporter('queue');

describe(
	`load in n8n queue mode: main, two webhook processes, ${WORKERS} worker(s)`,
	{ timeout: 2_400_000 },
	() => {
		let setup;
		let queue;
		let install;
		let flatted;

		before(async () => {
			install = ensureN8nInstalled({ quiet: true });
			flatted = requireFromN8n(install, 'flatted');
			setup = await threeTriggers();
			queue = await startQueueMode({
				install,
				tarball: buildAndPack({ quiet: true }),
				credentials: setup.credentials,
				workflows: Object.values(setup.workflows),
				webhooks: 2,
				workers: WORKERS,
			});
		});
		after(async () => {
			await queue?.close({ keep: process.env.HOSTILE_KEEP === '1' });
			await setup?.api.close();
		});

		const workflowIds = () => Object.values(setup.workflows).map((workflow) => workflow.id);

		it(`${TOTAL} deliveries at concurrency ${CONCURRENCY}, 30 % duplicates, alternating between the two webhook processes`, async () => {
			// The meetergo trigger registered itself (through the main process) with the main's URL.
			const registered = new URL(await setup.meetergoEndpoint());
			const urlsOf = (webhook) => ({
				meetbit: webhook.webhookUrl(setup.workflows.meetbit.webhookId),
				meetgeek: webhook.webhookUrl(setup.workflows.meetgeek.webhookId),
				meetergo: `${webhook.baseUrl}${registered.pathname}${registered.search}`,
			});
			const perProcess = queue.webhooks.map(urlsOf);
			for (const [index, webhook] of queue.webhooks.entries()) {
				const urls = perProcess[index];
				await webhook.waitForWebhooks([urls.meetbit, urls.meetgeek, urls.meetergo.split('?')[0]], {
					timeoutMs: 120_000,
				});
			}
			const [{ id: before }] = await queue.query(
				'SELECT COALESCE(MAX(id), 0)::int AS id FROM execution_entity',
			);

			const runId = `queue${Date.now().toString(36)}`;
			const stream = planStream({ total: TOTAL, duplicateShare: 0.3, runId, seed: 7 });
			// Alternate: a copy sent right after its original goes to the other process; later copies land anywhere.
			const next = random(99);
			const routed = stream.map((item, index) => ({
				...item,
				process: index % 2 === 0 ? 0 : 1,
				jitter: next(),
			}));
			const builders = perProcess.map((urls) => requestBuilder({ urls, secrets: setup.secrets }));
			const bodies = new Map();
			const build = (item) => {
				// One body per key for MeetGeek and meetergo, whichever process a copy goes to.
				const request = builders[item.process](item);
				if (item.provider === 'meetbit') return request;
				const body = bodies.get(item.key) ?? request.body;
				bodies.set(item.key, body);
				return { ...request, body };
			};
			const started = Date.now();
			const results = await sendAll(routed, build, {
				concurrency: CONCURRENCY,
				deadlineMs: 1_200_000,
			});
			const sendSeconds = (Date.now() - started) / 1000;
			const unique = new Set(stream.map((item) => item.key)).size;

			const ids = workflowIds();
			const count = async () =>
				(
					await queue.query(
						'SELECT COUNT(*)::int AS n FROM execution_entity WHERE id > $1 AND "workflowId" = ANY($2)',
						[before, ids],
					)
				)[0].n;
			const done = async () =>
				(
					await queue.query(
						`SELECT COUNT(*)::int AS n FROM execution_entity WHERE id > $1 AND "workflowId" = ANY($2) AND status IN ('new', 'running')`,
						[before, ids],
					)
				)[0].n === 0;
			await settle(count, { expected: unique, done, quietMs: 5000, timeoutMs: 900_000 });

			const rows = await queue.query(
				'SELECT e.id, e.status, d.data FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e.id > $1 AND e."workflowId" = ANY($2) ORDER BY e.id',
				[before, ids],
			);
			// An execution "ran" the workflow when its trigger output the delivery; one whose trigger
			// output nothing stopped there (a copy another execution had taken).
			const { runs: ran, stopped, other } = classifyExecutions(rows, { flatted, runId });
			const runs = account(stream, ran);
			const stoppedAtTrigger = stopped.length;
			const http = summarise(results);
			const byProcess = [0, 1].map((index) =>
				summarise(results.filter((_, position) => routed[position].process === index)),
			);
			report('queue-load', {
				webhookProcesses: queue.webhooks.length,
				workers: queue.workers.length,
				sent: stream.length,
				unique,
				duplicatesSent: stream.length - unique,
				concurrency: CONCURRENCY,
				sendSeconds,
				...http,
				perProcess: byProcess.map(({ requests, statuses, p50Ms, p99Ms }) => ({
					requests,
					statuses,
					p50Ms,
					p99Ms,
				})),
				executions: rows.length,
				notSuccessful: other.length,
				duplicateExecutions: rows.length - unique,
				stoppedAtTrigger,
				duplicateRuns: runs.duplicateExecutions,
				lost: runs.lost.length,
			});
			assert.equal(http.serverErrors, 0, `5xx answers: ${JSON.stringify(http.samples)}`);
			assert.deepEqual(Object.keys(http.statuses), ['200'], JSON.stringify(http.samples));
			assert.deepEqual(runs.lost, [], 'genuine deliveries that never ran');
			assert.deepEqual(other, [], 'executions that did not succeed');
			// One worker: none. Several: copies claimed within the same milliseconds on two workers can
			// both pass n8n's processed-data store (it reads, merges and writes one row without a lock).
			assert.ok(
				runs.duplicateExecutions <= MAX_DUPLICATE_RUNS,
				`${runs.duplicateExecutions} deliveries ran more than once (at most ${MAX_DUPLICATE_RUNS} expected): ${JSON.stringify(runs.duplicatedKeys.slice(0, 5))}`,
			);
		});
	},
);
