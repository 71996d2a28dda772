import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { errorItem } from '../shared/actions/router';
import { commitDeliveries } from '../shared/dedupe';
import { docsLink } from '../shared/docsLink';
import { handleWebhook } from '../shared/handleWebhook';
import { manualRegistration } from '../shared/manualRegistration';
import {
	dedupeMaxEntriesOption,
	dedupeWindowOption,
	includeHeadersOption,
	type DeliveryOptions,
} from '../shared/options';
import { testSigningSecret } from '../shared/signingSecretTest';
import { DEFAULT_TRIGGER_VERSION, TRIGGER_VERSIONS } from '../shared/triggerVersions';
import { fetchMeetingDetails, type MeetingDetailPart } from './api';
import { MEETGEEK_EVENT_OPTIONS, MEETGEEK_EVENTS, meetGeekProfile, meetingIdOf } from './profile';
import type { MeetGeekPayload } from './schema';

const WEBHOOK_CREDENTIAL = 'meetingWebhooksMeetGeekWebhookApi';

/** Minutes an id-less failure notice is remembered, when the option is not set. */
const DEFAULT_FAILURE_DEDUPE_MINUTES = 10;

interface MeetGeekOptions extends DeliveryOptions {
	failureDedupeWindowMinutes?: number;
}

