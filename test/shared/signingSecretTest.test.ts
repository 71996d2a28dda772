import type { ICredentialTestFunctions, ICredentialsDecrypted } from 'n8n-workflow';

import { testSigningSecret } from '../../nodes/shared/signingSecretTest';

/** The credential test as n8n runs it for a signing-secret credential with these fields. */
async function test(data: Record<string, unknown>) {
	const credential = { id: '1', name: 'webhook', type: 't', data } as ICredentialsDecrypted;
	return await testSigningSecret.call({} as ICredentialTestFunctions, credential);
}

describe('the signing-secret credential test', () => {
	it('a well-formed secret passes, with or without a previous one', async () => {
		expect(await test({ secret: 'abc123' })).toMatchObject({ status: 'OK' });
		expect(await test({ secret: 'abc123', previousSecret: 'old456' })).toMatchObject({
			status: 'OK',
		});
		expect(await test({ secret: 'abc123', previousSecret: '' })).toMatchObject({ status: 'OK' });
	});

	it('an empty secret is reported as empty', async () => {
		expect(await test({ secret: '' })).toEqual({
			status: 'Error',
			message: expect.stringContaining('Signing Secret is empty'),
		});
		expect(await test({})).toMatchObject({ status: 'Error' });
	});

	it.each([' ', '\n', '\t', ' \r\n ', '\u200B', '\u200D', '\u2060', '\uFEFF', ' \u200B\u2060 '])(
		'a secret with nothing visible (%j) is reported as blank, not set, never as surrounding white space',
		async (blank) => {
			const current = await test({ secret: blank });
			expect(current).toMatchObject({ status: 'Error' });
			expect(current.message).toContain('Signing Secret is blank');
			expect(current.message).toContain('not set');
			expect(current.message).not.toContain('starts or ends');
			const previous = await test({ secret: 'abc123', previousSecret: blank });
			expect(previous).toMatchObject({ status: 'Error' });
			expect(previous.message).toContain('Previous Signing Secret is blank');
			expect(previous.message).not.toContain('starts or ends');
		},
	);

	it('a secret with a zero-width character at either end is reported, not passed as OK', async () => {
		expect((await test({ secret: '\u200Babc123' })).message).toContain(
			'starts or ends with white space or an invisible character',
		);
		expect((await test({ secret: 'abc', previousSecret: 'old\uFEFF' })).message).toContain(
			'Previous Signing Secret starts or ends',
		);
		expect(await test({ secret: 'abc\u200Bdef' })).toMatchObject({ status: 'OK' });
	});

	it('a secret with surrounding white space is reported as such', async () => {
		expect((await test({ secret: ' abc123' })).message).toContain(
			'starts or ends with white space',
		);
		expect((await test({ secret: 'abc', previousSecret: 'old\n' })).message).toContain(
			'Previous Signing Secret starts or ends with white space',
		);
	});
});
