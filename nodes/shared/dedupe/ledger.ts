/**
 * The delivery-dedupe ledger: which delivery keys this trigger has already started an execution
 * for, kept in the node's workflow static data.
 *
 * Entries are `digest → unix seconds first seen`, in a `Map` in insertion order. Pruning goes by
 * that time, not by insertion order (a merged save can add older keys after newer ones); while the
 * two agree (the usual case: records arrive as time passes) it removes from the front of the Map
 * without looking at the rest. A digest is 22 base64url characters, whatever the provider's key
 * looks like.
 *
 * Static data holds the ledger object itself; n8n saves it with JSON.stringify, which stores what
 * `toJSON` returns: packed (`PackedLedger`, version 2) where every entry allows it. n8n parses the
 * workflow's static data twice and serialises it once around every execution, and one long string
 * costs JSON a small fraction of what an object of thousands of keys costs (about 27 bytes an entry
 * instead of 36, and no object to build). A ledger that cannot be packed (a key that is not a digest,
 * a time that is not a whole second) is stored as version 1 (`StoredLedgerV1`), the form stored
 * before packing; `Ledger.read` reads both.
 */
export interface StoredLedgerV1 {
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

/** A packed text and the time its offsets count from. */
interface PackedText {
	base: number;
	text: string;
}

interface LedgerState {
	/** digest → first-seen time, in insertion order; undefined until the packed text read is needed whole. */
	entries: Map<string, number> | undefined;
	/**
	 * The packed text read from static data, not yet unpacked: a lookup (`has`, all that webhook()
	 * does with the stored ledger) searches it instead of building a Map of every entry; anything
	 * that needs the entries unpacks it first, once.
	 */
	unread: PackedText | undefined;
	prunedAt: number;
	/** Whether insertion order is also first-seen order, so that the oldest entries are at the front. */
	inTimeOrder: boolean;
	/** First-seen time of the entry inserted last (the newest, while `inTimeOrder`). */
	lastSeenAt: number;
	/**
	 * The packed text of the entries as they are now, kept up to date while entries are only
	 * appended or pruned from the front: a ledger saved after every execution is packed whole once,
	 * then extended by one record per delivery. Anything else (a re-recorded key, a merge, a prune
	 * out of order) drops it, and the next save packs the ledger whole again.
	 */
	packed: PackedText | undefined;
	/** What this ledger last stored itself as (`toJSON`): every entry in it was in the ledger then. */
	stored: PackedText | undefined;
}

function emptyState(prunedAt: number): LedgerState {
	return {
		entries: new Map(),
		unread: undefined,
		prunedAt,
		inTimeOrder: true,
		lastSeenAt: -Infinity,
		packed: undefined,
		stored: undefined,
	};
}

function attachState(ledger: object, state: LedgerState): LedgerState {
	Object.defineProperty(ledger, 'state', { value: state, enumerable: false });
	return state;
}

export class Ledger {
	/**
	 * The ledger's state lives in one non-enumerable property (`state`) rather than in private
	 * fields: n8n wraps static data, and every enumerable object in it, in a Proxy (its
	 * ObservableObject), and a method called through that Proxy cannot read private fields. A test
	 * run in the editor works on a deep copy of the workflow that keeps the prototype but not a
	 * non-enumerable property: such a copy starts empty (n8n never saves a test run's static data).
	 */
	declare private readonly state: LedgerState | undefined;

	private get s(): LedgerState {
		// A plain property read (on the lookup's hot path; n8n's Proxy passes it through), own only.
		const own = this.state;
		return own !== undefined && Object.hasOwn(this, 'state')
			? own
			: attachState(this, emptyState(0));
	}

	private constructor(prunedAt: number, entries?: Map<string, number>, unread?: PackedText) {
		attachState(this, { ...emptyState(prunedAt), entries, unread });
	}

	static empty(nowSeconds: number): Ledger {
		const ledger = new Ledger(nowSeconds, new Map());
		ledger.s.packed = { base: 0, text: '' };
		return ledger;
	}

