import { processDelivery, type DeliveryPolicy } from '../../nodes/core/delivery';
import {
	isRejectedDeliveryItem,
	rejectedDeliveryHint,
	rejectedDeliveryItem,
	type Rejection,
} from '../../nodes/core/rejection';
import { checkUrlToken } from '../../nodes/core/urlToken';
import { meetBitProfile } from '../../nodes/MeetBit/profile';
import { meetBitDelivery } from '../helpers/meetbit';

const secret = 's'.repeat(40);
const policy: DeliveryPolicy = {
	secrets: [
		{ slot: 'current', value: secret },
		{ slot: 'previous', value: '' },
	],
	secretHint: 'the Signing Secret of the test credential',
	toleranceSeconds: 300,
	events: 'any',
};

function refusal(mutate: (delivery: ReturnType<typeof meetBitDelivery>) => void): Rejection {
	const delivery = meetBitDelivery({ signingKey: secret });
	mutate(delivery);
	const outcome = processDelivery(
		meetBitProfile,
		{ rawBody: delivery.rawBody, headers: delivery.headers, nowMs: Date.now() },
		policy,
	);
	if (outcome.ok) throw new Error('expected a refusal');
	return outcome;
}

describe('every refusal says where to look (check), naming things only', () => {
	it.each<[string, (delivery: ReturnType<typeof meetBitDelivery>) => void, string, string]>([
		[
			'a missing header',
			(d) => delete d.headers['x-webhook-timestamp'],
			'missing_header',
			'the X-Webhook-Timestamp header (is the sender the provider? a proxy in front of n8n may strip it)',
		],
		[
			'a repeated header',
			(d) => (d.headers['x-webhook-id'] = ['a', 'b']),
			'ambiguous_header',
			'the X-Webhook-Id header (a proxy in front of n8n may add a copy)',
		],
		[
			'a malformed signature',
			(d) => (d.headers['x-webhook-signature'] = 'xyz'),
			'malformed_signature',
			'the X-Webhook-Signature header (is the sender the provider?)',
		],
		[
			'a signature that does not match',
			(d) => (d.rawBody = Buffer.from(String(d.rawBody).replace('1234', '4321'))),
			'signature_mismatch',
			'the Signing Secret of the test credential; the X-Webhook-Signature header; the signed X-Webhook-Id header; the signed X-Webhook-Timestamp header; the raw body (nothing between the sender and n8n may change it)',
		],
		[
			'a stale timestamp',
			(d) => {
				const stale = meetBitDelivery({ signingKey: secret, nowMs: Date.now() - 3_600_000 });
				Object.assign(d, stale);
			},
			'timestamp_too_old',
			"the X-Webhook-Timestamp header; this server's clock; the Timestamp Tolerance option",
		],
		[
			'a body of the wrong shape',
			(d) => Object.assign(d, meetBitDelivery({ signingKey: secret, body: '{"data":[]}' })),
			'body_invalid',
			'the request body: field event, field data',
		],
		[
			'a body that is not JSON',
			(d) => Object.assign(d, meetBitDelivery({ signingKey: secret, body: 'nope' })),
			'body_not_json',
			'the request body and its sender (MeetBit sends a JSON object)',
		],
	])('%s', (_name, mutate, code, check) => {
		const result = refusal(mutate);
		expect(result).toMatchObject({ ok: false, code, check });
		expect(result.check).not.toContain(secret);
	});

	it('for the URL token too, never echoing either token', () => {
		const expected = 'e'.repeat(43);
		const result = checkUrlToken({ parameter: 'token', expected, received: 'f'.repeat(43) });
		expect(result).toMatchObject({
			ok: false,
			check:
				'the token query parameter of the URL called (only the URL this trigger registered carries the right token)',
		});
		expect(JSON.stringify(result)).not.toContain(expected);
		expect(JSON.stringify(result)).not.toContain('f'.repeat(43));
	});
});

describe('rejectedDeliveryItem', () => {
	it('has one shape for every trigger: the answer the sender got, where to look, and a note', () => {
		const rejection = refusal((d) => (d.headers['x-webhook-signature'] = 'a'.repeat(64)));
		const item = rejectedDeliveryItem('MeetBit', rejection, Date.UTC(2026, 10, 23, 17, 4, 5));
		expect(item).toEqual({
			rejected: true,
			provider: 'MeetBit',
			status: 401,
			code: 'signature_mismatch',
			message: rejection.message,
			check: rejection.check,
			note: 'Shown because n8n is listening for a test event. The sender got the usual 401 answer with this code and message; in production a refused delivery starts no execution.',
			receivedAt: '2026-11-23T17:04:05.000Z',
		});
		expect(JSON.stringify(item)).not.toContain(secret);
		expect(JSON.stringify(item)).not.toContain('a'.repeat(64));
		expect(isRejectedDeliveryItem(item)).toBe(true);
		expect(isRejectedDeliveryItem({ event: 'x', rejected: true })).toBe(false);
		expect(rejectedDeliveryHint(item)).toBe(
			`MeetBit delivery refused with 401 signature_mismatch: ${rejection.message}`,
		);
	});
});
