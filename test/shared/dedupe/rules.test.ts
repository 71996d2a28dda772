import fc from 'fast-check';
import { z } from 'zod';

import { processDelivery, type DeliveryPolicy } from '../../../nodes/core/delivery';
import type { ProviderProfile } from '../../../nodes/core/profile';
import { Ledger } from '../../../nodes/shared/dedupe/ledger';
import { RecentDeliveries } from '../../../nodes/shared/dedupe/recentDeliveries';
import { admitKey, crossProcessClaims, keyWindow } from '../../../nodes/shared/dedupe/rules';

// ProviderProfile.dedupeWindowSecondsOf: a shorter window for some keys, the trigger's otherwise.
const schema = z.object({ kind: z.string() }).passthrough();
type Payload = z.infer<typeof schema>;

function profile(windowOf?: (payload: Payload) => number | undefined): ProviderProfile<Payload> {
	return {
		provider: 'Test',
		schema,
		eventOf: (payload) => payload.kind,
		deliveryKeyOf: ({ rawBody }) => rawBody.toString('utf8'),
		...(windowOf === undefined ? {} : { dedupeWindowSecondsOf: windowOf }),
	};
}

const body = Buffer.from('{"kind":"short"}');
const startMs = Date.UTC(2026, 0, 1);

/** Reads the delivery at `nowMs`, then admits it as webhook() does: true if it would start. */
function admitted(
	nowMs: number,
	windowOf: ((payload: Payload) => number | undefined) | undefined,
	dedupe: { ledger: Ledger; recent: RecentDeliveries },
): boolean {
	const outcome = processDelivery(profile(windowOf), { rawBody: body, headers: {}, nowMs }, policy);
	if (!outcome.ok || outcome.action !== 'start') throw new Error('the delivery should be read');
	return admitKey({ ...dedupe, scope: 's' }, keyWindow(outcome.identity, limits.ttlSeconds), nowMs);
}

/** Records the key at `startMs` (as the execution would), then asks again `afterSeconds` later in a fresh process. */
function seenAgainAfter(afterSeconds: number, windowOf?: (payload: Payload) => number | undefined) {
	const ledger = Ledger.empty(startMs / 1000);
	expect(admitted(startMs, windowOf, { ledger, recent: new RecentDeliveries() })).toBe(true);
	const outcome = processDelivery(
		profile(windowOf),
		{ rawBody: body, headers: {}, nowMs: startMs },
		policy,
	);
	if (!outcome.ok || outcome.action !== 'start') throw new Error('the delivery should be read');
	ledger.record(outcome.identity.key, startMs / 1000, limits);
	return !admitted(startMs + afterSeconds * 1000, windowOf, {
		ledger,
		recent: new RecentDeliveries(),
	});
}

const limits = { maxEntries: 100, ttlSeconds: 3600 };
const policy: DeliveryPolicy = {
	secrets: [],
	secretHint: 'none',
	allowUnsigned: true,
	toleranceSeconds: 300,
	events: 'any',
};

describe('per-key dedupe window', () => {
	it('keeps the trigger window when the profile has none (unchanged default)', () => {
		expect(seenAgainAfter(3000)).toBe(true);
		expect(seenAgainAfter(3600)).toBe(false);
	});

	it('shortens the window for the keys the profile names, in the ledger', () => {
		expect(seenAgainAfter(59, () => 60)).toBe(true);
		expect(seenAgainAfter(60, () => 60)).toBe(false);
		expect(seenAgainAfter(3000, () => undefined)).toBe(true);
	});

	it('never lengthens it beyond the trigger window', () => {
		expect(seenAgainAfter(3600, () => 7200)).toBe(false);
	});

	it('shortens the in-process guard too, and 0 turns dedupe off for those keys', () => {
		const dedupe = { ledger: Ledger.empty(startMs / 1000), recent: new RecentDeliveries() };
		const deliver = (nowMs: number, windowOf: () => number) => admitted(nowMs, windowOf, dedupe);
		expect(deliver(startMs, () => 60)).toBe(true);
		expect(deliver(startMs + 59_000, () => 60)).toBe(false);
		expect(deliver(startMs + 61_000, () => 60)).toBe(true);
		expect(deliver(startMs + 200_000, () => 0)).toBe(true);
		expect(deliver(startMs + 200_000, () => 0)).toBe(true);
	});
});

describe('crossProcessClaims: a sliding window from two offset calendar grids', () => {
	const shares = (window: number, first: number, second: number) => {
		const earlier = new Set(crossProcessClaims('k', window, first));
		return crossProcessClaims('k', window, second).some((value) => earlier.has(value));
	};

	it('copies less than half a window apart always share a claim; a window or more apart never', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 30 * 86_400 }),
				fc.integer({ min: 0, max: 4_000_000_000 }),
				fc.double({ min: 0, max: 3, noNaN: true }),
				(window, first, fraction) => {
					const gap = Math.floor(fraction * window);
					const together = shares(window, first, first + gap);
					if (gap < window / 2) expect(together).toBe(true);
					if (gap >= window) expect(together).toBe(false);
				},
			),
		);
	});

	it('2 s apart across UTC midnight with a 24 h window: one claim; a window of 0 claims nothing', () => {
		const midnight = Date.UTC(2026, 11, 1) / 1000;
		expect(shares(86_400, midnight - 1, midnight + 1)).toBe(true);
		expect(crossProcessClaims('k', 0, midnight)).toEqual([]);
	});
});
