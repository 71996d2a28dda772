import fc from 'fast-check';

import { Ledger, type LedgerLimits } from '../../../nodes/shared/dedupe/ledger';

/** A digest-shaped key (22 base64url characters) per number. */
const key = (n: number) => `k${String(n).padStart(21, '0')}`;

type Step =
	| { kind: 'record'; key: number; dt: number }
	| { kind: 'merge'; keys: number[]; age: number }
	| { kind: 'prune'; dt: number };

const step: fc.Arbitrary<Step> = fc.oneof(
	{
		weight: 8,
		arbitrary: fc.record({
			kind: fc.constant('record' as const),
			key: fc.integer({ min: 0, max: 60 }),
			dt: fc.integer({ min: -2, max: 5 }),
		}),
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('merge' as const),
			keys: fc.array(fc.integer({ min: 0, max: 80 }), { maxLength: 6 }),
			age: fc.integer({ min: 0, max: 40 }),
		}),
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('prune' as const),
			dt: fc.integer({ min: 0, max: 30 }),
		}),
	},
);

/**
 * The ledger's rules written the slow, obvious way: an array in insertion order; a prune keeps the
 * entries still remembered, sorted by first-seen time (stably), and drops the oldest beyond the target.
 */
class ModelLedger {
	entries: Array<[string, number]> = [];
	prunedAt: number;
	constructor(nowSeconds: number) {
		this.prunedAt = nowSeconds;
	}
	record(digest: string, seenAt: number, limits: LedgerLimits, onEviction: (t: number) => void) {
		this.entries = this.entries.filter(([existing]) => existing !== digest);
		this.entries.push([digest, seenAt]);
		const pruneEvery = Math.max(60, Math.floor(limits.ttlSeconds / 10));
		if (this.entries.length > limits.maxEntries || seenAt - this.prunedAt >= pruneEvery) {
			const evicted = this.prune(seenAt, limits);
			if (evicted !== undefined) onEviction(evicted);
		}
	}
	merge(other: Array<[string, number]>, nowSeconds: number, limits: LedgerLimits) {
		const before = this.entries.length;
		for (const [digest, seenAt] of other)
			if (!this.entries.some(([existing]) => existing === digest))
				this.entries.push([digest, seenAt]);
		if (this.entries.length === before || this.entries.length <= limits.maxEntries)
			return undefined;
		return this.prune(nowSeconds, limits);
	}
	prune(nowSeconds: number, limits: LedgerLimits) {
		const target =
			this.entries.length > limits.maxEntries
				? Math.floor(limits.maxEntries * 0.9)
				: limits.maxEntries;
		this.prunedAt = nowSeconds;
		const kept = this.entries
			.filter(([, seenAt]) => nowSeconds - seenAt < limits.ttlSeconds && seenAt - nowSeconds <= 300)
			.sort((a, b) => a[1] - b[1]);
		const excess = Math.max(0, kept.length - target);
		this.entries = kept.slice(excess);
		return excess > 0 ? kept[excess - 1][1] : undefined;
	}
}

/** Runs the steps on the ledger and on the model. */
function run(steps: Step[], limits: LedgerLimits) {
	const ledger = Ledger.empty(1000);
	const model = new ModelLedger(1000);
	const evictions: Array<number | undefined> = [];
	const modelEvictions: Array<number | undefined> = [];
	let now = 1000;
	for (const action of steps) {
		if (action.kind === 'record') {
			now += Math.max(0, action.dt);
			// A negative dt records an older time, as a clock step back would.
			const seenAt = action.dt < 0 ? now + action.dt : now;
			ledger.record(key(action.key), seenAt, limits, (newest) => evictions.push(newest));
			model.record(key(action.key), seenAt, limits, (newest) => modelEvictions.push(newest));
		} else if (action.kind === 'merge') {
			const other: Array<[string, number]> = [];
			for (const n of action.keys)
				if (!other.some(([digest]) => digest === key(n))) other.push([key(n), now - action.age]);
			const source = Ledger.read(
				{ version: 1, entries: Object.fromEntries(other), size: other.length, prunedAt: now },
				now,
			);
			evictions.push(ledger.merge(source, now, limits));
			modelEvictions.push(model.merge(other, now, limits));
		} else {
			now += action.dt;
			evictions.push(ledger.prune(now, limits));
			modelEvictions.push(model.prune(now, limits));
		}
	}
	return { ledger, model, evictions, modelEvictions };
}

describe('pruning from the front of the Map, and in time order when it must', () => {
	it('keeps exactly what a prune by first-seen time keeps, in every sequence of records, merges and prunes', () => {
		fc.assert(
			fc.property(
				fc.array(step, { maxLength: 300 }),
				fc.integer({ min: 3, max: 25 }),
				fc.integer({ min: 5, max: 120 }),
				(steps, maxEntries, ttlSeconds) => {
					const limits = { maxEntries, ttlSeconds };
					const { ledger, model, evictions, modelEvictions } = run(steps, limits);
					expect([...ledger.entries()]).toEqual(model.entries);
					expect(evictions).toEqual(modelEvictions);
					expect(ledger.size).toBe(model.entries.length);
					// What it stores reads back as the same entries.
					expect([...Ledger.read(JSON.parse(JSON.stringify(ledger)), 0).entries()]).toEqual([
						...ledger.entries(),
					]);
				},
			),
			{ numRuns: 1500 },
		);
	});
});
