// Part 3: deliveries through a real n8n (the version the e2e suite runs), on loopback, with the
// packed package installed as a user's install leaves it. Every scenario sends the same 2 KB
// MeetBit-shaped body; n8n's built-in Webhook node (POST, respond immediately, no body) is the
// baseline measured in the same run and the same n8n process.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import {
	ensureN8nInstalled,
	freePort,
	installPackage,
	N8nInstance,
	randomId,
	repoRoot,
} from '../scripts/lib/n8n.mjs';
import { N8nStore } from '../scripts/lib/store.mjs';
import { credential, triggerWorkflow } from '../scripts/lib/workflows.mjs';
import { hexHmac, meetBitBody, meetBitTimestamp, SECRET } from './payloads.mjs';
import { median, nowNs, quantile } from './stats.mjs';

const NODE_NAME = 'MeetBit Trigger';

/** n8n's own Webhook node, as a user sets it up to receive the same deliveries. */
function builtInWebhookWorkflow() {
	const webhookId = randomUUID();
	return {
		id: randomId(),
		name: 'Benchmark: built-in Webhook node',
		active: false,
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId,
				parameters: {
					httpMethod: 'POST',
					path: `${webhookId}/webhook`,
					responseMode: 'onReceived',
					options: { noResponseBody: true },
				},
			},
		],
		connections: {},
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveManualExecutions: true },
		webhookId,
	};
}

function meetBitWorkflow(name, meetBitCredential) {
	return triggerWorkflow({
		name: `Benchmark: ${name}`,
		nodeType: 'meetBitTrigger',
		nodeName: NODE_NAME,
		parameters: { events: ['*'], options: {} },
		credentials: { meetingWebhooksMeetBitWebhookApi: meetBitCredential },
	});
}

/** A MeetBit delivery of `body`, signed with `secret` (the wrong one for the rejection scenario). */
function signed(body, { id = randomUUID(), secret = SECRET, nowMs = Date.now() } = {}) {
	const timestamp = meetBitTimestamp(nowMs);
	return {
		body,
		headers: {
			'content-type': 'application/json',
			'content-length': String(Buffer.byteLength(body)),
			'x-webhook-id': id,
			'x-webhook-timestamp': timestamp,
			'x-webhook-signature': hexHmac(secret, `${id}.${timestamp}.`, body),
		},
	};
}

function post(agent, url, request) {
	return new Promise((resolve, reject) => {
		const outgoing = http.request(
			url,
			{ method: 'POST', agent, headers: request.headers },
			(response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () =>
					resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }),
				);
				response.on('error', reject);
			},
		);
		outgoing.setTimeout(30_000, () =>
			outgoing.destroy(new Error(`no answer from ${url} within 30 s`)),
		);
		outgoing.on('error', reject);
		outgoing.end(request.body);
	});
}

/**
 * Sends `requests` with `concurrency` requests in flight over keep-alive connections; returns the
 * acknowledgement latency of each and the wall time. `expect(answer)` says whether an answer is the
 * one the scenario is about; any other answer fails the benchmark (a fast wrong answer is no result).
 */
async function load(url, requests, concurrency, expect) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const latencies = [];
	let next = 0;
	let unexpected;
	const started = nowNs();
	const worker = async () => {
		while (next < requests.length && unexpected === undefined) {
			const request = requests[next++];
			const t0 = nowNs();
			const answer = await post(agent, url, request);
			latencies.push(nowNs() - t0);
			if (!expect(answer)) unexpected = answer;
		}
	};
	try {
		await Promise.all(Array.from({ length: concurrency }, worker));
	} finally {
		agent.destroy();
	}
	const wallNs = nowNs() - started;
	if (unexpected !== undefined) {
		throw new Error(
			`unexpected answer from ${url}: ${unexpected.status} ${unexpected.body.slice(0, 300)}`,
		);
	}
	return { latencies, wallNs };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `workflowId` has `count` executions and none is still running; returns how long that took. */
