import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class MeetingWebhooksMeetGeekWebhookApi implements ICredentialType {
	name = 'meetingWebhooksMeetGeekWebhookApi';

	displayName = 'MeetGeek Webhook API';

	icon = {
		light: 'file:../nodes/MeetGeek/meetgeek.svg',
		dark: 'file:../nodes/MeetGeek/meetgeek.dark.svg',
	} as const;

	documentationUrl = 'https://docs.meetgeek.ai/api-reference/v1/appendix-webhooks';

	// The secret only verifies deliveries; no other node (HTTP Request included) may read it.
	restrictToSupportedNodes = true as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The webhook secret configured in MeetGeek under Integrations → Public API. MeetGeek signs every delivery with it (X-MG-Signature).',
		},
		{
			displayName: 'Previous Signing Secret',
			name: 'previousSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'While rotating the secret, the old one: deliveries signed with either are accepted, and the output says which matched. Clear it once MeetGeek uses the new secret.',
		},
	];
}
