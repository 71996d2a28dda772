// `npm run bench`: what one delivery costs, side by side with the best, measured in one run.
//   1. verification in-process (2 KB and 100 KB bodies) against bare HMAC, octokit, standardwebhooks;
//   2. the dedupe ledger at 1k, 10k, 100k entries;
//   3. deliveries through a real n8n against n8n's own Webhook node.
// Prints a table, writes bench/results/latest.json. Runs on the Node 24 that n8n runs on
// (scripts/bench.sh). Every figure is a ratio to a baseline measured in the same run.
//
// Options: --skip-n8n (parts 1 and 2 only), --no-diagnostic (skip the second n8n run with
// N8N_EXPRESSION_ENGINE=legacy), --n8n-seconds=<budget of the main n8n run's rounds, default 70>,
// --diagnostic-seconds=<the same for the diagnostic run, default 40>.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import { buildAndPack, ensureN8nInstalled, repoRoot } from '../scripts/lib/n8n.mjs';
import { benchLedger } from './ledger.mjs';
import { benchN8n, measureIsolates } from './n8n.mjs';
import { round } from './stats.mjs';
import { benchVerification, loadDist } from './verify.mjs';

const args = new Set(process.argv.slice(2));
const option = (name, fallback) => {
	const hit = process.argv.find((arg) => arg.startsWith(`--${name}=`));
	return hit === undefined ? fallback : Number(hit.split('=')[1]);
};
const log = (line) => process.stderr.write(`${line}\n`);
// Interrupted: exit normally, so that the harness's exit hook kills the n8n it started (by PID).
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));
const startedAt = Date.now();
const load = [loadavg()];

/**
 * The package exactly as published: built, packed, and unpacked into bench/.package, so that the
 * in-process parts and n8n load the same snapshot (and a rebuild of dist/ by someone else in the
 * meantime changes nothing here). Modules resolve their dependencies (zod) from the repo.
 */
function snapshotPackage() {
	for (let attempt = 1; ; attempt++) {
		try {
			const tarball = buildAndPack({ quiet: true });
			const dir = join(repoRoot, 'bench', '.package');
			rmSync(dir, { recursive: true, force: true });
			mkdirSync(dir, { recursive: true });
			execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
			return { tarball, dist: loadDist(join(dir, 'dist')) };
		} catch (error) {
			// A concurrent `npm run build` (rm -rf dist) can catch npm pack half-way.
			if (attempt >= 3) throw error;
			log(`[bench] build/pack failed (${error.message.split('\n')[0]}); retrying`);
		}
	}
}

log('[bench] building and packing the package');
const { tarball, dist } = snapshotPackage();

log('[bench] 1/3 verification in-process');
const verification = {
	'2KB': await benchVerification(dist, { size: 2048, samples: 40, batch: 250, warmup: 3000 }),
	'100KB': await benchVerification(dist, { size: 100 * 1024, samples: 15, batch: 12, warmup: 40 }),
};

log('[bench] 2/3 dedupe ledger');
const ledger = benchLedger(dist, {
	sizes: [1000, 5000, 10_000, 100_000],
	rounds: 30,
	opsPerRound: 4000,
});

let n8n;
let diagnostic;
let isolates;
if (!args.has('--skip-n8n')) {
	const common = {
		dist,
		tarball,
		log,
		concurrencies: [1, 20],
		chunkAt: (concurrency) => (concurrency === 1 ? 10 : 40),
		warmup: 10,
		ledgerEntries: 5000,
		minRounds: 1,
		maxRounds: 20,
	};
	log('[bench] 3/3 real n8n, as shipped');
	n8n = await benchN8n({ ...common, budgetMs: option('n8n-seconds', 70) * 1000 });
	isolates = await measureIsolates(ensureN8nInstalled({ quiet: true }), 12);
	log(
		`[bench] n8n expression isolate: ${isolates.msPerIsolate.toFixed(1)} ms each (create, load runtime, dispose)`,
	);
	if (!args.has('--no-diagnostic')) {
		log(
			'[bench] 3/3 diagnostic: the same n8n with N8N_EXPRESSION_ENGINE=legacy (no per-request isolates)',
		);
		diagnostic = await benchN8n({
			...common,
			budgetMs: option('diagnostic-seconds', 40) * 1000,
			extraEnv: { N8N_EXPRESSION_ENGINE: 'legacy' },
		});
	}
}
load.push(loadavg());

// ---- targets -------------------------------------------------------------------------------
const pick = (list, key) => list.find((row) => row.key === key);
const at = (run, key, concurrency) =>
	run.results.find((row) => row.key === key && row.concurrency === concurrency);
const targets = [];
const target = (what, value, goal, met) =>
	targets.push({ what, value: round(value, 2), goal, met });
for (const [size, rows] of Object.entries(verification)) {
	for (const row of rows.filter((candidate) => candidate.ours)) {
		target(`${row.name} @${size}, × bare HMAC`, row.ratio, '≤ 1.3', row.ratio <= 1.3);
		target(
			`${row.name} @${size}, × standardwebhooks`,
			row.ns / pick(rows, 'standardwebhooks').ns,
			'< 1',
			row.ns < pick(rows, 'standardwebhooks').ns,
		);
	}
}
target(
	'ledger record cost at 100k, × 1k',
	ledger.at(-1).ratio,
	'flat (≤ 1.2)',
	ledger.at(-1).ratio <= 1.2,
);
target(
	'ledger bytes per entry (max over sizes)',
	Math.max(...ledger.map((row) => row.bytesPerEntry)),
	'≤ 64',
	ledger.every((row) => row.bytesPerEntry <= 64),
);
for (const run of [n8n, diagnostic].filter(Boolean)) {
	const label = run === n8n ? 'n8n' : 'n8n (legacy engine)';
	for (const concurrency of [1, 20]) {
		const b = at(run, 'accept', concurrency);
		target(
			`${label} c=${concurrency}: (b) accepting / (a) Webhook node`,
			b.ratioToBaseline,
			'≥ 0.9',
			b.ratioToBaseline >= 0.9,
		);
		for (const key of ['duplicate', 'reject']) {
			const row = at(run, key, concurrency);
			target(
				`${label} c=${concurrency}: ${row.name.slice(0, 3)} / (b)`,
				row.ratioToAccept,
				'≥ 3',
				row.ratioToAccept >= 3,
			);
		}
		const e = at(run, 'ledger', concurrency);
		target(
			`${label} c=${concurrency}: (e) 5k ledger / (b)`,
			e.ratioToAccept,
			'≥ 0.9',
			e.ratioToAccept >= 0.9,
		);
	}
}

