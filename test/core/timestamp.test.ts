import fc from 'fast-check';

import { checkTimestampWindow, parseTimestamp } from '../../nodes/core/timestamp';

const now = Date.parse('2024-08-22T01:04:05Z');
const window = (value: string, toleranceSeconds = 300) =>
	checkTimestampWindow({ header: 'X-Webhook-Timestamp', value, nowMs: now, toleranceSeconds });

describe('parseTimestamp', () => {
	it.each([
		['2024-08-22T01:04:05Z', now],
		['2024-08-22T01:04:05.250Z', now + 250],
		['2024-08-22T01:04:05.123456789Z', now + 123],
		['2024-08-22T03:04:05+02:00', now],
		['2024-08-21T20:04:05-0500', now],
		['2024-08-22 01:04:05z', now],
		['1724288645', now],
		['1724288645000', now],
	])('reads %s', (value, expected) => {
		expect(parseTimestamp(value)).toBe(expected);
	});

	it.each([
		'',
		'yesterday',
		'2024-08-22',
		'2024-08-22T01:04:05', // no zone: ambiguous
		'2024-02-30T01:04:05Z',
		'2024-08-22T24:00:00Z',
		'2024-08-22T01:60:00Z',
		'-1724288645',
		'1724288645.5e3',
		'0x66c68f45',
		'99999999999999999',
		'２０２４-08-22T01:04:05Z',
	])('refuses %p', (value) => {
		expect(parseTimestamp(value)).toBeUndefined();
	});
});

describe('parseTimestamp against a Date round trip', () => {
	/** The calendar check done the slow way: Date.UTC rolls impossible fields over, so they do not survive. */
	const reference = (fields: number[], fraction: string) => {
		const [year, month, day, hour, minute, second] = fields;
		const utc = Date.UTC(
			year,
			month - 1,
			day,
			hour,
			minute,
			second,
			Number(fraction.padEnd(3, '0').slice(0, 3)),
		);
		const date = new Date(utc);
		const survives =
			date.getUTCFullYear() === year &&
			date.getUTCMonth() === month - 1 &&
			date.getUTCDate() === day &&
			hour <= 23 &&
			minute <= 59 &&
			second <= 59;
		return survives ? utc : undefined;
	};
	const pad = (value: number, width: number) => String(value).padStart(width, '0');

	it('agrees on every field combination, valid or not (leap years, month ends, years below 100)', () => {
		fc.assert(
			fc.property(
				fc.tuple(
					fc.oneof(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1600, max: 2500 })),
					fc.integer({ min: 0, max: 13 }),
					fc.integer({ min: 0, max: 32 }),
					fc.integer({ min: 0, max: 25 }),
					fc.integer({ min: 0, max: 61 }),
					fc.integer({ min: 0, max: 61 }),
				),
				fc.constantFrom('', '5', '25', '250', '123456789'),
				(fields, fraction) => {
					const [year, month, day, hour, minute, second] = fields;
					const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction === '' ? '' : `.${fraction}`}Z`;
					expect(parseTimestamp(text)).toBe(reference(fields, fraction));
				},
			),
			{ numRuns: 5000 },
		);
	});

	it('knows 29 February in leap years only', () => {
		expect(parseTimestamp('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
		expect(parseTimestamp('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29));
		expect(parseTimestamp('1900-02-29T00:00:00Z')).toBeUndefined();
		expect(parseTimestamp('2023-02-29T00:00:00Z')).toBeUndefined();
	});
});

describe('checkTimestampWindow', () => {
	it('accepts now and reports the age', () => {
		expect(window('2024-08-22T01:04:05Z')).toEqual({ ok: true, ageSeconds: 0 });
		expect(window('2024-08-22T01:03:05Z')).toEqual({ ok: true, ageSeconds: 60 });
	});

	it('accepts exactly at the bound, in the past and in the future', () => {
		expect(window('2024-08-22T00:59:05Z')).toEqual({ ok: true, ageSeconds: 300 });
		expect(window('2024-08-22T01:09:05Z')).toEqual({ ok: true, ageSeconds: -300 });
	});

	it('rejects one millisecond past the bound and says how old it was', () => {
		const result = window('2024-08-22T00:59:04.999Z');
		expect(result).toMatchObject({ ok: false, status: 401, code: 'timestamp_too_old' });
		expect(!result.ok && result.message).toMatch(/300 seconds old.*older than 300 seconds/);
	});

	it('rejects a replay from an hour ago with its age', () => {
		const result = window('2024-08-22T00:04:05Z');
		expect(!result.ok && result.message).toContain('3600 seconds old');
	});

	it('rejects a timestamp too far in the future', () => {
		const result = window('2024-08-22T01:10:06Z');
		expect(result).toMatchObject({ ok: false, code: 'timestamp_too_new' });
		expect(!result.ok && result.message).toContain('361 seconds in the future');
	});

	it('honours a configured tolerance', () => {
		expect(window('2024-08-22T01:03:05Z', 30).ok).toBe(false);
		expect(window('2024-08-22T00:04:05Z', 3600).ok).toBe(true);
	});

	it('rejects garbage with an example of what is expected', () => {
		const result = window('not a date');
		expect(result).toMatchObject({ ok: false, code: 'malformed_timestamp' });
		expect(!result.ok && result.message).toContain('2024-08-22T01:04:05Z');
	});
});
