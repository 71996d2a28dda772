import { RecentDeliveries } from '../../../nodes/shared/dedupe/recentDeliveries';

describe('RecentDeliveries', () => {
	it('lets the first claim of a key through and refuses copies while it lives', () => {
		const recent = new RecentDeliveries();
		expect(recent.claim('k', 0, 1000)).toBe(true);
		expect(recent.claim('k', 999, 1000)).toBe(false);
		expect(recent.claim('k', 1000, 1000)).toBe(true);
	});

	it('a claim made while the clock ran ahead by more than the allowed skew does not hold the key once the clock is set back', () => {
		const recent = new RecentDeliveries();
		const twoHours = 2 * 3_600_000;
		expect(recent.claim('k', twoHours, 600_000, 300_000)).toBe(true);
		expect(recent.claim('k', 30 * 60_000, 600_000, 300_000)).toBe(true);
		expect(recent.claim('k', 31 * 60_000, 600_000, 300_000)).toBe(false);
		// Within the skew it holds.
		expect(recent.claim('n', 200_000, 600_000, 300_000)).toBe(true);
		expect(recent.claim('n', 0, 600_000, 300_000)).toBe(false);
	});

	it('gives a claim back on release', () => {
		const recent = new RecentDeliveries();
		recent.claim('k', 0, 1000);
		recent.release('k');
		expect(recent.claim('k', 1, 1000)).toBe(true);
	});

	it('is bounded, evicting the oldest claims', () => {
		const recent = new RecentDeliveries(10);
		for (let index = 0; index < 100; index += 1) recent.claim(`k${index}`, 0, 60_000);
		expect(recent.size).toBe(10);
		expect(recent.claim('k99', 1, 60_000)).toBe(false);
		expect(recent.claim('k0', 1, 60_000)).toBe(true);
	});

	it('drops expired claims in batches as new ones arrive, and never counts them meanwhile', () => {
		const recent = new RecentDeliveries(100_000);
		for (let index = 0; index < 100; index += 1) recent.claim(`k${index}`, 0, 10);
		// Expired but not yet swept: still free to claim.
		expect(recent.claim('k5', 20, 10)).toBe(true);
		for (let index = 0; index < 1024; index += 1) recent.claim(`fresh${index}`, 20, 10);
		expect(recent.size).toBeLessThanOrEqual(1025);
		expect(recent.size).toBeGreaterThan(900);
	});

	it('stays bounded when claims only ever arrive (a busy trigger at its bound)', () => {
		const recent = new RecentDeliveries(1000);
		for (let index = 0; index < 20_000; index += 1) {
			expect(recent.claim(`k${index}`, index, 86_400_000)).toBe(true);
			expect(recent.size).toBeLessThanOrEqual(1000);
		}
		// The newest 900 are always kept.
		for (let index = 19_100; index < 20_000; index += 1)
			expect(recent.claim(`k${index}`, 20_000, 86_400_000)).toBe(false);
	});
});
