/**
 * `new Date(ms).toISOString()`, faster for times in the same second as the previous call: the
 * text up to the seconds is kept and only the milliseconds are appended. Formatting a Date costs
 * about half a microsecond, a noticeable part of an accepted delivery's in-process time; at
 * volume, deliveries share seconds. Same output for every time (tested against toISOString).
 */
export function isoTime(ms: number): string {
	const second = Math.floor(ms / 1000);
	if (second !== cached.second) {
		const text = new Date(ms).toISOString();
		// Years beyond 9999 (or before 0) print with a sign and six digits: not cached.
		if (text.length !== 24) return text;
		cached.second = second;
		cached.prefix = text.slice(0, 20);
	}
	const millis = ms - second * 1000;
	return `${cached.prefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

const cached = { second: Number.NaN, prefix: '' };
