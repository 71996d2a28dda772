import { ObservableObject, type IDataObject } from 'n8n-workflow';

import { digestDeliveryKey } from '../../../nodes/core/deliveryKey';
import {
	ALLOWED_CLOCK_SKEW_SECONDS,
	Ledger,
	type LedgerLimits,
} from '../../../nodes/shared/dedupe/ledger';
import { LiveLedgers } from '../../../nodes/shared/dedupe/liveLedgers';

/** What a ledger stores (a Ledger's state is private: compared through what it saves). */
const storedForm = (ledger: Ledger) => JSON.parse(JSON.stringify(ledger)) as unknown;
/** The ledger's keys in their order. */
const keysOf = (ledger: Ledger) => [...ledger.entries()].map(([digest]) => digest);
/** A key's first-seen time, or undefined. */
const seenAtOf = (ledger: Ledger, digest: string) => new Map(ledger.entries()).get(digest);
/** A ledger holding exactly these entries in this order, as a version 1 ledger stored them. */
const ledgerOf = (entries: Array<[string, number]>, prunedAt: number) =>
	Ledger.read({ version: 1, entries: Object.fromEntries(entries), size: 0, prunedAt }, prunedAt);

const limits: LedgerLimits = { maxEntries: 100, ttlSeconds: 3600 };
const t0 = 1_700_000_000;

describe('digestDeliveryKey', () => {
	it('is a fixed 22-character base64url digest, stable and distinct', () => {
		const digest = digestDeliveryKey('MeetBit:id:3f0e2f9b-8d44-4a7d-9c2a-1f5b2e7d9a6c');
		expect(digest).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(digestDeliveryKey('MeetBit:id:3f0e2f9b-8d44-4a7d-9c2a-1f5b2e7d9a6c')).toBe(digest);
		expect(digestDeliveryKey('MeetBit:id:3f0e2f9b-8d44-4a7d-9c2a-1f5b2e7d9a6d')).not.toBe(digest);
		expect(digestDeliveryKey('x'.repeat(100_000))).toHaveLength(22);
	});
});

