// The three triggers as one user would run them side by side: a MeetBit, a MeetGeek and a
// meetergo workflow (the last registering itself with a loopback fake of meetergo's API).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

import { credential, triggerWorkflow } from '../../../scripts/lib/workflows.mjs';

const fakeMeetergoApi = createRequire(import.meta.url)('../../fakes/meetergo-api.cjs');

export async function threeTriggers() {
	const api = await fakeMeetergoApi.start();
	const secrets = { meetbit: `hostile-${randomUUID()}`, meetgeek: `hostile-${randomUUID()}` };
	const credentials = {
		meetbit: credential('meetingWebhooksMeetBitWebhookApi', 'MeetBit hostile', {
			secret: secrets.meetbit,
			previousSecret: '',
		}),
		meetgeek: credential('meetingWebhooksMeetGeekWebhookApi', 'MeetGeek hostile', {
			secret: secrets.meetgeek,
			previousSecret: '',
		}),
		meetergo: credential('meetingWebhooksMeetergoApi', 'meetergo hostile (local fake API)', {
			credentialKind: 'personalAccessToken',
			token: api.state.token,
			baseUrl: api.url,
		}),
	};
	const workflows = {
		meetbit: triggerWorkflow({
			name: 'hostile: MeetBit',
			nodeType: 'meetBitTrigger',
			nodeName: 'MeetBit Trigger',
			parameters: { events: ['*'], options: {} },
			credentials: { meetingWebhooksMeetBitWebhookApi: credentials.meetbit },
		}),
		meetgeek: triggerWorkflow({
			name: 'hostile: MeetGeek',
			nodeType: 'meetGeekTrigger',
			nodeName: 'MeetGeek Trigger',
			parameters: {
				authentication: 'signingSecret',
				events: ['analysis.succeeded', 'analysis.failed'],
				options: {},
			},
			credentials: { meetingWebhooksMeetGeekWebhookApi: credentials.meetgeek },
		}),
		meetergo: triggerWorkflow({
			name: 'hostile: meetergo',
			nodeType: 'meetergoTrigger',
			nodeName: 'meetergo Trigger',
			parameters: {
				events: ['booking_created', 'booking_cancelled', 'booking_rescheduled'],
				options: {},
			},
			credentials: { meetingWebhooksMeetergoApi: credentials.meetergo },
		}),
	};
	return {
		api,
		secrets,
		credentials: Object.values(credentials),
		workflows,
		/** The URL meetergo would call: the one the trigger registered, token included. */
		async meetergoEndpoint({ timeoutMs = 60_000 } = {}) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const hook = api.state.webhooks.find((candidate) =>
					candidate.endpoint.includes(workflows.meetergo.webhookId),
				);
				if (hook) return hook.endpoint;
				if (Date.now() > deadline)
					throw new Error('the meetergo Trigger did not register its webhook');
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		},
	};
}
