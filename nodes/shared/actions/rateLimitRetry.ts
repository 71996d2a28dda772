/** What one request came to: its value, or what it threw. */
export type Outcome<T> = { value: T } | { thrown: unknown };

/**
 * Sends a request, and once more after the seconds `waitBeforeRetry` names for its outcome
 * (undefined: no second try). Meant for a 429, after which the API has not acted on the request,
 * so one more try is safe for changes too. Whether and how long to wait is each provider's
 * rate-limit policy; a second failure is the caller's to report, with `waitedSeconds`.
 */
export async function retryOnceAfterWait<T>(
	send: () => Promise<T>,
	waitBeforeRetry: (outcome: Outcome<T>) => number | undefined,
	sleep: (milliseconds: number) => Promise<void>,
): Promise<{ outcome: Outcome<T>; waitedSeconds: number | undefined }> {
	const attempt = async (): Promise<Outcome<T>> => {
		try {
			return { value: await send() };
		} catch (error) {
			return { thrown: error };
		}
	};
	const first = await attempt();
	const wait = waitBeforeRetry(first);
	if (wait === undefined) return { outcome: first, waitedSeconds: undefined };
	await sleep(wait * 1000);
	return { outcome: await attempt(), waitedSeconds: wait };
}
