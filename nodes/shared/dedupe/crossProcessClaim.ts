import type { IExecuteFunctions } from 'n8n-workflow';

/** How many recent claim values n8n's processed-data store keeps per trigger node (two per delivery: `crossProcessClaims`). */
export const CROSS_PROCESS_CLAIMS = 1000;

/**
 * Claims delivery keys in n8n's processed-data store (the `processed_data` table behind the Remove
 * Duplicates node's "previous executions" mode), which every n8n process on one database shares and
 * which is written at once — unlike static data, saved only when the execution ends. In queue mode a
 * copy of a delivery that another worker is executing finds the key here within milliseconds of the
 * original's claim, instead of after the original has finished.
 *
 * The values claimed and what makes them a sliding window: `crossProcessClaims` (nodes/core/dedupe.ts).
 * Returns the claims another execution had already made. n8n reads, merges and writes one row per
 * node, so two copies claiming within the same few milliseconds can both win; and a store error
 * (or an n8n without the helper) claims nothing rather than dropping a genuine delivery.
 */
export async function claimAcrossProcesses(
	context: IExecuteFunctions,
	claims: string[],
): Promise<Set<string>> {
	const check = context.helpers?.checkProcessedAndRecord;
	if (claims.length === 0 || typeof check !== 'function') return new Set();
	const options = { mode: 'entries' as const, maxEntries: CROSS_PROCESS_CLAIMS };
	// The first claim of a node inserts its row: two processes doing that at once collide on the
	// row's key and one fails; on its second attempt the row exists.
	for (let attempt = 1; attempt <= 2; attempt++) {
		try {
			const { processed } = await check.call(context.helpers, claims, 'node', options);
			return new Set(processed.map(String));
		} catch {
			// retried once, then claimed nothing (the static-data ledger still applies)
		}
	}
	return new Set();
}
