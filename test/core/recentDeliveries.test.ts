import { RecentDeliveries } from '../../nodes/core/recentDeliveries';

describe('RecentDeliveries', () => {
	it('lets the first claim of a key through and refuses copies while it lives', () => {
		const recent = new RecentDeliveries();
		expect(recent.claim('k', 0, 1000)).toBe(true);
		expect(recent.claim('k', 999, 1000)).toBe(false);
		expect(recent.claim('k', 1000, 1000)).toBe(true);
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

	it('drops expired claims as new ones arrive', () => {
		const recent = new RecentDeliveries(1000);
		for (let index = 0; index < 100; index += 1) recent.claim(`k${index}`, 0, 10);
		recent.claim('fresh', 20, 10);
		expect(recent.size).toBe(1);
	});
});
