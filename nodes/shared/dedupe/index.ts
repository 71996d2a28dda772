/**
 * Dedupe: everything a trigger remembers between requests to drop duplicates, in one folder and
 * two phases. Start here; the files:
 * - `index.ts` (this file): the two phases, `admit` in webhook() and `commit` in execute(), and
 *   `ensureLedger` for activation (`nodes/shared/manualRegistration.ts`, meetergo's registration);
 * - `rules.ts`: how long a key is remembered (`keyWindow`, `claimWindowSeconds`, at least twice
 *   the timestamp tolerance), the guard's decision (`admitKey`), the processed-data claim values;
 * - `ledger.ts`: the ledger kept in the node's static data (`Ledger`: a Map, stored packed);
 * - `liveLedgers.ts`: one ledger per trigger shared by this process's executions;
 * - `recentDeliveries.ts`: the in-process guard;
 * - `crossProcessClaim.ts`: the claim in n8n's processed-data store, shared by every process.
 * What a delivery's key is comes from `nodes/core` (`DeliveryIdentity`, read with the delivery);
 * the trigger's Dedupe options are described in `nodes/shared/options.ts`.
 *
 * How one delivery's state moves:
 *
 *   webhook()   admit(context, delivery)              (synchronous: before any await)
 *     │           runs only after the signature matched (or for a knowingly unsigned delivery):
 *     │           an unauthenticated caller never learns "duplicate"; the key and its window
 *     │           (`claimWindowSeconds`: at least twice the timestamp tolerance) come from core;
 *     │           reads the ledger from the node's static data (n8n loads the stored copy for
 *     │           every production request), asks it and the in-process guard about the key;
 *     │           a copy seen within the key's window → Duplicate (200, no execution);
 *     │           otherwise claims the guard and returns a Claim:
 *     │             { key, windowSeconds, replaySeconds, staticDataLoaded, signed }
 *     │           (a refusal after admit, e.g. meetergo's API check, gives the guard back: release)
 *     ▼
 *   item.json.delivery.claim          the Claim travels with the item n8n hands to the execution;
 *     │                               nothing passes through module globals
 *     ▼
 *   execute()   commitDeliveries(context) → commit(context, claim) per item
 *     │           1. decides once whether this execution's static data is the stored one
 *     │              (`staticDataIsLoaded`; n8n runs executions it finds enqueued at boot without it)
 *     │           2. merges it into this process's live ledger and records the key there, before
 *     │              any await (a copy executing in this process meanwhile stops at step 2); a
 *     │              stored ledger that is exactly what this ledger last saved or merged holds
 *     │              nothing new and is not unpacked (`LiveLedgers.merge`)
 *     │           3. assigns the ledger to static data, if loaded: n8n saves the whole blob when the
 *     │              execution ends (n8n ≥ 2.20 drops changes webhook() made when it starts one)
 *     │           4. claims the key in n8n's processed-data store (`claimAcrossProcesses`), shared
 *     │              by every process on the database and written at once
 *     ▼         → 'recorded' (the item goes on, its claim removed) or 'claimed-elsewhere' (another
 *               execution, in this process or another, took the key first: the item is dropped,
 *               nothing after the trigger runs)
 *
 *   static-data save: n8n writes the execution's whole static-data blob when it ends (not in test
 *   runs); the processed-data claim is already in the database. The next request's admit() reads
 *   the saved ledger. Every save of a loaded execution carries the live ledger, so it never drops
 *   a key another execution of this process recorded.
 *
 * Per-process caches, the only state outside static data (bounded, no timers):
 * - `guard`: the in-process guard (`RecentDeliveries`), keys claimed by webhook() until their
 *   window ends, so copies arriving together in one process start one execution;
 * - `liveLedgers`: one ledger object per trigger shared by this process's executions, so
 *   overlapping executions' whole-blob saves do not drop each other's keys (`LiveLedgers`).
 *
 * Not here: meetergo's registration (webhook id, endpoint, URL token), which activation owns
 * (`nodes/Meetergo/registration.ts`); admit() only reads whether the node's static data holds state.
 *
 * Test runs (mode manual) deduplicate nothing and record nothing: n8n keeps no static data for them.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';

import { isRejectedDeliveryItem, rejectedDeliveryHint } from '../../core/rejection';
import {
	DEDUPE_MEMORY_OPTION_NAME,
	LEDGER_KEY,
	ledgerLimits,
	type DeliveryOptions,
} from '../options';
import { claimAcrossProcesses } from './crossProcessClaim';
import { Ledger, type LedgerLimits } from './ledger';
import { LiveLedgers } from './liveLedgers';
import { RecentDeliveries } from './recentDeliveries';
import { admitKey, clockSkewSeconds, crossProcessClaims, guardKey, type KeyWindow } from './rules';

/** The in-process guard, shared by every trigger in this n8n process. */
const guard = new RecentDeliveries();

