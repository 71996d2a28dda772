import { timingSafeEqual } from 'crypto';

/**
 * Compares two strings without leaking, through timing, how many leading characters match.
 * Unequal lengths return early: the length of what we expect is public (a fixed digest size).
 */
export function constantTimeEqual(actual: string, expected: string): boolean {
	const actualBytes = Buffer.from(actual, 'utf8');
	const expectedBytes = Buffer.from(expected, 'utf8');
	if (actualBytes.length !== expectedBytes.length) return false;
	return timingSafeEqual(actualBytes, expectedBytes);
}
