import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { hasInvisibleEnd, hasVisibleCharacter } from '../core/signature';

/**
 * Signing secrets have no API to test them against, so the credential test catches the mistakes
 * that make every delivery fail: an empty field, or spaces and invisible characters picked up when copying.
 */
export async function testSigningSecret(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	for (const [field, label] of [
		['secret', 'Signing Secret'],
		['previousSecret', 'Previous Signing Secret'],
	] as const) {
		const value = data[field];
		if (value === undefined || value === '') {
			if (field === 'secret')
				return {
					status: 'Error',
					message: `${label} is empty: paste the secret the provider shows for this webhook.`,
				};
			continue;
		}
		if (typeof value !== 'string') return { status: 'Error', message: `${label} must be text.` };
		// Nothing visible counts as not set (usableSecrets): say that, not "surrounding white space".
		if (!hasVisibleCharacter(value)) {
			return {
				status: 'Error',
				message:
					field === 'secret'
						? `${label} is blank (nothing visible: only spaces, line breaks or zero-width characters), so it counts as not set and every delivery would be refused: paste the secret the provider shows for this webhook.`
						: `${label} is blank (nothing visible: only spaces, line breaks or zero-width characters), so it counts as not set: clear the field, or paste the previous secret during a rotation.`,
			};
		}
		if (hasInvisibleEnd(value)) {
			return {
				status: 'Error',
				message: `${label} starts or ends with white space or an invisible character; copy the secret again without surrounding spaces, line breaks or zero-width characters.`,
			};
		}
	}
	return {
		status: 'OK',
		message:
			'The secret is well formed. Send a test delivery to check that it matches the provider.',
	};
}
