import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { processDelivery, type DeliveryPolicy } from '../core/delivery';
import { readLedger } from '../core/ledger';
import type { ProviderProfile } from '../core/profile';
import { RecentDeliveries } from '../core/recentDeliveries';
import type { SigningSecret } from '../core/signature';
import { ANY_EVENT, LEDGER_KEY, ledgerLimits, type DeliveryOptions, DEFAULT_TIMESTAMP_TOLERANCE_SECONDS } from './options';

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
}

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
		if (body === undefined || (setup.acknowledgement === 'empty' && status < 300)) response.status(status).end();
		else response.status(status).json(body);
		return { noWebhookResponse: true };
	};

	let secrets: SigningSecret[];
	try {
		secrets = await readSecrets(context, setup);
	} catch {
		return reply(500, {
			error: {
				code: 'credential_unavailable',
				message: `The ${setup.profile.provider} trigger could not read its credential. Open the trigger in n8n and select a working credential.`,
			},
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
		// Test runs keep no static data, and a developer resends the same sample on purpose.
		dedupe:
			context.getMode() === 'manual'
				? undefined
				: {
						ledger: readLedger(context.getWorkflowStaticData('node')[LEDGER_KEY], Math.floor(nowMs / 1000)),
						limits,
						recent: recentDeliveries,
						scope: `${context.getWorkflow().id ?? ''}:${context.getNode().id}`,
					},
	};

	const headers = context.getHeaderData();
	const outcome = processDelivery(setup.profile, { rawBody, headers, nowMs }, policy);
	if (!outcome.ok) {
		return reply(outcome.status, { error: { code: outcome.code, message: outcome.message } });
	}
	if (outcome.action === 'ignore') {
		return reply(200, { received: true, started: false, reason: outcome.reason, message: outcome.message });
	}
	const json: IDataObject = { ...(outcome.payload as IDataObject), delivery: { ...outcome.metadata } };
	if (options.includeHeaders === true) json.headers = { ...headers } as IDataObject;
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
		{ slot: 'previous', value: typeof credential.previousSecret === 'string' ? credential.previousSecret : '' },
	];
}
