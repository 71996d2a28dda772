// Small statistics helpers for the benchmarks.
export function median(values) {
	return quantile(values, 0.5);
}

/** Nearest-rank quantile (q in 0..1) of a list of numbers. */
export function quantile(values, q) {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
	return sorted[rank];
}

export const round = (value, digits = 2) =>
	Number.isFinite(value) ? Number(value.toFixed(digits)) : value;

/** Nanoseconds since an arbitrary origin, as a Number (fine for intervals below ~100 days). */
export const nowNs = () => Number(process.hrtime.bigint());

/**
 * CPU time this process has used, in nanoseconds (user + system, all threads: GC helpers count).
 * The in-process benchmarks time batches with it rather than the wall clock, so that other
 * processes competing for the same cores do not inflate a figure (they still share caches).
 */
export const cpuNs = () => {
	const { user, system } = process.cpuUsage();
	return (user + system) * 1000;
};
