import { hash } from 'crypto';

import { forgetOrderLog, logRecord, pruneByOrderLog, startOrderLog } from './ledgerOrder';

/**
 * The delivery-dedupe ledger: which delivery keys this trigger has already started an execution
 * for, as a plain JSON object that lives in the node's workflow static data.
 *
 * Entries are `digest → unix seconds first seen`. Pruning goes by that time, not by insertion
 * order (a merged save can add older keys after newer ones).
 * A digest is 22 base64url characters, whatever the provider's key looks like.
 *
 * In memory a ledger is always this shape (version 1). In static data it is stored packed
 * (`PackedLedger`, version 2): n8n parses the workflow's static data twice and serialises it once
 * around every execution, and one long string costs JSON a small fraction of what an object of
 * thousands of keys costs (about 27 bytes an entry instead of 36, and no object to build). A ledger
 * serialises itself packed (`toJSON`), so every writer stays as it is; `readLedger` reads both
 * forms, so ledgers stored before keep working, and a ledger that cannot be packed (a key that is
 * not a digest, a time that is not a whole second) is stored as version 1, as before.
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
	/** How far ahead of this clock another clock may have stamped an entry (`stampBelieved`); default `ALLOWED_CLOCK_SKEW_SECONDS`. */
	clockSkewSeconds?: number;
}

/**
 * How far another process's clock (or this one's before it was corrected) may run ahead of this
 * clock before its first-seen stamps are no longer believed: a host whose clock is more than this
 * ahead is misconfigured, and the signed timestamps MeetBit sends would be refused there as stale
 * at the default Timestamp Tolerance (300 s). Where the trigger allows more, the tolerance counts.
 */
export const ALLOWED_CLOCK_SKEW_SECONDS = 300;

/**
 * Whether a first-seen stamp can be believed at `nowSeconds`. A stamp later than now plus the
 * allowed skew was made by a clock that was ahead; when the key was really seen is unknown, and
 * taking the stamp at its word would remember the key for as long as that clock was ahead plus
 * its window (a MeetGeek failure key stamped 2 h ahead would drop new failure notices for 2 h, not
 * 10 minutes). Such a stamp is clamped when it is read: to the past end of the window, so the key
 * counts as expired (a copy starts one more execution, which records the key with a believable
 * time), and pruning removes it. Clamping it to now plus the skew instead would not bound anything:
 * read again later, it would be clamped again, a little later each time.
 */
export function stampBelieved(seenAt: number, nowSeconds: number, limits: LedgerLimits): boolean {
	return seenAt - nowSeconds <= (limits.clockSkewSeconds ?? ALLOWED_CLOCK_SKEW_SECONDS);
}

/** Whether a key first seen at `seenAt` is still remembered at `nowSeconds` (see `stampBelieved`). */
export function seenWithin(seenAt: number, nowSeconds: number, limits: LedgerLimits): boolean {
	return nowSeconds - seenAt < limits.ttlSeconds && stampBelieved(seenAt, nowSeconds, limits);
}

export const DEFAULT_LEDGER_LIMITS: LedgerLimits = { maxEntries: 5000, ttlSeconds: 24 * 60 * 60 };

/**
 * A ledger as stored in static data since version 2: `entries` is one string of fixed-width
 * records, each a 22-character digest followed by 5 base64url digits (most significant first) of
 * its first-seen time minus `base`, in the in-memory ledger's order. `size` and `prunedAt` are as
 * in version 1.
 */
export interface PackedLedger {
	version: 2;
	base: number;
	entries: string;
	size: number;
	prunedAt: number;
}

const DIGEST_LENGTH = 22;
const TIME_DIGITS = 5;
const RECORD_LENGTH = DIGEST_LENGTH + TIME_DIGITS;
/** 5 base64url digits: offsets below 2^30 seconds (34 years). */
const MAX_OFFSET = 64 ** TIME_DIGITS - 1;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT_VALUE = new Int8Array(128).fill(-1);
for (let index = 0; index < BASE64URL.length; index += 1)
	DIGIT_VALUE[BASE64URL.charCodeAt(index)] = index;
const PACKED_PATTERN = /^[A-Za-z0-9_-]*$/;

