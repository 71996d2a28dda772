import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

export class MeetingWebhooksMeetBitApi implements ICredentialType {
	name = 'meetingWebhooksMeetBitApi';

	displayName = 'MeetBit API';

	icon = {
		light: 'file:../nodes/MeetBit/meetbit.svg',
		dark: 'file:../nodes/MeetBit/meetbit.dark.svg',
	} as const;

	documentationUrl = 'https://meetbit.mintlify.app/basics/auth';

	properties: INodeProperties[] = [
		{
			displayName:
				"Test checks these fields' form only: MeetBit documents no API endpoint that reads without changing anything, so the key is not sent. The MeetBit node's first call shows whether MeetBit accepts it (a 401 says whether the key or its permission is wrong).",
			name: 'testNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Primary Domain',
			name: 'primaryDomain',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'meet.example.com',
			description:
				"Your MeetBit tenant's primary domain: the host only, without https:// or a path. The node calls https://{primary domain}/api/public/v2.0.",
		},
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			required: true,
			default: '',
			description:
				"The ID of an access key, created under a Client in the MeetBit Admin Panel. The key has the permissions of the Client's Role (Cancel Event needs events.delete.*).",
		},
		{
			displayName: 'Access Key Secret',
			name: 'accessKeySecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: "The access key's secret, shown once when the key is created",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-Access-Key-Id': '={{$credentials.accessKeyId}}',
				'X-Access-Key-Secret': '={{$credentials.accessKeySecret}}',
			},
		},
	};
}
