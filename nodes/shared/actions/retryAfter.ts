/**
 * The seconds a Retry-After header asks for (RFC 9110: delta-seconds or an HTTP date; a date in
 * the past means now). A negative, empty or unreadable value counts as absent: undefined, so that
 * the caller's own default applies instead of a retry at once.
 */
export function retryAfterSeconds(value: unknown, now: number = Date.now()): number | undefined {
	const raw = Array.isArray(value) ? (value as unknown[])[0] : value;
	if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
	const text = String(raw).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text));
	// Every HTTP-date form starts with the day's name; Date.parse alone would read "-5" as a year.
	if (!/^[A-Za-z]{3}/.test(text)) return undefined;
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, Math.ceil((date - now) / 1000));
}

/** "1 second", "90 seconds". */
export function seconds(count: number): string {
	return `${count} second${count === 1 ? '' : 's'}`;
}