async function settle(store, workflowId, count, timeoutMs = 180_000) {
	const started = Date.now();
	for (;;) {
		const [row] = store.query(
			"SELECT count(*) AS total, sum(CASE WHEN status IN ('new', 'running', 'waiting') THEN 1 ELSE 0 END) AS open, sum(CASE WHEN status = 'success' THEN 1 ELSE 0 END) AS ok FROM execution_entity WHERE workflowId = ?",
			workflowId,
		);
		if (row.total >= count && (row.open ?? 0) === 0) {
			if (row.total !== count || (row.ok ?? 0) !== count) {
				throw new Error(
					`workflow ${workflowId}: expected ${count} successful executions, found ${row.total} (${row.ok} successful)`,
				);
			}
			return Date.now() - started;
		}
		if (Date.now() - started > timeoutMs)
			throw new Error(`workflow ${workflowId}: executions did not settle within ${timeoutMs} ms`);
		await sleep(100);
	}
}

/** A full ledger of `entries` keys recorded over the last hour, as static data holds it. */
function seededLedger(dist, entries, knownId) {
	const { digestDeliveryKey } = dist.ledger;
	const now = Math.floor(Date.now() / 1000);
	const ledger = { version: 1, entries: {}, size: 0, prunedAt: now };
	for (let i = 0; i < entries; i++) {
		const id = i === entries - 1 ? knownId : randomUUID();
		ledger.entries[digestDeliveryKey(`MeetBit:id:${id}`)] =
			now - 3600 + Math.floor((i * 3600) / entries);
		ledger.size += 1;
	}
	return ledger;
}

/**
 * Starts n8n with the package and one workflow per scenario; the ledger scenario's workflow gets
 * a full ledger of `ledgerEntries` keys in its static data before n8n starts. `close()` stops n8n
 * by its PID and removes its folder.
 */
