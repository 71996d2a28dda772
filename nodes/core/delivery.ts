import { parseJsonBody, compactJson } from './body';
import { readSingleHeader, type HeaderMap } from './headers';
import { digestDeliveryKey, hasDelivery, type LedgerLimits, type LedgerState } from './ledger';
import type { ProviderProfile } from './profile';
import type { RecentDeliveries } from './recentDeliveries';
import type { Rejection } from './rejection';
import {
	secretIsSet,
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
	/** When no secret is configured: refuse (default) or accept unauthenticated deliveries. */
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

export type DeliveryOutcome<Payload> =
	| Rejection
	| { ok: true; action: 'ignore'; reason: 'duplicate' | 'filtered'; event: string; message: string }
	| { ok: true; action: 'start'; payload: Payload; metadata: DeliveryMetadata };

/**
 * Steps 2–5 of every delivery: authenticate, parse, filter, dedupe. Pure apart from claiming the
 * key in the per-process guard. Never throws; every refusal says why.
 */
export function processDelivery<Payload>(
	profile: ProviderProfile<Payload>,
	request: DeliveryRequest,
	policy: DeliveryPolicy,
): DeliveryOutcome<Payload> {
	const auth = authenticate(profile, request, policy);
	if (!auth.ok) return auth;

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

	const dedupeKey = digestDeliveryKey(
		`${profile.provider}:${profile.deliveryKeyOf({ payload, deliveryId: auth.deliveryId, rawBody: request.rawBody })}`,
	);
	if (policy.dedupe !== undefined) {
		const { ledger, recent, scope } = policy.dedupe;
		const keyWindow = profile.dedupeWindowSecondsOf?.(payload);
		const limits =
			keyWindow === undefined
				? policy.dedupe.limits
				: {
						...policy.dedupe.limits,
						ttlSeconds: Math.min(policy.dedupe.limits.ttlSeconds, keyWindow),
					};
		const nowSeconds = Math.floor(request.nowMs / 1000);
		if (
			hasDelivery(ledger, dedupeKey, nowSeconds, limits) ||
			!recent.claim(`${scope}:${dedupeKey}`, request.nowMs, limits.ttlSeconds * 1000)
		) {
			return {
				ok: true,
				action: 'ignore',
				reason: 'duplicate',
				event,
				message:
					'This delivery was already received; acknowledged without starting the workflow again.',
			};
		}
	}

	return {
		ok: true,
		action: 'start',
		payload,
		metadata: {
			provider: profile.provider,
			event,
			deliveryId: auth.deliveryId ?? null,
			dedupeKey,
			receivedAt: new Date(request.nowMs).toISOString(),
			timestampAgeSeconds: auth.timestampAgeSeconds ?? null,
			secret: auth.secret ?? null,
			signedBody: auth.signedBody ?? null,
		},
	};
}

interface Authenticated {
	ok: true;
	deliveryId?: string;
	timestampAgeSeconds?: number;
	secret?: SigningSecret['slot'];
	signedBody?: SignedBodyForm;
}

function authenticate<Payload>(
	profile: ProviderProfile<Payload>,
	request: DeliveryRequest,
	policy: DeliveryPolicy,
): Authenticated | Rejection {
	const result: Authenticated = { ok: true };
	if (policy.urlToken !== undefined) {
		const token = checkUrlToken(policy.urlToken);
		if (!token.ok) return token;
	}
	const signature = profile.signature;
	// Any non-blank secret means signing was meant: verify (a lone previous secret then refuses as
	// missing_secret) rather than fall back to accepting unsigned deliveries.
	const signingConfigured = policy.secrets.some(secretIsSet);
	const verifying = signature !== undefined && (signingConfigured || !policy.allowUnsigned);

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
	if (profile.deliveryIdHeader !== undefined) result.deliveryId = values[profile.deliveryIdHeader];
	if (!verifying) return result;

	const signedHeaders: Record<string, string> = {};
	for (const name of signature.signedHeaders) signedHeaders[name] = values[name];
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
		signature: values[signature.header],
		secrets: policy.secrets,
		contents,
		secretHint: policy.secretHint,
		signedHeaders: signature.signedHeaders,
	});
	if (!match.ok) return match;
	result.secret = match.secret;
	result.signedBody = match.signedBody;

	if (profile.timestampHeader !== undefined) {
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
