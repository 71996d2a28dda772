// `npm run bench -- --compare=<git ref>`: part 2 (the dedupe ledger) of this checkout and of an
// earlier commit, side by side in one process. The ref is checked out into a temporary worktree
// and compiled there; each side runs its own bench/ledger.mjs on its own build (the ref's
// bench/verify.mjs knows where its modules are), in alternating order, round after round. Reports
// the median of each figure per side and their ratio; "now ÷ ref" above 1 is worse.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { benchLedger } from './ledger.mjs';
import { median } from './stats.mjs';

/** The figures compared: CPU-time figures where lower is better. */
const FIGURES = [
	['recordNs', 'lookup + record, ns (amortised)'],
	['lookupHitNs', 'lookup hit, ns'],
	['fullPruneNs', 'one prune (10 % out), ns'],
	['jsonRoundTripNs', 'JSON parse + stringify, ns'],
	['bytesPerEntry', 'bytes stored per entry'],
];

/** The ledger bench and build of `ref`, from a temporary worktree (removed by `dispose`). */
function checkOut(repoRoot, ref, log) {
	const dir = mkdtempSync(join(tmpdir(), 'meeting-webhooks-compare-'));
	const git = (...args) => execFileSync('git', args, { cwd: repoRoot, stdio: 'pipe' });
	git('worktree', 'add', '--detach', dir, ref);
	const dispose = () => {
		git('worktree', 'remove', '--force', dir);
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
		log(`[bench] compiling ${ref}`);
		execFileSync(
			join(repoRoot, 'node_modules', '.bin', 'tsc'),
			['-p', 'tsconfig.json', '--outDir', 'dist'],
			{ cwd: dir, stdio: 'inherit' },
		);
		return { dir, dispose };
	} catch (error) {
		dispose();
		throw error;
	}
}

export async function compareLedger({ repoRoot, ref, dist, rounds, log }) {
	const { dir, dispose } = checkOut(repoRoot, ref, log);
	try {
		const url = (path) => pathToFileURL(join(dir, path)).href;
		const { loadDist } = await import(url('bench/verify.mjs'));
		const reference = await import(url('bench/ledger.mjs'));
		const refDist = loadDist(join(dir, 'dist'));
		const options = { sizes: [1000, 5000, 10_000, 100_000], rounds: 30, opsPerRound: 4000 };
		const sides = [
			{ run: () => benchLedger(dist, options), results: [] },
			{ run: () => reference.benchLedger(refDist, options), results: [] },
		];
		for (let round = 0; round < rounds; round++) {
			for (const side of round % 2 === 0 ? sides : [...sides].reverse())
				side.results.push(side.run());
			log(`[bench] compare round ${round + 1}/${rounds}`);
		}
		const [now, before] = sides;
		return now.results[0].map(({ entries }, index) => ({
			entries,
			figures: FIGURES.map(([key, label]) => {
				const ours = now.results.map((result) => result[index][key]);
				const theirs = before.results.map((result) => result[index][key]);
				return {
					key,
					label,
					now: median(ours),
					ref: median(theirs),
					ratio: median(ours) / median(theirs),
					ratioPerRound: ours.map((value, round) => value / theirs[round]),
				};
			}),
		}));
	} finally {
		dispose();
	}
}

/** The comparison as a Markdown table, one row per size and figure. */
export function formatComparison(rows, ref) {
	const number = (value) =>
		value >= 1e6 ? `${(value / 1e6).toFixed(2)} ms` : String(Math.round(value * 10) / 10);
	// Two significant digits below 0.1, so that a 400-fold gain does not print as 0.00.
	const ratio = (value) => (value < 0.1 ? value.toPrecision(2) : value.toFixed(2));
	const lines = [
		`### Dedupe ledger, now ÷ ${ref} (medians over the rounds; per round in brackets)`,
		'',
		'| Entries | Figure | now | ref | now ÷ ref |',
		'| --- | --- | --- | --- | --- |',
	];
	for (const { entries, figures } of rows)
		for (const figure of figures)
			lines.push(
				`| ${entries} | ${figure.label} | ${number(figure.now)} | ${number(figure.ref)} | **${ratio(figure.ratio)}** (${figure.ratioPerRound.map(ratio).join(' ')}) |`,
			);
	return lines.join('\n');
}
