import { randomBytes } from 'crypto';
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { MeetergoApi, redactEndpoint } from './api';
import { constantTimeEqual } from '../core/constantTimeEqual';
import {
	latestInProcess,
	lookUp,
	newest,
	readRegistration,
	record,
	registrationScope,
	sameRegistration,
	track,
	writeRegistration,
	type Registration,
} from './latestRegistration';
import {
	canonicalEndpoint,
	describeRegistration,
	taggedAt,
	tokenOf,
	untaggedStored,
	webhooksAt,
	type Owner,
} from './ownership';
import { URL_TOKEN_PARAMETER } from './profile';
import { claimOf } from '../shared/dedupe';
import type { MeetergoWebhook } from './schema';

export { STATIC_KEYS, readRegistration, type Registration } from './latestRegistration';

/**
 * The trigger's webhook with meetergo: registered on activation, removed on deactivation.
 *
 * **Which webhooks are ours is meetergo's answer, not our memory.** `checkExists`, `create` and
 * `delete` list meetergo's webhooks and act on this trigger's (`ownership.ts`: at this node's URL in
 * this n8n and tagged with this workflow and node), never on an id remembered in static data. So a
 * stale id (put back by an execution's save, or copied with the database) can neither orphan a
 * webhook nor keep one alive, deactivation deletes every webhook of ours, and a webhook that is not
 * ours — another workflow's (a copy of this one included), another tool's, a person's, or the
 * production webhook a cloned database still remembers — is never updated or deleted.
 *
 * **Which token is current** is what the newest activation registered: the node's static data keeps
 * `webhookId`, `endpoint`, `token` and `registeredAt`, and `latestRegistration.ts` keeps executions
 * that were running during an activation from saving an older one back (regular mode).
 */

/** Hosts meetergo cannot reach, allowed over plain HTTP so a local stand-in of the API can be used. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The URL registered with meetergo: n8n's webhook URL plus the random token. */
export function endpointWithToken(webhookUrl: string, token: string): string {
	const url = new URL(webhookUrl);
	url.searchParams.set(URL_TOKEN_PARAMETER, token);
	return url.toString();
}

/** Why meetergo could not deliver to this URL, or undefined if it can. */
export function webhookUrlProblem(webhookUrl: string | undefined): string | undefined {
	if (webhookUrl === undefined || webhookUrl === '')
		return 'n8n did not provide a webhook URL for this trigger.';
	let url: URL;
	try {
		url = new URL(webhookUrl);
	} catch {
		return `n8n's webhook URL for this trigger (${webhookUrl}) is not a valid URL. Set n8n's N8N_WEBHOOK_URL environment variable (WEBHOOK_URL before n8n 2.35) to its public https:// address.`;
	}
	if (url.protocol === 'https:') return undefined;
	if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
	return `n8n's webhook URL for this trigger is ${webhookUrl}, but meetergo delivers only to public HTTPS URLs. Set n8n's N8N_WEBHOOK_URL environment variable (WEBHOOK_URL before n8n 2.35) to its public https:// address (for example https://n8n.example.com/, served through a reverse proxy with TLS, and N8N_PROXY_HOPS set to the number of proxies in front of n8n), restart n8n and activate the workflow again.`;
}

function selectedEvents(context: IHookFunctions): string[] {
	const events = context.getNodeParameter('events', []) as unknown;
	return Array.isArray(events)
		? events.filter((event): event is string => typeof event === 'string')
		: [];
}

function sameEvents(hook: MeetergoWebhook, events: string[]): boolean {
	const registered = new Set(hook.eventTypes ?? []);
	return registered.size === new Set(events).size && events.every((event) => registered.has(event));
}

function registrationDescription(context: IHookFunctions): string {
	const workflow = context.getWorkflow();
	const name =
		typeof workflow.name === 'string' && workflow.name !== ''
			? `"${workflow.name}"`
			: `ID ${workflow.id}`;
	return describeRegistration(
		`n8n workflow ${name}, node "${context.getNode().name}"`,
		ownerOf(context),
	);
}

function ownerOf(context: IHookFunctions | IWebhookFunctions | IExecuteFunctions): Owner {
	return { workflowId: context.getWorkflow().id ?? '', nodeId: context.getNode().id };
}

/** n8n runs the webhook methods in mode 'manual' for the editor's test listener (test-webhooks.js). */
function isTestRun(context: IHookFunctions | IWebhookFunctions | IExecuteFunctions): boolean {
	return context.getMode() === 'manual';
}