// ---- report --------------------------------------------------------------------------------
const us = (ns) => (ns / 1000).toFixed(ns < 10_000 ? 2 : 1);
const lines = [];
const table = (header, rows) => {
	const widths = header.map((_, i) =>
		Math.max(header[i].length, ...rows.map((row) => String(row[i]).length)),
	);
	const format = (row) => `| ${row.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ')} |`;
	lines.push(
		format(header),
		`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
		...rows.map(format),
		'',
	);
};
lines.push(
	'### 1. Verification in-process (median per delivery; ratio to bare HMAC in the same run)',
	'',
);
table(
	['Candidate', '2 KB ×HMAC', '2 KB µs', '100 KB ×HMAC', '100 KB µs'],
	verification['2KB'].map((row) => {
		const big = pick(verification['100KB'], row.key);
		return [row.name, row.ratio.toFixed(2), us(row.ns), big.ratio.toFixed(2), us(big.ns)];
	}),
);
lines.push(
	'### 2. Dedupe ledger (lookup + record of a new key into a full ledger, pruning included)',
	'',
);
table(
	[
		'Entries',
		'lookup+record × 1k',
		'ns (amortised)',
		'lookup hit ns',
		'one prune (10 % out)',
		'bytes/entry',
		'static data',
		'n8n: JSON parse+stringify',
	],
	ledger.map((row) => [
		row.entries,
		row.ratio.toFixed(2),
		Math.round(row.recordNs),
		Math.round(row.lookupHitNs),
		`${(row.fullPruneNs / 1e6).toFixed(2)} ms`,
		row.bytesPerEntry.toFixed(1),
		`${(row.serialisedBytes / 1024).toFixed(0)} KB`,
		`${(row.jsonRoundTripNs / 1e6).toFixed(2)} ms`,
	]),
);
for (const run of [n8n, diagnostic].filter(Boolean)) {
	lines.push(
		run === n8n
			? `### 3. Real n8n ${run.n8nVersion} as shipped (deliveries/s as ratio to (a); p50/p99 acknowledgement latency)`
			: '### 3b. Diagnostic: the same, with N8N_EXPRESSION_ENGINE=legacy (no expression isolate per request)',
		'',
	);
	table(
		['Scenario', 'c', '× (a)', '× (b)', 'deliveries/s', 'p50 ms', 'p99 ms', 'requests'],
		run.results.map((row) => [
			row.name,
			row.concurrency,
			row.ratioToBaseline.toFixed(2),
			row.ratioToAccept.toFixed(2),
			row.perSecond.toFixed(1),
			row.p50Ms.toFixed(1),
			row.p99Ms.toFixed(1),
			row.requests,
		]),
	);
}
for (const run of [n8n, diagnostic].filter((item) => item?.perDelivery)) {
	lines.push(
		`n8n's own work per delivery${run === diagnostic ? ' (legacy engine)' : ''}, counted after the measured rounds (6 deliveries each, c=1):`,
		'',
	);
	table(
		[
			'Scenario',
			'expression isolates created',
			'JSON.parse of > 100 KB',
			'JSON.stringify of > 100 KB',
		],
		run.results
			.filter((row) => row.concurrency === 1)
			.map((row) => {
				const counted = run.perDelivery[row.key];
				return [
					row.name,
					round(counted.isolates, 1),
					round(counted.bigParses, 1),
					round(counted.bigStringifies, 1),
				];
			}),
	);
}
if (isolates) {
	lines.push(
		`n8n context: one expression isolate (create, load n8n's runtime, dispose) costs ${isolates.msPerIsolate.toFixed(1)} ms here.`,
		'',
	);
}
lines.push('### Targets', '');
table(
	['Target', 'Measured', 'Goal', 'Met'],
	targets.map((row) => [row.what, row.value, row.goal, row.met ? 'yes' : 'NO']),
);
const seconds = (Date.now() - startedAt) / 1000;
lines.push(
	`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average ${load[0][0].toFixed(1)} at start, ${load[1][0].toFixed(1)} at end; ${seconds.toFixed(0)} s.`,
);
process.stdout.write(`${lines.join('\n')}\n`);

const resultsDir = join(repoRoot, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
let commit;
try {
	commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
} catch {
	commit = undefined;
}
writeFileSync(
	join(resultsDir, 'latest.json'),
	`${JSON.stringify(
		{
			date: new Date(startedAt).toISOString(),
			commit,
			machine: {
				cpus: cpus().length,
				model: cpus()[0]?.model,
				node: process.version,
				loadAverage: { start: load[0], end: load[1] },
			},
			seconds,
			verification,
			ledger,
			n8n,
			isolates,
			diagnostic,
			targets,
		},
		null,
		2,
	)}\n`,
);
log(`[bench] wrote bench/results/latest.json (${seconds.toFixed(0)} s)`);
