import { ALLOWED_CLOCK_SKEW_SECONDS } from './ledger';

/**
 * A per-process memory of delivery keys, checked and claimed synchronously before any `await`.
 *
 * Static data is loaded per request and saved after the execution, so two copies of one delivery
 * arriving close together both miss the ledger; this guard lets only the first one through.
 * Bounded by count (oldest evicted first) and by age; no timers (community nodes may not use them).
 */
export class RecentDeliveries {
	private readonly expiresAt = new Map<string, number>();
	private claimsSinceSweep = 0;

	constructor(private readonly maxEntries = 50_000) {}

	/**
	 * True if the key was free and is now claimed for `ttlMs`; false if a live claim exists.
	 * A `ttlMs` of 0 means the key is not deduplicated: always true, nothing claimed. A claim made
	 * more than `skewMs` ahead of now (the clock was set back since) is not believed: it counts as
	 * free, as a ledger stamp that far ahead does (`stampBelieved`).
	 */
	claim(
		key: string,
		nowMs: number,
		ttlMs: number,
		skewMs = ALLOWED_CLOCK_SKEW_SECONDS * 1000,
	): boolean {
		if (!(ttlMs > 0)) return true;
		const expiry = this.expiresAt.get(key);
		if (expiry !== undefined) {
			if (expiry > nowMs && expiry - ttlMs - nowMs <= skewMs) return false;
			this.expiresAt.delete(key); // re-inserted below, at the young end
		}
		this.expiresAt.set(key, nowMs + ttlMs);
		if (this.expiresAt.size > this.maxEntries || ++this.claimsSinceSweep >= SWEEP_EVERY)
			this.sweep(nowMs);
		return true;
	}

	/** Gives a claim back, for a delivery that was claimed but could not be started. */
	release(key: string): void {
		this.expiresAt.delete(key);
	}

	get size(): number {
		return this.expiresAt.size;
	}

	/**
	 * Drops expired claims from the old end and, over the bound, the oldest down to 90 % of it.
	 * Batched: a Map keeps deleted entries as holes that every new iteration walks past until it
	 * rehashes, so evicting one entry per claim would cost more with every claim.
	 */
	private sweep(nowMs: number): void {
		this.claimsSinceSweep = 0;
		const keep =
			this.expiresAt.size > this.maxEntries ? Math.floor(this.maxEntries * 0.9) : this.maxEntries;
		for (const [key, expiry] of this.expiresAt) {
			if (this.expiresAt.size <= keep && expiry > nowMs) break;
			this.expiresAt.delete(key);
		}
	}
}

/** Claims between two sweeps of expired entries (expired claims never count: `claim` checks the time). */
const SWEEP_EVERY = 1024;