function scopeOf(context: IHookFunctions | IWebhookFunctions | IExecuteFunctions): string {
	return registrationScope(context.getWorkflow().id, context.getNode().id);
}

/** Records an activation's outcome in the node's static data and, for production, in this process. */
function settle(context: IHookFunctions, registration: Registration | undefined, at: number): void {
	const staticData = context.getWorkflowStaticData('node');
	// Unchanged data is not written, so that activation has nothing of its own to save.
	if (!sameRegistration(readRegistration(staticData), registration))
		writeRegistration(staticData, registration);
	if (!isTestRun(context)) record(scopeOf(context), registration, at);
}

/**
 * A webhook this node registered (the id in its static data) that now points elsewhere: the
 * database was copied to another n8n, or N8N_WEBHOOK_URL changed. It is left alone either way;
 * n8n's log says so, without the token.
 */
function noteForeign(context: IHookFunctions, hooks: MeetergoWebhook[], webhookUrl: string): void {
	const stored = readRegistration(context.getWorkflowStaticData('node'));
	if (stored === undefined) return;
	const hook = hooks.find((candidate) => candidate.id === stored.webhookId);
	if (hook === undefined || webhooksAt([hook], webhookUrl).length === 1) return;
	context.logger?.warn(
		`meetergo Trigger "${context.getNode().name}": meetergo webhook ${hook.id} (${redactEndpoint(hook.endpoint)}) was registered by this node's data but points to another URL than this n8n's (${webhookUrl}). It is left alone: this n8n's database may be a copy of another n8n's, or N8N_WEBHOOK_URL changed. Delete it in meetergo if nothing receives there any more.`,
		{ workflowId: context.getWorkflow().id, nodeName: context.getNode().name },
	);
}

/**
 * This trigger's webhooks during an activation n8n accepted: the tagged ones, and an untagged one
 * this trigger registered before it tagged its registrations (see `ownership.ts`).
 */
function oursWhenActive(
	context: IHookFunctions,
	hooks: MeetergoWebhook[],
	webhookUrl: string,
): { tagged: MeetergoWebhook[]; untagged: MeetergoWebhook | undefined } {
	return {
		tagged: taggedAt(hooks, webhookUrl, ownerOf(context)),
		untagged: untaggedStored(
			hooks,
			webhookUrl,
			readRegistration(context.getWorkflowStaticData('node')),
		),
	};
}

/**
 * Tags a registration this trigger made before it tagged them, so that a later `delete` knows it.
 * Best effort: the webhook works either way, and `delete` leaves an untagged one alone and says so.
 */
async function adopt(context: IHookFunctions, hook: MeetergoWebhook): Promise<void> {
	try {
		const api = await MeetergoApi.connect(context);
		await api.updateWebhook(hook.id, { description: registrationDescription(context) });
	} catch (error) {
		context.logger?.warn(
			`meetergo Trigger "${context.getNode().name}": could not add this workflow's tag to the description of its meetergo webhook ${hook.id} (${(error as Error).message}). It keeps working; the next activation tries again.`,
			{ workflowId: context.getWorkflow().id, nodeName: context.getNode().name },
		);
	}
}

/**
 * `checkExists`: true only if meetergo holds exactly one webhook of this trigger, it carries the
 * current token and the selected events. Anything else (none, a stale token, duplicates, other events)
 * is left to `create`, which replaces them. n8n's boot (`init`) may run it too: its code stores the
 * workflow's webhook path again and then runs `checkExists`, unless storing fails with a database
 * error, which it skips at boot. Either way it changes nothing when the registration is current.
 */
export async function registrationExists(context: IHookFunctions): Promise<boolean> {
	const webhookUrl = context.getNodeWebhookUrl('default');
	if (webhookUrl === undefined || webhookUrlProblem(webhookUrl) !== undefined) return false;
	const staticData = context.getWorkflowStaticData('node');
	const current = isTestRun(context)
		? readRegistration(staticData)
		: newest(readRegistration(staticData), latestInProcess(scopeOf(context)));
	// Nothing current: `create` lists (and clears) what meetergo holds for this trigger anyway.
	if (current === undefined) return false;
	const api = await MeetergoApi.connect(context);
	const hooks = await api.listWebhooks();
	noteForeign(context, hooks, webhookUrl);
	const { tagged, untagged } = oursWhenActive(context, hooks, webhookUrl);
	const mine = untagged === undefined ? tagged : [...tagged, untagged];
	if (mine.length !== 1) return false;
	const [hook] = mine;
	if (tokenOf(hook.endpoint) !== current.token || !sameEvents(hook, selectedEvents(context)))
		return false;
	if (hook === untagged) await adopt(context, hook);
	settle(context, { ...current, webhookId: hook.id, endpoint: hook.endpoint }, Date.now());
	return true;
}

