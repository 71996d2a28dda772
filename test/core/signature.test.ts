import { constantTimeEqual } from '../../nodes/core/constantTimeEqual';
import { hmacSha256Hex } from '../../nodes/core/hmac';
import { verifyHexSignature, type SigningSecret } from '../../nodes/core/signature';

// Derived vectors from shared/research/providers.md §1.3 (MeetBit's documented string-to-sign).
const documentedMessage =
	'3f0e2f9b-8d44-4a7d-9c2a-1f5b2e7d9a6c.2024-08-22T01:04:05Z.{"event":"meeting_links.scheduled","data":{"id":1234}}';
const prettyMessage =
	'3f0e2f9b-8d44-4a7d-9c2a-1f5b2e7d9a6c.2024-08-22T01:04:05Z.{\n  "event": "meeting_links.scheduled",\n  "data": {\n    "id": 1234\n  }\n}';

const current = (value: string): SigningSecret => ({ slot: 'current', value });
const previous = (value: string): SigningSecret => ({ slot: 'previous', value });

function check(
	signature: string,
	secrets: SigningSecret[],
	message: Buffer | string = documentedMessage,
) {
	return verifyHexSignature({
		header: 'X-Test-Signature',
		signature,
		secrets,
		contents: [{ form: 'raw', parts: () => [message] }],
		secretHint: 'the test secret',
	});
}

describe('hmacSha256Hex', () => {
	it.each([
		[
			'test_secret',
			documentedMessage,
			'aed384f14c5ed92a8353bc183d39136a6ecb0852624feed79b41ec5b77bdf349',
		],
		[
			'whsec_test',
			documentedMessage,
			'52c455b420bc277114faeb71257e38dc8f7ce1d2dc5fa1c8b60d494e7b46f5a8',
		],
		[
			'test_secret',
			prettyMessage,
			'11a74fd9fe6f3e1780a94a653bc1c0077e0bd61152344b77aec88a0d38e1754c',
		],
	])('matches the derived vector for %s', (key, message, expectedDigest) => {
		expect(hmacSha256Hex(key, [message])).toBe(expectedDigest);
	});

	it('hashes the parts as one concatenated message', () => {
		const [id, timestamp, body] = [
			'3f0e2f9b-8d44-4a7d-9c2a-1f5b2e7d9a6c',
			'2024-08-22T01:04:05Z',
			'{"event":"meeting_links.scheduled","data":{"id":1234}}',
		];
		expect(hmacSha256Hex('test_secret', [id, '.', timestamp, '.', Buffer.from(body)])).toBe(
			'aed384f14c5ed92a8353bc183d39136a6ecb0852624feed79b41ec5b77bdf349',
		);
	});

	it('matches RFC 4231 test case 2', () => {
		expect(hmacSha256Hex('Jefe', ['what do ya want for nothing?'])).toBe(
			'5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
		);
	});
});

describe('constantTimeEqual', () => {
	it('compares equal and unequal strings of any length without throwing', () => {
		expect(constantTimeEqual('abc', 'abc')).toBe(true);
		expect(constantTimeEqual('abc', 'abd')).toBe(false);
		expect(constantTimeEqual('abc', 'abcd')).toBe(false);
		expect(constantTimeEqual('', '')).toBe(true);
		expect(constantTimeEqual('é', 'e')).toBe(false);
	});
});