	/**
	 * Accepts whatever static data holds; anything that is not a ledger starts a fresh one. Reads
	 * both stored forms: version 2 (packed; a malformed one starts afresh), unpacked only when
	 * needed, and version 1 (an object of entries), validated and copied: an entry whose value is
	 * not a finite number (a hand-edited or imported workflow) is dropped, the rest kept in order.
	 */
	static read(stored: unknown, nowSeconds: number): Ledger {
		if (stored instanceof Ledger)
			return Object.hasOwn(stored, 'state') ? stored : Ledger.empty(nowSeconds);
		if (typeof stored !== 'object' || stored === null) return Ledger.empty(nowSeconds);
		// A ledger object of another copy of this module (what it would store).
		if (typeof (stored as { toJSON?: unknown }).toJSON === 'function')
			return Ledger.read((stored as { toJSON: () => unknown }).toJSON(), nowSeconds);
		const { version, entries, prunedAt, base } = stored as Record<string, unknown>;
		if (typeof prunedAt !== 'number') return Ledger.empty(nowSeconds);
		const lastPruned = Number.isFinite(prunedAt) ? prunedAt : nowSeconds;
		if (version === 2 && typeof entries === 'string') {
			if (
				typeof base !== 'number' ||
				!Number.isFinite(base) ||
				entries.length % RECORD_LENGTH !== 0 ||
				!PACKED_PATTERN.test(entries)
			)
				return Ledger.empty(nowSeconds);
			return new Ledger(lastPruned, undefined, { base, text: entries });
		}
		if (version === 1 && typeof entries === 'object' && entries !== null) {
			const ledger = new Ledger(lastPruned, new Map());
			const source = entries as Record<string, unknown>;
			// Own keys only: Object.keys never reaches a prototype, whatever was assigned to it.
			for (const digest of Object.keys(source)) {
				const seenAt = source[digest];
				if (typeof seenAt === 'number' && Number.isFinite(seenAt))
					ledger.appendEntry(digest, seenAt);
			}
			return ledger;
		}
		return Ledger.empty(nowSeconds);
	}

	/** How many keys the ledger holds (until unpacked: how many records its packed text has). */
	get size(): number {
		return this.s.entries?.size ?? (this.s.unread?.text.length ?? 0) / RECORD_LENGTH;
	}

	/** Unix seconds of the last full prune. */
	get prunedAt(): number {
		return this.s.prunedAt;
	}

	/** The entries in their order (unpacks a ledger read packed). */
	entries(): IterableIterator<[string, number]> {
		return this.unpacked().entries();
	}

	/** O(1): has this key been recorded within the time-to-live? Never, for a time-to-live of 0 (dedupe off). */
	has(digest: string, nowSeconds: number, limits: LedgerLimits): boolean {
		// Explicit: an entry another process stamped a little in the future must not count as seen either.
		if (!(limits.ttlSeconds > 0)) return false;
		const { unread, entries } = this.s;
		const seenAt = unread !== undefined ? findPacked(unread, digest) : entries!.get(digest);
		return seenAt !== undefined && seenWithin(seenAt, nowSeconds, limits);
	}

	/**
	 * Records a key and prunes when the ledger is over its size, or once per tenth of the
	 * time-to-live. Pruning goes 10 % below the size limit, so its cost is spread over many
	 * records: amortised O(1).
	 */
	record(
		digest: string,
		nowSeconds: number,
		limits: LedgerLimits,
		/** Told the first-seen time of the newest entry the size bound removed, if it removed any. */
		onSizeEviction?: (newestSeenAt: number) => void,
	): void {
		const entries = this.unpacked();
		if (entries.delete(digest)) {
			// Re-recording moves the key to the young end, so pruning order stays by time.
			this.s.packed = undefined;
		}
		this.appendEntry(digest, nowSeconds);
		const pruneEvery = Math.max(60, Math.floor(limits.ttlSeconds / 10));
		if (entries.size > limits.maxEntries || nowSeconds - this.s.prunedAt >= pruneEvery) {
			const evicted = this.prune(nowSeconds, limits);
			if (evicted !== undefined) onSizeEviction?.(evicted);
		}
	}

