// `npm run bench`: what one delivery costs, side by side with the best, measured in one run.
//   1. verification in-process (2 KB and 100 KB bodies) against bare HMAC, octokit, standardwebhooks;
//   2. the dedupe ledger at 1k, 10k, 100k entries;
//   3. deliveries through a real n8n against n8n's own Webhook node and the DIY peer (built-in
//      nodes), as shipped and with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true, in interleaved rounds;
//      in each run that counts isolates, also isolates per delivery for every provider and path;
//   4. n8n's expression-engine settings, alone and combined, and the legacy engine (diagnostic).
// Prints a table, writes bench/results/latest.json. Runs on the Node 24 that n8n runs on
// (scripts/bench.sh). Every figure is a ratio to a baseline measured in the same run.
//
// Options: --skip-n8n (parts 1 and 2 only), --quick (shorter rounds, no settings runs: about 6
// minutes), --no-settings (skip part 4's settings runs), --no-diagnostic (skip the legacy-engine
// run), --n8n-seconds=<rounds budget of each main run, default 70>, --settings-seconds=<the same for
// each settings and legacy run, default 30>, --compare=<git ref> (part 2 only, side by side with the
// ledger of that commit, --rounds=<rounds, default 7>: bench/compare.mjs).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import { buildAndPack, ensureN8nInstalled, repoRoot } from '../scripts/lib/n8n.mjs';
import { compareLedger, formatComparison } from './compare.mjs';
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

const compareRef = process.argv
	.find((arg) => arg.startsWith('--compare='))
	?.slice('--compare='.length);
if (compareRef !== undefined) {
	log(`[bench] 2/3 dedupe ledger, side by side with ${compareRef}`);
	const rounds = option('rounds', 7);
	const rows = await compareLedger({ repoRoot, ref: compareRef, dist, rounds, log });
	const seconds = (Date.now() - startedAt) / 1000;
	process.stdout.write(
		`${formatComparison(rows, compareRef)}\n\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average ${load[0][0].toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end; ${rounds} rounds, ${seconds.toFixed(0)} s.\n`,
	);
	mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
	writeFileSync(
		join(repoRoot, 'bench', 'results', 'compare.json'),
		`${JSON.stringify({ date: new Date(startedAt).toISOString(), ref: compareRef, rows }, null, 2)}\n`,
	);
	process.exit(0);
}

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

const quick = args.has('--quick');
const runs = [];
let isolates;
if (!args.has('--skip-n8n')) {
	const common = {
		dist,
		tarball,
		log,
		concurrencies: [1, 8],
		chunkAt: (concurrency) => (concurrency === 1 ? 6 : 16),
		warmup: 4,
		ledgerEntries: 5000,
		minRounds: 1,
		maxRounds: 20,
	};
	const main = option('n8n-seconds', quick ? 40 : 70) * 1000;
	const short = option('settings-seconds', quick ? 20 : 30) * 1000;
	const ours = ['baseline', 'accept', 'duplicate', 'forged', 'stale'];
	const plan = [
		{ label: 'as shipped', extraEnv: {}, budgetMs: main, count: true, copiesTrial: true },
		{
			label: 'LAZY_ACQUIRE',
			extraEnv: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
			budgetMs: main,
			count: true,
			copiesTrial: true,
		},
	];
	if (!quick && !args.has('--no-settings')) {
		plan.push(
			{
				label: 'POOL_SIZE=2',
				extraEnv: { N8N_EXPRESSION_ENGINE_POOL_SIZE: '2' },
				budgetMs: short,
				only: ours,
				count: false,
			},
			{
				label: 'COMPILE_CACHE',
				extraEnv: { N8N_EXPRESSION_ENGINE_COMPILE_CACHE: 'true' },
				budgetMs: short,
				only: ours,
				count: false,
			},
			{
				label: 'LAZY_ACQUIRE + COMPILE_CACHE + POOL_SIZE=2',
				extraEnv: {
					N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
					N8N_EXPRESSION_ENGINE_COMPILE_CACHE: 'true',
					N8N_EXPRESSION_ENGINE_POOL_SIZE: '2',
				},
				budgetMs: short,
				only: ours,
				count: true,
			},
		);
	}
	if (!args.has('--no-diagnostic')) {
		plan.push({
			label: 'legacy engine (diagnostic)',
			extraEnv: { N8N_EXPRESSION_ENGINE: 'legacy' },
			budgetMs: short,
			only: [...ours, 'ledger'],
			count: true,
		});
	}
	for (const [index, step] of plan.entries()) {
		log(`[bench] 3/3 real n8n (${index + 1}/${plan.length}): ${step.label}`);
		runs.push(await benchN8n({ ...common, ...step }));
		// Kept as it goes: a failure in a later run loses nothing measured before it.
		mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
		writeFileSync(
			join(repoRoot, 'bench', 'results', 'partial.json'),
			`${JSON.stringify({ verification, ledger, runs }, null, 2)}\n`,
		);
	}
	isolates = await measureIsolates(ensureN8nInstalled({ quiet: true }), 12);
	log(
		`[bench] n8n expression isolate: ${isolates.msPerIsolate.toFixed(1)} ms each (create, load runtime, dispose)`,
	);
}
const n8n = runs.find((run) => run.label === 'as shipped');
const lazy = runs.find((run) => run.label === 'LAZY_ACQUIRE');
const diagnostic = runs.find((run) => run.label.startsWith('legacy'));
load.push(loadavg());

