import {
	ALLOWED_CLOCK_SKEW_SECONDS,
	digestDeliveryKey,
	emptyLedger,
	hasDelivery,
	mergeLedger,
	pruneLedger,
	readLedger,
	recordDelivery,
	type LedgerLimits,
} from '../../nodes/core/ledger';
import * as ledgerModule from '../../nodes/core/ledger';
import { LiveLedgers } from '../../nodes/shared/deliveryState/liveLedgers';

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
		const ledger = emptyLedger(t0);
		recordDelivery(ledger, 'a', t0, limits);
		expect(hasDelivery(ledger, 'a', t0 + 3599, limits)).toBe(true);
		expect(hasDelivery(ledger, 'a', t0 + 3600, limits)).toBe(false);
		expect(hasDelivery(ledger, 'b', t0, limits)).toBe(false);
	});

	it('window 0 (dedupe off): no key is a duplicate, not even one another process stamped in the future', () => {
		const ledger = emptyLedger(t0);
		recordDelivery(ledger, 'a', t0 + 5, limits);
		expect(hasDelivery(ledger, 'a', t0, { ...limits, ttlSeconds: 0 })).toBe(false);
		expect(hasDelivery(ledger, 'a', t0 + 5, { ...limits, ttlSeconds: 0 })).toBe(false);
	});

	it('a stamp up to the allowed skew ahead counts as seen; one further ahead is read as expired, stored or packed, and pruned', () => {
		const digest = digestDeliveryKey('MeetGeek:failure:x');
		const near = digestDeliveryKey('MeetBit:id:near');
		const limits: LedgerLimits = { maxEntries: 100, ttlSeconds: 86_400 };
		const ledger = emptyLedger(t0);
		recordDelivery(ledger, near, t0 + ALLOWED_CLOCK_SKEW_SECONDS, limits);
		recordDelivery(ledger, digest, t0 + 2 * 3600, limits);
		expect(hasDelivery(ledger, near, t0, limits)).toBe(true);
		expect(hasDelivery(ledger, digest, t0, limits)).toBe(false);
		expect(hasDelivery(ledger, digest, t0 + 2 * 3600, limits)).toBe(true);
		// A trigger with a larger timestamp tolerance allows that much skew.
		expect(hasDelivery(ledger, digest, t0, { ...limits, clockSkewSeconds: 7200 })).toBe(true);
		const packed = readLedger(JSON.parse(JSON.stringify(ledger)), t0);
		expect(hasDelivery(packed, digest, t0, limits)).toBe(false);
		expect(hasDelivery(packed, near, t0, limits)).toBe(true);
		pruneLedger(ledger, t0, limits);
		expect(Object.keys(ledger.entries)).toEqual([near]);
		expect(ledger.size).toBe(1);
	});

	it('records and finds keys named __proto__, constructor and toString, also after a JSON round trip', () => {
		const ledger = emptyLedger(t0);
		for (const name of ['__proto__', 'constructor', 'toString'])
			recordDelivery(ledger, name, t0, limits);
		const reloaded = readLedger(JSON.parse(JSON.stringify(ledger)), t0);
		for (const name of ['__proto__', 'constructor', 'toString'])
			expect(hasDelivery(reloaded, name, t0 + 1, limits)).toBe(true);
		expect(reloaded.size).toBe(3);
	});

	it('validates a stored ledger when reading: drops entries whose value is not a number, keeps the rest', () => {
		const stored = JSON.parse(
			`{"version":1,"entries":{"__proto__":{"x":1},"ok":${t0},"text":"1","nan":null,"constructor":${t0}},"size":99,"prunedAt":${t0}}`,
		) as unknown;
		const ledger = readLedger(stored, t0);
		expect(Object.keys(ledger.entries).sort()).toEqual(['constructor', 'ok']);
		expect(ledger.size).toBe(2);
		recordDelivery(ledger, 'later', t0, limits);
		expect(JSON.parse(JSON.stringify(ledger)).entries).toEqual({
			ok: t0,
			constructor: t0,
			later: t0,
		});
	});

	it('never mistakes Object.prototype names for recorded keys', () => {
		const ledger = emptyLedger(t0);
		for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
			expect(hasDelivery(ledger, name, t0, limits)).toBe(false);
		}
	});

	it('stays within its size, dropping the oldest first', () => {
		const ledger = emptyLedger(t0);
		for (let index = 0; index < 1000; index += 1)
			recordDelivery(ledger, `key-${index}`, t0, limits);
		expect(ledger.size).toBeLessThanOrEqual(limits.maxEntries);
		expect(Object.keys(ledger.entries)).toHaveLength(ledger.size);
		expect(hasDelivery(ledger, 'key-999', t0, limits)).toBe(true);
		expect(hasDelivery(ledger, 'key-0', t0, limits)).toBe(false);
	});

	it('prunes expired entries as time passes', () => {
		const ledger = emptyLedger(t0);
		for (let index = 0; index < 50; index += 1) recordDelivery(ledger, `old-${index}`, t0, limits);
		recordDelivery(ledger, 'new', t0 + 3600, limits);
		expect(ledger.size).toBe(1);
		expect(Object.keys(ledger.entries)).toEqual(['new']);
	});

	it('re-recording a key moves it to the young end', () => {
		const ledger = emptyLedger(t0);
		recordDelivery(ledger, 'a', t0, limits);
		recordDelivery(ledger, 'b', t0, limits);
		recordDelivery(ledger, 'a', t0 + 10, limits);
		expect(Object.keys(ledger.entries)).toEqual(['b', 'a']);
		expect(ledger.size).toBe(2);
	});

	it('survives a JSON round trip, as n8n stores static data', () => {
		const ledger = emptyLedger(t0);
		recordDelivery(ledger, digestDeliveryKey('one'), t0, limits);
		const reloaded = readLedger(JSON.parse(JSON.stringify(ledger)), t0);
		expect(hasDelivery(reloaded, digestDeliveryKey('one'), t0 + 1, limits)).toBe(true);
	});

	it('costs at most 64 bytes of static data per entry', () => {
		const ledger = emptyLedger(t0);
		const big = { maxEntries: 10_000, ttlSeconds: 86_400 };
		for (let index = 0; index < 10_000; index += 1)
			recordDelivery(ledger, digestDeliveryKey(`delivery-${index}`), t0, big);
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
		expect(readLedger(stored, t0)).toEqual(emptyLedger(t0));
	});
});

