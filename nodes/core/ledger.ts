import { hash } from 'crypto';

/**
 * The delivery-dedupe ledger: which delivery keys this trigger has already started an execution
 * for, as a plain JSON object that lives in the node's workflow static data.
 *
 * Entries are `digest → unix seconds first seen`. Pruning goes by that time, not by insertion
 * order (a merged save can add older keys after newer ones).
 * A digest is 22 base64url characters: an entry costs about 36 bytes of static data whatever the
 * provider's key looks like.
 */
export interface LedgerState {
	version: 1;
	entries: Record<string, number>;
	size: number;
	/** Unix seconds of the last full prune. */
	prunedAt: number;
}

export interface LedgerLimits {
	maxEntries: number;
	ttlSeconds: number;
}

export const DEFAULT_LEDGER_LIMITS: LedgerLimits = { maxEntries: 5000, ttlSeconds: 24 * 60 * 60 };

/**
 * Shortens any delivery key to a fixed-size, collision-resistant (128-bit) digest: the first 22
 * base64url characters of the SHA-256 of the key's UTF-8 bytes. (`crypto.hash` is the one-shot
 * form of createHash().update().digest(): the same digest, without a Hash object per delivery.)
 */
export function digestDeliveryKey(key: string): string {
	return hash('sha256', key, 'base64url').slice(0, 22);
}

/**
 * An entries object without a prototype: a key named `__proto__`, `constructor` or `toString` is an
 * own entry like any other. (On a plain object, assigning `__proto__` sets the prototype instead,
 * and once that is an object, n8n's observable static-data proxy, every later key is written into
 * it and never saved.) JSON.stringify writes it as a plain object: the stored format is unchanged.
 */
function entriesObject(): Record<string, number> {
	return Object.create(null) as Record<string, number>;
}

export function emptyLedger(nowSeconds: number): LedgerState {
	return { version: 1, entries: entriesObject(), size: 0, prunedAt: nowSeconds };
}

/**
 * Accepts whatever static data holds; anything that is not a ledger starts a fresh one. A ledger
 * is validated and copied into a prototype-less entries object: an entry whose value is not a
 * finite number (a hand-edited or imported workflow) is dropped, the rest kept in their order, and
 * `size` is counted again. O(entries), like the JSON parse n8n did to load them.
 */
export function readLedger(stored: unknown, nowSeconds: number): LedgerState {
	if (
		typeof stored === 'object' &&
		stored !== null &&
		(stored as LedgerState).version === 1 &&
		typeof (stored as LedgerState).entries === 'object' &&
		(stored as LedgerState).entries !== null &&
		typeof (stored as LedgerState).prunedAt === 'number'
	) {
		const source = (stored as LedgerState).entries as Record<string, unknown>;
		const entries = entriesObject();
		let size = 0;
		// Own keys only: Object.keys never reaches a prototype, whatever was assigned to it.
		for (const digest of Object.keys(source)) {
			const seenAt = source[digest];
			if (typeof seenAt === 'number' && Number.isFinite(seenAt)) {
				entries[digest] = seenAt;
				size += 1;
			}
		}
		const prunedAt = (stored as LedgerState).prunedAt;
		return {
			version: 1,
			entries,
			size,
			prunedAt: Number.isFinite(prunedAt) ? prunedAt : nowSeconds,
		};
	}
	return emptyLedger(nowSeconds);
}

/** O(1): has this key been recorded within the time-to-live? Never, for a time-to-live of 0 (dedupe off). */
export function hasDelivery(
	ledger: LedgerState,
	digest: string,
	nowSeconds: number,
	limits: LedgerLimits,
): boolean {
	// Explicit: an entry another process stamped a little in the future must not count as seen either.
	if (!(limits.ttlSeconds > 0)) return false;
	const seenAt = Object.prototype.hasOwnProperty.call(ledger.entries, digest)
		? ledger.entries[digest]
		: undefined;
	return seenAt !== undefined && nowSeconds - seenAt < limits.ttlSeconds;
}

/**
 * Records a key (in place) and prunes when the ledger is over its size, or once per tenth of the
 * time-to-live. Pruning walks from the oldest entry and goes 10 % below the size limit, so its
 * cost is spread over many records: amortised O(1).
 */
export function recordDelivery(
	ledger: LedgerState,
	digest: string,
	nowSeconds: number,
	limits: LedgerLimits,
	/** Told the first-seen time of the newest entry the size bound removed, if it removed any. */
	onSizeEviction?: (newestSeenAt: number) => void,
): LedgerState {
	if (Object.prototype.hasOwnProperty.call(ledger.entries, digest)) {
		// Re-recording moves the key to the young end, so pruning order stays by time.
		delete ledger.entries[digest];
		ledger.size -= 1;
	}
	ledger.entries[digest] = nowSeconds;
	ledger.size += 1;
	const pruneEvery = Math.max(60, Math.floor(limits.ttlSeconds / 10));
	if (ledger.size > limits.maxEntries || nowSeconds - ledger.prunedAt >= pruneEvery) {
		const evicted = pruneLedger(ledger, nowSeconds, limits);
		if (evicted !== undefined) onSizeEviction?.(evicted);
	}
	return ledger;
}

/**
 * Removes expired entries and, over the size limit, the entries first seen earliest (by their
 * time, not by their place: merging another process's save appends its older keys at the young
 * end). Among entries first seen in the same second the earliest inserted go first. Over the size
 * limit it goes 10 % below it, so the sort that finds the cut-off time runs once per many records.
 * Returns the first-seen time of the newest entry removed by the size limit (undefined if none
 * was), so that the caller can tell whether the limit cut into a window it must cover.
 */
export function pruneLedger(
	ledger: LedgerState,
	nowSeconds: number,
	limits: LedgerLimits,
): number | undefined {
	const target =
		ledger.size > limits.maxEntries ? Math.floor(limits.maxEntries * 0.9) : limits.maxEntries;
	const kept: number[] = [];
	for (const digest in ledger.entries) {
		const seenAt = ledger.entries[digest];
		if (nowSeconds - seenAt >= limits.ttlSeconds) delete ledger.entries[digest];
		else kept.push(seenAt);
	}
	const excess = kept.length - target;
	let newestEvicted: number | undefined;
	if (excess > 0) {
		const times = Float64Array.from(kept).sort();
		// Everything first seen before `cutoff` goes, and the first `atCutoff` entries seen at it.
		const cutoff = times[excess - 1];
		let first = excess - 1;
		while (first > 0 && times[first - 1] === cutoff) first -= 1;
		let atCutoff = excess - first;
		for (const digest in ledger.entries) {
			const seenAt = ledger.entries[digest];
			if (seenAt < cutoff || (seenAt === cutoff && atCutoff-- > 0)) delete ledger.entries[digest];
		}
		newestEvicted = cutoff;
	}
	ledger.size = kept.length - Math.max(0, excess);
	ledger.prunedAt = nowSeconds;
	return newestEvicted;
}