/** The ledgers of every trigger executing in this n8n process (main in regular mode, a worker in queue mode). */
const liveLedgers = new LiveLedgers();

/** What webhook() hands execute() about a delivery's dedupe: travels as `delivery.claim`. */
export interface Claim {
	/** The delivery's digest (`deliveryKey`), also output as `delivery.dedupeKey`. */
	key: string;
	/** How long the key is remembered (`claimWindowSeconds`); 0: not deduplicated. */
	windowSeconds: number;
	/** Past plus future timestamp tolerance, where the timestamp was checked: keys younger than this must not be forgotten. */
	replaySeconds: number;
	/**
	 * Whether the node's static data webhook() was given (the stored copy) held this trigger's
	 * state (a ledger, meetergo's registration). execute() counts its own copy as loaded only if it
	 * holds state too, or if there was none to hold: one decision, `staticDataIsLoaded`.
	 */
	staticDataLoaded: boolean;
	/** Whether the delivery's signature was verified (false for MeetGeek's Authentication "None" and for meetergo). */
	signed: boolean;
	/**
	 * meetergo: the delivery came in with a URL token the stored registration did not hold, so
	 * execute() reads the registration back from meetergo (`keepRegistrationCurrent`).
	 */
	registrationOutdated?: boolean;
}

export type Admission =
	| { duplicate: true }
	| {
			duplicate: false;
			claim: Claim;
			/** Gives the in-process guard back, for a delivery refused after admission. */
			release: () => void;
	  };

/**
 * Phase one, in webhook(): is this delivery new? Synchronous, so the guard is claimed before any
 * await. Call it only for a delivery whose signature was verified (or that is knowingly unsigned):
 * an unauthenticated caller must never learn "duplicate".
 */
export function admit(
	context: IWebhookFunctions,
	delivery: KeyWindow & { signed: boolean; nowMs: number },
): Admission {
	const staticData = context.getWorkflowStaticData('node');
	const claim: Claim = {
		key: delivery.key,
		windowSeconds: delivery.windowSeconds,
		replaySeconds: delivery.replaySeconds,
		staticDataLoaded: holdsState(staticData),
		signed: delivery.signed,
	};
	// Test runs keep no static data, and a developer resends the same sample on purpose.
	if (context.getMode() === 'manual') return { duplicate: false, claim, release: () => {} };
	const scope = scopeOf(context);
	const ledger = Ledger.read(staticData[LEDGER_KEY], Math.floor(delivery.nowMs / 1000));
	if (!admitKey({ ledger, recent: guard, scope }, claim, delivery.nowMs))
		return { duplicate: true };
	return { duplicate: false, claim, release: () => guard.release(guardKey(scope, claim.key)) };
}

/** Activation (`checkExists`): gives the node's static data an empty ledger if it has none. */
export function ensureLedger(staticData: IDataObject): void {
	if (staticData[LEDGER_KEY] === undefined)
		staticData[LEDGER_KEY] = Ledger.empty(Math.floor(Date.now() / 1000));
}