export async function openN8n({ dist, tarball, ledgerEntries, log, extraEnv = {} }) {
	const install = ensureN8nInstalled({ quiet: true });
	const userFolder = mkdtempSync(join(tmpdir(), 'meeting-webhooks-bench-'));
	const n8n = new N8nInstance({
		install,
		userFolder,
		port: await freePort(),
		brokerPort: await freePort(),
		encryptionKey: randomId(32),
	});
	const close = async () => {
		await n8n.stop();
		rmSync(userFolder, { recursive: true, force: true });
	};
	try {
		installPackage(userFolder, tarball, { node: install.node });
		const meetBitCredential = credential('meetingWebhooksMeetBitWebhookApi', 'MeetBit benchmark', {
			secret: SECRET,
			previousSecret: '',
		});
		const workflows = {
			baseline: builtInWebhookWorkflow(),
			accept: meetBitWorkflow('MeetBit accepting', meetBitCredential),
			duplicate: meetBitWorkflow('MeetBit duplicates', meetBitCredential),
			reject: meetBitWorkflow('MeetBit bad signatures', meetBitCredential),
			ledger: meetBitWorkflow(`MeetBit with a ${ledgerEntries}-entry ledger`, meetBitCredential),
		};
		n8n.importCredentials([meetBitCredential]);
		n8n.importWorkflows(Object.values(workflows));
		// Static data as n8n stores it (the workflow's staticData column), written while n8n is stopped.
		const seededId = randomUUID();
		const db = new DatabaseSync(n8n.databaseFile);
		try {
			db.prepare('UPDATE workflow_entity SET staticData = ? WHERE id = ?').run(
				JSON.stringify({
					[`node:${NODE_NAME}`]: { deliveryLedger: seededLedger(dist, ledgerEntries, seededId) },
				}),
				workflows.ledger.id,
			);
		} finally {
			db.close();
		}
		// The probe counts isolates and big JSON texts once told to (SIGUSR2), after the measured rounds.
		const probeFile = join(userFolder, 'probe');
		n8n.extraEnv = {
			NODE_OPTIONS: `--require ${join(repoRoot, 'bench', 'n8n-probe.cjs')}`,
			BENCH_PROBE_FILE: probeFile,
			...extraEnv,
		};
		await n8n.start();
		log(
			`[bench] n8n ${install.n8n.match(/n8n-([\d.]+)/)?.[1]} running as pid ${n8n.process.pid} on ${n8n.baseUrl}`,
		);
		const url = (workflow) => n8n.webhookUrl(workflow.webhookId);
		await n8n.waitForWebhooks(Object.values(workflows).map(url));
		const store = new N8nStore(n8n);
		const body = meetBitBody(2048);

		// Checks before measuring: the seeded ledger is what n8n loads; the duplicate scenario's id is recorded.
		const seeded = await post(undefined, url(workflows.ledger), signed(body, { id: seededId }));
		if (seeded.status !== 200 || !seeded.body.includes('"duplicate"')) {
			throw new Error(`the seeded ledger is not in effect: ${seeded.status} ${seeded.body}`);
		}
		const duplicateId = randomUUID();
		const first = await post(
			undefined,
			url(workflows.duplicate),
			signed(body, { id: duplicateId }),
		);
		if (first.status !== 200 || first.body !== '')
			throw new Error(`first delivery refused: ${first.status} ${first.body}`);
		await settle(store, workflows.duplicate.id, 1);

		const accepted = (answer) => answer.status === 200 && answer.body === '';
		const scenarios = [
			{
				key: 'baseline',
				name: '(a) n8n Webhook node',
				make: () => signed(body),
				expect: accepted,
				starts: true,
			},
			{
				key: 'accept',
				name: '(b) MeetBit Trigger, accepting',
				make: () => signed(body),
				expect: accepted,
				starts: true,
			},
			{
				key: 'duplicate',
				name: '(c) MeetBit Trigger, duplicates',
				make: () => signed(body, { id: duplicateId }),
				expect: (answer) => answer.status === 200 && answer.body.includes('"reason":"duplicate"'),
				starts: false,
			},
			{
				key: 'reject',
				name: '(d) MeetBit Trigger, bad signatures',
				make: () => signed(body, { secret: 'not-the-signing-secret' }),
				expect: (answer) => answer.status === 401 && answer.body.includes('signature_mismatch'),
				starts: false,
			},
			{
				key: 'ledger',
				name: `(e) MeetBit Trigger, accepting, ${ledgerEntries}-entry ledger`,
				make: () => signed(body),
				expect: accepted,
				starts: true,
			},
		];
		const executions = { baseline: 0, accept: 0, duplicate: 1, reject: 0, ledger: 0 };
		for (const scenario of scenarios) scenario.workflow = workflows[scenario.key];

		/** Sends `count` deliveries of a scenario; waits for their executions; returns the figures. */
		const run = async (scenario, count, concurrency) => {
			const requests = Array.from({ length: count }, scenario.make);
			const { latencies, wallNs } = await load(
				url(scenario.workflow),
				requests,
				concurrency,
				scenario.expect,
			);
			let drainMs = 0;
			if (scenario.starts) {
				executions[scenario.key] += count;
				drainMs = await settle(store, scenario.workflow.id, executions[scenario.key]);
			}
			return { latencies, wallNs, drainMs };
		};
		const probe = () => {
			try {
				return JSON.parse(readFileSync(`${probeFile}.${n8n.process.pid}`, 'utf8'));
			} catch {
				return undefined;
			}
		};
		return {
			n8n,
			n8nVersion: install.n8n.match(/n8n-([\d.]+)/)?.[1],
			store,
			scenarios,
			run,
			/** Per delivery of each scenario: isolates n8n created, static-data-sized JSON parses and stringifies. */
			async countPerDelivery(count) {
				process.kill(n8n.process.pid, 'SIGUSR2');
				await sleep(1000);
				const perScenario = {};
				for (const scenario of scenarios) {
					const before = probe();
					await run(scenario, count, 1);
					await sleep(1500); // pool replenishment, and the probe's next write
					const after = probe();
					if (before === undefined || after === undefined) return undefined;
					perScenario[scenario.key] = Object.fromEntries(
						Object.keys(after).map((key) => [key, (after[key] - before[key]) / count]),
					);
				}
				return perScenario;
			},
			async finalChecks() {
				// The scenarios that start no execution started none; the ledger stayed within its limit.
				for (const key of ['duplicate', 'reject'])
					await settle(store, workflows[key].id, executions[key], 5_000);
				return {
					executions,
					ledgerSizeAfter: store.staticData(workflows.ledger.id)[`node:${NODE_NAME}`]
						?.deliveryLedger?.size,
				};
			},
			close,
		};
	} catch (error) {
		await close();
		throw error;
	}
}