/** Isolates per delivery for each provider and path, one column per n8n run that counted them. */
const countedRuns = runs.filter((run) => run.countedPaths && run.perDelivery);
const isolatesPerProvider =
	countedRuns.length === 0
		? undefined
		: {
				runs: countedRuns.map((run) => run.label),
				rows: countedRuns[0].countedPaths.map(({ key, provider, path }) => ({
					provider,
					path,
					scenario: key,
					...Object.fromEntries(
						['isolates', 'isolatesSync'].map((figure) => [
							figure,
							Object.fromEntries(
								countedRuns.map((run) => [run.label, round(run.perDelivery[key]?.[figure], 2)]),
							),
						]),
					),
				})),
			};

// ---- targets -------------------------------------------------------------------------------
const pick = (list, key) => list.find((row) => row.key === key);
const at = (run, key, concurrency) =>
	run.results.find((row) => row.key === key && row.concurrency === concurrency);
const targets = [];
const target = (what, value, goal, met) =>
	targets.push({ what, value: round(value, 2), goal, met });
const inProcessRows = verification['2KB'].filter((candidate) => candidate.ours);
for (const row of inProcessRows) {
	target(
		`${row.name} @2KB, × (bare HMAC + JSON.parse)`,
		row.ratioToHmacParse,
		'≤ 2',
		row.ratioToHmacParse <= 2,
	);
}
for (const row of verification['2KB'].concat(verification['100KB']).filter((r) => r.ours)) {
	const rows = verification['2KB'].includes(row) ? verification['2KB'] : verification['100KB'];
	target(
		`${row.name} @${rows === verification['2KB'] ? '2KB' : '100KB'}, × standardwebhooks`,
		row.ns / pick(rows, 'standardwebhooks').ns,
		'< 1',
		row.ns < pick(rows, 'standardwebhooks').ns,
	);
}
target(
	'ledger bytes per entry stored (max over sizes)',
	Math.max(...ledger.map((row) => row.bytesPerEntry)),
	'≤ 64',
	ledger.every((row) => row.bytesPerEntry <= 64),
);
/** Ours ÷ DIY, per path, at each concurrency. */
const peerPairs = [
	['accept', 'diyAccept', 'accept'],
	['duplicate', 'diyDuplicate', 'duplicate'],
	['forged', 'diyForged', 'forged'],
	['stale', 'diyStale', 'stale'],
];
const versusPeer = (run) =>
	run.results
		.filter((row) => row.concurrency)
		.flatMap((row) => {
			const pair = peerPairs.find(([ours]) => ours === row.key);
			if (!pair) return [];
			const peer = at(run, pair[1], row.concurrency);
			if (!peer) return [];
			return [
				{
					path: pair[2],
					concurrency: row.concurrency,
					throughput: row.perSecond / peer.perSecond,
					cpu: peer.cpuMsPerDelivery / row.cpuMsPerDelivery,
					isolatesOurs: run.perDelivery?.[row.key]?.isolates,
					isolatesPeer: run.perDelivery?.[pair[1]]?.isolates,
				},
			];
		});