describe('delivery ledger', () => {
	it('remembers a key within the time-to-live and forgets it after', () => {
		const ledger = Ledger.empty(t0);
		ledger.record('a', t0, limits);
		expect(ledger.has('a', t0 + 3599, limits)).toBe(true);
		expect(ledger.has('a', t0 + 3600, limits)).toBe(false);
		expect(ledger.has('b', t0, limits)).toBe(false);
	});

	it('window 0 (dedupe off): no key is a duplicate, not even one another process stamped in the future', () => {
		const ledger = Ledger.empty(t0);
		ledger.record('a', t0 + 5, limits);
		expect(ledger.has('a', t0, { ...limits, ttlSeconds: 0 })).toBe(false);
		expect(ledger.has('a', t0 + 5, { ...limits, ttlSeconds: 0 })).toBe(false);
	});

	it('a stamp up to the allowed skew ahead counts as seen; one further ahead is read as expired, stored or packed, and pruned', () => {
		const digest = digestDeliveryKey('MeetGeek:failure:x');
		const near = digestDeliveryKey('MeetBit:id:near');
		const limits: LedgerLimits = { maxEntries: 100, ttlSeconds: 86_400 };
		const ledger = Ledger.empty(t0);
		ledger.record(near, t0 + ALLOWED_CLOCK_SKEW_SECONDS, limits);
		ledger.record(digest, t0 + 2 * 3600, limits);
		expect(ledger.has(near, t0, limits)).toBe(true);
		expect(ledger.has(digest, t0, limits)).toBe(false);
		expect(ledger.has(digest, t0 + 2 * 3600, limits)).toBe(true);
		// A trigger with a larger timestamp tolerance allows that much skew.
		expect(ledger.has(digest, t0, { ...limits, clockSkewSeconds: 7200 })).toBe(true);
		const packed = Ledger.read(JSON.parse(JSON.stringify(ledger)), t0);
		expect(packed.has(digest, t0, limits)).toBe(false);
		expect(packed.has(near, t0, limits)).toBe(true);
		ledger.prune(t0, limits);
		expect(keysOf(ledger)).toEqual([near]);
		expect(ledger.size).toBe(1);
	});

	it('records and finds keys named __proto__, constructor and toString, also after a JSON round trip', () => {
		const ledger = Ledger.empty(t0);
		for (const name of ['__proto__', 'constructor', 'toString']) ledger.record(name, t0, limits);
		const reloaded = Ledger.read(JSON.parse(JSON.stringify(ledger)), t0);
		for (const name of ['__proto__', 'constructor', 'toString'])
			expect(reloaded.has(name, t0 + 1, limits)).toBe(true);
		expect(reloaded.size).toBe(3);
	});

	it('validates a stored ledger when reading: drops entries whose value is not a number, keeps the rest', () => {
		const stored = JSON.parse(
			`{"version":1,"entries":{"__proto__":{"x":1},"ok":${t0},"text":"1","nan":null,"constructor":${t0}},"size":99,"prunedAt":${t0}}`,
		) as unknown;
		const ledger = Ledger.read(stored, t0);
		expect(keysOf(ledger).sort()).toEqual(['constructor', 'ok']);
		expect(ledger.size).toBe(2);
		ledger.record('later', t0, limits);
		expect(JSON.parse(JSON.stringify(ledger)).entries).toEqual({
			ok: t0,
			constructor: t0,
			later: t0,
		});
	});

	it('never mistakes Object.prototype names for recorded keys', () => {
		const ledger = Ledger.empty(t0);
		for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
			expect(ledger.has(name, t0, limits)).toBe(false);
		}
	});

	it('stays within its size, dropping the oldest first', () => {
		const ledger = Ledger.empty(t0);
		for (let index = 0; index < 1000; index += 1) ledger.record(`key-${index}`, t0, limits);
		expect(ledger.size).toBeLessThanOrEqual(limits.maxEntries);
		expect(keysOf(ledger)).toHaveLength(ledger.size);
		expect(ledger.has('key-999', t0, limits)).toBe(true);
		expect(ledger.has('key-0', t0, limits)).toBe(false);
	});

	it('prunes expired entries as time passes', () => {
		const ledger = Ledger.empty(t0);
		for (let index = 0; index < 50; index += 1) ledger.record(`old-${index}`, t0, limits);
		ledger.record('new', t0 + 3600, limits);
		expect(ledger.size).toBe(1);
		expect(keysOf(ledger)).toEqual(['new']);
	});

	it('re-recording a key moves it to the young end', () => {
		const ledger = Ledger.empty(t0);
		ledger.record('a', t0, limits);
		ledger.record('b', t0, limits);
		ledger.record('a', t0 + 10, limits);
		expect(keysOf(ledger)).toEqual(['b', 'a']);
		expect(ledger.size).toBe(2);
	});

	it('survives a JSON round trip, as n8n stores static data', () => {
		const ledger = Ledger.empty(t0);
		ledger.record(digestDeliveryKey('one'), t0, limits);
		const reloaded = Ledger.read(JSON.parse(JSON.stringify(ledger)), t0);
		expect(reloaded.has(digestDeliveryKey('one'), t0 + 1, limits)).toBe(true);
	});

	it('costs at most 64 bytes of static data per entry', () => {
		const ledger = Ledger.empty(t0);
		const big = { maxEntries: 10_000, ttlSeconds: 86_400 };
		for (let index = 0; index < 10_000; index += 1)
			ledger.record(digestDeliveryKey(`delivery-${index}`), t0, big);
		expect(JSON.stringify(ledger).length / 10_000).toBeLessThanOrEqual(64);
	});

	it.each([
		undefined,
		null,
		42,
		'text',
		[],
		{ version: 2 },
		{ version: 1, entries: null, size: 0, prunedAt: 0 },
	])('starts fresh from stored garbage %p', (stored) => {
		expect(storedForm(Ledger.read(stored, t0))).toEqual(storedForm(Ledger.empty(t0)));
	});
});

