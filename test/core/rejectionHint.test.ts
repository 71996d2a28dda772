import { processDelivery, type DeliveryPolicy } from '../../nodes/core/delivery';
import type { ProviderProfile } from '../../nodes/core/profile';
import { rejectedDeliveryHint, rejectedDeliveryItem } from '../../nodes/core/rejection';
import { meetBitProfile } from '../../nodes/MeetBit/profile';
import { meetergoProfile, URL_TOKEN_PARAMETER } from '../../nodes/Meetergo/profile';
import { meetGeekProfile } from '../../nodes/MeetGeek/profile';
import { meetBitDelivery } from '../helpers/meetbit';
import { meetGeekDelivery } from '../helpers/meetgeek';
import { expectAdviceOnce } from '../helpers/refusalHint';

const secret = 's'.repeat(40);
const otherSecret = 'o'.repeat(40);
const token = 't'.repeat(43);
const otherToken = 'u'.repeat(43);
const NOT_UTF8 = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);

interface Request {
	rawBody: Buffer;
	headers: Record<string, string | string[]>;
	query?: unknown;
}

interface Case {
	name: string;
	code: string;
	request: () => Request;
	/** Changes to the policy every case of the provider starts from. */
	policy?: Partial<DeliveryPolicy>;
	/** meetergo: the trigger has no registration token stored. */
	nothingRegistered?: true;
}

interface Provider {
	profile: ProviderProfile<unknown>;
	policy: DeliveryPolicy;
	/** meetergo: deliveries must carry the registration token in the URL. */
	urlToken?: true;
	/** Values the request carried that no message may repeat. */
	received: (request: Request) => string[];
	cases: Case[];
}

const signedPolicy: DeliveryPolicy = {
	secrets: [
		{ slot: 'current', value: secret },
		{ slot: 'previous', value: '' },
	],
	secretHint: 'the Signing Secret of the test credential',
	toleranceSeconds: 300,
	events: 'any',
};

const noSecret: Partial<DeliveryPolicy> = {
	secrets: [
		{ slot: 'current', value: '' },
		{ slot: 'previous', value: '' },
	],
};
const blankSecret: Partial<DeliveryPolicy> = {
	secrets: [
		{ slot: 'current', value: ' \u200b' },
		{ slot: 'previous', value: otherSecret },
	],
};

function meetBit(
	change: (request: Request) => void,
	options: Parameters<typeof meetBitDelivery>[0] = { signingKey: secret },
): () => Request {
	return () => {
		const request = meetBitDelivery(options);
		change(request);
		return request;
	};
}

function meetGeek(change: (request: Request) => void, body?: Buffer | string): () => Request {
	return () => {
		const request = meetGeekDelivery({ signingKey: secret, body });
		change(request);
		return request;
	};
}

function meetergo(query: unknown, body: Buffer | string = '{"webhookType":"new_employee"}') {
	return (): Request => ({
		rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
		headers: { 'content-type': 'application/json' },
		query,
	});
}

const unchanged = () => undefined;

