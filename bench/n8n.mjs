// Part 3: deliveries through a real n8n (the version the e2e suite runs), on loopback, with the
// packed package installed as a user's install leaves it. Every scenario sends the same 2 KB
// MeetBit-shaped body; n8n's built-in Webhook node (POST, respond immediately, no body) is the
// baseline, and the DIY peer (bench/diy-peer.workflow.json: what a user builds from built-in
// nodes to verify and dedupe MeetBit deliveries) the peer, both measured in the same run and the
// same n8n process. Besides throughput and latency: n8n's CPU per delivery (its process and the
// task runner it starts, from /proc), its peak memory, and what the rest of the machine used.
// Where isolates are counted, also every provider's paths (MeetGeek and meetergo Triggers, and
// MeetBit's malformed path) with deliveries as the e2e suite builds them: counted, not timed.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
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
import { buildDelivery } from '../scripts/lib/deliveries.mjs';
import { N8nStore } from '../scripts/lib/store.mjs';
import { credential, triggerWorkflow } from '../scripts/lib/workflows.mjs';
import { DIY_WORK_NODE, diyPeerWorkflow } from './diy-peer.mjs';
import { hexHmac, meetBitBody, meetBitTimestamp, SECRET } from './payloads.mjs';
import { median, nowNs, quantile } from './stats.mjs';

// meetergo's trigger registers its webhook (and URL token) with meetergo's API on activation: here
// with the local stand-in of that API the e2e suite uses, never the real one.
const fakeMeetergoApi = createRequire(import.meta.url)('../test/fakes/meetergo-api.cjs');

const NODE_NAME = 'MeetBit Trigger';
/**
 * The version the benchmark's MeetBit Triggers are at: the triggers' default version since issue
 * 13, as a workflow built today gets it. n8n evaluates the old Webhook node's binary-data option
 * (an expression isolate per request) only for nodes at version 1.
 */
export const TRIGGER_TYPE_VERSION = 1.1;

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

/** The package's triggers as the benchmark sets them up: default options, every event it sends. */
const TRIGGERS = {
	MeetBit: {
		nodeType: 'meetBitTrigger',
		nodeName: NODE_NAME,
		credentialType: 'meetingWebhooksMeetBitWebhookApi',
		parameters: { events: ['*'], options: {} },
	},
	MeetGeek: {
		nodeType: 'meetGeekTrigger',
		nodeName: 'MeetGeek Trigger',
		credentialType: 'meetingWebhooksMeetGeekWebhookApi',
		parameters: {
			authentication: 'signingSecret',
			events: ['analysis.succeeded', 'analysis.failed'],
			options: {},
		},
	},
	// "Verify With Meetergo API" off, as by default.
	meetergo: {
		nodeType: 'meetergoTrigger',
		nodeName: 'meetergo Trigger',
		credentialType: 'meetingWebhooksMeetergoApi',
		parameters: { events: ['booking_created'], options: {} },
	},
};

/** A workflow with one of the package's triggers (`provider`, a key of TRIGGERS) at TRIGGER_TYPE_VERSION. */
function providerWorkflow(provider, name, triggerCredential) {
	const { credentialType, ...trigger } = TRIGGERS[provider];
	return triggerWorkflow({
		...trigger,
		name: `Benchmark: ${name}`,
		credentials: { [credentialType]: triggerCredential },
		typeVersion: TRIGGER_TYPE_VERSION,
	});
}

function meetBitWorkflow(name, meetBitCredential, { work = false } = {}) {
	const workflow = providerWorkflow('MeetBit', name, meetBitCredential);
	if (work) {
		// The user's work after the trigger, as in the DIY workflow: it runs once per accepted delivery.
		workflow.nodes.push({
			id: randomUUID(),
			name: DIY_WORK_NODE,
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [220, 0],
			parameters: {},
		});
		workflow.connections = {
			[NODE_NAME]: { main: [[{ node: DIY_WORK_NODE, type: 'main', index: 0 }]] },
		};
	}
	return workflow;
}