describe('merging ledgers: pruning by age, whatever the order of arrival', () => {
	it("merging another worker's older keys evicts those older keys, not this worker's newest ones", () => {
		const live = new LiveLedgers();
		const mine = Array.from({ length: 60 }, (_, index) => `mine-${index}`);
		const theirs = Array.from({ length: 60 }, (_, index) => `theirs-${index}`);
		// The other worker saved 60 keys first-seen an hour ago.
		const merged = ledgerOf(
			theirs.map((key, index) => [key, t0 - 3600 + index]),
			t0,
		);
		const now = t0;
		live.merge('scope', undefined, now, limits);
		mine.forEach((key) => live.record('scope', key, 'exec', now, limits));
		// Their save arrives after: 120 keys, over the size limit of 100.
		const ledger = live.merge('scope', merged, now, limits);
		expect(ledger.size).toBeLessThanOrEqual(limits.maxEntries);
		for (const key of mine) expect(ledger.has(key, now, limits)).toBe(true);
		// What goes are the oldest of theirs; their newest are kept as room allows.
		expect(ledger.has('theirs-0', now, limits)).toBe(false);
		expect(ledger.has('theirs-59', now, limits)).toBe(true);
		expect(ledger.size).toBe(keysOf(ledger).length);
	});

	it('prune drops the earliest first-seen entries even when they were inserted last', () => {
		const ledger = ledgerOf(
			[
				...Array.from({ length: 100 }, (_, index): [string, number] => [
					`young-${index}`,
					t0 + index,
				]),
				...Array.from({ length: 20 }, (_, index): [string, number] => [
					`old-${index}`,
					t0 - 100 + index,
				]),
			],
			t0,
		);
		ledger.prune(t0 + 100, limits);
		expect(ledger.size).toBe(90);
		expect(keysOf(ledger)).toHaveLength(90);
		// 30 go: the 20 old ones, then the 10 earliest young ones.
		for (let index = 0; index < 20; index++)
			expect(seenAtOf(ledger, `old-${index}`)).toBeUndefined();
		for (let index = 0; index < 10; index++)
			expect(seenAtOf(ledger, `young-${index}`)).toBeUndefined();
		for (let index = 10; index < 100; index++)
			expect(seenAtOf(ledger, `young-${index}`)).toBe(t0 + index);
	});

	it('among entries first seen in the same second, the earliest inserted go first', () => {
		const ledger = ledgerOf(
			Array.from({ length: 101 }, (_, index): [string, number] => [`same-${index}`, t0]),
			t0,
		);
		ledger.prune(t0, limits);
		expect(keysOf(ledger)).toEqual(Array.from({ length: 90 }, (_, index) => `same-${index + 11}`));
		expect(ledger.size).toBe(90);
	});
});

describe('ledgers stored by the previous version (the object ledger with toJSON) load', () => {
	// Saved with JSON.stringify by that version: keys recorded at t0, t0 + 60 and t0 + 120.
	const packedBefore = JSON.parse(
		`{"version":2,"base":1700000000,"entries":"VqbWhu1HDC0D1M1xvH4Md0AAAAAwWjfGPoFDAqp2yfUHaK7vIAAAA8ciwxM8JcU4pT--KJItChw4AAAB4","size":3,"prunedAt":1700000000}`,
	) as unknown;
	// A key that is not a digest made it store version 1.
	const unpackableBefore = JSON.parse(
		`{"version":1,"entries":{"not-a-digest":1700000005,"-OcvFy97phxoFYiYgMiQnZ":1700000007},"size":2,"prunedAt":1700000000}`,
	) as unknown;
	const keys = ['MeetBit:id:a', 'MeetGeek:meeting:b', 'meetergo:booking:c'].map(digestDeliveryKey);

	it('packed: every key with its time, in order, and stored again as the same text', () => {
		const ledger = Ledger.read(packedBefore, t0);
		expect(ledger.size).toBe(3);
		expect(ledger.prunedAt).toBe(t0);
		expect(ledger.has(keys[2], t0 + 3719, limits)).toBe(true);
		expect(ledger.has(keys[0], t0 + 3600, limits)).toBe(false);
		expect([...ledger.entries()]).toEqual([
			[keys[0], t0],
			[keys[1], t0 + 60],
			[keys[2], t0 + 120],
		]);
		expect(JSON.parse(JSON.stringify(ledger))).toEqual(packedBefore);
		ledger.record(digestDeliveryKey('MeetBit:id:new'), t0 + 200, limits);
		expect(Ledger.read(JSON.parse(JSON.stringify(ledger)), t0).size).toBe(4);
	});

	it('version 1: every key with its time, and stored as version 1 while a key is not a digest', () => {
		const ledger = Ledger.read(unpackableBefore, t0);
		expect([...ledger.entries()]).toEqual([
			['not-a-digest', t0 + 5],
			[digestDeliveryKey('MeetBit:id:d'), t0 + 7],
		]);
		expect(JSON.parse(JSON.stringify(ledger))).toEqual(unpackableBefore);
	});
});

