import { checkUrlToken } from '../../nodes/core/urlToken';

const expected = 'e'.repeat(43);

describe('checkUrlToken', () => {
	it('accepts exactly the expected token', () => {
		expect(checkUrlToken({ parameter: 'token', expected, received: expected })).toEqual({
			ok: true,
		});
	});

	it.each([
		['missing', undefined, 'missing_token'],
		['empty', '', 'missing_token'],
		['not a string', 42, 'missing_token'],
		['repeated', [expected, expected], 'token_mismatch'],
		['different', 'f'.repeat(43), 'token_mismatch'],
		['a prefix', expected.slice(0, 42), 'token_mismatch'],
		['longer', `${expected}x`, 'token_mismatch'],
		['differing in case', expected.toUpperCase(), 'token_mismatch'],
	])('rejects a received token that is %s with 401', (_name, received, code) => {
		const result = checkUrlToken({ parameter: 'token', expected, received });
		expect(result).toMatchObject({ ok: false, status: 401, code });
		expect(JSON.stringify(result)).not.toContain(expected);
	});

	it.each([[undefined], ['']])('rejects everything when no token is stored (%p)', (stored) => {
		expect(checkUrlToken({ parameter: 'token', expected: stored, received: '' })).toMatchObject({
			ok: false,
			status: 401,
			code: 'missing_secret',
		});
		expect(
			checkUrlToken({ parameter: 'token', expected: stored, received: 'anything' }),
		).toMatchObject({ ok: false, code: 'missing_secret' });
	});
});
