import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { processDelivery, type DeliveryMetadata, type DeliveryPolicy } from '../core/delivery';
import { readLedger } from '../core/ledger';
import type { ProviderProfile } from '../core/profile';
import { RecentDeliveries } from '../core/recentDeliveries';
import { rejectedDeliveryItem, type Refusal } from '../core/rejection';
import type { SigningSecret } from '../core/signature';
import {
	ANY_EVENT,
	LEDGER_KEY,
	ledgerLimits,
	type DeliveryOptions,
	DEFAULT_TIMESTAMP_TOLERANCE_SECONDS,
} from './options';
import { ledgerScope, noteStoredLedger } from './recordDeliveries';

/** Shared by every trigger in this n8n process: catches copies of one delivery arriving together. */
const recentDeliveries = new RecentDeliveries();

export interface TriggerSetup<Payload> {
	profile: ProviderProfile<Payload>;
	/** Credential type holding `secret` and `previousSecret`. */
	credentialType: string;
	/** Where the user finds the secret, for error messages. */
	secretHint: string;
	/** 'empty': every acknowledgement is 200 with no body (MeetGeek demands it); 'json': 200 with a short JSON status. */
	acknowledgement: 'json' | 'empty';
	/** Accept deliveries without verifying when the user configured no secret. */
	allowUnsigned?: boolean;
	/**
	 * For providers that do not sign but whose URL the trigger registers itself: the query
	 * parameter carrying the random registration token, and the value expected (undefined while
	 * nothing is registered). Deliveries without it are rejected (401) before anything else.
	 */
	urlToken?: {
		parameter: string;
		expected: (context: IWebhookFunctions) => Promise<string | undefined>;
	};
	/**
	 * The last step before an execution starts, for a delivery that passed every check and holds
	 * its dedupe claim: may re-check it with the provider's API and shapes the output item.
	 * A rejection (or a thrown error) gives the claim back, so a genuine copy can still get through.
	 */
	confirm?: (
		context: IWebhookFunctions,
		delivery: { payload: Payload; metadata: DeliveryMetadata },
	) => Promise<ConfirmResult>;
}

/** What `TriggerSetup.confirm` decides: the item to output, or why the delivery is refused. */
export type ConfirmResult =
	| { ok: true; json: IDataObject; delivery?: IDataObject }
	| ({ ok: false } & Refusal);

interface SecretFields {
	secret?: string;
	previousSecret?: string;
}

/**
 * Steps 1–6 of a delivery for any trigger: read the raw request, run the provider-independent
 * checks, and either answer without an execution or hand one item to the workflow.
 */
