/**
 * Inputs the hostile-input properties found, kept as fixed cases so they run every time whatever
 * the random seed.
 */

import { MeetBitTrigger } from '../../nodes/MeetBit/MeetBitTrigger.node';
import { FakeN8n } from '../helpers/fakeN8n';
import { meetBitDelivery, meetBitNode } from '../helpers/meetbit';

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
