import {
	emptyLedger,
	hasDelivery,
	pruneLedger,
	recordDelivery,
	type LedgerLimits,
	type LedgerState,
} from '../../core/ledger';

/**
 * One dedupe ledger object per trigger (scope) in this process, shared by all its executions.
 *
 * n8n saves a workflow's static data as one blob at the end of each execution, each from the copy
 * that execution loaded when it started: with executions overlapping, the last to finish drops the
 * keys the others recorded. When every execution of a trigger in a process assigns the same ledger
 * object, every save writes every key this process has recorded so far, whoever saves last. Each
 * execution also merges in the ledger it loaded, so keys recorded elsewhere (another worker, an
 * earlier process) are kept too.
 *
 * The object also remembers which execution recorded each key, so that the trigger's execute()
 * can recognise a copy of a delivery that another execution already took (queue mode: copies
 * reaching different webhook processes), without mistaking its own earlier attempt (a node retry)
 * for one. No timers: bounded by the ledger's own limits and by the number of scopes.
 */
export class LiveLedgers {
	private readonly scopes = new Map<
		string,
		{ ledger: LedgerState; recordedBy: Map<string, string> }
	>();

	constructor(private readonly maxScopes = 1000) {}

	/** The process's ledger for `scope`, with every entry of `stored` (a ledger as loaded from static data) merged in. */
	merge(
		scope: string,
		stored: LedgerState | undefined,
		nowSeconds: number,
		limits: LedgerLimits,
		onSizeEviction?: (newestSeenAt: number) => void,
	): LedgerState {
		let live = this.scopes.get(scope);
		if (live === undefined) {
			live = { ledger: emptyLedger(nowSeconds), recordedBy: new Map() };
			this.scopes.set(scope, live);
			for (const [oldest] of this.scopes) {
				if (this.scopes.size <= this.maxScopes) break;
				this.scopes.delete(oldest);
			}
		}
		if (stored !== undefined && stored !== live.ledger) {
			for (const digest in stored.entries) {
				if (!Object.prototype.hasOwnProperty.call(live.ledger.entries, digest)) {
					live.ledger.entries[digest] = stored.entries[digest];
					live.ledger.size += 1;
				}
			}
			if (live.ledger.size > limits.maxEntries) {
				const evicted = pruneLedger(live.ledger, nowSeconds, limits);
				if (evicted !== undefined) onSizeEviction?.(evicted);
			}
		}
		return live.ledger;
	}

	/** Whether another execution than `executionId` recorded `digest` within `limits.ttlSeconds`. */
	takenByAnother(
		scope: string,
		digest: string,
		executionId: string,
		nowSeconds: number,
		limits: LedgerLimits,
	): boolean {
		const live = this.scopes.get(scope);
		if (live === undefined || !hasDelivery(live.ledger, digest, nowSeconds, limits)) return false;
		return live.recordedBy.get(digest) !== executionId;
	}

	/** The execution that recorded `digest` in this process, if it is remembered. */
	recordedBy(scope: string, digest: string): string | undefined {
		return this.scopes.get(scope)?.recordedBy.get(digest);
	}

	record(
		scope: string,
		digest: string,
		executionId: string | undefined,
		nowSeconds: number,
		limits: LedgerLimits,
		onSizeEviction?: (newestSeenAt: number) => void,
	): void {
		const live = this.scopes.get(scope);
		if (live === undefined) return;
		recordDelivery(live.ledger, digest, nowSeconds, limits, onSizeEviction);
		live.recordedBy.delete(digest);
		if (executionId !== undefined) live.recordedBy.set(digest, executionId);
		for (const [oldest] of live.recordedBy) {
			if (live.recordedBy.size <= limits.maxEntries) break;
			live.recordedBy.delete(oldest);
		}
	}
}
