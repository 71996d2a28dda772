import type { IDataObject } from 'n8n-workflow';

/**
 * What this n8n process knows about each meetergo Trigger's newest registration, so that no
 * execution's save can put an older one back.
 *
 * n8n (2.41) saves a workflow's static data as one blob at the end of each execution, from the copy
 * that execution loaded when it started. An execution that was running while the workflow was
 * re-activated (say, the user changed the trigger's events and published: n8n deletes the webhook and
 * creates it again, with a new token) would write the old token back, and every later delivery to the
 * new URL would be refused. In regular mode activation and executions run in this one process, so:
 *
 * - every activation, re-activation and deactivation records here what it registered (or that
 *   nothing is registered any more), with the time (`record`);
 * - the trigger's `execute()` hands this module its execution's node static data (`track`); an
 *   activation writes the new registration into every such copy still alive (held through `WeakRef`,
 *   so a finished execution's copy is not kept), and `track` writes it into a copy loaded before an
 *   activation that came after;
 * - `webhook()` takes the token of the newer of this record and the stored registration (`newest`).
 *
 * Nothing here outlives the process: after a restart the stored static data is all there is, which is
 * right because the last save before the restart carried the newest registration. (In queue mode n8n
 * 2.41 runs executions without the stored static data, so they save nothing of it and cannot put an
 * older registration back; activation runs in the main process.)
 */

export interface Registration {
	webhookId: string;
	/** The URL as meetergo stored it, token included. */
	endpoint: string;
	token: string;
	/** When it was registered (ms since the epoch); 0 for registrations saved before this was kept. */
	registeredAt: number;
}

/** The newest activation's outcome: a registration, or `undefined` after a deactivation. */
export interface Latest {
	registration: Registration | undefined;
	at: number;
}

const latest = new Map<string, Latest>();
const live = new Map<string, Set<WeakRef<IDataObject>>>();

/** One trigger node of one workflow. */
export function registrationScope(workflowId: string | undefined, nodeId: string): string {
	return `${workflowId ?? ''}:${nodeId}`;
}

export const STATIC_KEYS = {
	webhookId: 'webhookId',
	endpoint: 'endpoint',
	token: 'token',
	registeredAt: 'registeredAt',
} as const;

export function readRegistration(staticData: IDataObject): Registration | undefined {
	const { webhookId, endpoint, token, registeredAt } = staticData;
	if (typeof webhookId !== 'string' || typeof endpoint !== 'string' || typeof token !== 'string')
		return undefined;
	if (webhookId === '' || endpoint === '' || token === '') return undefined;
	const at = typeof registeredAt === 'number' && Number.isFinite(registeredAt) ? registeredAt : 0;
	return { webhookId, endpoint, token, registeredAt: at };
}

/** Writes a registration into node static data (through n8n's proxy, so it is saved), or removes it. */
export function writeRegistration(
	staticData: IDataObject,
	registration: Registration | undefined,
): void {
	if (registration === undefined) {
		// Only the registration: the dedupe ledger in the same static data stays.
		for (const key of Object.values(STATIC_KEYS)) delete staticData[key];
		return;
	}
	staticData[STATIC_KEYS.webhookId] = registration.webhookId;
	staticData[STATIC_KEYS.endpoint] = registration.endpoint;
	staticData[STATIC_KEYS.token] = registration.token;
	staticData[STATIC_KEYS.registeredAt] = registration.registeredAt;
}

export function sameRegistration(
	a: Registration | undefined,
	b: Registration | undefined,
): boolean {
	return (
		a?.webhookId === b?.webhookId &&
		a?.endpoint === b?.endpoint &&
		a?.token === b?.token &&
		a?.registeredAt === b?.registeredAt
	);
}

/**
 * Activation's outcome for one trigger: remembered for this process and written into the static data
 * of every execution of this trigger still running here, so that their saves carry it too.
 */
export function record(scope: string, registration: Registration | undefined, at: number): void {
	latest.set(scope, { registration, at });
	// Tokens meetergo held before this activation (a rotated-out one among them) count no more here.
	lookups.delete(scope);
	const copies = live.get(scope);
	if (copies === undefined) return;
	for (const reference of copies) {
		const staticData = reference.deref();
		if (staticData === undefined) copies.delete(reference);
		else if (!sameRegistration(readRegistration(staticData), registration))
			writeRegistration(staticData, registration);
	}
	if (copies.size === 0) live.delete(scope);
}

/** The newest activation's outcome in this process, if there was one since it started. */
export function latestInProcess(scope: string): Latest | undefined {
	return latest.get(scope);
}

/** The registration that holds: the newer of the stored one and this process's latest activation. */
export function newest(
	stored: Registration | undefined,
	inProcess: Latest | undefined,
): Registration | undefined {
	if (inProcess === undefined) return stored;
	if (stored === undefined) return inProcess.registration;
	return stored.registeredAt > inProcess.at ? stored : inProcess.registration;
}

/**
 * The trigger's `execute()`: `staticData` is the node static data this execution loaded and will save
 * when it ends. Brings it up to date with an activation that came after it was loaded, and keeps
 * it (weakly) so a later activation while the execution runs can do the same. Only a copy that
 * holds a registration is touched: one without is not the stored data (n8n runs executions it finds
 * enqueued at boot without loading static data) or belongs to a deactivated trigger.
 */
export function track(scope: string, staticData: IDataObject): void {
	const stored = readRegistration(staticData);
	if (stored === undefined) return;
	const inProcess = latest.get(scope);
	const holds = newest(stored, inProcess);
	if (!sameRegistration(stored, holds)) writeRegistration(staticData, holds);
	let copies = live.get(scope);
	if (copies === undefined) {
		copies = new Set();
		live.set(scope, copies);
	}
	for (const reference of copies) if (reference.deref() === undefined) copies.delete(reference);
	copies.add(new WeakRef(staticData));
}

/** How often one process may ask meetergo which tokens it holds for one trigger (see `lookUp`). */
export const LOOKUP_INTERVAL_MS = 30_000;
const LOOKUP_SCOPES = 1000;

const lookups = new Map<string, { at: number; tokens: Promise<Set<string>> }>();

/**
 * The tokens meetergo holds for one trigger, asked at most once per `LOOKUP_INTERVAL_MS` per trigger
 * and process, whatever the callers send (concurrent callers share one request). `ask` must not
 * throw; a failed lookup counts as an empty answer until the interval is over. An activation of the
 * trigger in this process (`record`) drops its answer; another process keeps its answer until the
 * interval is over, so a token rotated out there is accepted for at most `LOOKUP_INTERVAL_MS`.
 */
export async function lookUp(
	scope: string,
	ask: () => Promise<Set<string>>,
	now = Date.now(),
): Promise<Set<string>> {
	const previous = lookups.get(scope);
	if (previous !== undefined && now - previous.at < LOOKUP_INTERVAL_MS)
		return await previous.tokens;
	if (lookups.size >= LOOKUP_SCOPES && previous === undefined) {
		for (const [key, entry] of lookups)
			if (now - entry.at >= LOOKUP_INTERVAL_MS) lookups.delete(key);
		// Still full: one trigger per slot and interval, the oldest first to go.
		if (lookups.size >= LOOKUP_SCOPES) lookups.delete(lookups.keys().next().value as string);
	}
	const tokens = ask();
	lookups.delete(scope);
	lookups.set(scope, { at: now, tokens });
	return await tokens;
}

/** For tests: forget everything, as a restart of n8n does. */
export function forgetAllInProcess(): void {
	latest.clear();
	live.clear();
	lookups.clear();
}
