// Part 2: the dedupe ledger at 1k, 10k and 100k entries. Each ledger is filled to its size limit
// with keys of the right shape, then new deliveries are looked up and recorded as the trigger does
// (has in webhook(), record in execute()); each recorded key pushes the ledger over
// its limit, so pruning runs at its steady-state rate (every 10 % of the limit) and its cost is
// part of the average. Times are CPU time.
import { randomUUID } from 'node:crypto';

import { cpuNs, median, nowNs, quantile } from './stats.mjs';

export function benchLedger(dist, { sizes, rounds, opsPerRound }) {
	const { Ledger } = dist.ledger;
	const { digestDeliveryKey } = dist.deliveryKey;
	const start = Math.floor(Date.now() / 1000) - 3600;
	const now = start + 3600;
	const newKeys = (count) =>
		Array.from({ length: count }, () => digestDeliveryKey(`MeetBit:id:${randomUUID()}`));

	// One full ledger per size, filled over the last hour as a busy trigger fills it.
	const cases = sizes.map((entries) => {
		const limits = { maxEntries: entries, ttlSeconds: 24 * 60 * 60 };
		const ledger = Ledger.empty(start);
		const fill = newKeys(entries);
		for (let i = 0; i < entries; i++)
			ledger.record(fill[i], start + Math.floor((i * 3600) / entries), limits);
		// Keys are digested outside the timed loop: the digest belongs to part 1's accept path.
		return { entries, limits, ledger, keys: newKeys(rounds * opsPerRound), next: 0, times: [] };
	});
	const batch = (item) => {
		const { ledger, limits, keys } = item;
		const cpu = cpuNs();
		for (let i = 0; i < opsPerRound; i++) {
			const key = keys[item.next++];
			// webhook(): the lookup; execute(): the record (which prunes when the ledger is over its size).
			if (ledger.has(key, now, limits)) throw new Error('ledger benchmark: unexpected duplicate');
			ledger.record(key, now, limits);
		}
		return (cpuNs() - cpu) / opsPerRound;
	};
	// Warm-up on a throwaway ledger, so that the first size measured is not the one that pays the JIT.
	const warm = {
		entries: 1000,
		limits: { maxEntries: 1000, ttlSeconds: 86_400 },
		ledger: Ledger.empty(start),
		keys: newKeys(opsPerRound * 3),
		next: 0,
	};
	for (let i = 0; i < 3; i++) batch(warm);
	// Interleaved: every round measures every size, in rotating order.
	for (let round = 0; round < rounds; round++) {
		for (let k = 0; k < cases.length; k++) {
			const item = cases[(round + k) % cases.length];
			item.times.push(batch(item));
		}
	}

	const results = cases.map(({ entries, limits, ledger, keys, times }) => {
		const json = JSON.stringify(ledger);
		const bytesPerEntry =
			(Buffer.byteLength(json) - Buffer.byteLength(JSON.stringify(Ledger.empty(start)))) /
			ledger.size;
		// A lookup that hits (the duplicate path).
		const hitKey = keys[keys.length - 1];
		const hitCpu = cpuNs();
		for (let i = 0; i < 100_000; i++)
			if (!ledger.has(hitKey, now, limits)) throw new Error('lost key');
		const lookupHitNs = (cpuNs() - hitCpu) / 100_000;
		// One full prune (over the limit by one): the most expensive single record.
		const pruneTimes = [];
		for (let i = 0; i < 5; i++) {
			const copy = Ledger.read(JSON.parse(json), now);
			// One more key than the limit, recorded without the prune its record would run.
			copy.record(digestDeliveryKey(`extra:${i}`), now, { ...limits, maxEntries: Infinity });
			const t0 = nowNs();
			copy.prune(now, limits);
			pruneTimes.push(nowNs() - t0);
		}
		// What n8n does with static data around every execution: parse it, and stringify it to save it
		// (the ledger's stored form: packed since version 2).
		const roundTrips = [];
		for (let i = 0; i < 5; i++) {
			const t0 = nowNs();
			JSON.stringify(JSON.parse(json));
			roundTrips.push(nowNs() - t0);
		}
		return {
			entries,
			// Amortised: the mean over every batch, so the batches that pruned count in full
			// (a median would pick a batch without a prune once prunes are rarer than batches).
			recordNs: times.reduce((sum, time) => sum + time, 0) / times.length,
			recordMedianBatchNs: median(times),
			recordMaxBatchNs: quantile(times, 1),
			lookupHitNs,
			fullPruneNs: median(pruneTimes),
			entriesPerPrune: entries - Math.floor(entries * 0.9),
			bytesPerEntry,
			serialisedBytes: Buffer.byteLength(json),
			jsonRoundTripNs: median(roundTrips),
		};
	});
	for (const result of results) result.ratio = result.recordNs / results[0].recordNs;
	return results;
}
