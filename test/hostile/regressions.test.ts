/**
 * Inputs the hostile-input properties found, kept as fixed cases so they run every time whatever
 * the random seed.
 */

import { MeetBitTrigger } from '../../nodes/MeetBit/MeetBitTrigger.node';
import { MeetGeekTrigger } from '../../nodes/MeetGeek/MeetGeekTrigger.node';
import { FakeN8n } from '../helpers/fakeN8n';
import { meetBitDelivery, meetBitNode } from '../helpers/meetbit';
import { meetGeekDelivery, meetGeekNode } from '../helpers/meetgeek';

const signingKey = 'k'.repeat(32);

function meetBit(): FakeN8n {
	return new FakeN8n(
		new MeetBitTrigger(),
		meetBitNode(),
		{ meetingWebhooksMeetBitWebhookApi: { secret: signingKey } },
		'wf-regressions',
	);
}

describe('MeetBit: an event named like a member of Object.prototype', () => {
	// Found by bodies.property.test.ts: the per-event data schemas were looked up with a plain
	// index, so "constructor" found Object itself and webhook() threw (n8n: 500 and an error execution).
	it.each([
		'constructor',
		'__proto__',
		'toString',
		'hasOwnProperty',
		'valueOf',
		'__defineGetter__',
	])(
		'%s is an unknown event: it passes through like any other, webhook() does not throw',
		async (event) => {
			const n8n = meetBit();
			const body = `{"event":"${event}","data":{"id":1}}`;
			const result = await n8n.receive(meetBitDelivery({ signingKey, body }));
			expect(result.status).toBe(200);
			expect(result.execution).toHaveLength(1);
			expect(result.execution![0].json.event).toBe(event);
		},
	);
});

describe('A blank or invisible Signing Secret is not a usable key (MeetBit and MeetGeek)', () => {
	// Found by review: a previous secret of " " was used as an HMAC key, so anyone signing with a
	// space was accepted; later one of only zero-width characters, which trim() keeps. A secret with
	// nothing visible in it counts as not set, in both fields.
	const blanks = [
		' ',
		'\n',
		'\t',
		' \r\n ',
		'\u200B',
		'\u200D',
		'\u2060',
		'\u200B\u200D\u2060',
		'\uFEFF',
		'\u00A0\u3000',
		'\u00AD',
		'\u3164',
	];
	let counter = 0;
	function trigger(provider: 'MeetBit' | 'MeetGeek', secret: string, previousSecret: string) {
		counter += 1;
		return provider === 'MeetBit'
			? new FakeN8n(
					new MeetBitTrigger(),
					meetBitNode(),
					{ meetingWebhooksMeetBitWebhookApi: { secret, previousSecret } },
					`wf-blank-${counter}`,
				)
			: new FakeN8n(
					new MeetGeekTrigger(),
					meetGeekNode(),
					{ meetingWebhooksMeetGeekWebhookApi: { secret, previousSecret } },
					`wf-blank-${counter}`,
				);
	}
	const delivery = (provider: 'MeetBit' | 'MeetGeek', key: string) =>
		provider === 'MeetBit'
			? meetBitDelivery({ signingKey: key, id: `blank-${counter}` })
			: meetGeekDelivery({ signingKey: key });

	describe.each(['MeetBit', 'MeetGeek'] as const)('%s', (provider) => {
		it.each(blanks)(
			'previous secret %j: a delivery signed with that blank key is refused (signature_mismatch), the current secret still works',
			async (blank) => {
				const n8n = trigger(provider, signingKey, blank);
				const forged = await n8n.receive(delivery(provider, blank));
				expect(forged.status).toBe(401);
				expect(forged.body).toMatchObject({ error: { code: 'signature_mismatch' } });
				expect(forged.execution).toBeUndefined();
				// Only one secret is configured: the message must not speak of a previous one.
				expect(JSON.stringify(forged.body)).not.toContain('previous secret');
				expect((await n8n.receive(delivery(provider, signingKey))).status).toBe(200);
			},
		);

		it.each(blanks)(
			'current secret %j: every delivery is refused as missing_secret, also one signed with the blank key',
			async (blank) => {
				const n8n = trigger(provider, blank, '');
				const result = await n8n.receive(delivery(provider, blank));
				expect(result.status).toBe(401);
				expect(result.body).toMatchObject({ error: { code: 'missing_secret' } });
				expect(result.execution).toBeUndefined();
			},
		);

		it('a non-blank secret with a trailing space is used byte for byte, never trimmed', async () => {
			const spaced = `${signingKey} `;
			const n8n = trigger(provider, spaced, '');
			expect((await n8n.receive(delivery(provider, spaced))).status).toBe(200);
			const trimmed = await n8n.receive(delivery(provider, signingKey));
			expect(trimmed.body).toMatchObject({ error: { code: 'signature_mismatch' } });
		});
	});
});
