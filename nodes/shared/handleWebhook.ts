import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { checkWithoutSecret, verifyAndRead, type DeliveryMetadata } from '../core/delivery';
import type { ProviderProfile } from '../core/profile';
import { rejectedDeliveryItem, type Refusal } from '../core/rejection';
import type { SigningSecret } from '../core/signature';
import { admit } from './dedupe';
import { DUPLICATE_MESSAGE, keyWindow } from './dedupe/rules';
import {
	ANY_EVENT,
	ledgerLimits,
	type DeliveryOptions,
	DEFAULT_TIMESTAMP_TOLERANCE_SECONDS,
} from './options';

export interface TriggerSetup<Payload> {
	profile: ProviderProfile<Payload>;
	/** Credential type holding `secret` and `previousSecret`, for a provider that signs. */
	credentialType?: string;
	/** Where the user finds the secret, for error messages. */
	secretHint: string;
	/** 'empty': every acknowledgement is 200 with no body (MeetGeek demands it); 'json': 200 with a short JSON status. */
	acknowledgement: 'json' | 'empty';
	/**
	 * The user chose not to authenticate deliveries (MeetGeek's Authentication "None"): no signature
	 * is required and the signing credential is never read, even if one is still attached.
	 */
	unsigned?: boolean;
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
	| {
			ok: true;
			json: IDataObject;
			delivery?: IDataObject;
			/** meetergo: the URL token was not the stored registration's (travels in the claim to execute()). */
			registrationOutdated?: boolean;
	  }
	| ({ ok: false } & Refusal);

interface SecretFields {
	secret?: string;
	previousSecret?: string;
}

/**
 * Steps 1–6 of a delivery for any trigger, cheapest checks first: the checks that need no secret
 * and no body (URL token, headers, timestamp window), then the body and the credential (read only
 * when a signature is to be verified), the signature, the body's shape and the event filter, and
 * only then the dedupe admission (`admit` in `./dedupe`): an unauthenticated caller never learns
 * "duplicate". Answers without an execution, or hands one item to the workflow.
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
	const nowMs = Date.now();
	/**
	 * Answers a refused delivery with its 4xx/5xx, the same in every mode. In a test run it also
	 * starts an execution whose one item explains the refusal, so the editor shows why instead of
	 * waiting on. n8n (webhook-helpers.js executeWebhook) sends nothing itself for
	 * `noWebhookResponse`, also when workflowData starts an execution: the answer written here is
	 * the only one.
	 */
	const refuse = (refusal: Refusal): IWebhookResponseData => {
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

	const options = context.getNodeParameter('options', {}) as DeliveryOptions;
	const selected = context.getNodeParameter('events', []) as string[];
	const toleranceSeconds = options.timestampToleranceSeconds ?? DEFAULT_TIMESTAMP_TOLERANCE_SECONDS;
	const headers = context.getHeaderData();
	// Usually the stored token; meetergo's own list only when the URL's token is not that one.
	const expectedToken =
		setup.urlToken === undefined ? undefined : await setup.urlToken.expected(context);

	// 1. No secret, no body: a stale, header-less or token-less request costs the same at any size.
	const checked = checkWithoutSecret(
		setup.profile,
		{ headers, nowMs },
		{
			allowUnsigned: setup.unsigned,
			toleranceSeconds,
			urlToken:
				setup.urlToken === undefined
					? undefined
					: {
							parameter: setup.urlToken.parameter,
							expected: expectedToken,
							received: (context.getQueryData() as IDataObject)[setup.urlToken.parameter],
						},
		},
	);
	if (!checked.ok) return refuse(checked);

	// 2. The body's bytes (n8n leaves a non-parsable content type unread at typeVersion > 1).
	const request = context.getRequestObject();
	if (!Buffer.isBuffer(request.rawBody)) await request.readRawBody();
	const rawBody = Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0);

	// 3. The credential, only when a signature is to be verified.
	let secrets: SigningSecret[] = [];
	if (checked.verifying) {
		try {
			secrets = await readSecrets(context, setup);
		} catch {
			return refuse({
				status: 500,
				code: 'credential_unavailable',
				message: `The ${setup.profile.provider} trigger could not read its credential. Open the trigger in n8n and select a credential that exists and is shared with this workflow.`,
				check:
					'the credential selected in the trigger (it must exist and be shared with this workflow)',
			});
		}
	}
	// 4. The signature, the body, the event filter, the delivery's key; 5. dedupe, before any await.
	const outcome = verifyAndRead(
		setup.profile,
		{ rawBody, nowMs },
		{
			secrets,
			secretHint: setup.secretHint,
			acceptCompactBody: options.acceptCompactBody === true,
			events: selected.length === 0 || selected.includes(ANY_EVENT) ? 'any' : selected,
			toleranceSeconds,
		},
		checked,
	);
	if (!outcome.ok) return refuse(outcome);
	const ignored = (reason: string, message: string) =>
		reply(200, { received: true, started: false, reason, message });
	if (outcome.action === 'ignore') return ignored(outcome.reason, outcome.message);
	const admission = admit(context, {
		...keyWindow(outcome.identity, ledgerLimits(options).ttlSeconds),
		signed: outcome.metadata.secret !== null,
		nowMs,
	});
	if (admission.duplicate) return ignored('duplicate', DUPLICATE_MESSAGE);

	let body = outcome.payload as IDataObject;
	let deliveryExtra: IDataObject = {};
	let registrationOutdated = false;
	if (setup.confirm !== undefined) {
		let confirmed: ConfirmResult | undefined;
		try {
			confirmed = await setup.confirm(context, {
				payload: outcome.payload,
				metadata: outcome.metadata,
			});
		} finally {
			// A thrown error propagates (n8n records a failed execution); the claim is given back first.
			if (confirmed === undefined) admission.release();
		}
		if (!confirmed.ok) {
			admission.release();
			return refuse(confirmed);
		}
		body = confirmed.json;
		deliveryExtra = confirmed.delivery ?? {};
		registrationOutdated = confirmed.registrationOutdated === true;
	}
	const claim = registrationOutdated
		? { ...admission.claim, registrationOutdated }
		: { ...admission.claim };
	const delivery = { ...outcome.metadata, ...deliveryExtra, claim };
	const json: IDataObject = { ...body, delivery };
	if (options.includeHeaders === true) {
		// A proxy may copy the request URL, URL token included, into a header (X-Original-URI, …).
		json.headers = withoutToken({ ...headers }, expectedToken) as IDataObject;
	}
	return { workflowData: [context.helpers.returnJsonArray([json])] };
}

async function readSecrets<Payload>(
	context: IWebhookFunctions,
	setup: TriggerSetup<Payload>,
): Promise<SigningSecret[]> {
	if (setup.credentialType === undefined) return [];
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