describe('stored form (version 2, packed)', () => {
	const digests = Array.from({ length: 50 }, (_, index) =>
		digestDeliveryKey(`MeetBit:id:${index}`),
	);

	it('stores digests packed, about 27 characters an entry, and reads them back with their times and order', () => {
		const ledger = Ledger.empty(t0);
		digests.forEach((digest, index) => ledger.record(digest, t0 + index * 7, limits));
		const stored = JSON.parse(JSON.stringify({ deliveryLedger: ledger })).deliveryLedger;
		expect(stored).toMatchObject({ version: 2, base: t0, size: 50, prunedAt: ledger.prunedAt });
		expect(typeof stored.entries).toBe('string');
		expect(stored.entries).toHaveLength(50 * 27);
		const reloaded = Ledger.read(stored, t0);
		expect([...reloaded.entries()]).toEqual([...ledger.entries()]);
		expect(reloaded.size).toBe(50);
		expect(reloaded.has(digests[49], t0 + 343, limits)).toBe(true);
		// A reloaded ledger stores itself packed again: the same text.
		expect(JSON.parse(JSON.stringify(reloaded))).toEqual(stored);
	});

	it('keeps the order by time after a round trip (pruning goes by time)', () => {
		const ledger = Ledger.empty(t0);
		ledger.record(digests[0], t0 + 100, limits);
		ledger.record(digests[1], t0 + 5, limits); // a merged, older key at the young end
		ledger.record(digests[2], t0 + 50, limits);
		const reloaded = Ledger.read(JSON.parse(JSON.stringify(ledger)), t0);
		expect(seenAtOf(reloaded, digests[0])).toBe(t0 + 100);
		expect(seenAtOf(reloaded, digests[1])).toBe(t0 + 5);
		// Over a limit of 2, pruning keeps 1: the newest by time, not the last inserted.
		reloaded.prune(t0 + 200, { maxEntries: 2, ttlSeconds: 3600 });
		expect(keysOf(reloaded)).toEqual([digests[0]]);
	});

	it('times up to 34 years apart; beyond that, or keys that are not digests, or fractional times: stored as version 1', () => {
		const wide = Ledger.empty(t0);
		wide.record(digests[0], 0, { ...limits, ttlSeconds: 4e9 });
		wide.record(digests[1], 64 ** 5 - 1, { ...limits, ttlSeconds: 4e9 });
		const packed = JSON.parse(JSON.stringify(wide));
		expect(packed.version).toBe(2);
		expect(seenAtOf(Ledger.read(packed, t0), digests[1])).toBe(64 ** 5 - 1);
		wide.record(digests[2], 64 ** 5, { ...limits, ttlSeconds: 4e9 });
		expect(JSON.parse(JSON.stringify(wide))).toMatchObject({ version: 1, size: 3 });

		const named = Ledger.empty(t0);
		named.record('not-a-digest', t0, limits);
		expect(JSON.parse(JSON.stringify(named))).toEqual({
			version: 1,
			entries: { 'not-a-digest': t0 },
			size: 1,
			prunedAt: t0,
		});
		const fractional = Ledger.empty(t0);
		fractional.record(digests[0], t0 + 0.5, limits);
		expect(JSON.parse(JSON.stringify(fractional)).version).toBe(1);
	});

	it('an empty ledger packs to an empty string and reads back empty', () => {
		const stored = JSON.parse(JSON.stringify(Ledger.empty(t0)));
		expect(stored).toEqual({ version: 2, base: 0, entries: '', size: 0, prunedAt: t0 });
		expect(storedForm(Ledger.read(stored, t0))).toEqual(storedForm(Ledger.empty(t0)));
	});

	it('still reads version 1 as stored before, and stores it packed from then on', () => {
		const v1 = JSON.parse(
			`{"version":1,"entries":{"${digests[0]}":${t0},"${digests[1]}":${t0 + 1}},"size":2,"prunedAt":${t0}}`,
		) as unknown;
		const ledger = Ledger.read(v1, t0);
		expect(ledger.has(digests[1], t0 + 2, limits)).toBe(true);
		expect(ledger.size).toBe(2);
		expect(JSON.parse(JSON.stringify(ledger))).toMatchObject({ version: 2, size: 2 });
	});

	it('a malformed packed ledger starts afresh instead of throwing', () => {
		for (const entries of ['short', `${digests[0]}AAA!A`, `${digests[0]}AAAAA${digests[1]}`]) {
			expect(
				storedForm(Ledger.read({ version: 2, base: t0, entries, size: 1, prunedAt: t0 }, t0)),
			).toEqual(storedForm(Ledger.empty(t0)));
		}
		expect(
			Ledger.read({ version: 2, base: 'x', entries: '', size: 0, prunedAt: t0 }, t0).size,
		).toBe(0);
	});

	it('a repeated digest in the packed text counts once (the later time wins)', () => {
		const text = `${digests[0]}AAAAA${digests[0]}AAAAB`;
		const ledger = Ledger.read({ version: 2, base: t0, entries: text, size: 2, prunedAt: t0 }, t0);
		expect(ledger.has(digests[0], t0 + 3600, limits)).toBe(true); // t0 + 1 + 3600 > now
		expect(seenAtOf(ledger, digests[0])).toBe(t0 + 1);
		expect(ledger.size).toBe(1); // counted again once unpacked
	});

	it('looks a digest up in the packed text without unpacking, with the same answers as unpacked', () => {
		const ledger = Ledger.empty(t0);
		digests.forEach((digest, index) => ledger.record(digest, t0 + index, limits));
		const stored = JSON.parse(JSON.stringify(ledger));
		const unread = Ledger.read(stored, t0);
		const unpacked = Ledger.read(stored, t0);
		void unpacked.entries;
		// A "digest" made of the end of one record and the start of the next is not in the ledger.
		const straddling = stored.entries.slice(27 + 10, 27 + 32);
		for (const [digest, now] of [
			[digests[0], t0 + 10],
			[digests[49], t0 + 3648],
			[digests[49], t0 + 3649],
			[digestDeliveryKey('absent'), t0],
			[straddling, t0],
			['short', t0],
		] as Array<[string, number]>) {
			expect(unread.has(digest, now, limits)).toBe(unpacked.has(digest, now, limits));
		}
		expect(unread.has(digests[49], t0 + 3648, limits)).toBe(true);
		expect(unread.has(straddling, t0, limits)).toBe(false);
		// Still unread: it stores the text it was read from, as it was.
		expect(JSON.parse(JSON.stringify(unread))).toEqual(stored);
		// Recording unpacks it first.
		unread.record(digestDeliveryKey('new'), t0 + 60, limits);
		expect(unread.size).toBe(51);
		expect(unread.has(digests[0], t0 + 60, limits)).toBe(true);
	});

	it('LiveLedgers merges a packed stored ledger like a version 1 one', () => {
		const source = Ledger.empty(t0);
		source.record(digests[3], t0, limits);
		const live = new LiveLedgers();
		const merged = live.merge('s', Ledger.read(JSON.parse(JSON.stringify(source)), t0), t0, limits);
		expect(merged.has(digests[3], t0 + 1, limits)).toBe(true);
		expect(JSON.parse(JSON.stringify(merged)).version).toBe(2);
	});
});

