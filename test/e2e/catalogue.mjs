// What the editor check opens and does, as a user would: one workflow per provider (trigger →
// action node), real deliveries to each trigger's Test URL (one genuine, one refused), and one
// credential of each type with realistic values. In the nodes panel of an empty workflow n8n lists
// triggers without their " Trigger" suffix. The action nodes and the meetergo trigger (which
// registers itself on activation) talk to the loopback fakes of the providers' APIs; nothing a
// screenshot shows names the fakes or their address (see cropAbove).
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

import { buildDelivery, send } from '../../scripts/lib/deliveries.mjs';
import { credential, triggerWorkflow, withActionNodes } from '../../scripts/lib/workflows.mjs';

const require = createRequire(import.meta.url);
const fakeMeetergoApi = require('../fakes/meetergo-api.cjs');
const fakeMeetGeekApi = require('../fakes/meetgeek-api.cjs');
const fakeMeetBitApi = require('../fakes/meetbit-api.cjs');

/** A secret or key of the length and alphabet the providers hand out (never a real one). */
const key = (bytes = 24) => randomBytes(bytes).toString('hex');

export async function editorCatalogue() {
	const meetBitApi = await fakeMeetBitApi.start({
		accessKeyId: `MBP${key(8).toUpperCase()}`,
		accessKeySecret: key(),
	});
	const meetGeekApi = await fakeMeetGeekApi.start({ apiKey: key() });
	const meetergoApi = await fakeMeetergoApi.start();
	meetergoApi.state.setToken(`rgo-${key(20)}`, 'personal');

	const webhookSecret = key();
	const meetBitWebhook = credential('meetingWebhooksMeetBitWebhookApi', 'MeetBit webhook', {
		secret: webhookSecret,
		previousSecret: '',
	});
	const meetGeekWebhook = credential('meetingWebhooksMeetGeekWebhookApi', 'MeetGeek webhook', {
		secret: webhookSecret,
		previousSecret: '',
	});
	const meetGeekAccount = credential('meetingWebhooksMeetGeekApi', 'MeetGeek account', {
		apiKey: meetGeekApi.apiKey,
		region: 'custom',
		baseUrl: meetGeekApi.url,
	});
	const meetergoAccount = credential('meetingWebhooksMeetergoApi', 'meetergo account', {
		credentialKind: 'personalAccessToken',
		token: meetergoApi.state.token,
		baseUrl: meetergoApi.url,
	});
	// MeetBit's API is always https://{Primary Domain}: the node reaches the fake only through a
	// loopback domain. The dialog shows a tenant's domain instead (its Test checks the form only).
	const meetBitAccount = credential('meetingWebhooksMeetBitApi', 'MeetBit account', {
		primaryDomain: meetBitApi.primaryDomain,
		accessKeyId: meetBitApi.accessKeyId,
		accessKeySecret: meetBitApi.accessKeySecret,
	});
	const meetBitAccountShown = credential('meetingWebhooksMeetBitApi', 'MeetBit account', {
		primaryDomain: 'meet.example.com',
		accessKeyId: meetBitApi.accessKeyId,
		accessKeySecret: meetBitApi.accessKeySecret,
	});

	const meetBit = withActionNodes(
		triggerWorkflow({
			name: 'MeetBit: cancel a booking',
			nodeType: 'meetBitTrigger',
			nodeName: 'MeetBit Trigger',
			parameters: { events: ['meeting_links.scheduled'], options: {} },
			credentials: { meetingWebhooksMeetBitWebhookApi: meetBitWebhook },
			typeVersion: 1.1,
		}),
		{
			nodeType: 'meetBit',
			credentialType: 'meetingWebhooksMeetBitApi',
			credential: meetBitAccount,
		},
		[
			{
				name: 'Cancel Event',
				parameters: {
					resource: 'event',
					operation: 'cancel',
					cancelNote: 'The host is unavailable at this time. Please book another slot.',
				},
			},
		],
	);
	const meetGeek = withActionNodes(
		triggerWorkflow({
			name: 'MeetGeek: meeting notes',
			nodeType: 'meetGeekTrigger',
			nodeName: 'MeetGeek Trigger',
			parameters: {
				authentication: 'signingSecret',
				events: ['analysis.succeeded'],
				includeMeetingDetails: true,
				meetingDetails: ['summary'],
				options: {},
			},
			credentials: {
				meetingWebhooksMeetGeekWebhookApi: meetGeekWebhook,
				meetingWebhooksMeetGeekApi: meetGeekAccount,
			},
			typeVersion: 1.1,
		}),
		{
			nodeType: 'meetGeek',
			credentialType: 'meetingWebhooksMeetGeekApi',
			credential: meetGeekAccount,
		},
		[
			{
				name: 'Get Transcript',
				parameters: { resource: 'meeting', operation: 'getTranscript', output: 'text' },
			},
		],
	);
	const meetergo = withActionNodes(
		triggerWorkflow({
			name: 'meetergo: new bookings',
			nodeType: 'meetergoTrigger',
			nodeName: 'meetergo Trigger',
			parameters: { events: ['booking_created'], options: {} },
			credentials: { meetingWebhooksMeetergoApi: meetergoAccount },
			typeVersion: 1.1,
		}),
		{
			nodeType: 'meetergo',
			credentialType: 'meetingWebhooksMeetergoApi',
			credential: meetergoAccount,
		},
		[{ name: 'Get Appointment', parameters: { resource: 'appointment', operation: 'get' } }],
	);

	/** The Test URL meetergo holds for the trigger while n8n listens (token included). */
	const meetergoTestEndpoint = () =>
		meetergoApi.state.webhooks.find((hook) => hook.endpoint.includes('/webhook-test/'))?.endpoint;

	return {
		credentials: [
			meetBitWebhook,
			meetGeekWebhook,
			meetGeekAccount,
			meetergoAccount,
			meetBitAccount,
			meetBitAccountShown,
		],
		workflows: [meetBit, meetGeek, meetergo],
		panelSearches: [
			{
				search: 'MeetBit',
				displayNames: ['MeetBit'],
				icon: 'meetbit',
				shot: 'nodes-panel-meetbit.png',
			},
			{
				search: 'MeetGeek',
				displayNames: ['MeetGeek'],
				icon: 'meetgeek',
				shot: 'nodes-panel-meetgeek.png',
			},
			{
				search: 'meetergo',
				displayNames: ['meetergo'],
				icon: 'meetergo',
				shot: 'nodes-panel-meetergo.png',
			},
		],
		/**
		 * Per workflow: how to send its trigger a genuine and a refused delivery at the Test URL, the
		 * text each output must show, and the screenshots.
		 */
		useCases: [
			{
				workflow: meetBit,
				action: 'Cancel Event',
				genuine: (testUrl) =>
					send(testUrl, buildDelivery('meetbit', { secret: webhookSecret, id: randomUUID() })),
				refused: (testUrl) =>
					send(testUrl, buildDelivery('meetbit', { secret: webhookSecret, tamper: true })),
				shows: { trigger: 'jane@example.com', action: 'deleted_at', refused: 'signature_mismatch' },
				shots: {
					trigger: 'meetbit-trigger.png',
					action: 'meetbit-action.png',
					refused: 'meetbit-trigger-refused.png',
				},
			},
			{
				workflow: meetGeek,
				action: 'Get Transcript',
				genuine: (testUrl) =>
					send(
						testUrl,
						buildDelivery('meetgeek', {
							secret: webhookSecret,
							id: fakeMeetGeekApi.OWN_MEETING_ID,
						}),
					),
				refused: (testUrl) =>
					send(testUrl, buildDelivery('meetgeek', { secret: key(), id: randomUUID() })),
				shows: {
					trigger: 'The team agreed to ship',
					action: 'sentences',
					refused: 'signature_mismatch',
				},
				shots: {
					trigger: 'meetgeek-trigger.png',
					action: 'meetgeek-action.png',
					refused: 'meetgeek-trigger-refused.png',
				},
			},
			{
				workflow: meetergo,
				action: 'Get Appointment',
				// meetergo sends to every webhook subscribed to the event: the Test URL among them.
				async genuine() {
					const appointment = meetergoApi.state.seedAppointment({
						id: randomUUID(),
						createdAt: new Date().toISOString(),
						updatedAt: new Date().toISOString(),
					});
					const results = await meetergoApi.state.deliver({
						event: 'booking_created',
						appointmentId: appointment.id,
					});
					return results.find((result) => result.endpoint.includes('/webhook-test/'));
				},
				// A request with a token the trigger did not register: what anyone but meetergo sends.
				async refused() {
					const endpoint = new URL(meetergoTestEndpoint());
					endpoint.searchParams.set('token', key(24));
					return await send(endpoint.href, {
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ webhookType: 'booking_created', id: randomUUID() }),
					});
				},
				listening: () => meetergoTestEndpoint() !== undefined,
				shows: { trigger: 'customer@example.com', action: 'meetingLink', refused: 'token' },
				shots: {
					trigger: 'meetergo-trigger.png',
					action: 'meetergo-action.png',
					refused: 'meetergo-trigger-refused.png',
				},
			},
		],
		/** `cropAbove`: the first field the picture leaves out (a loopback address below it). */
		credentialViews: [
			{
				credential: meetBitWebhook,
				labels: ['Signing Secret', 'Previous Signing Secret'],
				shot: 'credential-meetbit-webhook.png',
			},
			{
				credential: meetGeekWebhook,
				labels: ['Signing Secret', 'Previous Signing Secret'],
				shot: 'credential-meetgeek-webhook.png',
			},
			{
				credential: meetGeekAccount,
				labels: ['API Key', 'Region'],
				cropAbove: 'Base URL',
				shot: 'credential-meetgeek-api.png',
			},
			{
				credential: meetergoAccount,
				labels: ['Token Type', 'Token'],
				cropAbove: 'Base URL',
				shot: 'credential-meetergo-api.png',
			},
			{
				credential: meetBitAccountShown,
				labels: ['Primary Domain', 'Access Key ID', 'Access Key Secret'],
				shot: 'credential-meetbit-api.png',
			},
		],
		async close() {
			await meetergoApi.close();
			await meetGeekApi.close();
			await meetBitApi.close();
		},
	};
}
