/**
 * How many generated inputs each property of the hostile-input suite runs. The sum is what one
 * `jest` run (and so one CI run) tries; `budget.test.ts` checks it stays at 100,000 or more and
 * each property file checks that it ran its share.
 *
 * `npm run test:hostile` multiplies every count by the `hostileRunScale` jest global (see
 * scripts/test-hostile.sh); plain `jest` runs at scale 1.
 */
declare global {
	// Set by jest's `globals` option (scripts/test-hostile.sh); absent in a plain `jest` run.
	var hostileRunScale: number | undefined;
}
export const hostileScale =
	typeof hostileRunScale === 'number' && hostileRunScale > 0 ? hostileRunScale : 1;

export const RUNS = {
	meetBit: {
		mutated: 30_000,
		resplit: 3_000,
		compactOption: 3_000,
		timestamps: 8_000,
		secrets: 6_000,
		genuine: 2_000,
		rawHeaderMaps: 3_000,
	},
	meetGeek: {
		mutated: 20_000,
		secrets: 5_000,
		genuine: 2_000,
		unsigned: 3_000,
		noSecret: 1_000,
	},
	meetergo: {
		mutated: 20_000,
		headerCopies: 3_000,
		noToken: 1_000,
		genuine: 2_000,
	},
	bodies: {
		meetBit: 2_000,
		meetGeek: 2_000,
		meetergo: 2_000,
		large: 60,
	},
} as const;

/** Runs for one property at the current scale. */
export function runs(count: number): number {
	return Math.max(1, Math.round(count * hostileScale));
}

export function plannedTotal(): number {
	let total = 0;
	for (const group of Object.values(RUNS))
		for (const count of Object.values(group)) total += runs(count);
	return total;
}
