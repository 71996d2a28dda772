import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

export class MeetingWebhooksMeetergoApi implements ICredentialType {
	name = 'meetingWebhooksMeetergoApi';

	displayName = 'Meetergo API';

	icon = {
		light: 'file:../nodes/Meetergo/meetergo.svg',
		dark: 'file:../nodes/Meetergo/meetergo.dark.svg',
	} as const;

	documentationUrl = 'https://developer.meetergo.com/developer-docs/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'Token Type',
			name: 'credentialKind',
			type: 'options',
			default: 'personalAccessToken',
			options: [
				{
					name: 'Personal Access Token',
					value: 'personalAccessToken',
					description:
						'Starts with rgo-. Created at my.meetergo.com/integrations; acts as you, with your role.',
				},
				{
					name: 'Platform API Key',
					value: 'platformApiKey',
					description:
						'Starts with ak_live:. Created by a company owner or admin at my.meetergo.com/admin/api-keys; acts for the user named below.',
				},
			],
			description:
				'Which kind of meetergo credential the token is. Only platform API keys send a user ID: meetergo rejects a personal access token that sends one (403).',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The personal access token (rgo-…) or platform API key (ak_live:…), sent as "Authorization: Bearer …"',
		},
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 7c9e6679-7425-40de-944b-e07fc1f90ae7',
			displayOptions: { show: { credentialKind: ['platformApiKey'] } },
			description:
				"The meetergo user (UUID) the platform API key acts for, sent as the x-meetergo-api-user-id header. Most endpoints, webhooks and appointments included, answer 400 without it. Find user IDs in meetergo's admin area or with GET /v4/user.",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.meetergo.com',
			description:
				'Leave as is. Change it only to go through a proxy, or to point tests and the local demo at a stand-in of the meetergo API.',
		},
	];

	// The user ID header goes out only with a platform API key and only when set: meetergo answers
	// 403 to a personal access token that sends one, even an empty one left over from switching kinds.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers: Record<string, string> = {
			...(requestOptions.headers as Record<string, string> | undefined),
			Authorization: `Bearer ${String(credentials.token ?? '')}`,
		};
		const userId = typeof credentials.userId === 'string' ? credentials.userId.trim() : '';
		if (credentials.credentialKind === 'platformApiKey' && userId !== '') {
			headers['x-meetergo-api-user-id'] = userId;
		}
		return { ...requestOptions, headers };
	}

	// meetergo's documented "who am I" call; works for both token kinds, with or without a user ID.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/v4/user/me',
			method: 'GET',
		},
	};
}
