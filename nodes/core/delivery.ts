import { parseJsonBody, compactJson } from './body';
import { deliveryKey } from './deliveryKey';
import { readSingleHeader, type HeaderMap } from './headers';
import { isoTime } from './isoTime';
import type { ProviderProfile } from './profile';
import type { Rejection } from './rejection';
import {
	verifyHexSignature,
	type SignedContent,
	type SigningSecret,
	type SignedBodyForm,
} from './signature';
import { checkTimestampWindow } from './timestamp';
import { checkUrlToken, type UrlTokenCheck } from './urlToken';

export interface DeliveryRequest {
	rawBody: Buffer;
	headers: HeaderMap;
	nowMs: number;
}

export interface DeliveryPolicy {
	/** Current secret first, then the previous one kept during a rotation. Blank ones count as not set (`usableSecrets`). */
	secrets: readonly SigningSecret[];
	/** Where the user finds the secret, for messages ("the Signing Secret of the MeetBit Webhook credential"). */
	secretHint: string;
	/**
	 * Accept deliveries without verifying them (MeetGeek's Authentication "None", chosen by the
	 * user): no signature header is required and no secret is used. Default: every delivery of a
	 * signing provider is verified, and without a usable secret refused as `missing_secret`.
	 */
	allowUnsigned?: boolean;
	/** Also accept a signature over the compact re-serialisation of the body (opt-in, after raw fails). */
	acceptCompactBody?: boolean;
	toleranceSeconds: number;
	/** Events that start executions; 'any' lets every event through. */
	events: readonly string[] | 'any';
	/** For unsigned providers whose URL we register: the random token the URL must carry. Checked first. */
	urlToken?: UrlTokenCheck;
}

/** What the output item says about its delivery. Contains no secret. */
export interface DeliveryMetadata {
	provider: string;
	event: string;
	deliveryId: string | null;
	/** The delivery's key (`DeliveryIdentity.key`), which the dedupe ledger records once the execution runs. */
	dedupeKey: string;
	receivedAt: string;
	timestampAgeSeconds: number | null;
	/** Which credential secret verified the signature; null if the delivery was not signed/checked. */
	secret: SigningSecret['slot'] | null;
	signedBody: SignedBodyForm | null;
}

/** A delivery acknowledged with 200 without starting an execution: its event is not selected. */
export interface Ignored {
	ok: true;
	action: 'ignore';
	reason: 'filtered';
	event: string;
	message: string;
}

export type DeliveryOutcome<Payload> =
	| Rejection
	| Ignored
	| {
			ok: true;
			action: 'start';
			payload: Payload;
			metadata: DeliveryMetadata;
			identity: DeliveryIdentity;
	  };

/**
 * What tells this delivery apart from others, for dedupe (`nodes/shared/dedupe` decides how long
 * it is remembered from these): its key, and the windows the delivery itself sets.
 */
export interface DeliveryIdentity {
	/** Provider + the profile's key text, digested (`deliveryKey`). */
	key: string;
	/** The profile's own window for this key, in seconds (MeetGeek's id-less failure notice), if it sets one. */
	keySeconds?: number;
	/** The Timestamp Tolerance, where the delivery's timestamp was checked. */
	toleranceSeconds?: number;
}

/**
 * Steps 2–4 of every delivery as one pure function, in the order the triggers run them:
 * `checkWithoutSecret` (headers, timestamp window, URL token: no secret, no body), then
 * `verifyAndRead` (the signature, then the body, the event filter and the delivery's identity).
 * The triggers run the same two with the credential read between them
 * (`nodes/shared/handleWebhook.ts`), then dedupe. Never throws; every refusal says why.
 */
export function processDelivery<Payload>(
	profile: ProviderProfile<Payload>,
	request: DeliveryRequest,
	policy: DeliveryPolicy,
): DeliveryOutcome<Payload> {
	const checked = checkWithoutSecret(profile, request, policy);
	if (!checked.ok) return checked;
	return verifyAndRead(profile, request, policy, checked);
}

/** The signature (`verifySignature`), then the body, the filter and the identity (`readDelivery`). */
export function verifyAndRead<Payload>(
	profile: ProviderProfile<Payload>,
	request: Pick<DeliveryRequest, 'rawBody' | 'nowMs'>,
	policy: Pick<
		DeliveryPolicy,
		'secrets' | 'secretHint' | 'acceptCompactBody' | 'events' | 'toleranceSeconds'
	>,
	checked: CheckedWithoutSecret,
): DeliveryOutcome<Payload> {
	const verified = verifySignature(profile, request, policy, checked);
	if (!verified.ok) return verified;
	return readDelivery(profile, request, policy, verified);
}

/** What the checks without a secret learnt: the headers' values and the timestamp's age. */
export interface CheckedWithoutSecret {
	ok: true;
	/** Whether the signature will be verified (the provider signs, and the user did not choose "None"). */
	verifying: boolean;
	headers: Readonly<Record<string, string>>;
	deliveryId?: string;
	timestampAgeSeconds?: number;
}

/**
 * The checks that need neither the secret nor the body, cheapest first: the URL token, every
 * required header present exactly once, the timestamp window. A forged, stale or header-less
 * request is refused here, before the trigger reads its credential or the body, so its cost does
 * not grow with the body.
 */
