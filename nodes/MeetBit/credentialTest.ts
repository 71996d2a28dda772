import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { credentialProblem, type MeetBitCredential } from './api';

/**
 * The MeetBit API credential's Test. MeetBit documents one endpoint, Cancel Event, and none that
 * reads without changing anything, so the test sends nothing: it catches the mistakes that make
 * every call fail (a URL instead of a host, an empty field, spaces picked up when copying).
 */
export async function testMeetBitApiForm(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const problem = credentialProblem((credential.data ?? {}) as MeetBitCredential);
	if (problem !== undefined) return { status: 'Error', message: problem };
	return {
		status: 'OK',
		message:
			"The fields are well formed. MeetBit documents no endpoint that reads without changing anything, so the key was not sent: the MeetBit node's first call shows whether MeetBit accepts it.",
	};
}
