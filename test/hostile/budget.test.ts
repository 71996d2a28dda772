import { hostileScale, plannedTotal } from './budget';

describe('hostile-input budget', () => {
	it('tries at least 100,000 generated inputs per run, across the three triggers', () => {
		expect(hostileScale).toBeGreaterThanOrEqual(1);
		expect(plannedTotal()).toBeGreaterThanOrEqual(100_000);
	});
});