describe("execute()'s commit fast path: the stored ledger this process last saved or merged is not merged again", () => {
	const digestOf = (name: string) => digestDeliveryKey(`MeetBit:id:${name}`);
	/** A save and a load through JSON, as n8n stores static data. */
	const saved = (ledger: unknown) => JSON.stringify({ deliveryLedger: ledger });
	const loaded = (text: string) => (JSON.parse(text) as { deliveryLedger: unknown }).deliveryLedger;

	afterEach(() => jest.restoreAllMocks());

	it('the stored ledger this process saved last is neither read nor unpacked; it still answers every key', () => {
		const live = new LiveLedgers();
		const now = t0;
		let db = saved(live.merge('s', undefined, now, limits));
		for (let index = 0; index < 20; index++) {
			const ledger = live.merge('s', loaded(db), now, limits);
			live.record('s', digestOf(`own-${index}`), `exec-${index}`, now, limits);
			db = saved(ledger);
		}
		const read = jest.spyOn(Ledger, 'read');
		const ledger = live.merge('s', loaded(db), now, limits);
		expect(read).not.toHaveBeenCalled();
		for (let index = 0; index < 20; index++)
			expect(ledger.has(digestOf(`own-${index}`), now, limits)).toBe(true);
		// What the stored ledger answers is what the live one answers.
		const stored = Ledger.read(loaded(db), now);
		for (let index = 0; index < 20; index++)
			expect(stored.has(digestOf(`own-${index}`), now, limits)).toBe(true);
	});

	it("another process's save in between is merged: its keys are kept, and saved again with this process's", () => {
		const mine = new LiveLedgers();
		const theirs = new LiveLedgers();
		const now = t0;
		// This process saves a key; the other process loads that save, records its own key and saves.
		let db = saved(mine.merge('s', undefined, now, limits));
		mine.record('s', digestOf('mine-1'), 'a-1', now, limits);
		db = saved(mine.merge('s', loaded(db), now, limits));
		theirs.merge('s', loaded(db), now, limits);
		theirs.record('s', digestOf('theirs-1'), 'b-1', now, limits);
		db = saved(theirs.merge('s', undefined, now, limits));
		// This process's next execution loads the other's save: not its own, so it is merged.
		const read = jest.spyOn(Ledger, 'read');
		const ledger = mine.merge('s', loaded(db), now, limits);
		expect(read).toHaveBeenCalledTimes(1);
		expect(ledger.has(digestOf('theirs-1'), now, limits)).toBe(true);
		mine.record('s', digestOf('mine-2'), 'a-2', now, limits);
		db = saved(ledger);
		const reloaded = Ledger.read(loaded(db), now);
		for (const name of ['mine-1', 'theirs-1', 'mine-2'])
			expect(reloaded.has(digestOf(name), now, limits)).toBe(true);
		expect(reloaded.size).toBe(3);
		// The other process's save, loaded again (this process's save did not land): merged once is enough.
		read.mockClear();
		mine.merge('s', loaded(saved(theirs.merge('s', undefined, now, limits))), now, limits);
		expect(read).not.toHaveBeenCalled();
	});

	it("an older save of this process's, or its last save with one record changed, is merged", () => {
		const live = new LiveLedgers();
		const now = t0;
		const ledger = live.merge('s', undefined, now, limits);
		live.record('s', digestOf('one'), 'e-1', now, limits);
		const older = saved(ledger);
		live.record('s', digestOf('two'), 'e-2', now, limits);
		const last = saved(ledger);
		const read = jest.spyOn(Ledger, 'read');
		live.merge('s', loaded(older), now, limits);
		expect(read).toHaveBeenCalledTimes(1);
		// Same length, same base, the second record's digest swapped for another process's key.
		const stored = loaded(last) as { entries: string };
		const foreign = digestOf('foreign');
		stored.entries = stored.entries.slice(0, 27) + foreign + stored.entries.slice(27 + 22);
		expect(live.merge('s', stored, now, limits)).toBe(ledger);
		expect(read).toHaveBeenCalledTimes(2);
		expect(ledger.has(foreign, now, limits)).toBe(true);
	});

	it('a ledger saved after every record stores what it holds, through records, re-records, prunes and merges', () => {
		const small: LedgerLimits = { maxEntries: 30, ttlSeconds: 600 };
		const ledger = Ledger.empty(t0);
		const other = Ledger.empty(t0);
		let now = t0;
		let seed = 7;
		const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
		for (let step = 0; step < 400; step++) {
			now += Math.floor(random() * 20);
			const choice = random();
			if (choice < 0.7) ledger.record(digestOf(`k-${step}`), now, small);
			else if (choice < 0.8) ledger.record(digestOf(`k-${step - 3}`), now, small);
			else if (choice < 0.85) ledger.record(`not-a-digest-${step}`, now, small);
			else if (choice < 0.9) ledger.prune(now, small);
			else {
				other.record(digestOf(`o-${step}`), now - 5, small);
				ledger.merge(other, now, small);
			}
			// The text kept up to date record by record reads back as exactly the entries, in order.
			const stored = JSON.parse(JSON.stringify(ledger));
			expect(stored.size).toBe(ledger.size);
			expect([...Ledger.read(stored, now).entries()]).toEqual([...ledger.entries()]);
		}
	});
});

