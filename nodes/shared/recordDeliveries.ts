import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readLedger, recordDelivery } from '../core/ledger';
import { LiveLedgers } from '../core/liveLedgers';
import { isRejectedDeliveryItem, rejectedDeliveryHint } from '../core/rejection';
import { claimAcrossProcesses } from './claimAcrossProcesses';
import { LEDGER_KEY, ledgerLimits, type DeliveryOptions } from './options';

/** The ledgers of every trigger executing in this n8n process (main in regular mode, a worker in queue mode). */
const liveLedgers = new LiveLedgers();

/**
 * Scopes whose stored static data webhook() found without a ledger, in this process: their first
 * execution may create it. Anywhere else a ledger is created at activation (`ensureLedger`).
 */
const withoutStoredLedger = new Set<string>();

export function ledgerScope(workflowId: string | undefined, nodeId: string): string {
	return `${workflowId ?? ''}:${nodeId}`;
}

/** Called by webhook() with what it found in the stored static data. */
export function noteStoredLedger(scope: string, present: boolean): void {
	if (present) withoutStoredLedger.delete(scope);
	else if (withoutStoredLedger.size < 10_000) withoutStoredLedger.add(scope);
}

/** Activation (`checkExists`): gives the node's static data an empty ledger if it has none. */
export function ensureLedger(staticData: IDataObject): void {
	if (staticData[LEDGER_KEY] === undefined)
		staticData[LEDGER_KEY] = readLedger(undefined, Math.floor(Date.now() / 1000));
}

export interface RecordOptions {
	/** The delivery's own dedupe window, where webhook() applied a shorter one (MeetGeek's failure notice). */
	windowSecondsOf?: (json: IDataObject) => number | undefined;
	/**
	 * Whether this execution's node static data is the stored one. n8n (2.41) runs executions it
	 * finds enqueued at boot without loading static data, and saves what they write over the
	 * stored blob: writing then would wipe the ledger, and the meetergo registration. Default: a
	 * ledger is there (created at activation), or webhook() in this process saw the stored data without one.
	 */
	loaded?: (nodeStaticData: IDataObject) => boolean;
}

/**
 * The trigger's `execute()`: the first step of the execution its `webhook()` started.
 * Records each delivery's key in the ledger here, because n8n ≥ 2.20 drops static-data changes made
 * in `webhook()` when that request starts an execution, but saves those made by the execution.
 *
 * In production runs it also drops an item whose delivery another execution already took: a copy
 * that reached another n8n process before the ledger there knew it (queue mode with several
 * webhook processes or workers), found in this process's ledger or in n8n's processed-data store
 * (`claimAcrossProcesses`). That execution still exists, but nothing after the trigger runs.
 */
export async function recordDeliveries(
	context: IExecuteFunctions,
	options: RecordOptions = {},
): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const limits = ledgerLimits(context.getNodeParameter('options', 0, {}) as DeliveryOptions);
	const nowSeconds = Math.floor(Date.now() / 1000);
	const staticData = context.getWorkflowStaticData('node');
	const keyOf = (item: INodeExecutionData) => {
		const delivery = item.json.delivery as { dedupeKey?: unknown } | undefined;
		return typeof delivery?.dedupeKey === 'string' ? delivery.dedupeKey : undefined;
	};
	const paired = (item: INodeExecutionData, index: number): INodeExecutionData => ({
		json: item.json,
		pairedItem: { item: index },
	});

	const mode = context.getMode();
	if (mode === 'manual') {
		// Test runs: n8n keeps no static data, and the process-wide ledger must not learn sample keys.
		const ledger = readLedger(staticData[LEDGER_KEY], nowSeconds);
		for (const item of items) {
			const key = keyOf(item);
			if (key !== undefined) recordDelivery(ledger, key, nowSeconds, limits);
			// A refused test delivery (see handleWebhook): passed on as it is, and named above the output.
			if (isRejectedDeliveryItem(item.json) && typeof context.addExecutionHints === 'function') {
				context.addExecutionHints({
					message: rejectedDeliveryHint(item.json),
					type: 'warning',
					location: 'outputPane',
				});
			}
		}
		staticData[LEDGER_KEY] = ledger;
		return items.map(paired);
	}

	const scope = ledgerScope(context.getWorkflow().id, context.getNode().id);
	const loaded = options.loaded
		? options.loaded(staticData)
		: staticData[LEDGER_KEY] !== undefined || withoutStoredLedger.has(scope);
	const ledger = liveLedgers.merge(
		scope,
		loaded ? readLedger(staticData[LEDGER_KEY], nowSeconds) : undefined,
		nowSeconds,
		limits,
	);
	const executionId =
		typeof context.getExecutionId === 'function' ? context.getExecutionId() : undefined;
	const production = mode === 'webhook' && executionId !== undefined;
	const kept: Array<{ item: INodeExecutionData; index: number; claim?: string }> = [];
	items.forEach((item, index) => {
		const key = keyOf(item);
		if (key === undefined) {
			kept.push({ item, index });
			return;
		}
		const window = options.windowSecondsOf?.(item.json);
		const keyLimits =
			window === undefined
				? limits
				: { ...limits, ttlSeconds: Math.min(limits.ttlSeconds, window) };
		if (production && liveLedgers.takenByAnother(scope, key, executionId, nowSeconds, keyLimits))
			return;
		// A node retry of this execution made its claim already: the store would call it taken.
		const claimedBefore = production && liveLedgers.recordedBy(scope, key) === executionId;
		// Recorded before any await, so that a copy executing in this process meanwhile stops above.
		liveLedgers.record(scope, key, executionId, nowSeconds, limits);
		// Claims expire with the window: one per key and window-long period. A window of 0 (MeetGeek's
		// Failure Dedupe Window turned off) claims nothing: floor(now / 0) is Infinity, one claim forever.
		const claim =
			production && !claimedBefore && keyLimits.ttlSeconds > 0
				? `${key}@${Math.floor(nowSeconds / keyLimits.ttlSeconds)}`
				: undefined;
		kept.push({ item, index, claim });
	});
	const claims = kept.flatMap(({ claim }) => (claim === undefined ? [] : [claim]));
	const claimedElsewhere = await claimAcrossProcesses(context, claims);
	const output = kept
		.filter(({ claim }) => claim === undefined || !claimedElsewhere.has(claim))
		.map(({ item, index }) => paired(item, index));
	// Assigning through the static-data proxy is what marks it changed for n8n to save.
	if (loaded) staticData[LEDGER_KEY] = ledger;
	return output;
}
