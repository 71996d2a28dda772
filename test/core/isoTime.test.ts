import fc from 'fast-check';

import { isoTime } from '../../nodes/core/isoTime';

describe('isoTime', () => {
	it('prints every time exactly as toISOString does, in any order of calls', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.oneof(
						fc.integer({ min: -62_198_755_200_000, max: 253_402_300_799_999 }), // years 0 to 9999
						fc.integer({ min: 1_790_000_000_000, max: 1_790_000_003_000 }), // many in one second
						fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }), // any Date
					),
					{ minLength: 1, maxLength: 50 },
				),
				(times) => {
					for (const ms of times) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
				},
			),
			{ numRuns: 2000 },
		);
	});

	it('pads the milliseconds', () => {
		const second = Date.UTC(2026, 10, 30, 12, 0, 0);
		expect(isoTime(second)).toBe('2026-11-30T12:00:00.000Z');
		expect(isoTime(second + 7)).toBe('2026-11-30T12:00:00.007Z');
		expect(isoTime(second + 42)).toBe('2026-11-30T12:00:00.042Z');
		expect(isoTime(second + 999)).toBe('2026-11-30T12:00:00.999Z');
		expect(isoTime(second - 1)).toBe('2026-11-30T11:59:59.999Z');
	});
});