	/**
	 * Removes expired entries (and those with a stamp not to be believed, `stampBelieved`) and, over
	 * the size limit, the entries first seen earliest, going 10 % below the limit. Among entries
	 * first seen in the same second the earliest inserted go first. Returns the first-seen time of
	 * the newest entry removed by the size limit (undefined if none was), so that the caller can
	 * tell whether the limit cut into a window it must cover.
	 */
	prune(nowSeconds: number, limits: LedgerLimits): number | undefined {
		const entries = this.unpacked();
		const target =
			entries.size > limits.maxEntries ? Math.floor(limits.maxEntries * 0.9) : limits.maxEntries;
		this.s.prunedAt = nowSeconds;
		if (this.s.inTimeOrder && stampBelieved(this.s.lastSeenAt, nowSeconds, limits))
			return this.pruneFromFront(entries, nowSeconds, limits.ttlSeconds, target);
		return this.pruneInTimeOrder(entries, nowSeconds, limits, target);
	}

	/**
	 * Adds every entry of `source` this ledger lacks (an entry both hold keeps this ledger's time),
	 * in `source`'s order, then prunes if that took it over its size. Returns the first-seen time of
	 * the newest entry the size bound removed, if it removed any.
	 */
	merge(source: Ledger, nowSeconds: number, limits: LedgerLimits): number | undefined {
		const into = this.unpacked();
		let added = 0;
		for (const [digest, seenAt] of source.entries()) {
			if (!into.has(digest)) {
				this.appendEntry(digest, seenAt);
				added += 1;
			}
		}
		if (added === 0) return undefined;
		this.s.packed = undefined;
		return into.size > limits.maxEntries ? this.prune(nowSeconds, limits) : undefined;
	}

	/** Whether `stored` (a ledger as loaded from static data) is exactly what this ledger last stored itself as. */
	isLastStoredForm(stored: unknown): boolean {
		const last = this.s.stored;
		const packed = packedTextOf(stored);
		return (
			last !== undefined &&
			packed !== undefined &&
			packed.base === last.base &&
			packed.text === last.text
		);
	}

	/** What static data stores: packed where every entry allows it, else version 1. */
	toJSON(): PackedLedger | StoredLedgerV1 {
		const unread = this.s.unread;
		if (unread !== undefined)
			return {
				version: 2,
				base: unread.base,
				entries: unread.text,
				size: this.size,
				prunedAt: this.s.prunedAt,
			};
		const entries = this.s.entries!;
		let packed = this.s.packed;
		if (packed === undefined) {
			packed = pack(entries);
			if (packed === undefined) {
				this.s.stored = undefined;
				return {
					version: 1,
					entries: Object.fromEntries(entries),
					size: entries.size,
					prunedAt: this.s.prunedAt,
				};
			}
			this.s.packed = packed;
		}
		this.s.stored = { base: packed.base, text: packed.text };
		return {
			version: 2,
			base: packed.base,
			entries: packed.text,
			size: entries.size,
			prunedAt: this.s.prunedAt,
		};
	}

	/** The entries, unpacking the text read from static data first if need be. */
	private unpacked(): Map<string, number> {
		if (this.s.entries !== undefined) return this.s.entries;
		const { base, text } = this.s.unread!;
		const entries = new Map<string, number>();
		this.s.entries = entries;
		this.s.unread = undefined;
		this.s.packed = undefined;
		for (let at = 0; at < text.length; at += RECORD_LENGTH)
			this.appendEntry(text.slice(at, at + DIGEST_LENGTH), base + readOffset(text, at));
		// The text read is the packed form of the entries, unless it repeated a digest (a hand-edited
		// text: the digest keeps its first place and its last time).
		if (entries.size * RECORD_LENGTH === text.length) this.s.packed = { base, text };
		return this.s.entries;
	}

	/** Adds an entry at the young end (the key must not be in the Map, or it keeps its place). */
	private appendEntry(digest: string, seenAt: number): void {
		const entries = this.s.entries!;
		const isNew = !entries.has(digest);
		entries.set(digest, seenAt);
		if (!isNew) {
			this.s.inTimeOrder = false;
			return;
		}
		if (seenAt < this.s.lastSeenAt) this.s.inTimeOrder = false;
		this.s.lastSeenAt = seenAt;
		const packed = this.s.packed;
		if (packed === undefined) return;
		const offset = seenAt - packed.base;
		if (
			digest.length !== DIGEST_LENGTH ||
			!Number.isInteger(seenAt) ||
			!(offset >= 0 && offset <= MAX_OFFSET) ||
			!PACKED_PATTERN.test(digest)
		) {
			this.s.packed = undefined;
			return;
		}
		packed.text += digest + encodeOffset(offset);
	}

