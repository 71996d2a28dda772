import type { INode } from 'n8n-workflow';

import { MeetBitTrigger } from '../../nodes/MeetBit/MeetBitTrigger.node';
import { FakeN8n, receiveTogether } from '../helpers/fakeN8n';
import { meetBitDelivery, meetBitNode } from '../helpers/meetbit';
import { expectPlainNotices } from '../helpers/notices';
import { expectAdviceOnce } from '../helpers/refusalHint';

const currentKey = 'c'.repeat(40);
const previousKey = 'p'.repeat(40);

let workflowCounter = 0;
function setup(
	parameters?: INode['parameters'],
	credential = { secret: currentKey, previousSecret: '' },
) {
	workflowCounter += 1;
	return new FakeN8n(
		new MeetBitTrigger(),
		meetBitNode(parameters),
		{ meetingWebhooksMeetBitWebhookApi: credential },
		`wf-meetbit-${workflowCounter}`,
	);
}

describe('MeetBit Trigger', () => {
	it('starts one execution for a genuine delivery, with the body and its delivery metadata', async () => {
		const n8n = setup();
		const delivery = meetBitDelivery({ signingKey: currentKey, id: 'delivery-1' });
		const result = await n8n.receive(delivery);
		expect(result.status).toBe(200);
		expect(result.body).toBe('');
		expect(result.execution).toHaveLength(1);
		const json = result.execution![0].json;
		expect(json).toMatchObject({
			event: 'meeting_links.scheduled',
			data: { id: 1234, event_id: 5678, calendar_id: 42, email: 'jane@example.com' },
			delivery: {
				provider: 'MeetBit',
				event: 'meeting_links.scheduled',
				deliveryId: 'delivery-1',
				secret: 'current',
				signedBody: 'raw',
			},
		});
		expect(typeof (json.delivery as { timestampAgeSeconds: number }).timestampAgeSeconds).toBe(
			'number',
		);
		expect(JSON.stringify(json)).not.toContain(currentKey);
		expect(result.execution![0].pairedItem).toEqual({ item: 0 });
	});

	it('accepts a delivery signed with the previous secret during a rotation and says so', async () => {
		const n8n = setup(undefined, { secret: currentKey, previousSecret: previousKey });
		const result = await n8n.receive(meetBitDelivery({ signingKey: previousKey }));
		expect(result.execution![0].json.delivery).toMatchObject({ secret: 'previous' });
	});

	describe('rejects without starting an execution', () => {
		const cases: Array<[string, (d: ReturnType<typeof meetBitDelivery>) => void, number, string]> =
			[
				[
					'a tampered body',
					(d) => (d.rawBody = Buffer.from(d.rawBody.toString().replace('1234', '1235'))),
					401,
					'signature_mismatch',
				],
				[
					'a whitespace-only change to the body',
					(d) => (d.rawBody = Buffer.concat([d.rawBody, Buffer.from(' ')])),
					401,
					'signature_mismatch',
				],
				[
					'a changed delivery id',
					(d) => (d.headers['x-webhook-id'] = 'other-id'),
					401,
					'signature_mismatch',
				],
				[
					'a missing signature header',
					(d) => delete d.headers['x-webhook-signature'],
					401,
					'missing_header',
				],
				['a missing id header', (d) => delete d.headers['x-webhook-id'], 401, 'missing_header'],
				[
					'a missing timestamp header',
					(d) => delete d.headers['x-webhook-timestamp'],
					401,
					'missing_header',
				],
				[
					'a repeated signature header',
					(d) =>
						(d.headers['x-webhook-signature'] = [
							String(d.headers['x-webhook-signature']),
							'a'.repeat(64),
						]),
					401,
					'ambiguous_header',
				],
				[
					'a malformed signature',
					(d) => (d.headers['x-webhook-signature'] = 'not-a-signature'),
					401,
					'malformed_signature',
				],
			];
		it.each(cases)('%s', async (_name, mutate, status, code) => {
			const n8n = setup();
			const delivery = meetBitDelivery({ signingKey: currentKey });
			mutate(delivery);
			const result = await n8n.receive(delivery);
			expect(result.status).toBe(status);
			expect(result.body).toMatchObject({ error: { code } });
			expect(result.execution).toBeUndefined();
			expect(result.webhookResult).toEqual({ noWebhookResponse: true });
			expect(result.answers).toBe(1);
			expect(n8n.executions).toHaveLength(0);
		});

		it('a delivery signed with another secret, naming the credential field to check', async () => {
			const n8n = setup();
			const result = await n8n.receive(meetBitDelivery({ signingKey: 'w'.repeat(40) }));
			expect(result.status).toBe(401);
			expect(JSON.stringify(result.body)).toContain(
				'Signing Secret of the MeetBit Webhook credential',
			);
			expect(JSON.stringify(result.body)).not.toContain(currentKey);
		});

		it('a stale delivery (replay), saying how old it is', async () => {
			const n8n = setup();
			const result = await n8n.receive(
				meetBitDelivery({ signingKey: currentKey, nowMs: Date.now() - 600_000 }),
			);
			expect(result.status).toBe(401);
			expect(result.body).toMatchObject({ error: { code: 'timestamp_too_old' } });
			expect((result.body as { error: { message: string } }).error.message).toMatch(
				/(599|600|601) seconds old/,
			);
		});

		it('a delivery from the future beyond the tolerance, and honours a wider tolerance', async () => {
			const future = () => meetBitDelivery({ signingKey: currentKey, nowMs: Date.now() + 400_000 });
			expect((await setup().receive(future())).body).toMatchObject({
				error: { code: 'timestamp_too_new' },
			});
			const tolerant = setup({ options: { timestampToleranceSeconds: 600 } });
			expect((await tolerant.receive(future())).execution).toHaveLength(1);
		});

		it.each([
			['not JSON', 'hello', 'body_not_json'],
			['empty', '', 'body_not_json'],
			['JSON without the envelope', '{"data":{}}', 'body_invalid'],
			[
				'a known event without its id',
				'{"event":"events.created","data":{"calendar_id":1}}',
				'body_invalid',
			],
			['an array', '[1,2]', 'body_invalid'],
		])('a signed body that is %s, with 400', async (_name, body, code) => {
			const n8n = setup();
			const result = await n8n.receive(meetBitDelivery({ signingKey: currentKey, body }));
			expect(result.status).toBe(400);
			expect(result.body).toMatchObject({ error: { code } });
			expect(n8n.executions).toHaveLength(0);
		});

		it('a signed body of non-UTF-8 bytes, with 400', async () => {
			const n8n = setup();
			const result = await n8n.receive(
				meetBitDelivery({ signingKey: currentKey, body: Buffer.from([0x7b, 0xff, 0x7d]) }),
			);
			expect(result.body).toMatchObject({ error: { code: 'body_not_utf8' } });
		});

		it('with 500 (so MeetBit retries) when the credential cannot be read', async () => {
			const n8n = new FakeN8n(new MeetBitTrigger(), meetBitNode(), {});
			const result = await n8n.receive(meetBitDelivery({ signingKey: currentKey }));
			expect(result.status).toBe(500);
			expect(result.body).toMatchObject({ error: { code: 'credential_unavailable' } });
		});
	});

	it('accepts a signature over the compact body only when that option is on, and says so', async () => {
		const pretty = JSON.stringify(
			{ event: 'events.updated', data: { id: 7, calendar_id: 1 } },
			null,
			2,
		);
		const compact = JSON.stringify(JSON.parse(pretty));
		const signedCompactSentPretty = () => {
			const delivery = meetBitDelivery({ signingKey: currentKey, body: compact });
			delivery.rawBody = Buffer.from(pretty);
			return delivery;
		};
		expect((await setup().receive(signedCompactSentPretty())).status).toBe(401);
		const lenient = await setup({ options: { acceptCompactBody: true } }).receive(
			signedCompactSentPretty(),
		);
		expect(lenient.execution![0].json.delivery).toMatchObject({ signedBody: 'compact' });
	});

	it('answers a repeated X-Webhook-Id with 200 and no second execution, also after the workflow is reloaded', async () => {
		const n8n = setup();
		const first = meetBitDelivery({ signingKey: currentKey, id: 'retry-me' });
		expect((await n8n.receive(first)).execution).toHaveLength(1);
		// MeetBit's retry: same id, new timestamp and signature.
		const retry = meetBitDelivery({
			signingKey: currentKey,
			id: 'retry-me',
			nowMs: Date.now() + 1000,
		});
		const result = await n8n.receive(retry);
		expect(result.status).toBe(200);
		expect(result.body).toMatchObject({ received: true, started: false, reason: 'duplicate' });
		expect(n8n.executions).toHaveLength(1);
	});

	it('records the delivery in the execution, where n8n keeps it, not in webhook()', async () => {
		const n8n = setup();
		const delivery = meetBitDelivery({ signingKey: currentKey, id: 'persist-me' });
		const workflow = n8n.loadWorkflow();
		await new MeetBitTrigger().webhook.call(
			n8n.webhookContext(
				workflow,
				delivery,
				new (await import('../helpers/fakeN8n')).RecordedResponse(),
				'webhook',
			),
		);
		expect((workflow.staticData as { __dataChanged?: boolean }).__dataChanged).toBe(false);

		await n8n.receive(meetBitDelivery({ signingKey: currentKey, id: 'persist-me-2' }));
		const stored = JSON.parse(n8n.storedStaticData) as Record<
			string,
			{ deliveryLedger: { size: number } }
		>;
		expect(stored['node:MeetBit Trigger'].deliveryLedger.size).toBe(1);
	});

	it('drops a duplicate in a fresh n8n process, from the persisted ledger alone', async () => {
		const n8n = setup();
		await n8n.receive(meetBitDelivery({ signingKey: currentKey, id: 'before-restart' }));
		const stored = n8n.storedStaticData;
		await jest.isolateModulesAsync(async () => {
			// A fresh module registry = a restarted n8n: the in-process guard is empty.
			const { MeetBitTrigger: Restarted } = await import('../../nodes/MeetBit/MeetBitTrigger.node');
			const restarted = new FakeN8n(
				new Restarted(),
				n8n.node,
				{ meetingWebhooksMeetBitWebhookApi: { secret: currentKey } },
				'wf-restart',
			);
			restarted.storedStaticData = stored;
			const retry = await restarted.receive(
				meetBitDelivery({ signingKey: currentKey, id: 'before-restart' }),
			);
			expect(retry.body).toMatchObject({ reason: 'duplicate' });
			expect(restarted.executions).toHaveLength(0);
			const other = await restarted.receive(
				meetBitDelivery({ signingKey: currentKey, id: 'after-restart' }),
			);
			expect(other.execution).toHaveLength(1);
		});
	});

	it('starts one execution for concurrent copies of a delivery (the in-process guard)', async () => {
		const n8n = setup();
		const copies = Array.from({ length: 5 }, (_, index) =>
			meetBitDelivery({ signingKey: currentKey, id: 'burst', nowMs: Date.now() + index }),
		);
		const results = await receiveTogether(n8n, copies);
		expect(results.filter((result) => result.execution !== undefined)).toHaveLength(1);
		expect(results.every((result) => result.status === 200)).toBe(true);
		expect(n8n.executions).toHaveLength(1);
	});

	it('does not deduplicate in manual test runs', async () => {
		const n8n = setup();
		const delivery = meetBitDelivery({ signingKey: currentKey, id: 'sample' });
		expect((await n8n.receive(delivery, 'manual')).execution).toHaveLength(1);
		expect((await n8n.receive(delivery, 'manual')).execution).toHaveLength(1);
	});

	describe('in a test run (the editor listening on the Test URL: mode manual)', () => {
		const cases: Array<[string, () => ReturnType<typeof meetBitDelivery>, number, string, string]> =
			[
				[
					'a delivery signed with another secret',
					() => meetBitDelivery({ signingKey: 'w'.repeat(40) }),
					401,
					'signature_mismatch',
					'Signing Secret of the MeetBit Webhook credential',
				],
				[
					'a body changed on the way (a proxy reformatting it)',
					() => {
						const delivery = meetBitDelivery({ signingKey: currentKey });
						delivery.rawBody = Buffer.from(
							JSON.stringify(JSON.parse(String(delivery.rawBody)), null, 2),
						);
						return delivery;
					},
					401,
					'signature_mismatch',
					'the raw body',
				],
				[
					'a stale delivery (clock skew or a replay)',
					() => meetBitDelivery({ signingKey: currentKey, nowMs: Date.now() - 600_000 }),
					401,
					'timestamp_too_old',
					"the X-Webhook-Timestamp header; this server's clock; the Timestamp Tolerance option",
				],
				[
					'a delivery without its signature header',
					() => {
						const delivery = meetBitDelivery({ signingKey: currentKey });
						delete delivery.headers['x-webhook-signature'];
						return delivery;
					},
					401,
					'missing_header',
					'the X-Webhook-Signature header',
				],
				[
					'a malformed signature',
					() => {
						const delivery = meetBitDelivery({ signingKey: currentKey });
						delivery.headers['x-webhook-signature'] = 'sha256=abc';
						return delivery;
					},
					401,
					'malformed_signature',
					'the X-Webhook-Signature header',
				],
				[
					'a signed body that is not a MeetBit envelope',
					() =>
						meetBitDelivery({
							signingKey: currentKey,
							body: '{"event":"events.created","data":{}}',
						}),
					400,
					'body_invalid',
					'field data.id',
				],
			];

		it.each(cases)(
			'%s: the same answer as in production, and one item explaining it',
			async (_name, build, status, code, check) => {
				const delivery = build();
				const production = await setup().receive(delivery);
				expect(production.status).toBe(status);
				expect(production.body).toMatchObject({ error: { code } });
				expect(production.execution).toBeUndefined();
				expect(production.webhookResult).toEqual({ noWebhookResponse: true });

				const n8n = setup();
				const result = await n8n.receive(delivery, 'manual');
				expect(result.status).toBe(status);
				expect(result.body).toEqual({
					error: { code, message: expect.any(String) as string },
				});
				expect(result.answers).toBe(1);
				expect(result.execution).toHaveLength(1);
				const [item] = result.execution!;
				const { message } = (result.body as { error: { message: string } }).error;
				expect(item.json).toEqual({
					rejected: true,
					provider: 'MeetBit',
					status,
					code,
					message,
					check: expect.stringContaining(check) as string,
					note: expect.stringContaining('listening for a test event') as string,
					receivedAt: expect.any(String) as string,
				});
				expect(item.pairedItem).toEqual({ item: 0 });
				const shown = JSON.stringify(item.json);
				expect(shown).not.toContain(currentKey);
				const received = delivery.headers['x-webhook-signature'];
				if (typeof received === 'string') expect(shown).not.toContain(received);
				expect(n8n.hints).toEqual([
					{
						message: expect.stringContaining(
							`MeetBit delivery refused with ${status} ${code}:`,
						) as string,
						type: 'warning',
						location: 'outputPane',
					},
				]);
				expectAdviceOnce(n8n.hints[0].message, code);
			},
		);

		it('never shows the signature the secret would have produced', async () => {
			const delivery = meetBitDelivery({ signingKey: currentKey, id: 'tampered' });
			const signedBody = String(delivery.rawBody);
			delivery.rawBody = Buffer.from(signedBody.replace('1234', '1235'));
			const expected = meetBitDelivery({
				signingKey: currentKey,
				id: 'tampered',
				timestamp: String(delivery.headers['x-webhook-timestamp']),
				body: String(delivery.rawBody),
			}).headers['x-webhook-signature'];
			const result = await setup().receive(delivery, 'manual');
			expect(result.execution![0].json.code).toBe('signature_mismatch');
			expect(JSON.stringify(result.execution)).not.toContain(String(expected));
			expect(JSON.stringify(result.execution)).not.toContain(
				String(delivery.headers['x-webhook-signature']),
			);
		});

		it('explains an unreadable credential too, after the same 500', async () => {
			const n8n = new FakeN8n(new MeetBitTrigger(), meetBitNode(), {});
			const result = await n8n.receive(meetBitDelivery({ signingKey: currentKey }), 'manual');
			expect(result.status).toBe(500);
			expect(result.body).toMatchObject({ error: { code: 'credential_unavailable' } });
			expect(result.answers).toBe(1);
			expect(result.execution![0].json).toMatchObject({
				rejected: true,
				status: 500,
				code: 'credential_unavailable',
				check: expect.stringContaining('the credential selected in the trigger') as string,
			});
			expect(n8n.hints).toHaveLength(1);
			expectAdviceOnce(n8n.hints[0].message, 'credential_unavailable');
		});

		it('outputs a genuine test delivery as usual, with no hint', async () => {
			const n8n = setup();
			const result = await n8n.receive(meetBitDelivery({ signingKey: currentKey }), 'manual');
			expect(result.status).toBe(200);
			expect(result.answers).toBe(1);
			expect(result.execution![0].json).toMatchObject({ event: 'meeting_links.scheduled' });
			expect(result.execution![0].json.rejected).toBeUndefined();
			expect(n8n.hints).toEqual([]);
		});
	});

	it('acknowledges unselected events with 200 and starts nothing', async () => {
		const n8n = setup({ events: ['events.created', 'events.deleted'] });
		const updated = meetBitDelivery({
			signingKey: currentKey,
			body: '{"event":"events.updated","data":{"id":1,"calendar_id":2}}',
		});
		const filtered = await n8n.receive(updated);
		expect(filtered.status).toBe(200);
		expect(filtered.body).toMatchObject({ started: false, reason: 'filtered' });
		const created = meetBitDelivery({
			signingKey: currentKey,
			body: '{"event":"events.created","data":{"id":1,"calendar_id":2}}',
		});
		expect((await n8n.receive(created)).execution).toHaveLength(1);
	});

	it('passes unknown events through when Any Event is selected', async () => {
		const n8n = setup();
		const body = '{"event":"events.reassigned","data":{"id":"x"}}';
		expect(
			(await n8n.receive(meetBitDelivery({ signingKey: currentKey, body }))).execution![0].json
				.event,
		).toBe('events.reassigned');
	});

	it('adds the request headers when asked', async () => {
		const n8n = setup({ options: { includeHeaders: true } });
		const result = await n8n.receive(
			meetBitDelivery({ signingKey: currentKey, id: 'with-headers' }),
		);
		expect(result.execution![0].json.headers).toMatchObject({ 'x-webhook-id': 'with-headers' });
	});

	it('honours the dedupe window option', async () => {
		const n8n = setup({ options: { dedupeWindowHours: 1, dedupeMaxEntries: 100 } });
		await n8n.receive(meetBitDelivery({ signingKey: currentKey, id: 'windowed' }));
		const stored = JSON.parse(n8n.storedStaticData) as Record<
			string,
			{ deliveryLedger: { version: number; base: number } }
		>;
		const ledger = stored['node:MeetBit Trigger'].deliveryLedger;
		// Age the entry past the one-hour window: the copy is then new again. (Stored packed, version 2:
		// every time is an offset from `base`.)
		expect(ledger.version).toBe(2);
		ledger.base -= 3601;
		await jest.isolateModulesAsync(async () => {
			const { MeetBitTrigger: Fresh } = await import('../../nodes/MeetBit/MeetBitTrigger.node');
			const later = new FakeN8n(new Fresh(), n8n.node, {
				meetingWebhooksMeetBitWebhookApi: { secret: currentKey },
			});
			later.storedStaticData = JSON.stringify(stored);
			expect(
				(await later.receive(meetBitDelivery({ signingKey: currentKey, id: 'windowed' })))
					.execution,
			).toHaveLength(1);
		});
	});

	it('says how to test with a link to the signed-sample docs; every notice is short and plain', () => {
		const description = new MeetBitTrigger().description;
		const test = description.properties.find((property) => property.name === 'testNotice');
		expect(test?.displayName).toContain(
			'href="https://github.com/meeting-webhooks/n8n-nodes-meeting-webhooks/blob/main/docs/testing-triggers.md#meetbit"',
		);
		expect(test?.displayName).toContain('shows up here as an item saying why');
		expectPlainNotices(description);
	});

	it('describes itself as n8n expects of a trigger', () => {
		const { description } = new MeetBitTrigger();
		expect(description.inputs).toEqual([]);
		expect(description.webhooks?.[0]).toMatchObject({
			httpMethod: 'POST',
			responseMode: 'onReceived',
			responseData: 'noData',
		});
		expect(description.credentials?.[0]).toMatchObject({
			name: 'meetingWebhooksMeetBitWebhookApi',
			required: true,
		});
	});
});