/** `create`: removes any webhook of ours left at meetergo, then registers one with a fresh token. */
export async function register(context: IHookFunctions): Promise<boolean> {
	const webhookUrl = context.getNodeWebhookUrl('default');
	const problem = webhookUrlProblem(webhookUrl);
	if (problem !== undefined || webhookUrl === undefined) {
		throw new NodeOperationError(
			context.getNode(),
			problem ?? 'n8n did not provide a webhook URL for this trigger.',
			{ level: 'warning' },
		);
	}
	const events = selectedEvents(context);
	if (events.length === 0) {
		throw new NodeOperationError(
			context.getNode(),
			'Select at least one event: meetergo needs at least one event type per webhook.',
			{
				level: 'warning',
			},
		);
	}
	const token = randomBytes(32).toString('base64url');
	const fields = {
		endpoint: endpointWithToken(webhookUrl, token),
		eventTypes: events,
		description: registrationDescription(context),
	};

	const api = await MeetergoApi.connect(context);
	const hooks = await api.listWebhooks();
	noteForeign(context, hooks, webhookUrl);
	// Ours but not current (a registration an execution's save made us forget, duplicates, one made
	// before registrations were tagged): they go first, so they neither take slots nor deliver to a
	// token that no longer counts.
	const { tagged, untagged } = oursWhenActive(context, hooks, webhookUrl);
	const stale = untagged === undefined ? tagged : [...tagged, untagged];
	for (const hook of stale) await api.deleteWebhook(hook.id, { ignoreNotFound: true });
	const others = hooks.filter((hook) => !stale.includes(hook));
	let hook: MeetergoWebhook | undefined;
	try {
		hook = await api.createWebhook(fields, others);
	} finally {
		// On failure (it propagates): any earlier registration's webhook is gone, or never was, so
		// its token must not stay in force.
		if (hook === undefined) settle(context, undefined, Date.now());
	}

	if (tokenOf(hook.endpoint) !== token) {
		// Without the token in the URL every delivery would be rejected: undo and say why.
		await api.deleteWebhook(hook.id, { ignoreNotFound: true });
		settle(context, undefined, Date.now());
		throw new NodeOperationError(
			context.getNode(),
			'meetergo stored the webhook URL without its query string, so deliveries could not be authenticated. The webhook was removed again; please report this to the package maintainers.',
		);
	}
	const registeredAt = Date.now();
	settle(
		context,
		{ webhookId: hook.id, endpoint: hook.endpoint, token, registeredAt },
		registeredAt,
	);
	return true;
}

/**
 * `delete`: removes every webhook tagged as this trigger's and forgets the registration. n8n also
 * runs it for a workflow whose activation it refused (`WebhookPathTakenError`: another workflow,
 * say a copy of this one with the same trigger `webhookId`, holds the path), so it deletes nothing
 * it cannot prove is this workflow's: an untagged webhook at this URL (another tool's, a person's,
 * or a registration from before tags, which a copy's static data names as well as the original's)
 * is left alone, and n8n's log says so.
 */
export async function unregister(context: IHookFunctions): Promise<boolean> {
	const webhookUrl = context.getNodeWebhookUrl('default');
	if (webhookUrl !== undefined && canonicalEndpoint(webhookUrl) !== undefined) {
		const api = await MeetergoApi.connect(context);
		const hooks = await api.listWebhooks();
		noteForeign(context, hooks, webhookUrl);
		for (const hook of taggedAt(hooks, webhookUrl, ownerOf(context)))
			await api.deleteWebhook(hook.id, { ignoreNotFound: true });
		noteUntaggedLeft(context, hooks, webhookUrl);
	}
	settle(context, undefined, Date.now());
	return true;
}

/** `delete` left the registration this trigger made before tags in place: say so, without the token. */
function noteUntaggedLeft(context: IHookFunctions, hooks: MeetergoWebhook[], webhookUrl: string) {
	const stored = readRegistration(context.getWorkflowStaticData('node'));
	const hook = untaggedStored(hooks, webhookUrl, stored);
	if (hook === undefined) return;
	context.logger?.warn(
		`meetergo Trigger "${context.getNode().name}": meetergo webhook ${hook.id} (${redactEndpoint(hook.endpoint)}) was registered before this package tagged its webhooks with the workflow that made them, so it is left in place: another workflow with the same trigger (a copy) could own it. If this workflow stays unpublished, delete it in meetergo.`,
		{ workflowId: context.getWorkflow().id, nodeName: context.getNode().name },
	);
}

