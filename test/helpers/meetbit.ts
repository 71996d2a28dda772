import { createHmac, randomUUID } from 'crypto';
import type { INode } from 'n8n-workflow';

/** A MeetBit Trigger node as a workflow holds it (every event, default options unless given). */
export function meetBitNode(parameters: INode['parameters'] = {}): INode {
	return {
		id: 'node-meetbit',
		name: 'MeetBit Trigger',
		type: 'n8n-nodes-meeting-webhooks.meetBitTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: { events: ['*'], options: {}, ...parameters },
		credentials: { meetingWebhooksMeetBitWebhookApi: { id: '1', name: 'MeetBit' } },
	};
}

/** Signs a MeetBit delivery the way MeetBit documents it: hex HMAC-SHA256 of `id.timestamp.body`. */
export function meetBitDelivery(options: {
	signingKey: string;
	body?: string | Buffer;
	id?: string;
	timestamp?: string;
	nowMs?: number;
}) {
	const body =
		options.body ??
		JSON.stringify({
			event: 'meeting_links.scheduled',
			data: { id: 1234, event_id: 5678, calendar_id: 42, email: 'jane@example.com' },
		});
	const id = options.id ?? randomUUID();
	const timestamp =
		options.timestamp ??
		new Date(options.nowMs ?? Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
	const signature = createHmac('sha256', options.signingKey)
		.update(`${id}.${timestamp}.`)
		.update(body)
		.digest('hex');
	return {
		rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
		headers: {
			'content-type': 'application/json',
			'x-webhook-id': id,
			'x-webhook-timestamp': timestamp,
			'x-webhook-signature': signature,
		} as Record<string, string | string[]>,
	};
}