export class MeetGeekTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MeetGeek Trigger',
		name: 'meetGeekTrigger',
		icon: { light: 'file:meetgeek.svg', dark: 'file:meetgeek.dark.svg' },
		group: ['trigger'],
		version: TRIGGER_VERSIONS,
		defaultVersion: DEFAULT_TRIGGER_VERSION,
		subtitle:
			'={{ ($parameter["authentication"] === "none" ? "Unauthenticated: " : "") + (($parameter["events"] || []).length === 1 ? ($parameter["events"][0] === "analysis.failed" ? "Analysis failed" : "Analysis succeeded") : "Analysis succeeded or failed") }}',
		description: 'Handle MeetGeek events via webhooks',
		defaults: { name: 'MeetGeek Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'meetingWebhooksMeetGeekWebhookApi',
				required: true,
				testedBy: 'meetGeekSigningSecret',
				displayOptions: { show: { authentication: ['signingSecret'] } },
			},
			{
				name: 'meetingWebhooksMeetGeekApi',
				required: true,
				displayOptions: { show: { includeMeetingDetails: [true] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// MeetGeek wants 200 with no body; without responseData n8n would answer with a JSON body.
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName: `In MeetGeek, open Integrations → Public API, enter this node's Production URL and put the webhook secret into the credential. ${docsLink('nodes.md', 'meetgeek-trigger', 'Setup guide')}`,
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: `To test, send a signed sample to the Test URL with the ${docsLink('testing-triggers.md', 'meetgeek', 'MeetGeek test sender')}. A delivery the trigger refuses shows up here as an item saying why.`,
				name: 'testNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{
						name: 'Signing Secret',
						value: 'signingSecret',
						description:
							'Accept only deliveries whose X-MG-Signature matches the secret (recommended)',
					},
					{
						name: 'None',
						value: 'none',
						description: 'Accept every delivery without checking where it came from',
					},
				],
				default: 'signingSecret',
			},
			{
				displayName: `Deliveries are NOT authenticated: anyone who learns this URL can start the workflow. Choose Signing Secret above and put MeetGeek's webhook secret into the credential. ${docsLink('nodes.md', 'meetgeek-trigger', 'Why')}`,
				name: 'unauthenticatedNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { authentication: ['none'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [MEETGEEK_EVENTS.succeeded, MEETGEEK_EVENTS.failed],
				description:
					'Which analysis outcomes start the workflow. Others are acknowledged with an empty 200 and start nothing.',
				options: MEETGEEK_EVENT_OPTIONS,
			},
			{
				displayName: 'Include Meeting Details',
				name: 'includeMeetingDetails',
				type: 'boolean',
				default: false,
				description:
					"Whether to fetch the meeting from MeetGeek's API (with a MeetGeek API credential) and add it to the item. Costs one API call per delivery, plus one per detail below; MeetGeek's API has a daily quota.",
			},
			{
				displayName: 'Meeting Details',
				name: 'meetingDetails',
				type: 'multiOptions',
				default: [],
				displayOptions: { show: { includeMeetingDetails: [true] } },
				description: 'What to fetch besides the meeting itself, each at the cost of API calls',
				options: [
					{
						name: 'Highlights',
						value: 'highlights',
						description: 'The highlights MeetGeek extracted (one API call)',
					},
					{
						name: 'Summary',
						value: 'summary',
						description: 'The AI summary and insights (one API call)',
					},
					{
						name: 'Transcript',
						value: 'transcript',
						description: 'Every sentence with speaker and time (one API call per page)',
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					dedupeMaxEntriesOption,
					dedupeWindowOption,
					{
						displayName: 'Failure Dedupe Window (Minutes)',
						name: 'failureDedupeWindowMinutes',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 1440 },
						default: 10, // DEFAULT_FAILURE_DEDUPE_MINUTES
						description:
							'How long an "analysis failed" notice is remembered. It carries no meeting ID, so every failure looks the same: copies within this time (retries, team members) start nothing, later failures start the workflow again. 0 turns it off.',
					},
					includeHeadersOption,
				],
			},
		],
	};

	methods = {
		credentialTest: { meetGeekSigningSecret: testSigningSecret },
	};

	// MeetGeek's webhook URL is entered by hand in its Integrations page; nothing to register here.
	webhookMethods = manualRegistration;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as MeetGeekOptions;
		const failureWindowSeconds = Math.round(
			(options.failureDedupeWindowMinutes ?? DEFAULT_FAILURE_DEDUPE_MINUTES) * 60,
		);
		return await handleWebhook(this, {
			profile: meetGeekProfile(failureWindowSeconds),
			credentialType: WEBHOOK_CREDENTIAL,
			secretHint:
				'the Signing Secret of the MeetGeek Webhook credential (the webhook secret set in MeetGeek under Integrations → Public API)',
			acknowledgement: 'empty',
			// "None": the signing credential is never read, even if one is still attached (n8n would
			// refuse to hand out a credential the node hides: "Credentials not found").
			unsigned: this.getNodeParameter('authentication', 'signingSecret') === 'none',
		});
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Record first: a delivery whose details cannot be fetched must still not run twice.
		const committed = await commitDeliveries(this);
		if (this.getNodeParameter('includeMeetingDetails', 0, false) !== true)
			return [committed.map(({ item }) => item)];
		const parts = this.getNodeParameter('meetingDetails', 0, []) as MeetingDetailPart[];

		const results: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < committed.length; itemIndex++) {
			const { item, claim } = committed[itemIndex];
			const json = item.json;
			const meetingId = meetingIdOf(json as MeetGeekPayload);
			if (meetingId === undefined) {
				// The "analysis failed" notice names no meeting (nor does a refused test delivery): nothing to fetch.
				results.push({ json, pairedItem: item.pairedItem });
				continue;
			}
			try {
				const details = await fetchMeetingDetails(this, {
					meetingId,
					parts,
					itemIndex,
					signed: claim?.signed === true,
				});
				results.push({ json: { ...json, ...details }, pairedItem: item.pairedItem });
			} catch (error) {
				const nodeError =
					error instanceof NodeApiError || error instanceof NodeOperationError
						? error
						: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
				if (!this.continueOnFail()) throw nodeError;
				// The action nodes' error item (`error`, `description`, `httpCode`), beside the delivery.
				const failure = errorItem(nodeError, itemIndex).json;
				results.push({ json: { ...json, ...failure }, pairedItem: item.pairedItem });
			}
		}
		return [results];
	}
}