/**
 * `webhook()`: the token a delivery must carry. Normally the newer of the stored registration and this
 * process's latest activation. A delivery carrying another token may come from a newer registration
 * than the stored one when no activation in this process knows it: an older registration is in the
 * database (a restored backup, an import, an execution's save that this process did not prevent
 * followed by a restart), or another n8n main process activated. Then meetergo is asked which tokens
 * this trigger's webhooks carry — at most once per trigger and 30 seconds in this process, whatever
 * is sent — and such a token is accepted; the execution it starts writes that registration back
 * (`keepRegistrationCurrent`). Any other token (a replaced URL, a guess, the token of a webhook
 * someone else made at this URL) is refused.
 */
export async function expectedToken(context: IWebhookFunctions): Promise<string | undefined> {
	const stored = readRegistration(context.getWorkflowStaticData('node'));
	if (isTestRun(context)) return stored?.token;
	const holds = newest(stored, latestInProcess(scopeOf(context)))?.token;
	const received = (context.getQueryData() as IDataObject)[URL_TOKEN_PARAMETER];
	if (typeof received !== 'string' || received === '') return holds;
	if (holds !== undefined && constantTimeEqual(received, holds)) return holds;
	const webhookUrl = context.getNodeWebhookUrl('default');
	if (webhookUrl === undefined) return holds;
	const atMeetergo = await lookUp(scopeOf(context), async () => {
		try {
			const api = await MeetergoApi.connect(context);
			return tokensAt(await api.listWebhooks(), webhookUrl, ownerOf(context));
		} catch {
			return new Set<string>();
		}
	});
	return atMeetergo.has(received) ? received : holds;
}

/** Tokens of this trigger's registrations: never one of a webhook someone else made at this URL. */
function tokensAt(hooks: MeetergoWebhook[], webhookUrl: string, owner: Owner): Set<string> {
	const tokens = new Set<string>();
	for (const hook of taggedAt(hooks, webhookUrl, owner)) {
		const token = tokenOf(hook.endpoint);
		if (token !== undefined && token !== '') tokens.add(token);
	}
	return tokens;
}

/** `webhook()`, once the delivery is accepted: did it come in with a token other than the stored one? */
export function storedRegistrationOutdated(context: IWebhookFunctions): boolean {
	if (isTestRun(context)) return false;
	const stored = readRegistration(context.getWorkflowStaticData('node'));
	const received = (context.getQueryData() as IDataObject)[URL_TOKEN_PARAMETER];
	return stored === undefined || typeof received !== 'string' || received !== stored.token;
}

/**
 * `execute()`, before anything else: brings this execution's copy of the registration up to date
 * and keeps it so for the rest of the execution, so its save cannot put back an older one. When
 * `webhook()` let a delivery in with a token the stored registration did not hold and this process
 * knows no newer activation, the registration is read back from meetergo: the one webhook at this
 * node's URL (the URL of the stored endpoint) tagged as this trigger's. Only where the execution has the stored static data:
 * in queue mode n8n 2.41 runs executions without it, so there nothing is written (and nothing older
 * can be saved back either).
 */
export async function keepRegistrationCurrent(context: IExecuteFunctions): Promise<void> {
	if (isTestRun(context)) return;
	const scope = scopeOf(context);
	const staticData = context.getWorkflowStaticData('node') as IDataObject;
	track(scope, staticData);
	// Read from each item's claim, which commitDeliveries removes from the output.
	const outdated = context
		.getInputData()
		.some((item) => claimOf(item.json, 0)?.registrationOutdated === true);
	const stored = readRegistration(staticData);
	if (!outdated || stored === undefined) return;
	const inProcess = latestInProcess(scope);
	if (inProcess !== undefined && inProcess.at >= stored.registeredAt) return; // track() did it
	const webhookUrl = canonicalEndpoint(stored.endpoint);
	if (webhookUrl === undefined) return;
	let hooks: MeetergoWebhook[];
	try {
		const api = await MeetergoApi.connect(context);
		hooks = taggedAt(await api.listWebhooks(), webhookUrl, ownerOf(context));
	} catch {
		return; // the next delivery tries again
	}
	const token = hooks.length === 1 ? tokenOf(hooks[0].endpoint) : undefined;
	if (token === undefined || token === '' || token === stored.token) return;
	writeRegistration(staticData, {
		webhookId: hooks[0].id,
		endpoint: hooks[0].endpoint,
		token,
		registeredAt: Date.now(),
	});
}