for (const run of [n8n, lazy].filter(Boolean)) {
	run.versusPeer = versusPeer(run);
	for (const row of run.versusPeer) {
		const goal = run === lazy ? (row.path === 'accept' ? 3 : row.path === 'stale' ? 1 : 10) : 1;
		target(
			`${run.label} c=${row.concurrency}: ours ÷ DIY, ${row.path} (isolates ${round(row.isolatesOurs, 1)} vs ${round(row.isolatesPeer, 1)})`,
			row.throughput,
			`≥ ${goal}`,
			row.throughput >= goal,
		);
	}
	if (run === lazy) {
		for (const concurrency of [1, 8]) {
			const b = at(run, 'accept', concurrency);
			target(
				`${run.label} c=${concurrency}: (b) accept ÷ (a) Webhook node`,
				b.ratioToBaseline,
				'≥ 0.75',
				b.ratioToBaseline >= 0.75,
			);
		}
	}
	if (run.copies) {
		target(
			`${run.label}: concurrent copies, trials where ours ran the work twice / answered 5xx`,
			run.copies.ours.trialsWithWorkTwice + run.copies.ours.trialsWith5xx,
			'0',
			run.copies.ours.trialsWithWorkTwice + run.copies.ours.trialsWith5xx === 0,
		);
	}
}
if (diagnostic) {
	for (const concurrency of [1, 8]) {
		const e = at(diagnostic, 'ledger', concurrency);
		target(
			`legacy engine c=${concurrency}: (e) 5k ledger ÷ (b)`,
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
	['Candidate', '2 KB ×(HMAC+parse)', '2 KB ×HMAC', '2 KB µs', '100 KB ×(HMAC+parse)', '100 KB µs'],
	verification['2KB'].map((row) => {
		const big = pick(verification['100KB'], row.key);
		return [
			row.name,
			row.ratioToHmacParse.toFixed(2),
			row.ratio.toFixed(2),
			us(row.ns),
			big.ratioToHmacParse.toFixed(2),
			us(big.ns),
		];
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
const fixed = (value, digits = 2) => (value === undefined ? '–' : value.toFixed(digits));
for (const run of runs) {
	lines.push(
		`### 3. Real n8n ${run.n8nVersion}, ${run.label} (deliveries/s as ratio to (a) and (b); n8n CPU per delivery; p50/p99 acknowledgement latency)`,
		'',
	);
	table(
		['Scenario', 'c', '× (a)', '× (b)', '/s', 'CPU ms', 'p50 ms', 'p99 ms', 'requests', 'isolates'],
		run.results.map((row) => [
			row.name,
			row.concurrency,
			fixed(row.ratioToBaseline),
			fixed(row.ratioToAccept),
			row.perSecond.toFixed(1),
			row.cpuMsPerDelivery.toFixed(1),
			row.p50Ms.toFixed(1),
			row.p99Ms.toFixed(1),
			row.requests,
			row.concurrency === 1 && run.perDelivery?.[row.key]
				? `${round(run.perDelivery[row.key].isolates, 1)} (${round(run.perDelivery[row.key].isolatesSync, 1)} sync)`
				: '',
		]),
	);
	if (run.versusPeer?.length) {
		lines.push('Ours ÷ DIY peer, same run:', '');
		table(
			['Path', 'c', 'throughput ×', 'CPU per delivery: DIY ÷ ours', 'isolates ours / DIY'],
			run.versusPeer.map((row) => [
				row.path,
				row.concurrency,
				row.throughput.toFixed(2),
				row.cpu.toFixed(2),
				`${round(row.isolatesOurs, 1)} / ${round(row.isolatesPeer, 1)}`,
			]),
		);
	}
	if (run.copies) {
		const describe = (side) =>
			`${side.trialsWithWorkTwice} of ${side.trials} trials ran the work twice, ${side.trialsWithoutWork} not at all; ${side.answers5xx} 5xx answers in ${side.trialsWith5xx} trials`;
		lines.push(
			`Concurrent copies (${run.copies.ours.copies} simultaneous copies of one delivery): ours ${describe(run.copies.ours)}; DIY ${describe(run.copies.diy)}.`,
			'',
		);
	}
	lines.push(
		`Load during the rounds: ${run.load.machineBusyCores.toFixed(2)} of ${run.load.cores} cores busy (n8n ${run.load.n8nCores.toFixed(2)}, load generator ${run.load.benchCores.toFixed(2)}, other processes ${run.load.otherCores.toFixed(2)}), load average ${run.load.loadAverage[0].toFixed(1)}; n8n peak RSS ${fixed(run.peakRssMb, 0)} MB; stored ledger version ${run.ledgerStoredVersion ?? '–'}, ${run.ledgerStoredBytes === undefined ? '–' : `${(run.ledgerStoredBytes / 1024).toFixed(0)} KB`}.`,
		'',
	);
	if (run.perDelivery) {
		const bigRows = run.results.filter(
			(row) => row.concurrency === 1 && (run.perDelivery[row.key]?.bigParses ?? 0) > 0,
		);
		if (bigRows.length > 0) {
			lines.push(
				`Static data over 100 KB parsed / serialised per delivery: ${bigRows.map((row) => `${row.key} ${round(run.perDelivery[row.key].bigParses, 1)} / ${round(run.perDelivery[row.key].bigStringifies, 1)}`).join('; ')}.`,
				'',
			);
		}
	}
}
if (isolatesPerProvider) {
	lines.push(
		'### Isolates per delivery, per provider and path (n8n expression isolates; in brackets the part built synchronously)',
		'',
	);
	table(
		['Provider', 'Path', ...isolatesPerProvider.runs],
		isolatesPerProvider.rows.map((row) => [
			row.provider,
			row.path,
			...isolatesPerProvider.runs.map((label) =>
				row.isolates[label] === undefined
					? '–'
					: `${round(row.isolates[label], 1)}${row.isolatesSync[label] > 0 ? ` (${round(row.isolatesSync[label], 1)} sync)` : ''}`,
			),
		]),
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
			runs,
			isolates,
			isolatesPerProvider,
			targets,
		},
		null,
		2,
	)}\n`,
);
log(`[bench] wrote bench/results/latest.json (${seconds.toFixed(0)} s)`);