/**
 * The trigger's `execute()`: the first step of the execution its `webhook()` started. Commits each
 * item's claim and outputs the items whose delivery no other execution took, without their claim.
 * In a test run it passes items on as they are and names a refused test delivery above the output.
 */
export async function commitDeliveries(context: IExecuteFunctions): Promise<Committed[]> {
	const items = context.getInputData();
	const output: Committed[] = [];
	const manual = context.getMode() === 'manual';
	const { ttlSeconds } = ledgerLimits(
		context.getNodeParameter('options', 0, {}) as DeliveryOptions,
	);
	for (let index = 0; index < items.length; index++) {
		const json = items[index].json;
		if (manual && isRejectedDeliveryItem(json) && typeof context.addExecutionHints === 'function') {
			context.addExecutionHints({
				message: rejectedDeliveryHint(json),
				type: 'warning',
				location: 'outputPane',
			});
		}
		const claim = claimOf(json, ttlSeconds);
		if (!manual && claim !== undefined && (await commit(context, claim)) === 'claimed-elsewhere')
			continue;
		output.push({ item: { json: withoutClaim(json), pairedItem: { item: index } }, claim });
	}
	return output;
}

/** An item the execution goes on with, and the claim it carried (what execute() knows of its delivery). */
export interface Committed {
	item: INodeExecutionData;
	claim?: Claim;
}

/**
 * Phase two, in execute(): records the claim in the ledger that this execution saves, and in n8n's
 * processed-data store. 'claimed-elsewhere' when another execution (another process's copy) took
 * the key first.
 */
export async function commit(
	context: IExecuteFunctions,
	claim: Claim,
): Promise<'recorded' | 'claimed-elsewhere'> {
	const options = context.getNodeParameter('options', 0, {}) as DeliveryOptions;
	const nowSeconds = Math.floor(Date.now() / 1000);
	const configured = ledgerLimits(options);
	// The ledger as a whole remembers at least as long as this key must be.
	const memory: LedgerLimits = {
		maxEntries: configured.maxEntries,
		ttlSeconds: Math.max(configured.ttlSeconds, claim.windowSeconds),
		clockSkewSeconds: clockSkewSeconds(claim.replaySeconds),
	};
	const keyLimits: LedgerLimits = { ...memory, ttlSeconds: claim.windowSeconds };
	const onSizeEviction = (newestSeenAt: number) =>
		warnIfReplayable(context, claim, memory, nowSeconds - newestSeenAt, 'the ledger');

	const staticData = context.getWorkflowStaticData('node');
	const loaded = staticDataIsLoaded(claim, staticData);
	const scope = scopeOf(context);
	const ledger = liveLedgers.merge(
		scope,
		loaded ? staticData[LEDGER_KEY] : undefined,
		nowSeconds,
		memory,
		onSizeEviction,
	);
	const executionId =
		typeof context.getExecutionId === 'function' ? context.getExecutionId() : undefined;
	const production = context.getMode() === 'webhook' && executionId !== undefined;

	let outcome: 'recorded' | 'claimed-elsewhere' = 'recorded';
	let claims: string[] = [];
	if (
		production &&
		liveLedgers.takenByAnother(scope, claim.key, executionId, nowSeconds, keyLimits)
	) {
		outcome = 'claimed-elsewhere';
	} else {
		// A node retry of this execution made its claim already: the store would call it taken.
		const claimedBefore = production && liveLedgers.recordedBy(scope, claim.key) === executionId;
		// Recorded before any await, so that a copy executing in this process meanwhile stops above.
		liveLedgers.record(scope, claim.key, executionId, nowSeconds, memory, onSizeEviction);
		if (production && !claimedBefore)
			claims = crossProcessClaims(claim.key, claim.windowSeconds, nowSeconds);
	}
	// Assigning through the static-data proxy is what marks it changed for n8n to save.
	if (loaded) staticData[LEDGER_KEY] = ledger;
	if (claims.length === 0) return outcome;
	const taken = await claimAcrossProcesses(context, claims, {
		scope,
		storeIsTheMemory: !loaded,
		maxEntries: memory.maxEntries,
		replaySeconds: claim.replaySeconds,
		nowSeconds,
		onEarlyEviction: (ageSeconds) =>
			warnIfReplayable(context, claim, memory, ageSeconds, "n8n's processed-data store"),
	});
	return claims.some((value) => taken.has(value)) ? 'claimed-elsewhere' : 'recorded';
}

