import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class MeetingWebhooksMeetGeekApi implements ICredentialType {
	name = 'meetingWebhooksMeetGeekApi';

	displayName = 'MeetGeek API';

	icon = {
		light: 'file:../nodes/MeetGeek/meetgeek.svg',
		dark: 'file:../nodes/MeetGeek/meetgeek.dark.svg',
	} as const;

	documentationUrl = 'https://docs.meetgeek.ai/api-reference/v1/meeting';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The API key from MeetGeek → Integrations → Public API',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{
					name: 'Default (api.meetgeek.ai)',
					value: 'eu',
					description: "MeetGeek's main API host, the one its own MCP server uses (EU accounts)",
				},
				{
					name: 'EU (api-eu.meetgeek.ai)',
					value: 'apiEu',
					description: "MeetGeek's EU API host, listed in its API reference",
				},
				{
					name: 'US (api-us.meetgeek.ai)',
					value: 'us',
					description: 'For accounts hosted in the United States',
				},
				{
					name: 'Custom Base URL',
					value: 'custom',
					description: 'Another MeetGeek API host, or a local stand-in for tests',
				},
			],
			default: 'eu',
			description:
				'Where the account lives. Keys only work in their own region: a 401 with a key that looks right usually means the wrong region.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://api.meetgeek.ai',
			required: true,
			displayOptions: { show: { region: ['custom'] } },
			description:
				'The API address without /v1. The API key is sent to it, so only use a host you trust.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
		},
	};

	// GET /v1/meetings?limit=1: the same read permission the trigger's meeting details need, one
	// quota call, a tiny answer, and the endpoint MeetGeek's own MCP server uses.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.region === "custom" ? String($credentials.baseUrl).replace(/\\/+$/, "") : $credentials.region === "us" ? "https://api-us.meetgeek.ai" : $credentials.region === "apiEu" ? "https://api-eu.meetgeek.ai" : "https://api.meetgeek.ai" }}',
			url: '/v1/meetings',
			method: 'GET',
			qs: { limit: 1 },
		},
	};
}