describe('a ledger inside static data n8n has made observable', () => {
	// n8n wraps static data, and every object in it, in a Proxy (ObservableObject) when an execution
	// starts with a ledger already stored there (test runs in the editor do): the ledger's methods
	// are then called through that Proxy.
	it('records, looks up, prunes and saves through the Proxy', () => {
		const staticData = { ledger: Ledger.empty(t0) } as unknown as IDataObject;
		const observed = ObservableObject.create(staticData) as Record<string, unknown>;
		const ledger = Ledger.read(observed.ledger, t0);
		const digest = digestDeliveryKey('MeetBit:id:observable');
		ledger.record(digest, t0, limits);
		expect(ledger.has(digest, t0 + 1, limits)).toBe(true);
		expect(ledger.size).toBe(1);
		ledger.prune(t0 + 2 * limits.ttlSeconds, limits);
		ledger.record(digest, t0 + 2 * limits.ttlSeconds, limits);
		const saved = JSON.parse(JSON.stringify(observed)) as { ledger: unknown };
		expect(Ledger.read(saved.ledger, t0).has(digest, t0 + 2 * limits.ttlSeconds, limits)).toBe(
			true,
		);
	});
});

describe('a copy of a ledger that kept its prototype but not its state', () => {
	// A test run in the editor works on a deep copy of the workflow (prototype kept, only
	// enumerable properties copied); n8n never saves a test run's static data.
	it('reads as an empty ledger that works, instead of throwing', () => {
		const original = Ledger.empty(t0);
		original.record(digestDeliveryKey('MeetBit:id:original'), t0, limits);
		const copy = Object.assign(Object.create(Ledger.prototype) as Ledger, { ...original });
		const ledger = Ledger.read(copy, t0);
		expect(ledger.size).toBe(0);
		const digest = digestDeliveryKey('MeetBit:id:copy');
		ledger.record(digest, t0, limits);
		expect(ledger.has(digest, t0, limits)).toBe(true);
		expect(() => copy.has(digest, t0, limits)).not.toThrow();
		expect(() => JSON.stringify(copy)).not.toThrow();
	});

	it('does not share the state of a ledger it inherits from', () => {
		const original = Ledger.empty(t0);
		const originalDigest = digestDeliveryKey('MeetBit:id:original');
		original.record(originalDigest, t0, limits);
		const heir = Object.create(original) as Ledger;
		expect(heir.has(originalDigest, t0, limits)).toBe(false);
		heir.record(digestDeliveryKey('MeetBit:id:heir'), t0, limits);
		expect(heir.size).toBe(1);
		expect(original.size).toBe(1);
		expect(original.has(originalDigest, t0, limits)).toBe(true);
	});
});
