import { URL_TOKEN_PARAMETER } from './profile';
import type { MeetergoWebhook } from './schema';
import type { Registration } from './latestRegistration';

/**
 * Which webhooks at meetergo belong to one meetergo Trigger.
 *
 * A webhook is this trigger's when both hold:
 * - its endpoint, without the `token` parameter, is this node's webhook URL in this n8n (compared as
 *   meetergo may hand it back: see `canonicalEndpoint`), so only this node can receive there; and
 * - its description ends with this trigger's owner tag, `[n8n:<workflow id>/<node id>]`, which
 *   `create` writes. A second workflow with the same trigger `webhookId` (an imported export, a
 *   restored row) has another workflow id, so n8n refusing its activation and running its `delete`
 *   cannot touch production's webhook; a webhook someone made by hand with this URL carries no tag.
 *
 * Registrations made before the tag existed carry none. One of them counts as this trigger's only
 * where its id and token are the ones this trigger's static data stored, and only during an
 * activation n8n accepted (`checkExists`, `create`): there it is tagged (or replaced). `delete`
 * never removes an untagged webhook, because a copy of the workflow holds the same static data.
 */
export interface Owner {
	workflowId: string;
	nodeId: string;
}

const TAG = /\[n8n:([^\s/\]]*)\/([^\s/\]]+)\]$/;
/** Kept under any length meetergo might cut a description to (it documents none). */
const DESCRIPTION_LIMIT = 250;

export function ownerTag(owner: Owner): string {
	return `[n8n:${encodeURIComponent(owner.workflowId)}/${encodeURIComponent(owner.nodeId)}]`;
}

/** A description people can read in meetergo, ending with the owner tag (never cut off). */
export function describeRegistration(readable: string, owner: Owner): string {
	const tag = ownerTag(owner);
	return `${readable.slice(0, DESCRIPTION_LIMIT - tag.length - 1)} ${tag}`;
}

/** The owner a webhook's description names, or undefined if it carries no tag. */
export function taggedOwner(hook: MeetergoWebhook): Owner | undefined {
	const match = TAG.exec((hook.description ?? '').trim());
	if (match === null) return undefined;
	try {
		return { workflowId: decodeURIComponent(match[1]), nodeId: decodeURIComponent(match[2]) };
	} catch {
		return undefined;
	}
}

function sameOwner(a: Owner, b: Owner): boolean {
	return a.workflowId === b.workflowId && a.nodeId === b.nodeId;
}

/** Characters RFC 3986 calls unreserved: percent-encoding them changes nothing. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

function canonicalPath(pathname: string): string {
	const decoded = pathname.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
		const character = String.fromCharCode(parseInt(hex, 16));
		return UNRESERVED.test(character) ? character : `%${hex.toUpperCase()}`;
	});
	return decoded.length > 1 && decoded.endsWith('/') ? decoded.slice(0, -1) : decoded;
}

/**
 * An endpoint without its `token` parameter, in one form whatever way meetergo stored it: scheme and
 * host in lower case, default port dropped (the URL parser does both), percent-encoding of
 * unreserved characters undone and other escapes in upper case, no trailing slash, the remaining
 * query parameters sorted, no fragment. Undefined if it is not a URL.
 */
export function canonicalEndpoint(endpoint: string): string | undefined {
	let url: URL;
	try {
		url = new URL(endpoint.trim());
	} catch {
		return undefined;
	}
	url.searchParams.delete(URL_TOKEN_PARAMETER);
	url.searchParams.sort();
	url.hash = '';
	url.pathname = canonicalPath(url.pathname);
	return url.toString();
}

/** The token in an endpoint, or undefined. */
export function tokenOf(endpoint: string): string | undefined {
	try {
		return new URL(endpoint.trim()).searchParams.get(URL_TOKEN_PARAMETER) ?? undefined;
	} catch {
		return undefined;
	}
}

/** The webhooks at this node's URL, whoever made them. */
export function webhooksAt(hooks: MeetergoWebhook[], webhookUrl: string): MeetergoWebhook[] {
	const target = canonicalEndpoint(webhookUrl);
	if (target === undefined) return [];
	return hooks.filter((hook) => canonicalEndpoint(hook.endpoint) === target);
}

/** Webhooks at this node's URL tagged as this trigger's. */
export function taggedAt(
	hooks: MeetergoWebhook[],
	webhookUrl: string,
	owner: Owner,
): MeetergoWebhook[] {
	return webhooksAt(hooks, webhookUrl).filter((hook) => {
		const tagged = taggedOwner(hook);
		return tagged !== undefined && sameOwner(tagged, owner);
	});
}

/**
 * An untagged webhook at this node's URL that this trigger registered before it tagged its
 * registrations: the id and the token its static data stored. Only for an activation n8n accepted.
 */
export function untaggedStored(
	hooks: MeetergoWebhook[],
	webhookUrl: string,
	stored: Registration | undefined,
): MeetergoWebhook | undefined {
	if (stored === undefined) return undefined;
	return webhooksAt(hooks, webhookUrl).find(
		(hook) =>
			taggedOwner(hook) === undefined &&
			hook.id === stored.webhookId &&
			tokenOf(hook.endpoint) === stored.token,
	);
}
