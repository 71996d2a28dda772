import { randomUUID } from 'node:crypto';

import type { IExecuteFunctions } from 'n8n-workflow';

/** Values one delivery claims in the store: its key's bucket in two grids (`crossProcessClaims`). */
const VALUES_PER_DELIVERY = 2;

/** Room for the eviction markers each process places (at most four per replay window, see below). */
const MARKER_ROOM = 64;

/**
 * What the store keeps where the stored ledger is the memory: enough to bridge copies executing at
 * the same time. Every claim reads and writes the whole row, so it stays small there.
 */
const BRIDGE_VALUES = 1000;

/**
 * How many values n8n's processed-data store keeps for a trigger. Where executions run without the
 * stored static data (queue mode in n8n 2.41: they neither load nor save it), the store is the only
 * memory executions on different workers share, so it keeps `maxEntries` deliveries (*Dedupe
 * Memory Size*, two values each) plus the markers; elsewhere the ledger remembers them.
 */
export function crossProcessCapacity(maxEntries: number, storeIsTheMemory: boolean): number {
	return storeIsTheMemory ? VALUES_PER_DELIVERY * maxEntries + MARKER_ROOM : BRIDGE_VALUES;
}

/** What a claim needs besides its values: how much to keep, and when forgetting matters. */
export interface CrossProcessMemory {
	/** The trigger's workflow and node (`scopeOf`): the store keeps one row per trigger node. */
	scope: string;
	/** Whether this execution runs without the stored static data, so the store is its only memory. */
	storeIsTheMemory: boolean;
	/** *Dedupe Memory Size*: deliveries the store keeps where it is the memory. */
	maxEntries: number;
	/** Keys younger than this must not be forgotten (a copy can still pass the timestamp check). */
	replaySeconds: number;
	nowSeconds: number;
	/** Told when the store dropped values placed `ageSeconds` ago, younger than `replaySeconds`. */
	onEarlyEviction: (ageSeconds: number) => void;
}

/** A random value this process placed in the store after a delivery's claims, and when. */
interface Marker {
	value: string;
	placedAt: number;
}

/**
 * Per trigger, this process's markers placed within the last replay window, oldest first (at most
 * four each, one trigger each: bounded by the triggers this process executes).
 */
const markers = new Map<string, Marker[]>();

/**
 * Claims delivery keys in n8n's processed-data store (the `processed_data` table behind the Remove
 * Duplicates node's "previous executions" mode), which every n8n process on one database shares and
 * which is written at once — unlike static data, saved only when the execution ends (and in queue
 * mode not at all). In queue mode a copy of a delivery that another worker executed or is executing
 * finds the key here, whichever worker and webhook process it reaches.
 *
 * The values claimed and what makes them a sliding window: `crossProcessClaims` (nodes/core/dedupe.ts).
 * Returns the claims another execution had already made. n8n reads, merges and writes one row per
 * node, so two copies claiming within the same few milliseconds can both win; and a store error
 * (or an n8n without the helper) claims nothing rather than dropping a genuine delivery.
 *
 * The store keeps its last `crossProcessCapacity` values first in, first out, and hashes them, so
 * it cannot say how old what it drops is. Where it is the memory, to notice it dropping keys
 * younger than the replay window, a claim places a random marker after its values (at most one
 * per quarter of that window) and checks in the same call whether this process's oldest marker
 * younger than the window is still there: if not, every value placed before it, its own
 * delivery's claims among them, is gone.
 */
export async function claimAcrossProcesses(
	context: IExecuteFunctions,
	claims: string[],
	memory: CrossProcessMemory,
): Promise<Set<string>> {
	const check = context.helpers?.checkProcessedAndRecord;
	if (claims.length === 0 || typeof check !== 'function') return new Set();
	const { scope, replaySeconds, nowSeconds } = memory;
	const placed = (markers.get(scope) ?? []).filter(
		(marker) => nowSeconds - marker.placedAt < replaySeconds,
	);
	const probe = memory.storeIsTheMemory ? placed[0] : undefined;
	const newest = placed[placed.length - 1];
	const place =
		memory.storeIsTheMemory &&
		replaySeconds > 0 &&
		(newest === undefined || nowSeconds - newest.placedAt >= replaySeconds / 4)
			? { value: `marker:${randomUUID()}`, placedAt: nowSeconds }
			: undefined;
	const values = [...claims];
	if (probe !== undefined) values.push(probe.value);
	if (place !== undefined) values.push(place.value);

	const options = {
		mode: 'entries' as const,
		maxEntries: crossProcessCapacity(memory.maxEntries, memory.storeIsTheMemory),
	};
	// The first claim of a node inserts its row: two processes doing that at once collide on the
	// row's key and one fails; on its second attempt the row exists.
	for (let attempt = 1; attempt <= 2; attempt++) {
		try {
			const { processed } = await check.call(context.helpers, values, 'node', options);
			const taken = new Set(processed.map(String));
			const probeGone = probe !== undefined && !taken.has(probe.value);
			// A probe the store no longer held was just written again, at the newest end: not a marker any more.
			const kept = probeGone ? placed.slice(1) : placed;
			markers.set(scope, place === undefined ? kept : [...kept, place]);
			if (probeGone && (await storeIsFull(context, options)))
				memory.onEarlyEviction(nowSeconds - probe.placedAt);
			return taken;
		} catch {
			// retried once, then claimed nothing (the static-data ledger still applies)
		}
	}
	return new Set();
}

/**
 * Whether the store holds as many values as it keeps. A marker can also vanish when two claims
 * write the row at the same moment (n8n reads, merges and writes it without a lock): the later
 * write drops what the earlier added. That is not the size's doing, so only a full store is
 * blamed on it. Without the helper (or if it fails) the store counts as full.
 */
async function storeIsFull(
	context: IExecuteFunctions,
	options: { mode: 'entries'; maxEntries: number },
): Promise<boolean> {
	const count = context.helpers?.getProcessedDataCount;
	if (typeof count !== 'function') return true;
	try {
		return (await count.call(context.helpers, 'node', options)) >= options.maxEntries;
	} catch {
		return true;
	}
}
