/**
 * The triggers are versioned the n8n way (`version: [1, 1.1]`, `defaultVersion:
 * 1.1`). At 1.1 n8n 2.41 reads the body only for the content types it parses (JSON, text/plain,
 * form-urlencoded, XML) and leaves the others unread; webhook() then reads the raw bytes itself
 * (`readRawBody()`). Every content type the tests send is driven through webhook() at 1.1 here, and
 * version 1 behaves as before.
 */
import type { INode, INodeType } from 'n8n-workflow';

import { MeetBitTrigger } from '../../nodes/MeetBit/MeetBitTrigger.node';
import { MeetGeekTrigger } from '../../nodes/MeetGeek/MeetGeekTrigger.node';
import { MeetergoTrigger } from '../../nodes/Meetergo/MeetergoTrigger.node';
import { start, type MeetergoApiFake } from '../fakes/meetergo-api.cjs';
import { FakeN8n, n8nReadsBody, type Delivery } from '../helpers/fakeN8n';
import { meetBitDelivery, meetBitNode } from '../helpers/meetbit';
import { meetergoTriggerNode, MeetergoN8n } from '../helpers/meetergo';
import { meetGeekDelivery, meetGeekNode } from '../helpers/meetgeek';

const signingKey = 'k'.repeat(32);
let counter = 0;

/** The content types the other tests send, and two n8n does not parse (sent by a proxy or a test client). */
const CONTENT_TYPES = [
	'application/json',
	'application/json; charset=utf-8',
	'text/plain',
	'application/octet-stream',
	undefined,
] as const;

function withContentType<D extends Delivery>(delivery: D, type: string | undefined): D {
	const headers = { ...delivery.headers };
	delete headers['content-type'];
	if (type !== undefined) headers['content-type'] = type;
	return { ...delivery, headers };
}

describe('the triggers are versioned: version [1, 1.1], new workflows get 1.1', () => {
	it.each([
		['MeetBit', new MeetBitTrigger()],
		['MeetGeek', new MeetGeekTrigger()],
		['meetergo', new MeetergoTrigger()],
	] as Array<[string, INodeType]>)('%s Trigger', (_name, trigger) => {
		expect(trigger.description.version).toEqual([1, 1.1]);
		expect(trigger.description.defaultVersion).toBe(1.1);
	});
});

describe.each([1, 1.1])('at typeVersion %s, every content type the tests send', (typeVersion) => {
	const readsItself = (type: string | undefined) => (n8nReadsBody(typeVersion, type) ? 0 : 1);

	it.each(CONTENT_TYPES)(
		'MeetBit, content type %s: accepted with the raw bytes as signed',
		async (type) => {
			counter += 1;
			const node: INode = { ...meetBitNode(), typeVersion };
			const n8n = new FakeN8n(
				new MeetBitTrigger(),
				node,
				{ meetingWebhooksMeetBitWebhookApi: { secret: signingKey } },
				`wf-version-${counter}`,
			);
			const body = '{ "event": "events.created",\n  "data": { "id": 7 } }';
			const result = await n8n.receive(
				withContentType(meetBitDelivery({ signingKey, body }), type),
			);
			expect(result.status).toBe(200);
			expect(result.execution).toHaveLength(1);
			expect(result.execution![0].json).toMatchObject({
				event: 'events.created',
				data: { id: 7 },
				delivery: { signedBody: 'raw' },
			});
			expect(n8n.bodyReads).toBe(readsItself(type));
		},
	);

	it.each(CONTENT_TYPES)(
		'MeetGeek, content type %s: accepted with the raw bytes as signed',
		async (type) => {
			counter += 1;
			const node: INode = { ...meetGeekNode(), typeVersion };
			const n8n = new FakeN8n(
				new MeetGeekTrigger(),
				node,
				{ meetingWebhooksMeetGeekWebhookApi: { secret: signingKey } },
				`wf-version-${counter}`,
			);
			const result = await n8n.receive(withContentType(meetGeekDelivery({ signingKey }), type));
			expect(result.status).toBe(200);
			expect(result.execution).toHaveLength(1);
			expect(result.execution![0].json).toMatchObject({ delivery: { secret: 'current' } });
			expect(n8n.bodyReads).toBe(readsItself(type));
		},
	);

	describe('meetergo', () => {
		let api: MeetergoApiFake;
		beforeAll(async () => {
			api = await start();
		});
		afterAll(async () => {
			await api.close();
		});

		it.each(CONTENT_TYPES)('content type %s: accepted at the registered URL', async (type) => {
			counter += 1;
			const node: INode = { ...meetergoTriggerNode({ events: ['booking_created'] }), typeVersion };
			const n8n = new MeetergoN8n(
				new MeetergoTrigger(),
				node,
				{ credentialKind: 'personalAccessToken', token: api.state.token, baseUrl: api.url },
				`wf-version-${counter}`,
			);
			await n8n.activate();
			const body = JSON.stringify({
				webhookType: 'booking_created',
				id: `appt-${counter}`,
				updatedAt: '2026-01-01T00:00:00Z',
			});
			const result = await n8n.receive(withContentType(n8n.atRegisteredUrl(body), type));
			expect(result.status).toBe(200);
			expect(result.execution).toHaveLength(1);
			expect(result.execution![0].json).toMatchObject({ webhookType: 'booking_created' });
			expect(n8n.bodyReads).toBe(readsItself(type));
		});
	});
});