/**
 * Every scenario at every concurrency, interleaved: rounds of one chunk per scenario (the order
 * rotating), so that the load of the machine, which drifts, hits each scenario alike. Rounds
 * continue until `maxRounds`, or until `budgetMs` is spent (always at least `minRounds`).
 */
export async function benchN8n({
	dist,
	tarball,
	log,
	concurrencies,
	chunkAt,
	warmup,
	ledgerEntries,
	minRounds,
	maxRounds,
	budgetMs,
	extraEnv = {},
}) {
	const env = await openN8n({ dist, tarball, ledgerEntries, log, extraEnv });
	try {
		const started = Date.now();
		for (const scenario of env.scenarios) await env.run(scenario, warmup, 1);
		const results = [];
		for (const concurrency of concurrencies) {
			const figures = new Map(
				env.scenarios.map((scenario) => [
					scenario,
					{ latencies: [], wallNs: 0, drainMs: 0, requests: 0 },
				]),
			);
			const deadline =
				started + (budgetMs * (concurrencies.indexOf(concurrency) + 1)) / concurrencies.length;
			let rounds = 0;
			while (rounds < maxRounds && (rounds < minRounds || Date.now() < deadline)) {
				for (let k = 0; k < env.scenarios.length; k++) {
					const scenario = env.scenarios[(rounds + k) % env.scenarios.length];
					const chunk = await env.run(scenario, chunkAt(concurrency), concurrency);
					const total = figures.get(scenario);
					total.latencies.push(...chunk.latencies);
					total.wallNs += chunk.wallNs;
					total.drainMs += chunk.drainMs;
					total.requests += chunk.latencies.length;
				}
				rounds += 1;
			}
			for (const scenario of env.scenarios) {
				const total = figures.get(scenario);
				const result = {
					key: scenario.key,
					name: scenario.name,
					concurrency,
					rounds,
					requests: total.requests,
					perSecond: total.requests / (total.wallNs / 1e9),
					// Counting also the time until the executions these deliveries started had finished.
					sustainedPerSecond: total.requests / (total.wallNs / 1e9 + total.drainMs / 1000),
					p50Ms: median(total.latencies) / 1e6,
					p99Ms: quantile(total.latencies, 0.99) / 1e6,
				};
				results.push(result);
				log(
					`[bench] n8n c=${concurrency} ${scenario.name}: ${result.perSecond.toFixed(1)}/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms (${result.requests} requests, ${rounds} rounds)`,
				);
			}
		}
		const perDelivery = await env.countPerDelivery(6);
		const checks = await env.finalChecks();
		for (const result of results) {
			const at = (key) =>
				results.find((other) => other.key === key && other.concurrency === result.concurrency);
			result.ratioToBaseline = result.perSecond / at('baseline').perSecond;
			result.ratioToAccept = result.perSecond / at('accept').perSecond;
		}
		return {
			results,
			perDelivery,
			...checks,
			n8nVersion: env.n8nVersion,
			extraEnv,
			seconds: (Date.now() - started) / 1000,
		};
	} finally {
		await env.close();
	}
}

/**
 * What n8n 2.x spends on one expression isolate (IsolatedVmBridge: create the V8 isolate, load its
 * runtime bundle, dispose), measured with n8n's own module. n8n takes a fresh one from its pool for
 * the webhook phase of every node but its own Webhook node, and another for every credential read
 * outside an execution (credentials-helper applyDefaultsAndOverwrites).
 */
export async function measureIsolates(install, count) {
	const require = createRequire(
		join(install.n8nDir, 'node_modules', 'n8n-workflow', 'package.json'),
	);
	const { IsolatedVmBridge } = require('@n8n/expression-runtime');
	const times = [];
	for (let i = 0; i < count + 2; i++) {
		const started = nowNs();
		const bridge = new IsolatedVmBridge({ timeout: 5000, memoryLimit: 128 });
		await bridge.initialize();
		await bridge.dispose();
		if (i >= 2) times.push((nowNs() - started) / 1e6);
	}
	return { msPerIsolate: median(times), count };
}