describe('merging ledgers: pruning by age, whatever the order of arrival', () => {
	it("merging another worker's older keys evicts those older keys, not this worker's newest ones", () => {
		const live = new LiveLedgers();
		const merged = emptyLedger(t0);
		const mine = Array.from({ length: 60 }, (_, index) => `mine-${index}`);
		const theirs = Array.from({ length: 60 }, (_, index) => `theirs-${index}`);
		// The other worker saved 60 keys first-seen an hour ago.
		theirs.forEach((key, index) => {
			merged.entries[key] = t0 - 3600 + index;
		});
		merged.size = theirs.length;
		const now = t0;
		live.merge('scope', undefined, now, limits);
		mine.forEach((key) => live.record('scope', key, 'exec', now, limits));
		// Their save arrives after: 120 keys, over the size limit of 100.
		const ledger = live.merge('scope', merged, now, limits);
		expect(ledger.size).toBeLessThanOrEqual(limits.maxEntries);
		for (const key of mine) expect(hasDelivery(ledger, key, now, limits)).toBe(true);
		// What goes are the oldest of theirs; their newest are kept as room allows.
		expect(hasDelivery(ledger, 'theirs-0', now, limits)).toBe(false);
		expect(hasDelivery(ledger, 'theirs-59', now, limits)).toBe(true);
		expect(ledger.size).toBe(Object.keys(ledger.entries).length);
	});

	it('pruneLedger drops the earliest first-seen entries even when they were inserted last', () => {
		const ledger = emptyLedger(t0);
		for (let index = 0; index < 100; index++) ledger.entries[`young-${index}`] = t0 + index;
		for (let index = 0; index < 20; index++) ledger.entries[`old-${index}`] = t0 - 100 + index;
		ledger.size = 120;
		pruneLedger(ledger, t0 + 100, limits);
		expect(ledger.size).toBe(90);
		expect(Object.keys(ledger.entries)).toHaveLength(90);
		// 30 go: the 20 old ones, then the 10 earliest young ones.
		for (let index = 0; index < 20; index++) expect(ledger.entries[`old-${index}`]).toBeUndefined();
		for (let index = 0; index < 10; index++)
			expect(ledger.entries[`young-${index}`]).toBeUndefined();
		for (let index = 10; index < 100; index++)
			expect(ledger.entries[`young-${index}`]).toBe(t0 + index);
	});

	it('among entries first seen in the same second, the earliest inserted go first', () => {
		const ledger = emptyLedger(t0);
		for (let index = 0; index < 101; index++) ledger.entries[`same-${index}`] = t0;
		ledger.size = 101;
		pruneLedger(ledger, t0, limits);
		expect(Object.keys(ledger.entries)).toEqual(
			Array.from({ length: 90 }, (_, index) => `same-${index + 11}`),
		);
		expect(ledger.size).toBe(90);
	});
});

