import fc from 'fast-check';
import { z } from 'zod';

import { crossProcessClaims } from '../../nodes/core/dedupe';
import { processDelivery, type DeliveryPolicy } from '../../nodes/core/delivery';
import { emptyLedger, recordDelivery } from '../../nodes/core/ledger';
import type { ProviderProfile } from '../../nodes/core/profile';
import { RecentDeliveries } from '../../nodes/core/recentDeliveries';

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

/** Records the key at `startMs` (as the execution would), then asks again `afterSeconds` later in a fresh process. */
function seenAgainAfter(afterSeconds: number, windowOf?: (payload: Payload) => number | undefined) {
	const first = processDelivery(
		profile(windowOf),
		{ rawBody: body, headers: {}, nowMs: startMs },
		policy(new RecentDeliveries()),
	);
	if (!first.ok || first.action !== 'start') throw new Error('first delivery should start');
	const ledger = recordDelivery(
		emptyLedger(startMs / 1000),
		first.metadata.dedupeKey,
		startMs / 1000,
		limits,
	);
	const later = processDelivery(
		profile(windowOf),
		{ rawBody: body, headers: {}, nowMs: startMs + afterSeconds * 1000 },
		{
			...policy(new RecentDeliveries()),
			dedupe: { ledger, limits, recent: new RecentDeliveries(), scope: 's' },
		},
	);
	return later.ok && later.action === 'ignore' && later.reason === 'duplicate';
}

const limits = { maxEntries: 100, ttlSeconds: 3600 };
function policy(recent: RecentDeliveries): DeliveryPolicy {
	return {
		secrets: [],
		secretHint: 'none',
		allowUnsigned: true,
		toleranceSeconds: 300,
		events: 'any',
		dedupe: { ledger: emptyLedger(startMs / 1000), limits, recent, scope: 's' },
	};
}

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
		const recent = new RecentDeliveries();
		const deliver = (nowMs: number, windowOf: () => number) => {
			const outcome = processDelivery(
				profile(windowOf),
				{ rawBody: body, headers: {}, nowMs },
				policy(recent),
			);
			return outcome.ok && outcome.action === 'start';
		};
		expect(deliver(startMs, () => 60)).toBe(true);
		expect(deliver(startMs + 59_000, () => 60)).toBe(false);
		expect(deliver(startMs + 61_000, () => 60)).toBe(true);
		expect(deliver(startMs + 200_000, () => 0)).toBe(true);
		expect(deliver(startMs + 200_000, () => 0)).toBe(true);
	});
});

describe('crossProcessClaims: a sliding window from two offset calendar grids (issue 12 defect 7)', () => {
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