/** The packed form of `ledger`, or undefined when an entry does not fit it (then version 1 is stored). */
export function packLedger(ledger: LedgerState): PackedLedger | undefined {
	// One walk of the entries (an object of thousands of keys is slow to enumerate), then plain arrays.
	const entries = ledger.entries;
	const digests = Object.keys(entries);
	const times = new Float64Array(digests.length);
	let base = Infinity;
	for (let index = 0; index < digests.length; index += 1) {
		const seenAt = entries[digests[index]];
		if (digests[index].length !== DIGEST_LENGTH || !Number.isInteger(seenAt)) return undefined;
		times[index] = seenAt;
		if (seenAt < base) base = seenAt;
	}
	if (base === Infinity) base = 0;
	let text = '';
	for (let index = 0; index < digests.length; index += 1) {
		const offset = times[index] - base;
		if (offset > MAX_OFFSET) return undefined;
		// 5 base64url digits of a 30-bit offset, most significant first.
		text +=
			digests[index] +
			BASE64URL[(offset >>> 24) & 63] +
			BASE64URL[(offset >>> 18) & 63] +
			BASE64URL[(offset >>> 12) & 63] +
			BASE64URL[(offset >>> 6) & 63] +
			BASE64URL[offset & 63];
	}
	// Every digest base64url (the digits are): else the text could not be read back.
	if (!PACKED_PATTERN.test(text)) return undefined;
	return { version: 2, base, entries: text, size: ledger.size, prunedAt: ledger.prunedAt };
}

/**
 * The packed text of a ledger's entries as they are now, kept up to date while entries are only
 * appended (`recordDelivery` of a new key): a ledger saved after every execution is packed whole
 * once, then extended by one record per delivery. Anything else that changes the entries (a
 * removal, a re-recorded key, a merge) drops it, and the next save packs the ledger whole again.
 * Valid only for the entries object it was made from, holding `count` entries.
 */
const packedForms = new WeakMap<
	LedgerState,
	{ entries: Record<string, number>; count: number; base: number; text: string }
>();

/**
 * The packed text each ledger last stored itself as (`toJSON`): every entry in it was in the ledger
 * then, so a stored ledger with exactly this text holds nothing the ledger has not seen.
 */
const storedForms = new WeakMap<LedgerState, { base: number; text: string }>();

/** Whether `stored` (a ledger as loaded from static data) is exactly what `ledger` last stored itself as. */
export function isLastStoredForm(ledger: LedgerState, stored: unknown): boolean {
	const last = storedForms.get(ledger);
	return (
		last !== undefined &&
		typeof stored === 'object' &&
		stored !== null &&
		(stored as PackedLedger).version === 2 &&
		(stored as PackedLedger).base === last.base &&
		(stored as PackedLedger).entries === last.text
	);
}

/** Drops the kept packed text of `ledger` (its entries changed other than by an append). */
function forgetPackedForm(ledger: LedgerState): void {
	packedForms.delete(ledger);
}

/** Extends the kept packed text by the entry just appended, or drops it where it cannot be. */
function appendPackedForm(ledger: LedgerState, digest: string, seenAt: number): void {
	const form = packedForms.get(ledger);
	if (form === undefined) return;
	const offset = seenAt - form.base;
	if (
		form.entries !== ledger.entries ||
		form.count !== ledger.size - 1 ||
		digest.length !== DIGEST_LENGTH ||
		!Number.isInteger(seenAt) ||
		!(offset >= 0 && offset <= MAX_OFFSET) ||
		!PACKED_PATTERN.test(digest)
	) {
		packedForms.delete(ledger);
		return;
	}
	form.text +=
		digest +
		BASE64URL[(offset >>> 24) & 63] +
		BASE64URL[(offset >>> 18) & 63] +
		BASE64URL[(offset >>> 12) & 63] +
		BASE64URL[(offset >>> 6) & 63] +
		BASE64URL[offset & 63];
	form.count += 1;
}

/** What a ledger stores: packed where it can be (see the top of this file), else itself, as version 1. */
function ledgerToJSON(this: LedgerState): PackedLedger | LedgerState {
	const unread = packedTexts.get(this);
	if (unread !== undefined)
		return {
			version: 2,
			base: unread.base,
			entries: unread.text,
			size: this.size,
			prunedAt: this.prunedAt,
		};
	let form = packedForms.get(this);
	if (form === undefined || form.entries !== this.entries || form.count !== this.size) {
		const packed = packLedger(this);
		if (packed === undefined) {
			packedForms.delete(this);
			storedForms.delete(this);
			// Version 1 as before; a plain copy, so that JSON.stringify does not call this again.
			return { version: 1, entries: this.entries, size: this.size, prunedAt: this.prunedAt };
		}
		form = { entries: this.entries, count: this.size, base: packed.base, text: packed.entries };
		packedForms.set(this, form);
	}
	storedForms.set(this, { base: form.base, text: form.text });
	return {
		version: 2,
		base: form.base,
		entries: form.text,
		size: this.size,
		prunedAt: this.prunedAt,
	};
}

/** Gives an in-memory ledger its stored form (non-enumerable: the ledger's own shape is unchanged). */
function withStoredForm(ledger: LedgerState): LedgerState {
	Object.defineProperty(ledger, 'toJSON', {
		value: ledgerToJSON,
		enumerable: false,
		configurable: true,
		writable: true,
	});
	return ledger;
}

