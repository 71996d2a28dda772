/**
 * The order a ledger's entries were inserted in, with their first-seen times, kept beside the
 * ledger while that order is also time order (the usual case: records arrive as time passes).
 *
 * Why: a ledger of thousands of keys is an object in dictionary mode, and a full prune enumerates
 * every key (about half a millisecond at 5,000), once per tenth of the size bound. With this log a
 * prune removes the oldest entries from its head without enumerating anything. The log is only
 * trusted while it provably describes the entries: same entries object, same count, and every key
 * it removes still holds the time it logged. Anything else (a merge, a re-recorded key, an entry
 * written elsewhere) drops it, and the full prune in `ledger.ts` runs and may start a new one.
 */
/** What the log reads of a ledger (`LedgerState` in `ledger.ts`, which imports this file). */
interface Ledger {
	entries: Record<string, number>;
	size: number;
}

interface OrderLog {
	entries: Record<string, number>;
	digests: string[];
	times: number[];
	/** Index of the oldest live record; earlier ones were pruned. */
	head: number;
}

const logs = new WeakMap<Ledger, OrderLog>();

/** Starts a log from entries known to be in time order (a new ledger, or the result of a full prune). */
export function startOrderLog(ledger: Ledger, digests: string[], times: number[]): void {
	logs.set(ledger, { entries: ledger.entries, digests, times, head: 0 });
}

export function forgetOrderLog(ledger: Ledger): void {
	logs.delete(ledger);
}

/** Notes an entry just added at the young end (call after `ledger.size` counts it). */
export function logRecord(ledger: Ledger, digest: string, seenAt: number): void {
	const log = logs.get(ledger);
	if (log === undefined) return;
	const live = log.digests.length - log.head;
	const newest = live > 0 ? log.times[log.times.length - 1] : -Infinity;
	if (log.entries !== ledger.entries || live !== ledger.size - 1 || seenAt < newest) {
		logs.delete(ledger);
		return;
	}
	log.digests.push(digest);
	log.times.push(seenAt);
}

/**
 * Prunes from the log's head: expired entries, then the oldest beyond `target` entries.
 * Returns `undefined` when the log cannot be trusted (the caller runs the full prune), else the
 * first-seen time of the newest entry removed for size (`null` if none was).
 */
export function pruneByOrderLog(
	ledger: Ledger,
	nowSeconds: number,
	ttlSeconds: number,
	target: number,
	/** A log whose newest time is further ahead of now than this holds stamps not to be believed: the full prune removes them. */
	clockSkewSeconds: number,
): number | null | undefined {
	const log = logs.get(ledger);
	if (
		log === undefined ||
		log.entries !== ledger.entries ||
		log.digests.length - log.head !== ledger.size ||
		log.times[log.times.length - 1] - nowSeconds > clockSkewSeconds
	) {
		logs.delete(ledger);
		return undefined;
	}
	const { entries, digests, times } = log;
	let newestEvicted: number | null = null;
	while (log.head < digests.length) {
		const seenAt = times[log.head];
		const expired = nowSeconds - seenAt >= ttlSeconds;
		if (!expired && ledger.size <= target) break;
		const digest = digests[log.head];
		if (entries[digest] !== seenAt) {
			logs.delete(ledger);
			return undefined;
		}
		delete entries[digest];
		ledger.size -= 1;
		log.head += 1;
		if (!expired) newestEvicted = seenAt;
	}
	// Drop the pruned head once it is most of the arrays.
	if (log.head > 1024 && log.head * 2 > digests.length) {
		log.digests = digests.slice(log.head);
		log.times = times.slice(log.head);
		log.head = 0;
	}
	return newestEvicted;
}