/**
 * The one "was static data loaded" decision: this execution's node static data is the stored copy
 * if it holds state, or if the stored copy webhook() saw held none either. Writing to a copy that
 * was not loaded would, when n8n saves it, wipe the stored ledger and meetergo's registration.
 */
function staticDataIsLoaded(claim: Claim, staticData: IDataObject): boolean {
	return holdsState(staticData) || !claim.staticDataLoaded;
}

function holdsState(nodeStaticData: IDataObject): boolean {
	return Object.keys(nodeStaticData).length > 0;
}

function scopeOf(context: IWebhookFunctions | IExecuteFunctions): string {
	return `${context.getWorkflow().id ?? ''}:${context.getNode().id}`;
}

/**
 * The item's claim. An item from before claims travelled with it (an execution enqueued before an
 * upgrade) carries only `dedupeKey`: it is committed with the trigger's own window, and as if the
 * stored static data held state (so an execution without static data never writes).
 */
export function claimOf(json: IDataObject, triggerWindowSeconds: number): Claim | undefined {
	const delivery = json.delivery as IDataObject | undefined;
	if (typeof delivery !== 'object' || delivery === null) return undefined;
	const claim = delivery.claim as Partial<Claim> | undefined;
	if (
		typeof claim === 'object' &&
		claim !== null &&
		typeof claim.key === 'string' &&
		typeof claim.windowSeconds === 'number'
	) {
		return {
			key: claim.key,
			windowSeconds: claim.windowSeconds,
			replaySeconds: typeof claim.replaySeconds === 'number' ? claim.replaySeconds : 0,
			staticDataLoaded: claim.staticDataLoaded !== false,
			signed: claim.signed === true,
			...(claim.registrationOutdated === true ? { registrationOutdated: true } : {}),
		};
	}
	if (typeof delivery.dedupeKey !== 'string') return undefined;
	return {
		key: delivery.dedupeKey,
		windowSeconds: triggerWindowSeconds,
		replaySeconds: 0,
		staticDataLoaded: true,
		signed: delivery.secret === 'current' || delivery.secret === 'previous',
	};
}

/** The item as the workflow sees it: the claim is the trigger's own business. */
function withoutClaim(json: IDataObject): IDataObject {
	const delivery = json.delivery as IDataObject | undefined;
	if (typeof delivery !== 'object' || delivery === null || !('claim' in delivery)) return json;
	const rest = { ...delivery };
	delete rest.claim;
	return { ...json, delivery: rest };
}

/**
 * The size bound (Dedupe Memory Size) removed, from the ledger or from n8n's processed-data store
 * (in queue mode the only memory workers share), a key whose delivery a captured copy could still
 * pass the timestamp check with. Told to n8n's log, naming the option to raise.
 */
function warnIfReplayable(
	context: IExecuteFunctions,
	claim: Claim,
	memory: LedgerLimits,
	ageSeconds: number,
	forgotten: 'the ledger' | "n8n's processed-data store",
): void {
	if (!(ageSeconds < claim.replaySeconds)) return;
	context.logger?.warn(
		`${context.getNode().name}: the ${DEDUPE_MEMORY_OPTION_NAME} option (${memory.maxEntries}) made ${forgotten} forget a delivery first seen ${ageSeconds} s ago, although a copy of it can still pass the timestamp check for up to ${claim.replaySeconds} s (past plus future Timestamp Tolerance). A replayed copy would start the workflow again: raise ${DEDUPE_MEMORY_OPTION_NAME}.`,
	);
}
