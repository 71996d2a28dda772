import { Ledger, packedTextOf, type LedgerLimits } from './ledger';

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
		{
			ledger: Ledger;
			recordedBy: Map<string, string>;
			/** The last stored ledger (packed) merged in whole: loaded again, it adds nothing. */
			merged?: { base: number; text: string };
		}
	>();

	constructor(private readonly maxScopes = 1000) {}

	/**
	 * The process's ledger for `scope`, with every entry of `stored` (the ledger as loaded from
	 * static data, in either stored form, or as read) merged in.
	 *
	 * The fast path, what an execution of a busy trigger meets: the stored ledger is exactly what
	 * this ledger last stored itself as (the previous execution's save), or what it last merged in
	 * whole. Every entry of it is then in the ledger already, or was pruned from it since by the
	 * ledger's own limits, so merging it again would add nothing the limits keep: it is neither
	 * unpacked nor walked. Any other stored ledger (another process's save in between, a save this
	 * ledger never made) is merged entry by entry.
	 */
	merge(
		scope: string,
		stored: unknown,
		nowSeconds: number,
		limits: LedgerLimits,
		onSizeEviction?: (newestSeenAt: number) => void,
	): Ledger {
		const live = this.liveOf(scope, nowSeconds);
		if (stored === undefined || stored === live.ledger) return live.ledger;
		const packed = packedTextOf(stored);
		if (
			packed !== undefined &&
			(live.ledger.isLastStoredForm(stored) ||
				(live.merged !== undefined &&
					live.merged.base === packed.base &&
					live.merged.text === packed.text))
		)
			return live.ledger;
		const evicted = live.ledger.merge(Ledger.read(stored, nowSeconds), nowSeconds, limits);
		if (evicted !== undefined) onSizeEviction?.(evicted);
		live.merged = packed;
		return live.ledger;
	}

	private liveOf(scope: string, nowSeconds: number) {
		let live = this.scopes.get(scope);
		if (live === undefined) {
			live = { ledger: Ledger.empty(nowSeconds), recordedBy: new Map() };
			this.scopes.set(scope, live);
			for (const [oldest] of this.scopes) {
				if (this.scopes.size <= this.maxScopes) break;
				this.scopes.delete(oldest);
			}
		}
		return live;
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
		if (live === undefined || !live.ledger.has(digest, nowSeconds, limits)) return false;
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
		live.ledger.record(digest, nowSeconds, limits, onSizeEviction);
		live.recordedBy.delete(digest);
		if (executionId !== undefined) live.recordedBy.set(digest, executionId);
		for (const [oldest] of live.recordedBy) {
			if (live.recordedBy.size <= limits.maxEntries) break;
			live.recordedBy.delete(oldest);
		}
	}
}