export function checkWithoutSecret<Payload>(
	profile: ProviderProfile<Payload>,
	request: Pick<DeliveryRequest, 'headers' | 'nowMs'>,
	policy: Pick<DeliveryPolicy, 'urlToken' | 'allowUnsigned' | 'toleranceSeconds'>,
): CheckedWithoutSecret | Rejection {
	if (policy.urlToken !== undefined) {
		const token = checkUrlToken(policy.urlToken);
		if (!token.ok) return token;
	}
	const signature = profile.signature;
	const verifying = signature !== undefined && policy.allowUnsigned !== true;

	// Headers first, so a request missing several gets one clear message about the first.
	const wanted = [
		...(verifying ? [signature.header, ...signature.signedHeaders] : []),
		...(verifying && profile.timestampHeader !== undefined ? [profile.timestampHeader] : []),
		...(profile.deliveryIdHeader !== undefined ? [profile.deliveryIdHeader] : []),
	];
	const values: Record<string, string> = {};
	for (const name of new Set(wanted)) {
		const header = readSingleHeader(request.headers, name);
		if (!header.ok) return header;
		values[name] = header.value;
	}
	const result: CheckedWithoutSecret = { ok: true, verifying, headers: values };
	if (profile.deliveryIdHeader !== undefined) result.deliveryId = values[profile.deliveryIdHeader];
	if (verifying && profile.timestampHeader !== undefined) {
		const window = checkTimestampWindow({
			header: profile.timestampHeader,
			value: values[profile.timestampHeader],
			nowMs: request.nowMs,
			toleranceSeconds: policy.toleranceSeconds,
		});
		if (!window.ok) return window;
		result.timestampAgeSeconds = window.ageSeconds;
	}
	return result;
}

/** A delivery whose signature was verified, or that is not verified (`allowUnsigned`, no signing). */
export interface Verified extends CheckedWithoutSecret {
	secret?: SigningSecret['slot'];
	signedBody?: SignedBodyForm;
}

/** The signature over the raw body (then, opt-in, over its bounded compact re-serialisation). */
export function verifySignature<Payload>(
	profile: ProviderProfile<Payload>,
	request: Pick<DeliveryRequest, 'rawBody'>,
	policy: Pick<DeliveryPolicy, 'secrets' | 'secretHint' | 'acceptCompactBody'>,
	checked: CheckedWithoutSecret,
): Verified | Rejection {
	const signature = profile.signature;
	if (!checked.verifying || signature === undefined) return checked;
	const signedHeaders: Record<string, string> = {};
	for (const name of signature.signedHeaders) signedHeaders[name] = checked.headers[name];
	const contents: SignedContent[] = [
		{ form: 'raw', parts: () => signature.message(signedHeaders, request.rawBody) },
	];
	if (policy.acceptCompactBody) {
		contents.push({
			form: 'compact',
			parts: () => {
				const compact = compactJson(request.rawBody);
				return compact === undefined ? undefined : signature.message(signedHeaders, compact);
			},
		});
	}
	const match = verifyHexSignature({
		header: signature.header,
		signature: checked.headers[signature.header],
		secrets: policy.secrets,
		contents,
		secretHint: policy.secretHint,
		signedHeaders: signature.signedHeaders,
	});
	if (!match.ok) return match;
	return { ...checked, secret: match.secret, signedBody: match.signedBody };
}

/**
 * Parses and validates the body, applies the event filter, and builds the delivery's identity.
 * Runs only on an authenticated (or knowingly unauthenticated) delivery.
 */
export function readDelivery<Payload>(
	profile: ProviderProfile<Payload>,
	request: Pick<DeliveryRequest, 'rawBody' | 'nowMs'>,
	policy: Pick<DeliveryPolicy, 'events' | 'toleranceSeconds'>,
	verified: Verified,
): DeliveryOutcome<Payload> {
	const body = parseJsonBody(request.rawBody, profile.schema, profile.provider);
	if (!body.ok) return body;
	const payload = body.payload;
	const event = profile.eventOf(payload);

	if (policy.events !== 'any' && !policy.events.includes(event)) {
		return {
			ok: true,
			action: 'ignore',
			reason: 'filtered',
			event,
			message: `Event ${event} is not selected in this trigger; acknowledged without starting the workflow.`,
		};
	}

	const key = deliveryKey(
		profile.provider,
		profile.deliveryKeyOf({ payload, deliveryId: verified.deliveryId, rawBody: request.rawBody }),
	);
	const identity: DeliveryIdentity = { key };
	const keySeconds = profile.dedupeWindowSecondsOf?.(payload);
	if (keySeconds !== undefined) identity.keySeconds = keySeconds;
	// The tolerance counts only where the timestamp was checked.
	if (verified.timestampAgeSeconds !== undefined)
		identity.toleranceSeconds = policy.toleranceSeconds;
	return {
		ok: true,
		action: 'start',
		payload,
		identity,
		metadata: {
			provider: profile.provider,
			event,
			deliveryId: verified.deliveryId ?? null,
			dedupeKey: key,
			receivedAt: isoTime(request.nowMs),
			timestampAgeSeconds: verified.timestampAgeSeconds ?? null,
			secret: verified.secret ?? null,
			signedBody: verified.signedBody ?? null,
		},
	};
}
