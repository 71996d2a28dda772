import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { commitDeliveries } from '../shared/dedupe';
import { docsLink } from '../shared/docsLink';
import { handleWebhook } from '../shared/handleWebhook';
import { manualRegistration } from '../shared/manualRegistration';
import {
	acceptCompactBodyOption,
	ANY_EVENT,
	dedupeMaxEntriesOption,
	dedupeWindowOption,
	includeHeadersOption,
	timestampToleranceOption,
} from '../shared/options';
import { testSigningSecret } from '../shared/signingSecretTest';
import { DEFAULT_TRIGGER_VERSION, TRIGGER_VERSIONS } from '../shared/triggerVersions';
import { MEETBIT_EVENTS, meetBitProfile } from './profile';

export class MeetBitTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MeetBit Trigger',
		name: 'meetBitTrigger',
		icon: { light: 'file:meetbit.svg', dark: 'file:meetbit.dark.svg' },
		group: ['trigger'],
		version: TRIGGER_VERSIONS,
		defaultVersion: DEFAULT_TRIGGER_VERSION,
		subtitle:
			'={{ ($parameter["events"] || []).includes("*") ? "All events" : ($parameter["events"] || []).join(", ") }}',
		description: 'Handle MeetBit events via webhooks',
		defaults: { name: 'MeetBit Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'meetingWebhooksMeetBitWebhookApi',
				required: true,
				testedBy: 'meetBitSigningSecret',
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Acknowledge at once with an empty 200: MeetBit times out after 10 seconds.
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName: `In the MeetBit Admin Panel, add a webhook destination with this node's Production URL and put its HMAC secret into the credential. ${docsLink('nodes.md', 'meetbit-trigger', 'Setup guide')}`,
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: `To test, send a signed sample to the Test URL with the ${docsLink('testing-triggers.md', 'meetbit', 'MeetBit test sender')}. A delivery the trigger refuses shows up here as an item saying why.`,
				name: 'testNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [ANY_EVENT],
				description:
					'Which events start the workflow. Other events are acknowledged with 200 and start nothing.',
				options: [
					{
						name: 'Any Event',
						value: ANY_EVENT,
						description: 'Every event, including ones MeetBit adds later',
					},
					...MEETBIT_EVENTS,
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					acceptCompactBodyOption,
					dedupeMaxEntriesOption,
					dedupeWindowOption,
					includeHeadersOption,
					timestampToleranceOption,
				],
			},
		],
	};

	methods = {
		credentialTest: { meetBitSigningSecret: testSigningSecret },
	};

	// MeetBit destinations are created by hand in its Admin Panel; nothing to register here.
	webhookMethods = manualRegistration;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook(this, {
			profile: meetBitProfile,
			credentialType: 'meetingWebhooksMeetBitWebhookApi',
			secretHint:
				"the Signing Secret of the MeetBit Webhook credential (the destination's HMAC secret in MeetBit's Admin Panel)",
			acknowledgement: 'json',
		});
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [(await commitDeliveries(this)).map(({ item }) => item)];
	}
}
