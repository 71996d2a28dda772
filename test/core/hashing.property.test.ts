// The benchmark-driven shortcuts in hmac.ts and ledger.ts must compute exactly what the plain
// forms compute: checked here against those plain forms on arbitrary input.
import { createHash, createHmac } from 'crypto';
import fc from 'fast-check';

import { hmacSha256Hex } from '../../nodes/core/hmac';
import { digestDeliveryKey } from '../../nodes/core/deliveryKey';

/** What hmacSha256Hex did before it joined adjacent strings: one update() per part. */
function partByPart(secret: string, parts: ReadonlyArray<Buffer | string>): string {
	const hmac = createHmac('sha256', secret);
	for (const part of parts) hmac.update(part);
	return hmac.digest('hex');
}

// Strings rich in what could go wrong at a seam: lone high and low surrogates, whole pairs, empties.
const seamy = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 8 }),
	fc.constantFrom(
		'',
		'.',
		'\uD800',
		'\uDBFF',
		'\uDC00',
		'\uDFFF',
		'\uD83D\uDE00',
		'a\uD83D',
		'\uDE00b',
	),
	fc.string({
		unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((code) => String.fromCharCode(code)),
		maxLength: 6,
	}),
);
const part = fc.oneof(
	seamy,
	fc.uint8Array({ maxLength: 8 }).map((bytes) => Buffer.from(bytes)),
);

describe('hmacSha256Hex', () => {
	it('equals feeding every part on its own, for any parts', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: 'binary' }),
				fc.array(part, { maxLength: 8 }),
				(secret, parts) => {
					expect(hmacSha256Hex(secret, parts)).toBe(partByPart(secret, parts));
				},
			),
			{ numRuns: 5000 },
		);
	});

	it('keeps a high and a low surrogate from different parts apart', () => {
		const parts = ['x\uD83D', '\uDE00y'];
		expect(hmacSha256Hex('k', parts)).toBe(partByPart('k', parts));
		expect(hmacSha256Hex('k', parts)).not.toBe(partByPart('k', ['x\uD83D\uDE00y']));
	});
});

describe('digestDeliveryKey', () => {
	it('equals the createHash form for any key', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string({ unit: 'binary' }), seamy), (key) => {
				expect(digestDeliveryKey(key)).toBe(
					createHash('sha256').update(key, 'utf8').digest('base64url').slice(0, 22),
				);
			}),
			{ numRuns: 5000 },
		);
	});
});
