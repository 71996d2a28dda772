import { reject, type Rejection } from './rejection';

const ISO_8601 =
	/^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:?\d{2})$/;
const UNIX_NUMBER = /^\d{1,16}$/;
/** Unix timestamps at or above this are taken as milliseconds (it is the year 33658 in seconds). */
const MILLISECONDS_FROM = 1e12;

/**
 * Parses an ISO-8601 date-time with an explicit offset, or unix seconds / milliseconds, into
 * epoch milliseconds. Anything else (no offset, out-of-range fields, garbage) is `undefined`.
 */
export function parseTimestamp(value: string): number | undefined {
	const text = value.trim();
	if (UNIX_NUMBER.test(text)) {
		const number = Number(text);
		return number >= MILLISECONDS_FROM ? number : number * 1000;
	}
	const match = ISO_8601.exec(text);
	if (match === null) return undefined;
	const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
	// Out-of-range fields (2024-02-31, 24:00) are refused: Date.UTC would roll them over, and a real
	// sender never writes them. Years below 100 too: Date.UTC reads them as 1900 + year.
	if (
		year < 100 ||
		month < 1 ||
		month > 12 ||
		day < 1 ||
		day > daysInMonth(year, month) ||
		hour > 23 ||
		minute > 59 ||
		second > 59
	) {
		return undefined;
	}
	const fraction = match[7];
	const millis = fraction === undefined ? 0 : Number(`${fraction}00`.slice(0, 3));
	const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
	return utc - offsetMinutes(match[8]) * 60_000;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

function offsetMinutes(offset: string): number {
	if (offset === 'Z' || offset === 'z') return 0;
	const digits = offset.replace(':', '');
	const sign = digits[0] === '-' ? -1 : 1;
	return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

export interface TimestampWithinWindow {
	ok: true;
	/** Seconds between when the sender stamped the delivery and now; negative if it is from the future. */
	ageSeconds: number;
}

/**
 * Accepts a timestamp no more than `toleranceSeconds` in the past or the future of `nowMs`
 * (the bound itself included). Replayed deliveries fail here once they are older than the window.
 */
export function checkTimestampWindow(check: {
	header: string;
	value: string;
	nowMs: number;
	toleranceSeconds: number;
}): TimestampWithinWindow | Rejection {
	const sentAt = parseTimestamp(check.value);
	if (sentAt === undefined) {
		return reject(
			401,
			'malformed_timestamp',
			`The ${check.header} header is not a timestamp (expected ISO 8601 with a time zone, such as 2024-08-22T01:04:05Z, or unix seconds). Requests that do not come from the provider are rejected; if this is a real delivery, check that no proxy in front of n8n rewrites the header.`,
			`the ${check.header} header`,
		);
	}
	const ageSeconds = Math.round((check.nowMs - sentAt) / 1000);
	const ageMs = check.nowMs - sentAt;
	const toleranceMs = check.toleranceSeconds * 1000;
	if (ageMs > toleranceMs) {
		return reject(
			401,
			'timestamp_too_old',
			`The ${check.header} header is ${ageSeconds} seconds old; deliveries older than ${check.toleranceSeconds} seconds are rejected to prevent replays. If this delivery is genuine, check this server's clock or raise the Timestamp Tolerance option.`,
			`the ${check.header} header; this server's clock; the Timestamp Tolerance option`,
		);
	}
	if (-ageMs > toleranceMs) {
		return reject(
			401,
			'timestamp_too_new',
			`The ${check.header} header is ${-ageSeconds} seconds in the future; more than ${check.toleranceSeconds} seconds of clock skew is rejected. If this delivery is genuine, check this server's clock or raise the Timestamp Tolerance option.`,
			`the ${check.header} header; this server's clock; the Timestamp Tolerance option`,
		);
	}
	return { ok: true, ageSeconds };
}