/**
 * Unpacks version 2's entries into `entries` (prototype-less, in stored order); returns how many,
 * or -1 when the string is not well formed (then the stored ledger is not used).
 */
function unpackEntries(
	packed: { base: unknown; entries: string },
	entries: Record<string, number>,
) {
	const text = packed.entries;
	const base = packed.base;
	if (typeof base !== 'number' || !Number.isFinite(base) || text.length % RECORD_LENGTH !== 0)
		return -1;
	let size = 0;
	for (let at = 0; at < text.length; at += RECORD_LENGTH) {
		let offset = 0;
		for (let index = at + DIGEST_LENGTH; index < at + RECORD_LENGTH; index += 1) {
			const code = text.charCodeAt(index);
			const digit = code < 128 ? DIGIT_VALUE[code] : -1;
			if (digit < 0) return -1;
			offset = offset * 64 + digit;
		}
		const digest = text.slice(at, at + DIGEST_LENGTH);
		if (!Object.prototype.hasOwnProperty.call(entries, digest)) size += 1;
		entries[digest] = base + offset;
	}
	return size;
}

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
	const ledger = withStoredForm({
		version: 1,
		entries: entriesObject(),
		size: 0,
		prunedAt: nowSeconds,
	});
	startOrderLog(ledger, [], []);
	return ledger;
}

/** Whether a packed ledger can be read: a finite base, whole records, base64url throughout. */
function wellFormed(packed: PackedLedger): boolean {
	return (
		typeof packed.base === 'number' &&
		Number.isFinite(packed.base) &&
		packed.entries.length % RECORD_LENGTH === 0 &&
		PACKED_PATTERN.test(packed.entries)
	);
}

/**
 * Packed ledgers read but not yet unpacked: a lookup (`hasDelivery`, all that webhook() does with
 * the stored ledger) searches the text instead of building an object of every entry; anything
 * that touches `entries` unpacks them first, once.
 */
const packedTexts = new WeakMap<LedgerState, { base: number; text: string }>();

function unpackedOnUse(base: number, text: string, prunedAt: number): LedgerState {
	// Until unpacked, `size` counts records (a hand-edited text could repeat a digest: unpacking
	// counts them again).
	const ledger = { version: 1, size: text.length / RECORD_LENGTH, prunedAt } as LedgerState;
	const settle = (entries: Record<string, number>) => {
		Object.defineProperty(ledger, 'entries', {
			value: entries,
			writable: true,
			enumerable: true,
			configurable: true,
		});
		packedTexts.delete(ledger);
	};
	Object.defineProperty(ledger, 'entries', {
		enumerable: true,
		configurable: true,
		get() {
			const entries = entriesObject();
			ledger.size = unpackEntries({ base, entries: text }, entries);
			settle(entries);
			return entries;
		},
		set(entries: Record<string, number>) {
			settle(entries);
		},
	});
	packedTexts.set(ledger, { base, text });
	return withStoredForm(ledger);
}

/** The first-seen time of `digest` in a packed text (the last record of it), or undefined. */
function findPacked(packed: { base: number; text: string }, digest: string): number | undefined {
	const { text } = packed;
	if (digest.length !== DIGEST_LENGTH) return undefined;
	let at = text.lastIndexOf(digest);
	while (at >= 0 && at % RECORD_LENGTH !== 0) at = at === 0 ? -1 : text.lastIndexOf(digest, at - 1);
	if (at < 0) return undefined;
	let offset = 0;
	for (let index = at + DIGEST_LENGTH; index < at + RECORD_LENGTH; index += 1)
		offset = offset * 64 + DIGIT_VALUE[text.charCodeAt(index)];
	return packed.base + offset;
}

/**
 * Accepts whatever static data holds; anything that is not a ledger starts a fresh one. A ledger
 * is validated and copied into a prototype-less entries object: an entry whose value is not a
 * finite number (a hand-edited or imported workflow) is dropped, the rest kept in their order, and
 * `size` is counted again. O(entries), like the JSON parse n8n did to load them. Reads both stored
 * forms: version 1 (an object of entries) and version 2 (packed; a malformed one starts afresh).
 */
