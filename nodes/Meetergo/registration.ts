import { randomBytes } from 'crypto';
import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';

import { createWebhook, deleteWebhook, listWebhooks, updateWebhook } from './api';
import { URL_TOKEN_PARAMETER } from './profile';
import type { MeetergoWebhook } from './schema';

/**
 * The trigger's webhook with meetergo: registered on activation, removed on deactivation.
 * What it registered lives in the node's static data: `webhookId`, `endpoint` (as meetergo stored
 * it, token included) and `token`. It only ever updates or deletes a webhook whose id AND endpoint
 * both match those, so webhooks of other workflows, tools or people are never touched.
 */

export const STATIC_KEYS = {
	webhookId: 'webhookId',
	endpoint: 'endpoint',
	token: 'token',
} as const;

export interface Registration {
	webhookId: string;
	endpoint: string;
	token: string;
}

/** Hosts meetergo cannot reach, allowed over plain HTTP so a local stand-in of the API can be used. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function readRegistration(staticData: IDataObject): Registration | undefined {
	const { webhookId, endpoint, token } = staticData;
	if (typeof webhookId !== 'string' || typeof endpoint !== 'string' || typeof token !== 'string')
		return undefined;
	if (webhookId === '' || endpoint === '' || token === '') return undefined;
	return { webhookId, endpoint, token };
}

function forgetRegistration(staticData: IDataObject): void {
	// Only the registration: the dedupe ledger in the same static data stays.
	delete staticData[STATIC_KEYS.webhookId];
	delete staticData[STATIC_KEYS.endpoint];
	delete staticData[STATIC_KEYS.token];
}

function isMine(hook: MeetergoWebhook, registration: Registration): boolean {
	return hook.id === registration.webhookId && hook.endpoint === registration.endpoint;
}

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
	return `n8n workflow ${name}, node "${context.getNode().name}"`.slice(0, 250);
}

/** `checkExists`: true only if our webhook is still there, at the current URL, for the selected events. */
export async function registrationExists(context: IHookFunctions): Promise<boolean> {
	const staticData = context.getWorkflowStaticData('node');
	const registration = readRegistration(staticData);
	if (registration === undefined) return false;
	const hooks = await listWebhooks.call(context);
	const mine = hooks.find((hook) => isMine(hook, registration));
	if (mine === undefined) {
		// Deleted by hand (or replaced): forget it, `create` registers a new one.
		forgetRegistration(staticData);
		return false;
	}
	const webhookUrl = context.getNodeWebhookUrl('default');
	if (webhookUrl === undefined || webhookUrlProblem(webhookUrl) !== undefined) return false;
	// A changed n8n URL or event selection: `create` updates our webhook in place.
	return (
		endpointWithToken(webhookUrl, registration.token) === registration.endpoint &&
		sameEvents(mine, selectedEvents(context))
	);
}

/** `create`: registers (or updates our own stale) webhook with a fresh token. */
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

	const staticData = context.getWorkflowStaticData('node');
	const previous = readRegistration(staticData);
	const hooks = await listWebhooks.call(context);
	const stale = previous === undefined ? undefined : hooks.find((hook) => isMine(hook, previous));
	const hook =
		stale === undefined
			? await createWebhook.call(context, fields, { existing: hooks })
			: await updateWebhook.call(context, stale.id, fields);

	if (!hook.endpoint.includes(token)) {
		// Without the token in the URL every delivery would be rejected: undo and say why.
		await deleteWebhook.call(context, hook.id, { ignoreNotFound: true });
		forgetRegistration(staticData);
		throw new NodeOperationError(
			context.getNode(),
			'meetergo stored the webhook URL without its query string, so deliveries could not be authenticated. The webhook was removed again; please report this to the package maintainers.',
		);
	}
	staticData[STATIC_KEYS.webhookId] = hook.id;
	staticData[STATIC_KEYS.endpoint] = hook.endpoint;
	staticData[STATIC_KEYS.token] = token;
	return true;
}

/** `delete`: removes our webhook if it is still ours; forgets the registration either way. */
export async function unregister(context: IHookFunctions): Promise<boolean> {
	const staticData = context.getWorkflowStaticData('node');
	const registration = readRegistration(staticData);
	if (registration === undefined) return true;
	const hooks = await listWebhooks.call(context);
	const mine = hooks.find((hook) => isMine(hook, registration));
	if (mine !== undefined) await deleteWebhook.call(context, mine.id, { ignoreNotFound: true });
	forgetRegistration(staticData);
	return true;
}
