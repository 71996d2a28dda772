/**
 * With "Accept Re-Serialized Body Signatures" on, a forged request with a stale
 * timestamp and a 16 MB deeply nested text/plain body made webhook() JSON.parse and re-serialise
 * it before rejecting (3.4 s with the event loop blocked). The cheap checks now come first and the
 * compact attempt is bounded, so what a forged request costs does not grow with its body. Asserted
 * on counts of the expensive steps (JSON.parse, HMAC bytes, body reads), not on wall-clock time.
 */
import type { INode } from 'n8n-workflow';

import { COMPACT_MAX_BYTES, COMPACT_MAX_DEPTH, compactJson } from '../../nodes/core/body';
import * as hmac from '../../nodes/core/hmac';
import { MeetBitTrigger } from '../../nodes/MeetBit/MeetBitTrigger.node';
import { FakeN8n, RecordedResponse } from '../helpers/fakeN8n';
import { meetBitDelivery, meetBitNode } from '../helpers/meetbit';

const signingKey = 'k'.repeat(32);
const forgingKey = 'f'.repeat(32);
let counter = 0;

function meetBit(typeVersion = 1): FakeN8n {
	counter += 1;
	const node: INode = {
		...meetBitNode({ options: { acceptCompactBody: true } }),
		typeVersion,
	};
	return new FakeN8n(
		new MeetBitTrigger(),
		node,
		{ meetingWebhooksMeetBitWebhookApi: { secret: signingKey } },
		`wf-cost-${counter}`,
	);
}

/** A JSON document of about `bytes` bytes, nested as deep as its size allows: `{"a":{"a":…1…}}`. */
function nestedBody(bytes: number): Buffer {
	const depth = Math.floor(bytes / 6);
	return Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, 'utf8');
}

/** What one forged request made webhook() do. */
async function cost(
	n8n: FakeN8n,
	body: Buffer,
	timestamp: 'stale' | 'fresh',
	contentType = 'text/plain',
) {
	const nowMs = Date.now();
	const delivery = meetBitDelivery({
		signingKey: forgingKey,
		body,
		nowMs: timestamp === 'stale' ? nowMs - 3600_000 : nowMs,
	});
	delivery.headers['content-type'] = contentType;
	const parse = jest.spyOn(JSON, 'parse');
	const mac = jest.spyOn(hmac, 'hmacSha256');
	const reads = n8n.bodyReads;
	try {
		const workflow = n8n.loadWorkflow();
		parse.mockClear();
		const response = new RecordedResponse();
		await n8n['trigger'].webhook!.call(n8n.webhookContext(workflow, delivery, response, 'webhook'));
		const hashedBytes = mac.mock.calls
			.flatMap(([, parts]) => parts)
			.reduce((sum, part) => sum + Buffer.byteLength(part), 0);
		return {
			status: response.statusCode,
			code: (response.body as { error?: { code?: string } }).error?.code,
			jsonParses: parse.mock.calls.length,
			hmacs: mac.mock.calls.length,
			hashedBytes,
			bodyReads: n8n.bodyReads - reads,
		};
	} finally {
		parse.mockRestore();
		mac.mockRestore();
	}
}

describe('a forged request costs the same whatever its body size', () => {
	it('forged, stale timestamp, 16 KB vs 16 MB nested text/plain: refused before any body work (no parse, no HMAC)', async () => {
		const n8n = meetBit();
		const small = await cost(n8n, nestedBody(16 * 1024), 'stale');
		const large = await cost(n8n, nestedBody(16 * 1024 * 1024), 'stale');
		for (const result of [small, large]) {
			expect(result).toMatchObject({ status: 401, code: 'timestamp_too_old' });
			expect(result.jsonParses).toBe(0);
			expect(result.hmacs).toBe(0);
		}
		expect(large).toEqual(small);
	});

	it('forged, stale timestamp, a body n8n leaves unread (typeVersion 1.1, octet-stream): the body is never read', async () => {
		const n8n = meetBit(1.1);
		const result = await cost(n8n, nestedBody(1024 * 1024), 'stale', 'application/octet-stream');
		expect(result).toMatchObject({ status: 401, code: 'timestamp_too_old', bodyReads: 0 });
	});

	it('forged, fresh timestamp, 16 MB nested: the raw HMAC only; the compact attempt is skipped (size bound)', async () => {
		const n8n = meetBit();
		const body = nestedBody(16 * 1024 * 1024);
		const result = await cost(n8n, body, 'fresh');
		expect(result).toMatchObject({ status: 401, code: 'signature_mismatch', jsonParses: 0 });
		// One HMAC (current secret, raw form) over the body once: linear, and no more.
		expect(result.hmacs).toBe(1);
		expect(result.hashedBytes).toBeLessThan(body.length + 200);
	});

	it('forged, fresh timestamp, 16 KB nested deeper than the bound: no parse either (depth bound)', async () => {
		const result = await cost(meetBit(), nestedBody(16 * 1024), 'fresh');
		expect(result).toMatchObject({ status: 401, code: 'signature_mismatch', jsonParses: 0 });
		expect(result.hmacs).toBe(1);
	});

	it('a small, shallow body still gets its compact attempt (the option keeps working)', async () => {
		const body = Buffer.from('{ "event": "events.created", "data": { "id": 1 } }');
		const result = await cost(meetBit(), body, 'fresh');
		expect(result).toMatchObject({ status: 401, code: 'signature_mismatch', jsonParses: 1 });
		expect(result.hmacs).toBe(2);
	});

	it('compactJson: bounded in size and depth, exact inside the bounds', () => {
		expect(compactJson(Buffer.from('{ "a" : [1, 2] }'))).toBe('{"a":[1,2]}');
		expect(
			compactJson(Buffer.from(`${'['.repeat(COMPACT_MAX_DEPTH)}${']'.repeat(COMPACT_MAX_DEPTH)}`)),
		).toBe(`${'['.repeat(COMPACT_MAX_DEPTH)}${']'.repeat(COMPACT_MAX_DEPTH)}`);
		const deeper = COMPACT_MAX_DEPTH + 1;
		expect(compactJson(Buffer.from(`${'['.repeat(deeper)}${']'.repeat(deeper)}`))).toBeUndefined();
		// Brackets inside strings (and escaped quotes) are not nesting.
		const inString = JSON.stringify({ text: `\\"${'['.repeat(100)}` });
		expect(compactJson(Buffer.from(inString))).toBe(inString);
		const large = JSON.stringify({ text: 'x'.repeat(COMPACT_MAX_BYTES) });
		expect(compactJson(Buffer.from(large))).toBeUndefined();
	});
});