describe('verifyHexSignature', () => {
	const good = 'aed384f14c5ed92a8353bc183d39136a6ecb0852624feed79b41ec5b77bdf349';

	it('accepts the right signature and reports the secret that matched', () => {
		expect(check(good, [current('test_secret')])).toEqual({
			ok: true,
			secret: 'current',
			signedBody: 'raw',
		});
	});

	it('accepts upper-case hex and surrounding spaces in the header', () => {
		expect(check(` ${good.toUpperCase()} `, [current('test_secret')]).ok).toBe(true);
	});

	it('accepts a signature made with the previous secret during a rotation', () => {
		expect(check(good, [current('whsec_test'), previous('test_secret')])).toEqual({
			ok: true,
			secret: 'previous',
			signedBody: 'raw',
		});
	});

	it('refuses a signature made with another secret', () => {
		const result = check(good, [current('whsec_test')]);
		expect(result).toMatchObject({ ok: false, status: 401, code: 'signature_mismatch' });
		expect(result.ok || result.message).toContain('the test secret');
	});

	it('refuses when any byte of the message changes', () => {
		const bytes = Buffer.from(documentedMessage);
		for (let index = 0; index < bytes.length; index += 7) {
			const tampered = Buffer.from(bytes);
			tampered[index] ^= 0x01;
			expect(check(good, [current('test_secret')], tampered).ok).toBe(false);
		}
	});

	it('refuses the signature of the compact body for a pretty-printed body', () => {
		expect(check(good, [current('test_secret')], prettyMessage).ok).toBe(false);
	});

	it.each([
		['empty', ''],
		['truncated', good.slice(0, 63)],
		['too long', `${good}0`],
		['base64', 'rtOE8Uxe2SqDU7wYPTkTam7LCFJiT+7Xm0HsW3e980k='],
		['prefixed', `sha256=${good}`],
		['non-hex', 'z'.repeat(64)],
		['non-ASCII', 'é'.repeat(64)],
	])('calls a %s signature malformed', (_name, signature) => {
		expect(check(signature, [current('test_secret')])).toMatchObject({
			ok: false,
			status: 401,
			code: 'malformed_signature',
		});
	});

	it('never echoes the received signature or the secret in its messages', () => {
		const attempt = 'f'.repeat(64);
		const result = check(attempt, [current('test_secret')]);
		expect(result.ok).toBe(false);
		expect(JSON.stringify(result)).not.toContain(attempt);
		expect(JSON.stringify(result)).not.toContain('test_secret');
	});

	it('refuses to verify without any secret and says where to put one', () => {
		expect(check(good, [current(''), previous('')])).toMatchObject({
			ok: false,
			code: 'missing_secret',
		});
	});

	it('a blank previous secret is not set: a signature made with the blank key is refused', () => {
		for (const blank of [' ', '\n', '\t', '\u200B', '\u200D', '\u2060', '\uFEFF']) {
			const forged = hmacSha256Hex(blank, [documentedMessage]);
			expect(check(forged, [current('test_secret'), previous(blank)])).toMatchObject({
				ok: false,
				code: 'signature_mismatch',
			});
		}
	});

	it('a blank current secret is a missing secret, whatever the previous one holds', () => {
		for (const blank of [' ', '\n', '\t', '\u200B\u2060']) {
			const forged = hmacSha256Hex(blank, [documentedMessage]);
			expect(check(forged, [current(blank), previous('')])).toMatchObject({
				ok: false,
				code: 'missing_secret',
			});
			const result = check(good, [current(blank), previous('test_secret')]);
			expect(result).toMatchObject({ ok: false, code: 'missing_secret' });
			expect(result.ok || result.message).toContain('The signing secret is blank');
			expect(JSON.stringify(result)).not.toContain('test_secret');
		}
	});

	it('uses a non-blank secret byte for byte: a trailing space is part of the key', () => {
		const spaced = hmacSha256Hex('test_secret ', [documentedMessage]);
		expect(check(spaced, [current('test_secret ')]).ok).toBe(true);
		expect(check(good, [current('test_secret ')])).toMatchObject({ code: 'signature_mismatch' });
	});

	it('handles an empty message and a 5 MB one', () => {
		const empty = hmacSha256Hex('k', ['']);
		expect(check(empty, [current('k')], '').ok).toBe(true);
		const huge = Buffer.alloc(5 * 1024 * 1024, 0x61);
		expect(check(hmacSha256Hex('k', [huge]), [current('k')], huge).ok).toBe(true);
	});

	it('signs non-UTF-8 bytes exactly as received', () => {
		const bytes = Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28]);
		expect(check(hmacSha256Hex('k', [bytes]), [current('k')], bytes).ok).toBe(true);
		// The same bytes decoded and re-encoded are different, and so is their signature.
		const lossy = Buffer.from(bytes.toString('utf8'), 'utf8');
		expect(check(hmacSha256Hex('k', [bytes]), [current('k')], lossy).ok).toBe(false);
	});

	it('tries the compact form only when it is offered and reports it', () => {
		const result = verifyHexSignature({
			header: 'X-Test-Signature',
			signature: good,
			secrets: [current('test_secret')],
			contents: [
				{ form: 'raw', parts: () => [prettyMessage] },
				{ form: 'compact', parts: () => [documentedMessage] },
			],
			secretHint: 'the test secret',
		});
		expect(result).toEqual({ ok: true, secret: 'current', signedBody: 'compact' });
	});
});
