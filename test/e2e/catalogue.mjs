// What the editor check opens: one workflow per trigger, one credential of each type, and
// (in the nodes panel of an empty workflow n8n lists triggers without their " Trigger" suffix)
// what each must show.
import { credential, triggerWorkflow } from '../../scripts/lib/workflows.mjs';

export function editorCatalogue() {
	const meetBitCredential = credential('meetBitWebhookApi', 'MeetBit webhook', { secret: 'editor-check-secret' });
	const meetBit = triggerWorkflow({
		name: 'MeetBit Trigger (editor check)',
		nodeType: 'meetBitTrigger',
		nodeName: 'MeetBit Trigger',
		parameters: { events: ['*'], options: {} },
		credentials: { meetBitWebhookApi: meetBitCredential },
	});
	return {
		credentials: [meetBitCredential],
		workflows: [meetBit],
		panelSearches: [
			{ search: 'MeetBit', displayNames: ['MeetBit'], icon: 'meetbit', shot: 'nodes-panel-meetbit.png' },
		],
		triggerViews: [{ workflow: meetBit, labels: ['Events', 'Options', 'Webhook Destinations'], shot: 'meetbit-trigger.png' }],
		credentialViews: [
			{ credential: meetBitCredential, labels: ['Signing Secret', 'Previous Signing Secret'], shot: 'credential-meetbit-webhook.png' },
		],
	};
}