const providers: Provider[] = [
	{
		profile: meetBitProfile as ProviderProfile<unknown>,
		policy: signedPolicy,
		received: (request) => [String(request.headers['x-webhook-signature'])],
		cases: [
			{
				name: 'no id header',
				code: 'missing_header',
				request: meetBit((r) => delete r.headers['x-webhook-id']),
			},
			{
				name: 'a repeated timestamp header',
				code: 'ambiguous_header',
				request: meetBit((r) => (r.headers['x-webhook-timestamp'] = ['1', '2'])),
			},
			{
				name: 'a timestamp that is none',
				code: 'malformed_timestamp',
				request: meetBit((r) => (r.headers['x-webhook-timestamp'] = 'yesterday')),
			},
			{
				name: 'a stale timestamp',
				code: 'timestamp_too_old',
				request: meetBit(unchanged, { signingKey: secret, nowMs: Date.now() - 3_600_000 }),
			},
			{
				name: 'a timestamp from the future',
				code: 'timestamp_too_new',
				request: meetBit(unchanged, { signingKey: secret, nowMs: Date.now() + 3_600_000 }),
			},
			{
				name: 'a signature that is not hex',
				code: 'malformed_signature',
				request: meetBit((r) => (r.headers['x-webhook-signature'] = 'not-a-signature')),
			},
			{
				name: 'no secret configured',
				code: 'missing_secret',
				request: meetBit(unchanged),
				policy: noSecret,
			},
			{
				name: 'a blank secret',
				code: 'missing_secret',
				request: meetBit(unchanged),
				policy: blankSecret,
			},
			{
				name: 'another secret',
				code: 'signature_mismatch',
				request: meetBit(unchanged, { signingKey: otherSecret }),
			},
			{
				name: 'a body that is not UTF-8',
				code: 'body_not_utf8',
				request: meetBit(unchanged, { signingKey: secret, body: NOT_UTF8 }),
			},
			{
				name: 'an empty body',
				code: 'body_not_json',
				request: meetBit(unchanged, { signingKey: secret, body: '' }),
			},
			{
				name: 'a body of the wrong shape',
				code: 'body_invalid',
				request: meetBit(unchanged, { signingKey: secret, body: '[]' }),
			},
		],
	},
	{
		profile: meetGeekProfile(3600) as ProviderProfile<unknown>,
		policy: signedPolicy,
		received: (request) => [String(request.headers['x-mg-signature'])],
		cases: [
			{
				name: 'no signature header',
				code: 'missing_header',
				request: meetGeek((r) => delete r.headers['x-mg-signature']),
			},
			{
				name: 'a repeated signature header',
				code: 'ambiguous_header',
				request: meetGeek((r) => (r.headers['x-mg-signature'] = ['a'.repeat(64), 'b'.repeat(64)])),
			},
			{
				name: 'a signature that is not hex',
				code: 'malformed_signature',
				request: meetGeek((r) => (r.headers['x-mg-signature'] = 'z'.repeat(64))),
			},
			{
				name: 'no secret configured',
				code: 'missing_secret',
				request: meetGeek(unchanged),
				policy: noSecret,
			},
			{
				name: 'another secret',
				code: 'signature_mismatch',
				request: meetGeek((r) => (r.rawBody = Buffer.from(`${String(r.rawBody)} `))),
			},
			{
				name: 'a body that is not UTF-8',
				code: 'body_not_utf8',
				request: meetGeek(unchanged, NOT_UTF8),
			},
			{
				name: 'a body that is not JSON',
				code: 'body_not_json',
				request: meetGeek(unchanged, 'message=done'),
			},
			{
				name: 'a body of the wrong shape',
				code: 'body_invalid',
				request: meetGeek(unchanged, '{"meeting_id":""}'),
			},
			{
				name: 'a body of the wrong shape, unsigned (Authentication "None")',
				code: 'body_invalid',
				request: meetGeek((r) => delete r.headers['x-mg-signature'], '{}'),
				policy: { allowUnsigned: true },
			},
		],
	},
	{
		profile: meetergoProfile as ProviderProfile<unknown>,
		policy: { ...signedPolicy, secrets: [], secretHint: 'the registration token' },
		urlToken: true,
		received: (request) => [JSON.stringify(request.query)],
		cases: [
			{
				name: 'nothing registered',
				code: 'missing_secret',
				request: meetergo({ [URL_TOKEN_PARAMETER]: otherToken }),
				nothingRegistered: true,
			},
			{ name: 'no token in the URL', code: 'missing_token', request: meetergo({}) },
			{
				name: 'the token twice',
				code: 'token_mismatch',
				request: meetergo({ [URL_TOKEN_PARAMETER]: [token, token] }),
			},
			{
				name: 'another token',
				code: 'token_mismatch',
				request: meetergo({ [URL_TOKEN_PARAMETER]: otherToken }),
			},
			{
				name: 'a body that is not UTF-8',
				code: 'body_not_utf8',
				request: meetergo({ [URL_TOKEN_PARAMETER]: token }, NOT_UTF8),
			},
			{
				name: 'a body that is not JSON',
				code: 'body_not_json',
				request: meetergo({ [URL_TOKEN_PARAMETER]: token }, '<xml/>'),
			},
			{
				name: 'a body of the wrong shape',
				code: 'body_invalid',
				request: meetergo({ [URL_TOKEN_PARAMETER]: token }, '{"webhookType":"booking_created"}'),
			},
		],
	},
];

describe.each(providers.map((provider) => [provider.profile.provider, provider] as const))(
	'%s: the hint on a refused test delivery says what to do, once',
	(providerName, provider) => {
		it.each(provider.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
			const request = c.request();
			const policy: DeliveryPolicy = { ...provider.policy, ...c.policy };
			if (provider.urlToken) {
				policy.urlToken = {
					parameter: URL_TOKEN_PARAMETER,
					expected: c.nothingRegistered ? undefined : token,
					received: (request.query as Record<string, unknown>)[URL_TOKEN_PARAMETER],
				};
			}
			const outcome = processDelivery(
				provider.profile,
				{ rawBody: request.rawBody, headers: request.headers, nowMs: Date.now() },
				policy,
			);
			if (outcome.ok) throw new Error(`${c.name}: accepted, expected ${c.code}`);
			expect(outcome.code).toBe(c.code);
			const hint = rejectedDeliveryHint(rejectedDeliveryItem(providerName, outcome, Date.now()));
			expectAdviceOnce(hint, c.code);
			for (const value of [secret, otherSecret, token, otherToken, ...provider.received(request)])
				expect(hint).not.toContain(value);
		});
	},
);
