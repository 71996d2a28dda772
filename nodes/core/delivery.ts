import { parseJsonBody, compactJson } from './body';
import { admitKey, claimWindowSeconds, deliveryKey, replaySeconds } from './dedupe';
import { readSingleHeader, type HeaderMap } from './headers';
import { isoTime } from './isoTime';
import type { LedgerLimits, LedgerState } from './ledger';
import type { ProviderProfile } from './profile';
import type { RecentDeliveries } from './recentDeliveries';
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
	/** Absent where deliveries are not deduplicated (manual test runs). */
	dedupe?: {
		ledger: LedgerState;
		limits: LedgerLimits;
		recent: RecentDeliveries;
		/** Makes keys of different workflows and nodes distinct in the per-process guard. */
		scope: string;
	};
}

/** What the output item says about its delivery. Contains no secret. */
export interface DeliveryMetadata {
	provider: string;
	event: string;
	deliveryId: string | null;
	/** Digest the dedupe ledger records once the execution runs. */
	dedupeKey: string;
	receivedAt: string;
	timestampAgeSeconds: number | null;
	/** Which credential secret verified the signature; null if the delivery was not signed/checked. */
	secret: SigningSecret['slot'] | null;
	signedBody: SignedBodyForm | null;
}

/** A delivery acknowledged with 200 without starting an execution. */
export interface Ignored {
	ok: true;
	action: 'ignore';
	reason: 'duplicate' | 'filtered';
	event: string;
	message: string;
}

export type DeliveryOutcome<Payload> =
	| Rejection
	| Ignored
	| { ok: true; action: 'start'; payload: Payload; metadata: DeliveryMetadata; dedupe: KeyWindow };

/** The delivery's claim key and how long it is remembered (`claimWindowSeconds`). */
export interface KeyWindow {
	key: string;
	windowSeconds: number;
	/** Past plus future timestamp tolerance, where the timestamp was checked; else 0. */
	replaySeconds: number;
}

/**
 * Steps 2–5 of every delivery, in the order the triggers run them, as one pure function:
 * `checkWithoutSecret` (headers, timestamp window, URL token: no secret, no body),
 * `verifySignature` (the secret, the body's bytes), `readDelivery` (parse, filter, claim key),
 * then the ledger and the per-process guard (`admitKey`). The triggers run the same stages with
 * the credential read between the first two (`nodes/shared/handleWebhook.ts`); tests and the
 * benchmark call this. Pure apart from claiming the key in the per-process guard. Never throws;
 * every refusal says why.
 */
export function processDelivery<Payload>(
	profile: ProviderProfile<Payload>,
	request: DeliveryRequest,
	policy: DeliveryPolicy,
): DeliveryOutcome<Payload> {
	const checked = checkWithoutSecret(profile, request, policy);
	if (!checked.ok) return checked;
	const verified = verifySignature(profile, request, policy, checked);
	if (!verified.ok) return verified;
	const read = readDelivery(profile, request, policy, verified);
	if (!read.ok || read.action === 'ignore' || policy.dedupe === undefined) return read;
	const { ledger, recent, scope } = policy.dedupe;
	return admitKey(
		{ ledger, recent, scope },
		read.dedupe.key,
		read.dedupe.windowSeconds,
		request.nowMs,
		read.dedupe.replaySeconds,
	)
		? read
		: duplicate(read.metadata.event);
}

/** The answer for a copy of a delivery already received. */
export function duplicate(event: string): Ignored {
	return {
		ok: true,
		action: 'ignore',
		reason: 'duplicate',
		event,
		message:
			'This delivery was already received; acknowledged without starting the workflow again.',
	};
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
 * Parses and validates the body, applies the event filter, and builds the claim key with its
 * window. Runs only on an authenticated (or knowingly unauthenticated) delivery.
 */
export function readDelivery<Payload>(
	profile: ProviderProfile<Payload>,
	request: Pick<DeliveryRequest, 'rawBody' | 'nowMs'>,
	policy: Pick<DeliveryPolicy, 'events' | 'dedupe' | 'toleranceSeconds'> & {
		/** The trigger's Dedupe Window in seconds; default `policy.dedupe.limits.ttlSeconds`. */
		windowSeconds?: number;
	},
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
	// The tolerance counts only where the timestamp was checked.
	const toleranceSeconds =
		verified.timestampAgeSeconds === undefined ? undefined : policy.toleranceSeconds;
	const windowSeconds = claimWindowSeconds({
		triggerSeconds: policy.windowSeconds ?? policy.dedupe?.limits.ttlSeconds ?? 0,
		keySeconds: profile.dedupeWindowSecondsOf?.(payload),
		toleranceSeconds,
	});
	return {
		ok: true,
		action: 'start',
		payload,
		dedupe: { key, windowSeconds, replaySeconds: replaySeconds(toleranceSeconds) },
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