	/** The usual case, entries in time order: expired ones, then the oldest beyond `target`, from the front. */
	private pruneFromFront(
		entries: Map<string, number>,
		nowSeconds: number,
		ttlSeconds: number,
		target: number,
	): number | undefined {
		let removed = 0;
		let newestEvicted: number | undefined;
		for (const [digest, seenAt] of entries) {
			const expired = nowSeconds - seenAt >= ttlSeconds;
			if (!expired && entries.size <= target) break;
			entries.delete(digest);
			removed += 1;
			if (!expired) newestEvicted = seenAt;
		}
		if (removed > 0 && this.s.packed !== undefined)
			this.s.packed.text = this.s.packed.text.slice(removed * RECORD_LENGTH);
		if (entries.size === 0) this.s.lastSeenAt = -Infinity;
		return newestEvicted;
	}

	/**
	 * Entries out of time order (a merge appended older keys at the young end), or a stamp not to
	 * be believed: keeps the entries still remembered, sorted by first-seen time (stably: among
	 * equal times the earliest inserted first), drops the oldest beyond `target`, and puts the rest
	 * back in that order, so the next prunes run from the front again.
	 */
	private pruneInTimeOrder(
		entries: Map<string, number>,
		nowSeconds: number,
		limits: LedgerLimits,
		target: number,
	): number | undefined {
		const kept: Array<[string, number]> = [];
		for (const entry of entries) if (seenWithin(entry[1], nowSeconds, limits)) kept.push(entry);
		kept.sort((a, b) => a[1] - b[1]);
		const excess = Math.max(0, kept.length - target);
		entries.clear();
		this.s.inTimeOrder = true;
		this.s.lastSeenAt = -Infinity;
		this.s.packed = undefined;
		for (let index = excess; index < kept.length; index += 1)
			this.appendEntry(kept[index][0], kept[index][1]);
		return excess > 0 ? kept[excess - 1][1] : undefined;
	}
}

/** The packed form of `entries`, or undefined when an entry does not fit it (then version 1 is stored). */
function pack(entries: Map<string, number>): PackedText | undefined {
	let base = Infinity;
	for (const [digest, seenAt] of entries) {
		if (digest.length !== DIGEST_LENGTH || !Number.isInteger(seenAt)) return undefined;
		if (seenAt < base) base = seenAt;
	}
	if (base === Infinity) base = 0;
	let text = '';
	for (const [digest, seenAt] of entries) {
		const offset = seenAt - base;
		if (offset > MAX_OFFSET) return undefined;
		text += digest + encodeOffset(offset);
	}
	// Every digest base64url (the digits are): else the text could not be read back.
	return PACKED_PATTERN.test(text) ? { base, text } : undefined;
}

/** 5 base64url digits of a 30-bit offset, most significant first. */
function encodeOffset(offset: number): string {
	return (
		BASE64URL[(offset >>> 24) & 63] +
		BASE64URL[(offset >>> 18) & 63] +
		BASE64URL[(offset >>> 12) & 63] +
		BASE64URL[(offset >>> 6) & 63] +
		BASE64URL[offset & 63]
	);
}

/** The offset of the record at `at` (a well-formed text: checked by `Ledger.read`). */
function readOffset(text: string, at: number): number {
	let offset = 0;
	for (let index = at + DIGEST_LENGTH; index < at + RECORD_LENGTH; index += 1)
		offset = offset * 64 + DIGIT_VALUE[text.charCodeAt(index)];
	return offset;
}

/** The first-seen time of `digest` in a packed text (the last record of it), or undefined. */
function findPacked(packed: PackedText, digest: string): number | undefined {
	const { text } = packed;
	if (digest.length !== DIGEST_LENGTH) return undefined;
	let at = text.lastIndexOf(digest);
	while (at >= 0 && at % RECORD_LENGTH !== 0) at = at === 0 ? -1 : text.lastIndexOf(digest, at - 1);
	return at < 0 ? undefined : packed.base + readOffset(text, at);
}

/** The base and text of a stored ledger in the packed form (version 2), or undefined. */
export function packedTextOf(stored: unknown): PackedText | undefined {
	if (typeof stored !== 'object' || stored === null) return undefined;
	const { version, base, entries } = stored as PackedLedger;
	return version === 2 && typeof base === 'number' && typeof entries === 'string'
		? { base, text: entries }
		: undefined;
}
