// What the editor check opens: one workflow per node, one credential of each type, and what
// each must show. In the nodes panel of an empty workflow n8n lists triggers without their
// " Trigger" suffix. The meetergo trigger registers itself on activation, so it gets the
// loopback fake of meetergo's API.
import { createRequire } from 'node:module';

import { credential, triggerWorkflow } from '../../scripts/lib/workflows.mjs';

const fakeMeetergoApi = createRequire(import.meta.url)('../fakes/meetergo-api.cjs');

export async function editorCatalogue() {
	const meetergoApi = await fakeMeetergoApi.start();
	const meetBitCredential = credential('meetingWebhooksMeetBitWebhookApi', 'MeetBit webhook', {
		secret: 'editor-check-secret',
	});
	const meetGeekWebhookCredential = credential(
		'meetingWebhooksMeetGeekWebhookApi',
		'MeetGeek webhook',
		{
			secret: 'editor-check-secret',
		},
	);
	const meetGeekApiCredential = credential('meetingWebhooksMeetGeekApi', 'MeetGeek API', {
		apiKey: 'editor-check-key',
		region: 'eu',
	});
	const meetergoCredential = credential('meetingWebhooksMeetergoApi', 'meetergo API (local fake)', {
		credentialKind: 'personalAccessToken',
		token: meetergoApi.state.token,
		baseUrl: meetergoApi.url,
	});
	const meetBitApiCredential = credential('meetingWebhooksMeetBitApi', 'MeetBit API', {
		primaryDomain: 'meet.example.com',
		accessKeyId: 'editor-check-key-id',
		accessKeySecret: 'editor-check-secret',
	});
	const meetBitAction = triggerWorkflow({
		name: 'MeetBit action (editor check)',
		nodeType: 'meetBit',
		nodeName: 'MeetBit',
		parameters: { resource: 'event', operation: 'cancel', cancelNote: '' },
		credentials: { meetingWebhooksMeetBitApi: meetBitApiCredential },
		publish: false,
	});
	const meetBit = triggerWorkflow({
		name: 'MeetBit Trigger (editor check)',
		nodeType: 'meetBitTrigger',
		nodeName: 'MeetBit Trigger',
		parameters: { events: ['*'], options: {} },
		credentials: { meetingWebhooksMeetBitWebhookApi: meetBitCredential },
	});
	const meetGeek = triggerWorkflow({
		name: 'MeetGeek Trigger (editor check)',
		nodeType: 'meetGeekTrigger',
		nodeName: 'MeetGeek Trigger',
		parameters: {
			authentication: 'signingSecret',
			events: ['analysis.succeeded', 'analysis.failed'],
			includeMeetingDetails: true,
			meetingDetails: ['summary'],
			options: {},
		},
		credentials: {
			meetingWebhooksMeetGeekWebhookApi: meetGeekWebhookCredential,
			meetingWebhooksMeetGeekApi: meetGeekApiCredential,
		},
	});
	const meetergoTrigger = triggerWorkflow({
		name: 'meetergo Trigger (editor check)',
		nodeType: 'meetergoTrigger',
		nodeName: 'meetergo Trigger',
		parameters: { events: ['booking_created'], options: {} },
		credentials: { meetingWebhooksMeetergoApi: meetergoCredential },
	});
	const meetergoAction = triggerWorkflow({
		name: 'meetergo action (editor check)',
		nodeType: 'meetergo',
		nodeName: 'meetergo',
		parameters: {
			resource: 'booking',
			operation: 'create',
			meetingTypeId: {
				__rl: true,
				mode: 'list',
				value: 'mt-uuid-456',
				cachedResultName: 'Discovery Call',
			},
		},
		credentials: { meetingWebhooksMeetergoApi: meetergoCredential },
		publish: false,
	});
	const meetGeekAction = triggerWorkflow({
		name: 'MeetGeek action (editor check)',
		nodeType: 'meetGeek',
		nodeName: 'MeetGeek',
		parameters: { resource: 'meeting', operation: 'getTranscript', output: 'text' },
		credentials: { meetingWebhooksMeetGeekApi: meetGeekApiCredential },
		publish: false,
	});
	return {
		credentials: [
			meetBitCredential,
			meetGeekWebhookCredential,
			meetGeekApiCredential,
			meetergoCredential,
			meetBitApiCredential,
		],
		workflows: [meetBit, meetGeek, meetergoTrigger, meetergoAction, meetBitAction, meetGeekAction],
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
		triggerViews: [
			{
				workflow: meetBit,
				labels: ['Events', 'Options', 'Webhook Destinations'],
				shot: 'meetbit-trigger.png',
			},
			{
				workflow: meetGeek,
				labels: ['Authentication', 'Events', 'Include Meeting Details', 'Meeting Details'],
				shot: 'meetgeek-trigger.png',
			},
			{ workflow: meetergoTrigger, labels: ['Events', 'Options'], shot: 'meetergo-trigger.png' },
			{
				workflow: meetergoAction,
				labels: ['Resource', 'Operation', 'Meeting Type', 'Start', 'Assign To', 'Attendee Email'],
				shot: 'meetergo-action.png',
			},
			{
				workflow: meetBitAction,
				labels: ['Resource', 'Operation', 'Calendar ID', 'Event ID', 'Cancel Note'],
				shot: 'meetbit-action.png',
			},
			{
				workflow: meetGeekAction,
				labels: ['Resource', 'Operation', 'Meeting ID', 'Output', 'Include Speaker Names'],
				shot: 'meetgeek-action.png',
			},
		],
		credentialViews: [
			{
				credential: meetBitCredential,
				labels: ['Signing Secret', 'Previous Signing Secret'],
				shot: 'credential-meetbit-webhook.png',
			},
			{
				credential: meetGeekWebhookCredential,
				labels: ['Signing Secret', 'Previous Signing Secret'],
				shot: 'credential-meetgeek-webhook.png',
			},
			{
				credential: meetGeekApiCredential,
				labels: ['API Key', 'Region'],
				shot: 'credential-meetgeek-api.png',
			},
			{
				credential: meetergoCredential,
				labels: ['Token Type', 'Token', 'Base URL'],
				shot: 'credential-meetergo-api.png',
			},
			{
				credential: meetBitApiCredential,
				labels: ['Primary Domain', 'Access Key ID', 'Access Key Secret'],
				shot: 'credential-meetbit-api.png',
			},
		],
		close: () => meetergoApi.close(),
	};
}
