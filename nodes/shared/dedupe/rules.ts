import type { DeliveryIdentity } from '../../core/delivery';
import { ALLOWED_CLOCK_SKEW_SECONDS, type Ledger, type LedgerLimits } from './ledger';
import type { RecentDeliveries } from './recentDeliveries';

/**
 * The rules of dedupe that need nothing from n8n: how long a key is remembered, the guard's
 * decision, the values claimed across processes. The two phases (`index.ts`) apply them.
 */

/** The delivery's key and how long it is remembered (`claimWindowSeconds`). */
export interface KeyWindow {
	key: string;
	windowSeconds: number;
	/** Past plus future timestamp tolerance, where the timestamp was checked; else 0. */
	replaySeconds: number;
}

/** A delivery's key with its window: the trigger's Dedupe Window, clamped (`claimWindowSeconds`). */
export function keyWindow(identity: DeliveryIdentity, triggerSeconds: number): KeyWindow {
	return {
		key: identity.key,
		windowSeconds: claimWindowSeconds({
			triggerSeconds,
			keySeconds: identity.keySeconds,
			toleranceSeconds: identity.toleranceSeconds,
		}),
		replaySeconds: replaySeconds(identity.toleranceSeconds),
	};
}

/** What a copy of a delivery already received is told (200, no execution). */
export const DUPLICATE_MESSAGE =
	'This delivery was already received; acknowledged without starting the workflow again.';

/**
 * How long one key is remembered, in seconds (the one per-key window clamp):
 * - the trigger's Dedupe Window, shortened (never lengthened) by the profile's own window for
 *   the key (MeetGeek's id-less failure notice); a key window of 0 means "not deduplicated";
 * - then raised to twice the timestamp tolerance where the delivery's timestamp was checked: a
 *   captured copy passes that check from `tolerance` before its timestamp until `tolerance` after
 *   it, so its key must outlive that whole span, or a replay starts a new execution.
 */
export function claimWindowSeconds(window: {
	triggerSeconds: number;
	keySeconds?: number;
	toleranceSeconds?: number;
}): number {
	if (window.keySeconds !== undefined && !(window.keySeconds > 0)) return 0;
	const own =
		window.keySeconds === undefined
			? window.triggerSeconds
			: Math.min(window.triggerSeconds, window.keySeconds);
	return Math.max(own, replaySeconds(window.toleranceSeconds));
}

/** How long a captured copy can pass the timestamp check: past plus future tolerance (0 without one). */
export function replaySeconds(toleranceSeconds: number | undefined): number {
	return toleranceSeconds !== undefined && toleranceSeconds > 0 ? 2 * toleranceSeconds : 0;
}

/**
 * How far ahead another clock may have stamped this key and still be believed (`stampBelieved`):
 * the allowed skew, or the future half of the timestamp tolerance where that is larger (a host
 * that far ahead still accepts the delivery's signed timestamp).
 */
export function clockSkewSeconds(replaySeconds: number): number {
	return Math.max(ALLOWED_CLOCK_SKEW_SECONDS, replaySeconds / 2);
}

/** The per-process guard's key: distinct per workflow and node. */
export function guardKey(scope: string, key: string): string {
	return `${scope}:${key}`;
}

/**
 * The synchronous dedupe decision for one key: a duplicate if the ledger saw it within its window,
 * or if a copy in this process holds the guard; otherwise the guard is now claimed for the window.
 * Must run before any `await`, so that a concurrent copy stops here.
 */
export function admitKey(
	dedupe: { ledger: Ledger; recent: RecentDeliveries; scope: string },
	window: KeyWindow,
	nowMs: number,
): boolean {
	const skewSeconds = clockSkewSeconds(window.replaySeconds);
	const limits: LedgerLimits = {
		maxEntries: Number.POSITIVE_INFINITY,
		ttlSeconds: window.windowSeconds,
		clockSkewSeconds: skewSeconds,
	};
	if (dedupe.ledger.has(window.key, Math.floor(nowMs / 1000), limits)) return false;
	return dedupe.recent.claim(
		guardKey(dedupe.scope, window.key),
		nowMs,
		window.windowSeconds * 1000,
		skewSeconds * 1000,
	);
}

/**
 * The values a delivery claims in n8n's processed-data store, which keeps values (hashed) but no
 * time: a sliding window is built from two calendar grids of the window's length, offset by half a
 * window. A claim records its key's bucket in both grids; a copy is claimed elsewhere when either of
 * its buckets is already there. Two moments less than half a window apart share a bucket in at least
 * one grid (grid boundaries are half a window apart, so a short span crosses at most one), and two
 * moments a window or more apart share none: a copy within half the window is always caught, and a
 * claim never counts once the window has passed (the static-data ledger, which keeps first-seen
 * times, covers the rest of the window). Copies 2 s apart across UTC midnight are one claim. A
 * window of 0 claims nothing.
 */
export function crossProcessClaims(
	key: string,
	windowSeconds: number,
	nowSeconds: number,
): string[] {
	if (!(windowSeconds > 0)) return [];
	const half = windowSeconds / 2;
	return [
		`${key}@a${Math.floor(nowSeconds / windowSeconds)}`,
		`${key}@b${Math.floor((nowSeconds + half) / windowSeconds)}`,
	];
}
