// Load and fault driver for the hostile suite: plans a stream of genuine deliveries with duplicates
// (some sent while their original is still in flight), sends it through a bounded pool, and
// matches n8n's executions back to the deliveries by a unique key each body carries.
import { appendFileSync } from 'node:fs';

import { buildDelivery } from '../../../scripts/lib/deliveries.mjs';

/** Deterministic pseudo-random numbers (mulberry32), so a failing plan can be replayed from its seed. */
export function random(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const PROVIDERS = ['meetbit', 'meetgeek', 'meetergo'];

/**
 * `total` sends, `duplicateShare` of them copies of an earlier delivery. Half the copies go right
 * after their original (with a pool of 50 they are in flight together), the rest somewhere later.
 * Returns [{ provider, key, copy }] in send order; copy 0 is the original.
 */
export function planStream({
	total,
	duplicateShare = 0.3,
	concurrentShare = 0.5,
	runId,
	seed = 1,
	providers = PROVIDERS,
}) {
	const next = random(seed);
	const duplicates = Math.round(total * duplicateShare);
	const unique = total - duplicates;
	const originals = Array.from({ length: unique }, (_, index) => ({
		provider: providers[index % providers.length],
		key: `hk-${runId}-${index}`,
		copy: 0,
	}));
	const order = [...originals];
	const copies = new Map();
	for (let index = 0; index < duplicates; index++) {
		const original = originals[Math.floor(next() * unique)];
		const copy = (copies.get(original.key) ?? 0) + 1;
		copies.set(original.key, copy);
		const item = { ...original, copy };
		const at = order.indexOf(original);
		if (next() < concurrentShare) order.splice(at + 1, 0, item);
		else order.splice(at + 1 + Math.floor(next() * (order.length - at)), 0, item);
	}
	return order;
}

/**
 * The HTTP request a provider makes for `send`. MeetBit re-signs each attempt with the current time
 * and keeps its X-Webhook-Id; MeetGeek and meetergo repeat the same body (the body is built once
 * per key, so a copy is byte for byte its original).
 */
export function requestBuilder({ urls, secrets, nowMs = Date.now() }) {
	const bodies = new Map();
	return (send) => {
		if (send.provider === 'meetbit') {
			const delivery = buildDelivery('meetbit', {
				secret: secrets.meetbit,
				id: send.key,
				event: 'events.created',
				recordId: 7,
			});
			return { url: urls.meetbit, headers: delivery.headers, body: delivery.body };
		}
		let delivery = bodies.get(send.key);
		if (!delivery) {
			delivery =
				send.provider === 'meetgeek'
					? buildDelivery('meetgeek', {
							secret: secrets.meetgeek,
							id: send.key,
							event: 'succeeded',
						})
					: buildDelivery('meetergo', { id: send.key, event: 'booking_created', nowMs });
			bodies.set(send.key, delivery);
		}
		return { url: urls[send.provider], headers: delivery.headers, body: delivery.body };
	};
}

/**
 * Sends every item through at most `concurrency` requests at a time; each request is bounded by
 * `timeoutMs` and the whole run by `deadlineMs`. Resolves to one result per item:
 * { ...item, status (0 = no answer), ms, error }.
 */
export async function sendAll(
	items,
	build,
	{ concurrency = 50, timeoutMs = 30_000, deadlineMs = 600_000, onResult } = {},
) {
	const results = new Array(items.length);
	const deadline = Date.now() + deadlineMs;
	let nextIndex = 0;
	async function worker() {
		for (;;) {
			const index = nextIndex++;
			if (index >= items.length) return;
			const item = items[index];
			if (Date.now() > deadline) {
				results[index] = { ...item, status: 0, ms: 0, error: 'not sent: deadline' };
				continue;
			}
			const request = build(item);
			const started = performance.now();
			try {
				const response = await fetch(request.url, {
					method: 'POST',
					headers: request.headers,
					body: request.body,
					signal: AbortSignal.timeout(timeoutMs),
				});
				const text = await response.text();
				results[index] = {
					...item,
					status: response.status,
					ms: performance.now() - started,
					body: text.slice(0, 300),
				};
			} catch (error) {
				results[index] = {
					...item,
					status: 0,
					ms: performance.now() - started,
					error: String(error?.cause?.code ?? error?.name ?? error),
				};
			}
			onResult?.(results[index], index);
		}
	}
	await Promise.all(Array.from({ length: concurrency }, worker));
	return results;
}

export function percentile(values, p) {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Which delivery keys each execution carries. `rows` are { id, status, data } with `data` the raw
 * (flatted) execution data as n8n stored it; the key is found in it as text.
 */
export function keysByExecution(rows, runId) {
	const pattern = new RegExp(`hk-${runId}-\\d+`, 'g');
	return rows.map((row) => ({
		id: row.id,
		status: row.status,
		keys: [...new Set(String(row.data ?? '').match(pattern) ?? [])],
	}));
}

export const TRIGGER_NODES = ['MeetBit Trigger', 'MeetGeek Trigger', 'meetergo Trigger'];

/** The items the trigger node output in an execution's (flatted) data; undefined if it has not run. */
export function triggerOutput(flatted, data, nodeNames = TRIGGER_NODES) {
	try {
		const runData = flatted.parse(data).resultData?.runData ?? {};
		for (const name of nodeNames) {
			const run = runData[name]?.[0];
			if (run) return run.data?.main?.[0] ?? [];
		}
	} catch {
		// no data, or not flatted
	}
	return undefined;
}

/**
 * Sorts executions into those that ran the workflow (the trigger output the delivery), those
 * that stopped at the trigger (it recognised a copy another execution had taken) and the rest
 * (crashed, failed, still running). Keys: of the output for runs, of the raw data otherwise.
 */
export function classifyExecutions(rows, { flatted, runId }) {
	const pattern = new RegExp(`hk-${runId}-\\d+`, 'g');
	const keysIn = (text) => [...new Set(String(text ?? '').match(pattern) ?? [])];
	const runs = [];
	const stopped = [];
	const other = [];
	for (const row of rows) {
		const output = row.status === 'success' ? triggerOutput(flatted, row.data) : undefined;
		if (output !== undefined && output.length > 0)
			runs.push({ id: row.id, status: row.status, keys: keysIn(JSON.stringify(output)) });
		else if (output !== undefined)
			stopped.push({ id: row.id, status: row.status, keys: keysIn(row.data) });
		else other.push({ id: row.id, status: row.status, keys: keysIn(row.data) });
	}
	return { runs, stopped, other };
}

/**
 * The verdict on a stream: for every unique key that was sent, how many executions started for it.
 * `lost`: keys with no execution at all. `duplicateExecutions`: executions beyond the first per key.
 */
export function account(sent, executions) {
	const uniqueKeys = new Set(sent.map((item) => item.key));
	const perKey = new Map([...uniqueKeys].map((key) => [key, []]));
	const unmatched = [];
	for (const execution of executions) {
		if (execution.keys.length !== 1 || !perKey.has(execution.keys[0])) {
			unmatched.push(execution);
			continue;
		}
		perKey.get(execution.keys[0]).push(execution);
	}
	const lost = [...perKey].filter(([, list]) => list.length === 0).map(([key]) => key);
	const duplicated = [...perKey].filter(([, list]) => list.length > 1);
	const byStatus = {};
	for (const execution of executions)
		byStatus[execution.status] = (byStatus[execution.status] ?? 0) + 1;
	return {
		unique: uniqueKeys.size,
		executions: executions.length,
		lost,
		duplicateExecutions: duplicated.reduce((sum, [, list]) => sum + list.length - 1, 0),
		duplicatedKeys: duplicated.map(([key, list]) => ({
			key,
			executions: list.map((execution) => execution.id),
		})),
		unmatched: unmatched.map((execution) => ({ id: execution.id, keys: execution.keys })),
		byStatus,
	};
}

/** Status counts and latency percentiles of a list of send results. */
export function summarise(results) {
	const statuses = {};
	for (const result of results) statuses[result.status] = (statuses[result.status] ?? 0) + 1;
	const answered = results.filter((result) => result.status > 0).map((result) => result.ms);
	// One example answer per status other than 200, to say why.
	const samples = {};
	for (const result of results)
		if (result.status !== 200 && samples[result.status] === undefined)
			samples[result.status] = result.body ?? result.error;
	return {
		requests: results.length,
		statuses,
		samples,
		serverErrors: results.filter((result) => result.status >= 500).length,
		p50Ms: Math.round(percentile(answered, 50)),
		p99Ms: Math.round(percentile(answered, 99)),
		maxMs: Math.round(Math.max(...answered)),
	};
}

/** Polls `count()` until it stops changing for `quietMs` (and `done()` holds), bounded by `timeoutMs`. */
export async function settle(
	count,
	{ expected, quietMs = 3000, timeoutMs = 300_000, done = () => true } = {},
) {
	const deadline = Date.now() + timeoutMs;
	let last = -1;
	let stableSince = Date.now();
	for (;;) {
		const now = await count();
		if (now !== last) {
			last = now;
			stableSince = Date.now();
		}
		const quiet = Date.now() - stableSince >= quietMs;
		if (
			(quiet && (expected === undefined || now >= expected) && (await done())) ||
			Date.now() > deadline
		)
			return now;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** PIDs of a process's children (n8n starts a task runner; a SIGKILL of n8n does not take it down). */
export async function childPids(pid) {
	const { readFileSync, readdirSync } = await import('node:fs');
	const children = [];
	for (const task of readdirSync(`/proc/${pid}/task`, { withFileTypes: true })) {
		try {
			children.push(
				...readFileSync(`/proc/${pid}/task/${task.name}/children`, 'utf8')
					.trim()
					.split(/\s+/)
					.filter(Boolean)
					.map(Number),
			);
		} catch {
			// the thread ended meanwhile
		}
	}
	return children;
}

/** Kills n8n as a crash would (SIGKILL), then the children it can no longer stop itself, by PID. */
export async function crash(instance) {
	const pid = instance.process?.pid;
	const children = pid ? await childPids(pid).catch(() => []) : [];
	await instance.kill();
	for (const child of children) {
		try {
			process.kill(child, 'SIGKILL');
		} catch {
			// already gone
		}
	}
	return { pid, children };
}

/** Prints a result as a `[hostile]` JSON line and, with HOSTILE_REPORT=<file>, appends it there. */
export function reporter(mode) {
	return (name, data) => {
		const line = JSON.stringify({ name, mode, at: new Date().toISOString(), ...data });
		console.log(`[hostile] ${line}`);
		if (process.env.HOSTILE_REPORT) appendFileSync(process.env.HOSTILE_REPORT, `${line}\n`);
	};
}