/** CPU time (ms) of a process and all its descendants (n8n and the task runner it starts), from /proc. */
function treeCpuMs(rootPid) {
	const tick = 10; // USER_HZ = 100 on Linux
	const stats = new Map();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
			stats.set(Number(entry), {
				ppid: Number(fields[1]),
				cpu: (Number(fields[11]) + Number(fields[12])) * tick,
			});
		} catch {
			// gone meanwhile
		}
	}
	let total = 0;
	const queue = [rootPid];
	while (queue.length > 0) {
		const pid = queue.pop();
		total += stats.get(pid)?.cpu ?? 0;
		for (const [child, stat] of stats) if (stat.ppid === pid) queue.push(child);
	}
	return total;
}

/** Busy and total CPU time of the whole machine (ms, all cores), from /proc/stat. */
export function machineCpuMs() {
	const [line] = readFileSync('/proc/stat', 'utf8').split('\n');
	const values = line.trim().split(/\s+/).slice(1).map(Number);
	const total = values.reduce((sum, value) => sum + value, 0) * 10;
	const idle = (values[3] + (values[4] ?? 0)) * 10;
	return { busy: total - idle, total };
}

/** Peak resident memory of a process (VmHWM), in MB. */
function peakRssMb(pid) {
	try {
		const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
		return match ? Number(match[1]) / 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** A MeetBit delivery of `body`, signed with `secret` (the wrong one for the forged scenario; `nowMs` 10 minutes ago for the stale one). */
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

/**
 * A full ledger of `entries` keys recorded over the last hour, as static data holds it: through
 * the package's own ledger functions and JSON, so in the form the package stores (packed since
 * version 2 of the stored form).
 */
function seededLedger(dist, entries, knownId) {
	const { Ledger } = dist.ledger;
	const { digestDeliveryKey } = dist.deliveryKey;
	const now = Math.floor(Date.now() / 1000);
	const ledger = Ledger.empty(now);
	const limits = { maxEntries: entries, ttlSeconds: 24 * 60 * 60 };
	for (let i = 0; i < entries; i++) {
		const id = i === entries - 1 ? knownId : randomUUID();
		ledger.record(
			digestDeliveryKey(`MeetBit:id:${id}`),
			now - 3600 + Math.floor((i * 3600) / entries),
			limits,
		);
	}
	// Pruned just now, as a busy trigger's ledger is: the next record does not prune.
	return { ...JSON.parse(JSON.stringify(ledger)), prunedAt: now };
}

/** Waits until `workflowId` has `count` executions, none open; returns them with whether the user's work ran. */
async function settleAny(store, workflowId, count, timeoutMs = 60_000) {
	const started = Date.now();
	for (;;) {
		const rows = store.query(
			'SELECT id, status FROM execution_entity WHERE workflowId = ? ORDER BY id',
			workflowId,
		);
		const open = rows.filter((row) => ['new', 'running', 'waiting'].includes(row.status));
		if ((rows.length >= count && open.length === 0) || Date.now() - started > timeoutMs) {
			await sleep(500);
			const final = store.query(
				'SELECT id, status FROM execution_entity WHERE workflowId = ? ORDER BY id',
				workflowId,
			);
			return final.map((row) => ({
				...row,
				worked: (store.outputItems(row.id, DIY_WORK_NODE)?.length ?? 0) > 0,
			}));
		}
		await sleep(100);
	}
}

/**
 * Paths whose isolates are counted but that the timed rounds leave out (so the run time stays the
 * same), each with its own workflow: every provider's accept, duplicate, forged and malformed
 * paths beside the MeetBit paths the rounds time. Key: [provider (a key of TRIGGERS), path].
 */
const COUNT_ONLY = {
	meetBitMalformed: ['MeetBit', 'malformed'],
	meetGeekAccept: ['MeetGeek', 'accept'],
	meetGeekDuplicate: ['MeetGeek', 'duplicate'],
	meetGeekForged: ['MeetGeek', 'forged'],
	meetGeekMalformed: ['MeetGeek', 'malformed'],
	meetergoAccept: ['meetergo', 'accept'],
	meetergoDuplicate: ['meetergo', 'duplicate'],
	meetergoForged: ['meetergo', 'forged'],
	meetergoMalformed: ['meetergo', 'malformed'],
};

/** A copy of `request` without the header `name`. */
function without(request, name) {
	const { [name]: _dropped, ...headers } = request.headers;
	return { ...request, headers };
}

/** The URL meetergo's stand-in holds for `webhookUrl` (with the trigger's token), once registered. */
async function registeredAt(api, webhookUrl, timeoutMs = 30_000) {
	// n8n makes the webhook path live just before it runs the trigger's `create`.
	for (let waited = 0; waited < timeoutMs; waited += 100) {
		const hook = api.state.webhooks.find((candidate) => {
			const endpoint = new URL(candidate.endpoint);
			return `${endpoint.origin}${endpoint.pathname}` === webhookUrl;
		});
		if (hook) return hook.endpoint;
		await sleep(100);
	}
	throw new Error(
		`the meetergo Trigger at ${webhookUrl} did not register with meetergo's stand-in`,
	);
}

/**
 * Starts n8n with the package and one workflow per scenario; the ledger scenario's workflow gets
 * a full ledger of `ledgerEntries` keys in its static data before n8n starts. `close()` stops n8n
 * by its PID and removes its folder.
 */
export async function openN8n({
	dist,
	tarball,
	ledgerEntries,
	log,
	extraEnv = {},
	only,
	copiesTrial = false,
	count = false,
}) {
	const install = ensureN8nInstalled({ quiet: true });
	const userFolder = mkdtempSync(join(tmpdir(), 'meeting-webhooks-bench-'));
	const n8n = new N8nInstance({
		install,
		userFolder,
		port: await freePort(),
		brokerPort: await freePort(),
		encryptionKey: randomId(32),
	});
	// Only where the count-only scenarios run (count), which include the meetergo Trigger's.
	const meetergoApi = count ? await fakeMeetergoApi.start() : undefined;
	const close = async () => {
		await n8n.stop();
		await meetergoApi?.close();
		rmSync(userFolder, { recursive: true, force: true });
	};
	try {
		installPackage(userFolder, tarball, { node: install.node });
		const meetBitCredential = credential('meetingWebhooksMeetBitWebhookApi', 'MeetBit benchmark', {
			secret: SECRET,
			previousSecret: '',
		});
		const triggerCredentials = {
			MeetBit: meetBitCredential,
			MeetGeek: credential('meetingWebhooksMeetGeekWebhookApi', 'MeetGeek benchmark', {
				secret: SECRET,
				previousSecret: '',
			}),
			meetergo:
				meetergoApi &&
				credential('meetingWebhooksMeetergoApi', 'meetergo benchmark (local stand-in API)', {
					credentialKind: 'personalAccessToken',
					token: meetergoApi.state.token,
					baseUrl: meetergoApi.url,
				}),
		};
		const countOnlyKeys = count ? Object.keys(COUNT_ONLY) : [];
		const diy = (name) => diyPeerWorkflow({ secret: SECRET, name: `Benchmark: DIY peer, ${name}` });
		const workflows = {
			baseline: builtInWebhookWorkflow(),
			accept: meetBitWorkflow('MeetBit accepting', meetBitCredential),
			duplicate: meetBitWorkflow('MeetBit duplicates', meetBitCredential),
			forged: meetBitWorkflow('MeetBit forged signatures', meetBitCredential),
			stale: meetBitWorkflow('MeetBit stale timestamps', meetBitCredential),
			ledger: meetBitWorkflow(`MeetBit with a ${ledgerEntries}-entry ledger`, meetBitCredential),
			diyAccept: diy('accepting'),
			diyDuplicate: diy('duplicates'),
			diyForged: diy('forged signatures'),
			diyStale: diy('stale timestamps'),
			oursCopies: meetBitWorkflow('MeetBit, concurrent copies', meetBitCredential, {
				work: true,
			}),
			diyCopies: diy('concurrent copies'),
		};
		for (const key of countOnlyKeys) {
			const [provider, path] = COUNT_ONLY[key];
			workflows[key] = providerWorkflow(
				provider,
				`${provider} ${path} (isolates counted)`,
				triggerCredentials[provider],
			);
		}
		const diyKeys = Object.keys(workflows).filter((key) => key.startsWith('diy'));
		n8n.importCredentials([
			...Object.values(count ? triggerCredentials : { meetBitCredential }),
			...diyKeys.map((key) => workflows[key].credential),
		]);
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
			`[bench] n8n ${install.n8n.match(/n8n-([\d.]+)/)?.[1]} running as pid ${n8n.process.pid} on ${n8n.baseUrl}${
				Object.keys(extraEnv).length
					? ` with ${Object.entries(extraEnv)
							.map(([k, v]) => `${k}=${v}`)
							.join(' ')}`
					: ''
			}`,
		);
		const url = (workflow) => n8n.webhookUrl(workflow.webhookId);
		await n8n.waitForWebhooks(Object.values(workflows).map(url));
		// The meetergo Triggers' URLs, with the token each registered with meetergo on activation.
		const meetergoUrls = {};
		for (const key of countOnlyKeys.filter((name) => COUNT_ONLY[name][0] === 'meetergo'))
			meetergoUrls[key] = await registeredAt(meetergoApi, url(workflows[key]));
		const store = new N8nStore(n8n);
		const body = meetBitBody(2048);

		const accepted = (answer) => answer.status === 200 && answer.body === '';
		const refused = (status, code) => (answer) =>
			answer.status === status && answer.body.includes(`"code":"${code}"`);
		const ignored = (reason) => (answer) =>
			answer.status === 200 && answer.body.includes(`"reason":"${reason}"`);
		const staleMs = () => Date.now() - 10 * 60_000;

		// Checks before measuring: the seeded ledger is what n8n loads; the duplicates' ids are recorded.
		const seeded = await post(undefined, url(workflows.ledger), signed(body, { id: seededId }));
		if (!ignored('duplicate')(seeded)) {
			throw new Error(`the seeded ledger is not in effect: ${seeded.status} ${seeded.body}`);
		}
		const primed = [];
		/** Sends a duplicate scenario's first delivery, which starts the one execution it ever starts. */
		const prime = async (key, request, expect, at = url(workflows[key])) => {
			const first = await post(undefined, at, request);
			if (!expect(first))
				throw new Error(`${key}: first delivery refused: ${first.status} ${first.body}`);
			await settle(store, workflows[key].id, 1);
			primed.push(key);
		};
		const duplicateId = randomUUID();
		await prime('duplicate', signed(body, { id: duplicateId }), accepted);
		const diyDuplicateId = randomUUID();
		await prime('diyDuplicate', signed(body, { id: diyDuplicateId }), (a) => a.status === 200);
		// Deliveries as the e2e suite builds them (scripts/lib/deliveries.mjs).
		const meetGeekDuplicateId = randomUUID();
		const meetergoDuplicate = { id: `appt-${randomUUID()}`, nowMs: Date.now() };
		// meetergo's acknowledgement of a delivery that starts an execution is n8n's own.
		const meetergoAccepted = (answer) => answer.status === 200 && !answer.body.includes('"reason"');
		if (count) {
			await prime(
				'meetGeekDuplicate',
				buildDelivery('meetgeek', { secret: SECRET, id: meetGeekDuplicateId }),
				accepted,
			);
			await prime(
				'meetergoDuplicate',
				buildDelivery('meetergo', meetergoDuplicate),
				meetergoAccepted,
				meetergoUrls.meetergoDuplicate,
			);
		}
		const allScenarios = [
			{
				key: 'baseline',
				name: '(a) n8n Webhook node',
				make: () => signed(body),
				expect: accepted,
				starts: true,
			},
			{
				key: 'accept',
				provider: 'MeetBit',
				path: 'accept',
				name: '(b) MeetBit Trigger, accept',
				make: () => signed(body),
				expect: accepted,
				starts: true,
			},
			{
				key: 'duplicate',
				provider: 'MeetBit',
				path: 'duplicate',
				name: '(c) MeetBit Trigger, duplicate',
				make: () => signed(body, { id: duplicateId }),
				expect: ignored('duplicate'),
				starts: false,
			},
			{
				key: 'forged',
				provider: 'MeetBit',
				path: 'forged',
				name: '(d) MeetBit Trigger, forged signature',
				make: () => signed(body, { secret: 'not-the-signing-secret' }),
				expect: refused(401, 'signature_mismatch'),
				starts: false,
			},
			{
				key: 'stale',
				provider: 'MeetBit',
				path: 'stale',
				name: '(f) MeetBit Trigger, stale timestamp',
				make: () => signed(body, { nowMs: staleMs() }),
				expect: refused(401, 'timestamp_too_old'),
				starts: false,
			},
			{
				key: 'ledger',
				name: `(e) MeetBit Trigger, accept, ${ledgerEntries}-entry ledger`,
				make: () => signed(body),
				expect: accepted,
				starts: true,
			},
			{
				key: 'diyAccept',
				name: 'DIY peer, accept',
				make: () => signed(body),
				expect: (answer) => answer.status === 200,
				starts: true,
			},
			{
				key: 'diyDuplicate',
				name: 'DIY peer, duplicate',
				make: () => signed(body, { id: diyDuplicateId }),
				expect: (answer) => answer.status === 200,
				starts: true,
			},
			{
				key: 'diyForged',
				name: 'DIY peer, forged signature',
				make: () => signed(body, { secret: 'not-the-signing-secret' }),
				expect: (answer) => answer.status === 401,
				starts: true,
			},
			{
				key: 'diyStale',
				name: 'DIY peer, stale timestamp',
				make: () => signed(body, { nowMs: staleMs() }),
				expect: (answer) => answer.status === 401,
				starts: true,
			},
		];
		// Counted, not timed: the answer each expects, and for accepts their executions, are checked alike.
		const countOnly = count && {
			meetBitMalformed: {
				make: () => without(signed(body), 'x-webhook-signature'),
				expect: refused(401, 'missing_header'),
			},
			meetGeekAccept: {
				make: () => buildDelivery('meetgeek', { secret: SECRET }),
				expect: accepted,
				starts: true,
			},
			// MeetGeek acknowledges every delivery with an empty 200 (it demands it): that no
			// execution started is what finalChecks verifies.
			meetGeekDuplicate: {
				make: () => buildDelivery('meetgeek', { secret: SECRET, id: meetGeekDuplicateId }),
				expect: accepted,
			},
			meetGeekForged: {
				make: () => buildDelivery('meetgeek', { secret: 'not-the-signing-secret' }),
				expect: refused(401, 'signature_mismatch'),
			},
			meetGeekMalformed: {
				make: () => buildDelivery('meetgeek', {}), // unsigned: no X-MG-Signature header
				expect: refused(401, 'missing_header'),
			},
			meetergoAccept: {
				make: () => buildDelivery('meetergo'),
				expect: meetergoAccepted,
				starts: true,
			},
			meetergoDuplicate: {
				make: () => buildDelivery('meetergo', meetergoDuplicate),
				expect: ignored('duplicate'),
			},
			meetergoForged: {
				make: () => buildDelivery('meetergo'),
				url: `${url(workflows.meetergoForged)}?token=${'x'.repeat(43)}`,
				expect: refused(401, 'token_mismatch'),
			},
			meetergoMalformed: {
				make: () => {
					const delivery = buildDelivery('meetergo');
					const { id: _missing, ...fields } = JSON.parse(delivery.body);
					return { ...delivery, body: JSON.stringify(fields) };
				},
				expect: refused(400, 'body_invalid'),
			},
		};
		const countScenarios = countOnlyKeys.map((key) => ({
			key,
			name: `${COUNT_ONLY[key].join(' Trigger, ')} (counted only)`,
			provider: COUNT_ONLY[key][0],
			path: COUNT_ONLY[key][1],
			url: meetergoUrls[key],
			starts: false,
			...countOnly[key],
		}));
		const scenarios = allScenarios.filter((scenario) => !only || only.includes(scenario.key));
		const executions = Object.fromEntries(
			[...allScenarios, ...countScenarios].map((scenario) => [scenario.key, 0]),
		);
		for (const key of primed) executions[key] = 1;
		for (const scenario of [...scenarios, ...countScenarios])
			scenario.workflow = workflows[scenario.key];

		/** Sends `count` deliveries of a scenario; waits for their executions; returns the figures. */
		const run = async (scenario, count, concurrency) => {
			const requests = Array.from({ length: count }, scenario.make);
			const cpu0 = treeCpuMs(n8n.process.pid);
			const { latencies, wallNs } = await load(
				scenario.url ?? url(scenario.workflow),
				requests,
				concurrency,
				scenario.expect,
			);
			let drainMs = 0;
			if (scenario.starts) {
				executions[scenario.key] += count;
				drainMs = await settle(store, scenario.workflow.id, executions[scenario.key]);
			}
			return { latencies, wallNs, drainMs, cpuMs: treeCpuMs(n8n.process.pid) - cpu0 };
		};
		/** The probe's counts; a read that catches its write half-way (truncated file) is retried. */
		const probe = async () => {
			for (let attempt = 0; attempt < 20; attempt++) {
				try {
					return JSON.parse(readFileSync(`${probeFile}.${n8n.process.pid}`, 'utf8'));
				} catch {
					await sleep(50);
				}
			}
			return undefined;
		};
		return {
			n8n,
			n8nVersion: install.n8n.match(/n8n-([\d.]+)/)?.[1],
			store,
			scenarios,
			run,
			cpuMs: () => treeCpuMs(n8n.process.pid),
			peakRssMb: () => peakRssMb(n8n.process.pid),
			/** The provider and path of each scenario counted per provider (timed and count-only). */
			countedPaths: [...scenarios, ...countScenarios]
				.filter((scenario) => scenario.provider)
				.map(({ key, provider, path }) => ({ key, provider, path })),
			/**
			 * Per delivery of each scenario (the count-only ones after `warmup` deliveries of their own,
			 * which the timed ones had before their rounds): isolates n8n created, static-data-sized JSON
			 * parses and stringifies.
			 */
			async countPerDelivery(count, warmup) {
				process.kill(n8n.process.pid, 'SIGUSR2');
				await sleep(1000);
				const perScenario = {};
				for (const scenario of [...scenarios, ...countScenarios]) {
					if (countScenarios.includes(scenario)) {
						await run(scenario, warmup, 1);
						await sleep(1500); // the pool refills from the warm-up before counting starts
					}
					const before = await probe();
					await run(scenario, count, 1);
					await sleep(1500); // pool replenishment, and the probe's next write
					const after = await probe();
					if (before === undefined || after === undefined) {
						log(`[bench] the probe's counts could not be read (${scenario.name}): none counted`);
						return undefined;
					}
					perScenario[scenario.key] = Object.fromEntries(
						Object.keys(after).map((key) => [key, (after[key] - before[key]) / count]),
					);
				}
				return perScenario;
			},
			/**
			 * `copies` simultaneous copies of one genuine delivery (same id, timestamp and signature), `trials`
			 * times, to ours (trigger + the user's work) and to the DIY peer: per trial, how many executions ran
			 * the user's work and how many copies got a 5xx.
			 */
			async concurrentCopies({ trials = 5, copies = 8 } = {}) {
				const result = {};
				for (const key of ['oursCopies', 'diyCopies']) {
					const workflow = workflows[key];
					const perTrial = [];
					let seen = 0;
					for (let trial = 0; trial < trials; trial++) {
						const request = signed(body);
						const agent = new http.Agent({ keepAlive: false, maxSockets: copies });
						const answers = await Promise.all(
							Array.from({ length: copies }, () =>
								post(agent, url(workflow), request).catch((error) => ({
									status: 0,
									body: String(error),
								})),
							),
						);
						agent.destroy();
						const rows = await settleAny(store, workflow.id, seen + 1, 30_000);
						const fresh = rows.slice(seen);
						seen = rows.length;
						perTrial.push({
							workRuns: fresh.filter((row) => row.worked).length,
							executions: fresh.length,
							failedExecutions: fresh.filter((row) => row.status === 'error').length,
							answers5xx: answers.filter((answer) => answer.status >= 500 || answer.status === 0)
								.length,
							statuses: answers.map((answer) => answer.status),
						});
					}
					result[key === 'oursCopies' ? 'ours' : 'diy'] = {
						trials,
						copies,
						trialsWithWorkTwice: perTrial.filter((trial) => trial.workRuns > 1).length,
						trialsWithoutWork: perTrial.filter((trial) => trial.workRuns === 0).length,
						answers5xx: perTrial.reduce((sum, trial) => sum + trial.answers5xx, 0),
						trialsWith5xx: perTrial.filter((trial) => trial.answers5xx > 0).length,
						perTrial,
					};
				}
				return result;
			},
			async finalChecks() {
				// The scenarios that start no execution started none; the ledger stayed within its limit.
				for (const scenario of [...scenarios, ...countScenarios].filter((s) => !s.starts))
					await settle(store, scenario.workflow.id, executions[scenario.key], 5_000);
				const stored = store.staticData(workflows.ledger.id)[`node:${NODE_NAME}`]?.deliveryLedger;
				return {
					executions,
					ledgerSizeAfter: stored?.size,
					ledgerStoredVersion: stored?.version,
					ledgerStoredBytes: stored === undefined ? undefined : JSON.stringify(stored).length,
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
	label,
	concurrencies,
	chunkAt,
	warmup,
	ledgerEntries,
	minRounds,
	maxRounds,
	budgetMs,
	extraEnv = {},
	only,
	count = true,
	copiesTrial = false,
}) {
	const env = await openN8n({ dist, tarball, ledgerEntries, log, extraEnv, only, count });
	try {
		const started = Date.now();
		for (const scenario of env.scenarios) await env.run(scenario, warmup, 1);
		const machine0 = machineCpuMs();
		const tree0 = env.cpuMs();
		const self0 = process.cpuUsage();
		const wall0 = Date.now();
		const results = [];
		for (const concurrency of concurrencies) {
			const figures = new Map(
				env.scenarios.map((scenario) => [
					scenario,
					{ latencies: [], wallNs: 0, drainMs: 0, cpuMs: 0, requests: 0 },
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
					total.cpuMs += chunk.cpuMs;
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
					// n8n's CPU (its process and task runner) per delivery, executions included.
					cpuMsPerDelivery: total.cpuMs / total.requests,
					p50Ms: median(total.latencies) / 1e6,
					p99Ms: quantile(total.latencies, 0.99) / 1e6,
				};
				results.push(result);
				log(
					`[bench] ${label} c=${concurrency} ${scenario.name}: ${result.perSecond.toFixed(1)}/s, CPU ${result.cpuMsPerDelivery.toFixed(1)} ms, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms (${result.requests} requests, ${rounds} rounds)`,
				);
			}
		}
		// What the machine did meanwhile: n8n, this load generator, and everything else (other jobs).
		const machine1 = machineCpuMs();
		const wallMs = Date.now() - wall0;
		const self = process.cpuUsage(self0);
		const n8nCpuMs = env.cpuMs() - tree0;
		const selfCpuMs = (self.user + self.system) / 1000;
		const load = {
			loadAverage: loadavg(),
			cores: cpus().length,
			wallSeconds: wallMs / 1000,
			// In cores busy on average over the measured rounds.
			machineBusyCores: (machine1.busy - machine0.busy) / wallMs,
			n8nCores: n8nCpuMs / wallMs,
			benchCores: selfCpuMs / wallMs,
			otherCores: Math.max(0, (machine1.busy - machine0.busy - n8nCpuMs - selfCpuMs) / wallMs),
		};
		log(
			`[bench] ${label}: machine ${load.machineBusyCores.toFixed(2)} of ${load.cores} cores busy (n8n ${load.n8nCores.toFixed(2)}, load generator ${load.benchCores.toFixed(2)}, other processes ${load.otherCores.toFixed(2)}); load average ${load.loadAverage[0].toFixed(1)}`,
		);
		const peakRssMb = env.peakRssMb();
		const perDelivery = count ? await env.countPerDelivery(6, warmup) : undefined;
		const copies = copiesTrial ? await env.concurrentCopies({ trials: 5, copies: 8 }) : undefined;
		const checks = await env.finalChecks();
		for (const result of results) {
			const at = (key) =>
				results.find((other) => other.key === key && other.concurrency === result.concurrency);
			result.ratioToBaseline = at('baseline')
				? result.perSecond / at('baseline').perSecond
				: undefined;
			result.ratioToAccept = at('accept') ? result.perSecond / at('accept').perSecond : undefined;
		}
		return {
			label,
			results,
			perDelivery,
			countedPaths: count ? env.countedPaths : undefined,
			copies,
			load,
			peakRssMb,
			...checks,
			n8nVersion: env.n8nVersion,
			triggerTypeVersion: TRIGGER_TYPE_VERSION,
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