export async function handleWebhook<Payload>(
	context: IWebhookFunctions,
	setup: TriggerSetup<Payload>,
): Promise<IWebhookResponseData> {
	const response = context.getResponseObject();
	const reply = (status: number, body: IDataObject | undefined): IWebhookResponseData => {
		if (body === undefined || (setup.acknowledgement === 'empty' && status < 300))
			response.status(status).end();
		else response.status(status).json(body);
		return { noWebhookResponse: true };
	};
	// n8n runs webhook() in mode 'manual' only for its test webhook (/webhook-test/…, while the editor
	// listens for a test event: n8n 2.41 webhooks/test-webhooks.js); production requests run in
	// 'webhook' mode (webhooks/live-webhooks.js).
	const testRun = context.getMode() === 'manual';
	/**
	 * Answers a refused delivery with its 4xx/5xx, the same in every mode. In a test run it also
	 * starts an execution whose one item explains the refusal, so the editor shows why instead of
	 * waiting on. n8n (webhook-helpers.js executeWebhook) sends nothing itself for
	 * `noWebhookResponse`, also when workflowData starts an execution: the answer written here is
	 * the only one.
	 */
	const refuse = (refusal: Refusal, nowMs = Date.now()): IWebhookResponseData => {
		const answered = reply(refusal.status, {
			error: { code: refusal.code, message: refusal.message },
		});
		if (!testRun) return answered;
		const item = rejectedDeliveryItem(setup.profile.provider, refusal, nowMs);
		return {
			...answered,
			workflowData: [context.helpers.returnJsonArray([item])],
		};
	};

	let secrets: SigningSecret[];
	try {
		secrets = await readSecrets(context, setup);
	} catch {
		return refuse({
			status: 500,
			code: 'credential_unavailable',
			message: `The ${setup.profile.provider} trigger could not read its credential. Open the trigger in n8n and select a working credential.`,
			check:
				'the credential selected in the trigger (it must exist and be shared with this workflow)',
		});
	}

	const request = context.getRequestObject();
	if (!Buffer.isBuffer(request.rawBody)) await request.readRawBody();
	const rawBody = Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0);

	const options = context.getNodeParameter('options', {}) as DeliveryOptions;
	const selected = context.getNodeParameter('events', []) as string[];
	const nowMs = Date.now();
	const limits = ledgerLimits(options);
	const policy: DeliveryPolicy = {
		secrets,
		secretHint: setup.secretHint,
		allowUnsigned: setup.allowUnsigned,
		acceptCompactBody: options.acceptCompactBody === true,
		toleranceSeconds: options.timestampToleranceSeconds ?? DEFAULT_TIMESTAMP_TOLERANCE_SECONDS,
		events: selected.length === 0 || selected.includes(ANY_EVENT) ? 'any' : selected,
		urlToken:
			setup.urlToken === undefined
				? undefined
				: {
						parameter: setup.urlToken.parameter,
						expected: await setup.urlToken.expected(context),
						received: (context.getQueryData() as IDataObject)[setup.urlToken.parameter],
					},
		// Test runs keep no static data, and a developer resends the same sample on purpose.
		dedupe: testRun
			? undefined
			: {
					ledger: readLedger(
						context.getWorkflowStaticData('node')[LEDGER_KEY],
						Math.floor(nowMs / 1000),
					),
					limits,
					recent: recentDeliveries,
					scope: ledgerScope(context.getWorkflow().id, context.getNode().id),
				},
	};
	if (policy.dedupe !== undefined) {
		noteStoredLedger(
			policy.dedupe.scope,
			context.getWorkflowStaticData('node')[LEDGER_KEY] !== undefined,
		);
	}

	const headers = context.getHeaderData();
	const outcome = processDelivery(setup.profile, { rawBody, headers, nowMs }, policy);
	if (!outcome.ok) return refuse(outcome, nowMs);
	if (outcome.action === 'ignore') {
		return reply(200, {
			received: true,
			started: false,
			reason: outcome.reason,
			message: outcome.message,
		});
	}
	let body = outcome.payload as IDataObject;
	let deliveryExtra: IDataObject = {};
	if (setup.confirm !== undefined) {
		// The same key processDelivery claimed in the per-process guard.
		const claim =
			policy.dedupe === undefined
				? undefined
				: `${policy.dedupe.scope}:${outcome.metadata.dedupeKey}`;
		let confirmed: ConfirmResult | undefined;
		try {
			confirmed = await setup.confirm(context, {
				payload: outcome.payload,
				metadata: outcome.metadata,
			});
		} finally {
			// A thrown error propagates (n8n records a failed execution); the claim is given back first.
			if (confirmed === undefined && claim !== undefined) recentDeliveries.release(claim);
		}
		if (!confirmed.ok) {
			if (claim !== undefined) recentDeliveries.release(claim);
			return refuse(confirmed, nowMs);
		}
		body = confirmed.json;
		deliveryExtra = confirmed.delivery ?? {};
	}
	const json: IDataObject = { ...body, delivery: { ...outcome.metadata, ...deliveryExtra } };
	if (options.includeHeaders === true) {
		// A proxy may copy the request URL, URL token included, into a header (X-Original-URI, …).
		json.headers = withoutToken({ ...headers }, policy.urlToken?.expected) as IDataObject;
	}
	return { workflowData: [context.helpers.returnJsonArray([json])] };
}

async function readSecrets<Payload>(
	context: IWebhookFunctions,
	setup: TriggerSetup<Payload>,
): Promise<SigningSecret[]> {
	// An optional credential left empty means "unsigned" only where the provider allows it.
	if (setup.allowUnsigned && context.getNode().credentials?.[setup.credentialType] === undefined) {
		return [];
	}
	const credential = await context.getCredentials<SecretFields>(setup.credentialType);
	return [
		{ slot: 'current', value: typeof credential.secret === 'string' ? credential.secret : '' },
		{
			slot: 'previous',
			value: typeof credential.previousSecret === 'string' ? credential.previousSecret : '',
		},
	];
}

function withoutToken(
	headers: Record<string, unknown>,
	token: string | undefined,
): Record<string, unknown> {
	if (token === undefined || token === '') return headers;
	const scrub = (value: unknown) =>
		typeof value === 'string' ? value.split(token).join('redacted') : value;
	for (const [name, value] of Object.entries(headers)) {
		headers[name] = Array.isArray(value) ? value.map(scrub) : scrub(value);
	}
	return headers;
}
