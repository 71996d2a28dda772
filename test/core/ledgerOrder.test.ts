import fc from 'fast-check';

import {
	emptyLedger,
	mergeLedger,
	pruneLedger,
	recordDelivery,
	type LedgerLimits,
	type LedgerState,
} from '../../nodes/core/ledger';
import { forgetOrderLog } from '../../nodes/core/ledgerOrder';

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

/** Runs the steps on a ledger; `fullPruneOnly` drops the order log before every record, so every prune enumerates. */
function run(steps: Step[], limits: LedgerLimits, fullPruneOnly: boolean) {
	const ledger = emptyLedger(1000);
	const evictions: Array<number | undefined> = [];
	let now = 1000;
	for (const action of steps) {
		if (fullPruneOnly) forgetOrderLog(ledger);
		if (action.kind === 'record') {
			now += Math.max(0, action.dt);
			// A negative dt records an older time, as a clock step back would: the log must notice.
			const seenAt = action.dt < 0 ? now + action.dt : now;
			recordDelivery(ledger, key(action.key), seenAt, limits, (newest) => evictions.push(newest));
		} else if (action.kind === 'merge') {
			const other = emptyLedger(now);
			for (const n of action.keys) other.entries[key(n)] = now - action.age;
			other.size = Object.keys(other.entries).length;
			evictions.push(mergeLedger(ledger, other, now, limits));
		} else {
			now += action.dt;
			evictions.push(pruneLedger(ledger, now, limits));
		}
	}
	return { ledger, evictions };
}

const snapshot = (ledger: LedgerState) => ({
	entries: Object.entries(ledger.entries),
	size: ledger.size,
});

describe('pruning from the insertion-order log', () => {
	it('removes exactly what the full prune removes, in every sequence of records, merges and prunes', () => {
		fc.assert(
			fc.property(
				fc.array(step, { maxLength: 300 }),
				fc.integer({ min: 3, max: 25 }),
				fc.integer({ min: 5, max: 120 }),
				(steps, maxEntries, ttlSeconds) => {
					const limits = { maxEntries, ttlSeconds };
					const withLog = run(steps, limits, false);
					const full = run(steps, limits, true);
					expect(snapshot(withLog.ledger)).toEqual(snapshot(full.ledger));
					expect(withLog.evictions).toEqual(full.evictions);
					expect(withLog.ledger.size).toBe(Object.keys(withLog.ledger.entries).length);
				},
			),
			{ numRuns: 1500 },
		);
	});

	it('stops trusting the log when an entry changed behind it', () => {
		const limits = { maxEntries: 4, ttlSeconds: 1000 };
		const ledger = emptyLedger(0);
		for (let n = 0; n < 4; n += 1) recordDelivery(ledger, key(n), n, limits);
		// Written elsewhere: same count, different time for the oldest key.
		ledger.entries[key(0)] = 3;
		recordDelivery(ledger, key(9), 10, limits);
		// The full prune ran: by time, key 1 (first seen at 1) went first, not key 0.
		expect(Object.keys(ledger.entries)).not.toContain(key(1));
		expect(Object.keys(ledger.entries)).toContain(key(0));
		expect(ledger.size).toBe(Object.keys(ledger.entries).length);
	});
});
