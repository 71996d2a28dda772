import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class MeetingWebhooksMeetBitWebhookApi implements ICredentialType {
	name = 'meetingWebhooksMeetBitWebhookApi';

	displayName = 'MeetBit Webhook API';

	icon = {
		light: 'file:../nodes/MeetBit/meetbit.svg',
		dark: 'file:../nodes/MeetBit/meetbit.dark.svg',
	} as const;

	documentationUrl = 'https://meetbit.mintlify.app/webhooks/security';

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
				"The webhook destination's HMAC secret, shown in the MeetBit Admin Panel under Webhook Destinations after the destination is created",
		},
		{
			displayName: 'Previous Signing Secret',
			name: 'previousSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'While rotating the secret, the old one: deliveries signed with either are accepted, and the output says which matched. Clear it once MeetBit uses the new secret.',
		},
	];
}