describe('stored form (version 2, packed)', () => {
	const digests = Array.from({ length: 50 }, (_, index) =>
		digestDeliveryKey(`MeetBit:id:${index}`),
	);

	it('stores digests packed, about 27 characters an entry, and reads them back with their times and order', () => {
		const ledger = emptyLedger(t0);
		digests.forEach((digest, index) => recordDelivery(ledger, digest, t0 + index * 7, limits));
		const stored = JSON.parse(JSON.stringify({ deliveryLedger: ledger })).deliveryLedger;
		expect(stored).toMatchObject({ version: 2, base: t0, size: 50, prunedAt: ledger.prunedAt });
		expect(typeof stored.entries).toBe('string');
		expect(stored.entries).toHaveLength(50 * 27);
		const reloaded = readLedger(stored, t0);
		expect(Object.entries(reloaded.entries)).toEqual(Object.entries(ledger.entries));
		expect(reloaded.size).toBe(50);
		expect(hasDelivery(reloaded, digests[49], t0 + 343, limits)).toBe(true);
		// A reloaded ledger stores itself packed again: the same text.
		expect(JSON.parse(JSON.stringify(reloaded))).toEqual(stored);
	});

	it('keeps the order by time after a round trip (pruning goes by time)', () => {
		const ledger = emptyLedger(t0);
		recordDelivery(ledger, digests[0], t0 + 100, limits);
		recordDelivery(ledger, digests[1], t0 + 5, limits); // a merged, older key at the young end
		recordDelivery(ledger, digests[2], t0 + 50, limits);
		const reloaded = readLedger(JSON.parse(JSON.stringify(ledger)), t0);
		expect(reloaded.entries[digests[0]]).toBe(t0 + 100);
		expect(reloaded.entries[digests[1]]).toBe(t0 + 5);
		// Over a limit of 2, pruning keeps 1: the newest by time, not the last inserted.
		pruneLedger(reloaded, t0 + 200, { maxEntries: 2, ttlSeconds: 3600 });
		expect(Object.keys(reloaded.entries)).toEqual([digests[0]]);
	});

	it('times up to 34 years apart; beyond that, or keys that are not digests, or fractional times: stored as version 1', () => {
		const wide = emptyLedger(t0);
		recordDelivery(wide, digests[0], 0, { ...limits, ttlSeconds: 4e9 });
		recordDelivery(wide, digests[1], 64 ** 5 - 1, { ...limits, ttlSeconds: 4e9 });
		const packed = JSON.parse(JSON.stringify(wide));
		expect(packed.version).toBe(2);
		expect(readLedger(packed, t0).entries[digests[1]]).toBe(64 ** 5 - 1);
		recordDelivery(wide, digests[2], 64 ** 5, { ...limits, ttlSeconds: 4e9 });
		expect(JSON.parse(JSON.stringify(wide))).toMatchObject({ version: 1, size: 3 });

		const named = emptyLedger(t0);
		recordDelivery(named, 'not-a-digest', t0, limits);
		expect(JSON.parse(JSON.stringify(named))).toEqual({
			version: 1,
			entries: { 'not-a-digest': t0 },
			size: 1,
			prunedAt: t0,
		});
		const fractional = emptyLedger(t0);
		recordDelivery(fractional, digests[0], t0 + 0.5, limits);
		expect(JSON.parse(JSON.stringify(fractional)).version).toBe(1);
	});

	it('an empty ledger packs to an empty string and reads back empty', () => {
		const stored = JSON.parse(JSON.stringify(emptyLedger(t0)));
		expect(stored).toEqual({ version: 2, base: 0, entries: '', size: 0, prunedAt: t0 });
		expect(readLedger(stored, t0)).toEqual(emptyLedger(t0));
	});

	it('still reads version 1 as stored before, and stores it packed from then on', () => {
		const v1 = JSON.parse(
			`{"version":1,"entries":{"${digests[0]}":${t0},"${digests[1]}":${t0 + 1}},"size":2,"prunedAt":${t0}}`,
		) as unknown;
		const ledger = readLedger(v1, t0);
		expect(hasDelivery(ledger, digests[1], t0 + 2, limits)).toBe(true);
		expect(ledger.size).toBe(2);
		expect(JSON.parse(JSON.stringify(ledger))).toMatchObject({ version: 2, size: 2 });
	});

	it('a malformed packed ledger starts afresh instead of throwing', () => {
		for (const entries of ['short', `${digests[0]}AAA!A`, `${digests[0]}AAAAA${digests[1]}`]) {
			expect(readLedger({ version: 2, base: t0, entries, size: 1, prunedAt: t0 }, t0)).toEqual(
				emptyLedger(t0),
			);
		}
		expect(readLedger({ version: 2, base: 'x', entries: '', size: 0, prunedAt: t0 }, t0).size).toBe(
			0,
		);
	});

	it('a repeated digest in the packed text counts once (the later time wins)', () => {
		const text = `${digests[0]}AAAAA${digests[0]}AAAAB`;
		const ledger = readLedger({ version: 2, base: t0, entries: text, size: 2, prunedAt: t0 }, t0);
		expect(hasDelivery(ledger, digests[0], t0 + 3600, limits)).toBe(true); // t0 + 1 + 3600 > now
		expect(ledger.entries[digests[0]]).toBe(t0 + 1);
		expect(ledger.size).toBe(1); // counted again once unpacked
	});

	it('looks a digest up in the packed text without unpacking, with the same answers as unpacked', () => {
		const ledger = emptyLedger(t0);
		digests.forEach((digest, index) => recordDelivery(ledger, digest, t0 + index, limits));
		const stored = JSON.parse(JSON.stringify(ledger));
		const unread = readLedger(stored, t0);
		const unpacked = readLedger(stored, t0);
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
			expect(hasDelivery(unread, digest, now, limits)).toBe(
				hasDelivery(unpacked, digest, now, limits),
			);
		}
		expect(hasDelivery(unread, digests[49], t0 + 3648, limits)).toBe(true);
		expect(hasDelivery(unread, straddling, t0, limits)).toBe(false);
		// Still unread: it stores the text it was read from, as it was.
		expect(JSON.parse(JSON.stringify(unread))).toEqual(stored);
		// Recording unpacks it first.
		recordDelivery(unread, digestDeliveryKey('new'), t0 + 60, limits);
		expect(unread.size).toBe(51);
		expect(hasDelivery(unread, digests[0], t0 + 60, limits)).toBe(true);
	});

	it('LiveLedgers merges a packed stored ledger like a version 1 one', () => {
		const source = emptyLedger(t0);
		recordDelivery(source, digests[3], t0, limits);
		const live = new LiveLedgers();
		const merged = live.merge('s', readLedger(JSON.parse(JSON.stringify(source)), t0), t0, limits);
		expect(hasDelivery(merged, digests[3], t0 + 1, limits)).toBe(true);
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
		const read = jest.spyOn(ledgerModule, 'readLedger');
		const ledger = live.merge('s', loaded(db), now, limits);
		expect(read).not.toHaveBeenCalled();
		for (let index = 0; index < 20; index++)
			expect(hasDelivery(ledger, digestOf(`own-${index}`), now, limits)).toBe(true);
		// What the stored ledger answers is what the live one answers.
		const stored = readLedger(loaded(db), now);
		for (let index = 0; index < 20; index++)
			expect(hasDelivery(stored, digestOf(`own-${index}`), now, limits)).toBe(true);
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
		const read = jest.spyOn(ledgerModule, 'readLedger');
		const ledger = mine.merge('s', loaded(db), now, limits);
		expect(read).toHaveBeenCalledTimes(1);
		expect(hasDelivery(ledger, digestOf('theirs-1'), now, limits)).toBe(true);
		mine.record('s', digestOf('mine-2'), 'a-2', now, limits);
		db = saved(ledger);
		const reloaded = readLedger(loaded(db), now);
		for (const name of ['mine-1', 'theirs-1', 'mine-2'])
			expect(hasDelivery(reloaded, digestOf(name), now, limits)).toBe(true);
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
		const read = jest.spyOn(ledgerModule, 'readLedger');
		live.merge('s', loaded(older), now, limits);
		expect(read).toHaveBeenCalledTimes(1);
		// Same length, same base, the second record's digest swapped for another process's key.
		const stored = loaded(last) as { entries: string };
		const foreign = digestOf('foreign');
		stored.entries = stored.entries.slice(0, 27) + foreign + stored.entries.slice(27 + 22);
		expect(live.merge('s', stored, now, limits)).toBe(ledger);
		expect(read).toHaveBeenCalledTimes(2);
		expect(hasDelivery(ledger, foreign, now, limits)).toBe(true);
	});

	it('a ledger saved after every record stores the same text as one packed whole, through records, re-records, prunes and merges', () => {
		const small: LedgerLimits = { maxEntries: 30, ttlSeconds: 600 };
		const ledger = emptyLedger(t0);
		const other = emptyLedger(t0);
		let now = t0;
		let seed = 7;
		const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
		for (let step = 0; step < 400; step++) {
			now += Math.floor(random() * 20);
			const choice = random();
			if (choice < 0.7) recordDelivery(ledger, digestOf(`k-${step}`), now, small);
			else if (choice < 0.8) recordDelivery(ledger, digestOf(`k-${step - 3}`), now, small);
			else if (choice < 0.85) recordDelivery(ledger, `not-a-digest-${step}`, now, small);
			else if (choice < 0.9) pruneLedger(ledger, now, small);
			else {
				recordDelivery(other, digestOf(`o-${step}`), now - 5, small);
				mergeLedger(ledger, other, now, small);
			}
			const incremental = JSON.stringify(ledger);
			// The same entries in a new ledger, packed whole.
			const copy = emptyLedger(ledger.prunedAt);
			for (const digest of Object.keys(ledger.entries))
				copy.entries[digest] = ledger.entries[digest];
			copy.size = ledger.size;
			expect(incremental).toBe(JSON.stringify(copy));
		}
	});

	it('entries replaced or changed by hand are packed whole again, not from the kept text', () => {
		const ledger = emptyLedger(t0);
		recordDelivery(ledger, digestOf('a'), t0, limits);
		JSON.stringify(ledger);
		ledger.entries[digestOf('b')] = t0 + 1;
		ledger.size += 1;
		const both = readLedger(JSON.parse(JSON.stringify(ledger)), t0);
		expect(hasDelivery(both, digestOf('b'), t0 + 2, limits)).toBe(true);
		ledger.entries = Object.assign(Object.create(null) as Record<string, number>, {
			[digestOf('c')]: t0,
		});
		ledger.size = 1;
		const replaced = readLedger(JSON.parse(JSON.stringify(ledger)), t0);
		expect(Object.keys(replaced.entries)).toEqual([digestOf('c')]);
	});
});