export function readLedger(stored: unknown, nowSeconds: number): LedgerState {
	if (
		typeof stored === 'object' &&
		stored !== null &&
		(stored as PackedLedger).version === 2 &&
		typeof (stored as PackedLedger).entries === 'string' &&
		typeof (stored as PackedLedger).prunedAt === 'number'
	) {
		const packed = stored as PackedLedger;
		if (!wellFormed(packed)) return emptyLedger(nowSeconds);
		const prunedAt = Number.isFinite(packed.prunedAt) ? packed.prunedAt : nowSeconds;
		return unpackedOnUse(packed.base, packed.entries, prunedAt);
	}
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
		return withStoredForm({
			version: 1,
			entries,
			size,
			prunedAt: Number.isFinite(prunedAt) ? prunedAt : nowSeconds,
		});
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
	const packed = packedTexts.get(ledger);
	if (packed !== undefined) {
		const packedSeenAt = findPacked(packed, digest);
		return packedSeenAt !== undefined && seenWithin(packedSeenAt, nowSeconds, limits);
	}
	const seenAt = Object.prototype.hasOwnProperty.call(ledger.entries, digest)
		? ledger.entries[digest]
		: undefined;
	return seenAt !== undefined && seenWithin(seenAt, nowSeconds, limits);
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
		forgetPackedForm(ledger);
		forgetOrderLog(ledger);
	}
	ledger.entries[digest] = nowSeconds;
	ledger.size += 1;
	appendPackedForm(ledger, digest, nowSeconds);
	logRecord(ledger, digest, nowSeconds);
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
	const sizeBefore = ledger.size;
	const byLog = pruneByOrderLog(
		ledger,
		nowSeconds,
		limits.ttlSeconds,
		target,
		limits.clockSkewSeconds ?? ALLOWED_CLOCK_SKEW_SECONDS,
	);
	if (byLog !== undefined) {
		if (ledger.size !== sizeBefore) forgetPackedForm(ledger);
		ledger.prunedAt = nowSeconds;
		return byLog ?? undefined;
	}
	// One enumeration of the entries (an object of thousands of keys is slow to enumerate), then
	// plain arrays, in the entries' order.
	const entries = ledger.entries;
	const digests = Object.keys(entries);
	const keptTimes = new Float64Array(digests.length);
	let keptCount = 0;
	for (let index = 0; index < digests.length; index += 1) {
		const digest = digests[index];
		const seenAt = entries[digest];
		if (!seenWithin(seenAt, nowSeconds, limits)) delete entries[digest];
		else {
			digests[keptCount] = digest;
			keptTimes[keptCount] = seenAt;
			keptCount += 1;
		}
	}
	const excess = keptCount - target;
	if (keptCount < digests.length || excess > 0) forgetPackedForm(ledger);
	let newestEvicted: number | undefined;
	if (inTimeOrder(keptTimes, keptCount)) {
		// The usual case (records arrive in time order): the oldest are the first `excess`, no sort;
		// and the survivors, in order, start a log that lets the next prunes skip this enumeration.
		const evicted = Math.max(0, excess);
		for (let index = 0; index < evicted; index += 1) delete entries[digests[index]];
		if (evicted > 0) newestEvicted = keptTimes[evicted - 1];
		startOrderLog(
			ledger,
			digests.slice(evicted, keptCount),
			Array.from(keptTimes.subarray(evicted, keptCount)),
		);
	} else if (excess > 0) {
		const times = keptTimes.slice(0, keptCount).sort();
		// Everything first seen before `cutoff` goes, and the first `atCutoff` entries seen at it.
		const cutoff = times[excess - 1];
		let first = excess - 1;
		while (first > 0 && times[first - 1] === cutoff) first -= 1;
		let atCutoff = excess - first;
		for (let index = 0; index < keptCount; index += 1) {
			const seenAt = keptTimes[index];
			if (seenAt < cutoff || (seenAt === cutoff && atCutoff-- > 0)) delete entries[digests[index]];
		}
		newestEvicted = cutoff;
	}
	ledger.size = keptCount - Math.max(0, excess);
	ledger.prunedAt = nowSeconds;
	return newestEvicted;
}

/** Whether the first `count` times never decrease. */
function inTimeOrder(times: Float64Array, count: number): boolean {
	for (let index = 1; index < count; index += 1) if (times[index] < times[index - 1]) return false;
	return true;
}

/**
 * Adds every entry of `source` that `target` lacks (an entry both hold keeps `target`'s time), in
 * `source`'s order, then prunes `target` if that took it over its size. Returns the first-seen
 * time of the newest entry the size bound removed, if it removed any.
 */
export function mergeLedger(
	target: LedgerState,
	source: LedgerState,
	nowSeconds: number,
	limits: LedgerLimits,
): number | undefined {
	const into = target.entries;
	const from = source.entries;
	let added = 0;
	for (const digest in from) {
		if (!Object.prototype.hasOwnProperty.call(into, digest)) {
			into[digest] = from[digest];
			added += 1;
		}
	}
	if (added === 0) return undefined;
	target.size += added;
	forgetPackedForm(target);
	forgetOrderLog(target);
	return target.size > limits.maxEntries ? pruneLedger(target, nowSeconds, limits) : undefined;
}
