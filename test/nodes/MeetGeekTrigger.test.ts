import {
	NodeApiError,
	Workflow,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeProperties,
} from 'n8n-workflow';

import { MeetingWebhooksMeetGeekApi } from '../../credentials/MeetingWebhooksMeetGeekApi.credentials';
import { MeetingWebhooksMeetGeekWebhookApi } from '../../credentials/MeetingWebhooksMeetGeekWebhookApi.credentials';
import { fetchMeetingDetails } from '../../nodes/MeetGeek/api';
import { MeetGeekTrigger } from '../../nodes/MeetGeek/MeetGeekTrigger.node';
import { meetGeekEventOf } from '../../nodes/MeetGeek/profile';
import {
	DEFAULT_API_KEY,
	FOREIGN_MEETING_ID,
	OWN_MEETING_ID,
	TEAM_MEETING_ID,
	start,
	type MeetGeekApiFake,
} from '../fakes/meetgeek-api.cjs';
import { receiveTogether } from '../helpers/fakeN8n';
import {
	FAILURE_BODY,
	MeetGeekN8n,
	SEED_MEETING_ID,
	SUCCESS_BODY,
	meetGeekDelivery,
	meetGeekNode,
	signMeetGeek,
	successBody,
} from '../helpers/meetgeek';
import { useMeetGeekApiFake } from '../helpers/meetgeekAction';
import { httpRequestWithAuthentication } from '../helpers/n8nHttp';
import { expectPlainNotices } from '../helpers/notices';

const currentKey = 'c'.repeat(40);
const previousKey = 'p'.repeat(40);

let workflowCounter = 0;
function setup(
	parameters?: INode['parameters'],
	credentials: Record<string, IDataObject> = {
		meetingWebhooksMeetGeekWebhookApi: { secret: currentKey, previousSecret: '' },
	},
	node: INode = meetGeekNode(parameters),
) {
	workflowCounter += 1;
	return new MeetGeekN8n(
		new MeetGeekTrigger(),
		node,
		credentials,
		`wf-meetgeek-${workflowCounter}`,
	);
}

afterEach(() => jest.restoreAllMocks());

describe('MeetGeek Trigger: X-MG-Signature over the exact raw body', () => {
	// Computed independently (Python's hmac.new(secret.encode(), body, sha256).hexdigest(), the
	// seed document's own formula), not with the code under test.
	const vectors: Array<[string, string, Buffer, string]> = [
		[
			"the seed's success body",
			'mg-signing-demo',
			Buffer.from(
				'{"message":"File analyzed successfully","meeting_id":"9433976b-cfa3-4373-9afb-eb0b7a5915df"}',
				'utf8',
			),
			'4e5489a1f4f5ab6cc8401e1f26b0f067dda011c02bfc429657d10654931db544',
		],
		[
			"the seed's failure body",
			'mg-signing-demo',
			Buffer.from('{"message":"File analyzed failed"}', 'utf8'),
			'66f384b679dfac50231ba8a3d4cc112842763b5eb14732e93d009dafd2615264',
		],
		[
			'a pretty-printed body with a trailing newline (must not be normalised)',
			'mg-signing-demo',
			Buffer.from(
				'{\n    "message": "File analyzed successfully",\n    "meeting_id": "9433976b-cfa3-4373-9afb-eb0b7a5915df"\n}\n',
				'utf8',
			),
			'11058e941b056061313c0caf659fe05fea1c440fcd24b28706cc3da5aa821f28',
		],
		[
			'a body with multi-byte UTF-8',
			'mg-signing-demo',
			Buffer.from(
				'{"message":"Analyse réussie — 会议 ✓","meeting_id":"9433976b-cfa3-4373-9afb-eb0b7a5915df"}',
				'utf8',
			),
			'7893088579ff2661f7ba3401c607106e7dbe4af41af038bd2fd7b88a30f1b1b0',
		],
		[
			'a multi-byte secret',
			'clé-secrète',
			Buffer.from('{"message":"File analyzed failed"}', 'utf8'),
			'f9076180d011de337e19482934f7ef84a7b1701b7931c346d562731ac8690ddb',
		],
	];

	it.each(vectors)(
		'accepts %s signed per the seed',
		async (_name, signingKey, rawBody, signature) => {
			expect(signMeetGeek(signingKey, rawBody)).toBe(signature);
			const n8n = setup(undefined, { meetingWebhooksMeetGeekWebhookApi: { secret: signingKey } });
			const result = await n8n.deliver({
				rawBody,
				headers: { 'content-type': 'application/json', 'x-mg-signature': signature },
			});
			expect(result.started).toBe(true);
			expect(result.execution).toHaveLength(1);
			expect(result.execution![0].json.delivery).toMatchObject({
				secret: 'current',
				signedBody: 'raw',
			});
		},
	);

	it('rejects the same content re-serialised (whitespace removed) under the original signature', async () => {
		const [, signingKey, pretty, signature] = vectors[2];
		const compact = Buffer.from(JSON.stringify(JSON.parse(pretty.toString('utf8'))), 'utf8');
		const n8n = setup(undefined, { meetingWebhooksMeetGeekWebhookApi: { secret: signingKey } });
		const result = await n8n.deliver({
			rawBody: compact,
			headers: { 'x-mg-signature': signature },
		});
		expect(result.status).toBe(401);
		expect(result.body).toMatchObject({ error: { code: 'signature_mismatch' } });
		expect(result.started).toBe(false);
	});

	it('rejects multi-byte text signed in another encoding (the bytes are what count)', async () => {
		const [, signingKey, utf8Body] = vectors[3];
		const latin1Signature = signMeetGeek(
			signingKey,
			Buffer.from(utf8Body.toString('utf8'), 'latin1'),
		);
		const n8n = setup(undefined, { meetingWebhooksMeetGeekWebhookApi: { secret: signingKey } });
		const result = await n8n.deliver({
			rawBody: utf8Body,
			headers: { 'x-mg-signature': latin1Signature },
		});
		expect(result.body).toMatchObject({ error: { code: 'signature_mismatch' } });
	});

	describe('refuses with 401, a JSON reason and no execution', () => {
		const cases: Array<[string, (d: ReturnType<typeof meetGeekDelivery>) => void, string]> = [
			[
				'a tampered meeting id',
				(d) => (d.rawBody = Buffer.from(d.rawBody.toString().replace('9433976b', '9433976c'))),
				'signature_mismatch',
			],
			[
				'one flipped byte',
				(d) =>
					(d.rawBody = Buffer.from(
						d.rawBody.map((byte, index) => (index === 5 ? byte ^ 1 : byte)),
					)),
				'signature_mismatch',
			],
			[
				'an appended space',
				(d) => (d.rawBody = Buffer.concat([d.rawBody, Buffer.from(' ')])),
				'signature_mismatch',
			],
			['a missing X-MG-Signature', (d) => delete d.headers['x-mg-signature'], 'missing_header'],
			['an empty X-MG-Signature', (d) => (d.headers['x-mg-signature'] = ''), 'missing_header'],
			[
				'a repeated X-MG-Signature',
				(d) =>
					(d.headers['x-mg-signature'] = [String(d.headers['x-mg-signature']), 'a'.repeat(64)]),
				'ambiguous_header',
			],
			[
				'a "sha256=" prefixed signature',
				(d) => (d.headers['x-mg-signature'] = `sha256=${String(d.headers['x-mg-signature'])}`),
				'malformed_signature',
			],
			[
				'a base64 signature',
				(d) =>
					(d.headers['x-mg-signature'] = Buffer.from(
						String(d.headers['x-mg-signature']),
						'hex',
					).toString('base64')),
				'malformed_signature',
			],
		];
		it.each(cases)('%s', async (_name, mutate, code) => {
			const n8n = setup();
			const delivery = meetGeekDelivery({ signingKey: currentKey });
			mutate(delivery);
			const result = await n8n.deliver(delivery);
			expect(result.status).toBe(401);
			expect(result.response.headers['content-type']).toBe('application/json');
			expect(result.body).toMatchObject({ error: { code } });
			expect(result.started).toBe(false);
			expect(result.webhookResult).toEqual({ noWebhookResponse: true });
			expect(result.answers).toBe(1);
			expect(n8n.executions).toHaveLength(0);
		});

		it('a delivery signed with another secret, naming the credential field and leaking nothing', async () => {
			const n8n = setup();
			const delivery = meetGeekDelivery({ signingKey: 'w'.repeat(40) });
			const result = await n8n.deliver(delivery);
			expect(result.status).toBe(401);
			const text = JSON.stringify(result.body);
			expect(text).toContain('Signing Secret of the MeetGeek Webhook credential');
			expect(text).not.toContain(currentKey);
			expect(text).not.toContain(String(delivery.headers['x-mg-signature']));
		});

		it('any delivery while Signing Secret is chosen but the secret is empty (never accepted silently)', async () => {
			const n8n = setup(undefined, {
				meetingWebhooksMeetGeekWebhookApi: { secret: '', previousSecret: '' },
			});
			const result = await n8n.deliver(meetGeekDelivery({ signingKey: 'anything' }));
			expect(result.status).toBe(401);
			expect(result.body).toMatchObject({ error: { code: 'missing_secret' } });
			expect(String((result.body as { error: { message: string } }).error.message)).toContain(
				'MeetGeek Webhook credential',
			);
			const unsignedAttempt = await n8n.deliver(meetGeekDelivery());
			expect(unsignedAttempt.status).toBe(401);
			expect(n8n.executions).toHaveLength(0);
		});
	});

	it('accepts upper-case hex (the same digest)', async () => {
		const n8n = setup();
		const delivery = meetGeekDelivery({ signingKey: currentKey });
		delivery.headers['x-mg-signature'] = String(delivery.headers['x-mg-signature']).toUpperCase();
		expect((await n8n.deliver(delivery)).started).toBe(true);
	});

	it('accepts a delivery signed with the previous secret during a rotation and says so', async () => {
		const n8n = setup(undefined, {
			meetingWebhooksMeetGeekWebhookApi: { secret: currentKey, previousSecret: previousKey },
		});
		const result = await n8n.deliver(meetGeekDelivery({ signingKey: previousKey }));
		expect(result.execution![0].json.delivery).toMatchObject({ secret: 'previous' });
		const wrong = await n8n.deliver(
			meetGeekDelivery({ signingKey: 'x'.repeat(40), body: successBody('other') }),
		);
		expect(wrong.body).toMatchObject({ error: { code: 'signature_mismatch' } });
		expect(JSON.stringify(wrong.body)).toContain('current or the previous secret');
	});

	it.each([
		['not JSON', 'meeting done', 400, 'body_not_json'],
		['empty', '', 400, 'body_not_json'],
		['without a message', '{"meeting_id":"abc"}', 400, 'body_invalid'],
		[
			'with a numeric meeting id',
			'{"message":"File analyzed successfully","meeting_id":42}',
			400,
			'body_invalid',
		],
		['an array', '[]', 400, 'body_invalid'],
	])(
		'answers a signed body that is %s (%j) with %i and starts nothing',
		async (_name, body, status, code) => {
			const n8n = setup();
			const result = await n8n.deliver(meetGeekDelivery({ signingKey: currentKey, body }));
			expect(result.status).toBe(status);
			expect(result.body).toMatchObject({ error: { code } });
			expect(n8n.executions).toHaveLength(0);
		},
	);
});

describe('MeetGeek Trigger: acknowledgements are 200 with an empty body', () => {
	it('declares onReceived + noData, so n8n answers an accepted delivery with an empty 200', () => {
		const webhook = new MeetGeekTrigger().description.webhooks![0];
		expect(webhook).toMatchObject({
			httpMethod: 'POST',
			responseMode: 'onReceived',
			responseData: 'noData',
		});
	});

	it('accepted: hands n8n the execution and writes nothing itself', async () => {
		const n8n = setup();
		const result = await n8n.deliver(meetGeekDelivery({ signingKey: currentKey }));
		expect(result.started).toBe(true);
		expect(result.response.statusCode).toBeUndefined();
		expect(result.response.body).toBeUndefined();
		expect(result.response.ended).toBe(false);
	});

	it('duplicate: status 200 and nothing written (no JSON, no content type)', async () => {
		const n8n = setup();
		await n8n.deliver(meetGeekDelivery({ signingKey: currentKey }));
		const stored = n8n.storedStaticData;
		const result = await n8n.deliver(meetGeekDelivery({ signingKey: currentKey }));
		expect(result.started).toBe(false);
		expect(result.response.statusCode).toBe(200);
		expect(result.response.body).toBeUndefined();
		expect(result.response.ended).toBe(true);
		expect(result.response.headers).toEqual({});
		expect(n8n.storedStaticData).toBe(stored);
	});

	it('filtered: status 200 and nothing written', async () => {
		const n8n = setup({ events: ['analysis.succeeded'] });
		const result = await n8n.deliver(
			meetGeekDelivery({ signingKey: currentKey, body: FAILURE_BODY }),
		);
		expect(result.started).toBe(false);
		expect(result.response.statusCode).toBe(200);
		expect(result.response.body).toBeUndefined();
		expect(result.response.headers).toEqual({});
	});
});

describe('MeetGeek Trigger: events, output and dedupe', () => {
	it('outputs the body as sent plus the same delivery metadata as the other triggers', async () => {
		const n8n = setup();
		const result = await n8n.deliver(meetGeekDelivery({ signingKey: currentKey }));
		const item = result.execution![0];
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toEqual({
			message: 'File analyzed successfully',
			meeting_id: SEED_MEETING_ID,
			delivery: {
				provider: 'MeetGeek',
				event: 'analysis.succeeded',
				deliveryId: null,
				dedupeKey: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
				receivedAt: expect.any(String),
				timestampAgeSeconds: null,
				secret: 'current',
				signedBody: 'raw',
			},
		});
		expect(JSON.stringify(item.json)).not.toContain(currentKey);
	});

	it('adds the request headers when asked', async () => {
		const n8n = setup({ options: { includeHeaders: true } });
		const result = await n8n.deliver(meetGeekDelivery({ signingKey: currentKey }));
		expect(result.execution![0].json.headers).toMatchObject({ 'content-type': 'application/json' });
	});

	it('classifies the two documented notices, and a failure that names its meeting', () => {
		expect(meetGeekEventOf(JSON.parse(SUCCESS_BODY))).toBe('analysis.succeeded');
		expect(meetGeekEventOf(JSON.parse(FAILURE_BODY))).toBe('analysis.failed');
		expect(meetGeekEventOf({ message: 'File analyzed failed', meeting_id: SEED_MEETING_ID })).toBe(
			'analysis.failed',
		);
		expect(meetGeekEventOf({ message: 'File analyzed successfully', meeting_id: null })).toBe(
			'analysis.failed',
		);
	});

	it.each([
		[['analysis.succeeded'], true, false],
		[['analysis.failed'], false, true],
		[['analysis.succeeded', 'analysis.failed'], true, true],
	])(
		'with events %j: success starts %s, failure starts %s',
		async (events, successStarts, failureStarts) => {
			const n8n = setup({ events });
			expect((await n8n.deliver(meetGeekDelivery({ signingKey: currentKey }))).started).toBe(
				successStarts,
			);
			const failure = await n8n.deliver(
				meetGeekDelivery({ signingKey: currentKey, body: FAILURE_BODY }),
			);
			expect(failure.started).toBe(failureStarts);
			expect(failure.status).toBe(200);
		},
	);

	it('runs once for the three-request retry pattern (first copy unacknowledged in time, two retries)', async () => {
		const n8n = setup();
		const results = [];
		for (let attempt = 0; attempt < 3; attempt++)
			results.push(await n8n.deliver(meetGeekDelivery({ signingKey: currentKey })));
		expect(results.map((result) => result.started)).toEqual([true, false, false]);
		expect(
			results.every((result) => result.status === 200 && result.response.body === undefined),
		).toBe(true);
		expect(n8n.executions).toHaveLength(1);
		expect(n8n.ledgerSize()).toBe(1);
	});

	it('runs once when the three copies arrive before the first execution has recorded anything', async () => {
		const n8n = setup();
		const copies = [0, 1, 2].map(() =>
			meetGeekDelivery({ signingKey: currentKey, body: successBody('burst-meeting') }),
		);
		const results = await receiveTogether(n8n, copies);
		expect(results.filter((result) => result.execution !== undefined)).toHaveLength(1);
		expect(n8n.executions).toHaveLength(1);
	});

	it('runs once for team fan-out: one meeting delivered to the same URL for several members', async () => {
		const n8n = setup(undefined, {
			meetingWebhooksMeetGeekWebhookApi: { secret: currentKey, previousSecret: previousKey },
		});
		const members = [currentKey, currentKey, previousKey, currentKey];
		const results = [];
		for (const signingKey of members)
			results.push(
				await n8n.deliver(meetGeekDelivery({ signingKey, body: successBody(TEAM_MEETING_ID) })),
			);
		expect(results.filter((result) => result.started)).toHaveLength(1);
		// Another meeting is another delivery.
		expect(
			(
				await n8n.deliver(
					meetGeekDelivery({ signingKey: currentKey, body: successBody(OWN_MEETING_ID) }),
				)
			).started,
		).toBe(true);
		expect(n8n.executions).toHaveLength(2);
	});

	it('keeps a meeting deduplicated after an n8n restart, from the persisted ledger alone', async () => {
		const n8n = setup();
		await n8n.deliver(
			meetGeekDelivery({ signingKey: currentKey, body: successBody('restart-meeting') }),
		);
		const stored = n8n.storedStaticData;
		await jest.isolateModulesAsync(async () => {
			const { MeetGeekTrigger: Restarted } = await import(
				'../../nodes/MeetGeek/MeetGeekTrigger.node'
			);
			const restarted = new MeetGeekN8n(
				new Restarted(),
				n8n.node,
				{ meetingWebhooksMeetGeekWebhookApi: { secret: currentKey } },
				'wf-meetgeek-restart',
			);
			restarted.storedStaticData = stored;
			const retry = await restarted.deliver(
				meetGeekDelivery({ signingKey: currentKey, body: successBody('restart-meeting') }),
			);
			expect(retry.started).toBe(false);
			expect(retry.response.statusCode).toBe(200);
			expect(
				(
					await restarted.deliver(
						meetGeekDelivery({ signingKey: currentKey, body: successBody('next-meeting') }),
					)
				).started,
			).toBe(true);
		});
	});

	it('dedupes the id-less failure notice by a digest of its raw bytes, within the failure window only', async () => {
		const start = Date.now();
		const now = jest.spyOn(Date, 'now').mockReturnValue(start);
		const n8n = setup();
		const first = await n8n.deliver(
			meetGeekDelivery({ signingKey: currentKey, body: FAILURE_BODY }),
		);
		expect(first.execution![0].json.delivery).toMatchObject({
			event: 'analysis.failed',
			deliveryId: null,
		});
		// MeetGeek's retries and team copies: same bytes.
		expect(
			(await n8n.deliver(meetGeekDelivery({ signingKey: currentKey, body: FAILURE_BODY }))).started,
		).toBe(false);
		now.mockReturnValue(start + 9 * 60_000);
		expect(
			(await n8n.deliver(meetGeekDelivery({ signingKey: currentKey, body: FAILURE_BODY }))).started,
		).toBe(false);
		// Different bytes are a different digest, even if they mean the same.
		expect(
			(
				await n8n.deliver(
					meetGeekDelivery({ signingKey: currentKey, body: '{"message": "File analyzed failed"}' }),
				)
			).started,
		).toBe(true);
		// After the (default 10-minute) failure window a new failure is a new event...
		now.mockReturnValue(start + 11 * 60_000);
		expect(
			(await n8n.deliver(meetGeekDelivery({ signingKey: currentKey, body: FAILURE_BODY }))).started,
		).toBe(true);
		// ...while a meeting's success stays deduplicated for the whole dedupe window (24 h).
		await n8n.deliver(meetGeekDelivery({ signingKey: currentKey }));
		now.mockReturnValue(start + 23 * 3_600_000);
		expect((await n8n.deliver(meetGeekDelivery({ signingKey: currentKey }))).started).toBe(false);
	});

	it('a failure notice recorded while the clock ran 2 h ahead is remembered for its 10-minute window: new notices 30 and 90 minutes later start the workflow', async () => {
		const start = Date.now();
		const now = jest.spyOn(Date, 'now').mockReturnValue(start + 2 * 3_600_000);
		const n8n = setup();
		const failure = () => meetGeekDelivery({ signingKey: currentKey, body: FAILURE_BODY });
		expect((await n8n.deliver(failure())).started).toBe(true);
		// The clock is put right: the stamp of that execution is now 2 h in the future.
		now.mockReturnValue(start + 30 * 60_000);
		expect((await n8n.deliver(failure())).started).toBe(true);
		// The notice just recorded has a believable stamp: its copies are duplicates as usual.
		now.mockReturnValue(start + 31 * 60_000);
		expect((await n8n.deliver(failure())).started).toBe(false);
		now.mockReturnValue(start + 90 * 60_000);
		expect((await n8n.deliver(failure())).started).toBe(true);
	});

	it('honours the failure window option, and 0 turns failure dedupe off', async () => {
		const start = Date.now();
		const now = jest.spyOn(Date, 'now').mockReturnValue(start);
		const longer = setup({ options: { failureDedupeWindowMinutes: 60 } });
		await longer.deliver(meetGeekDelivery({ signingKey: currentKey, body: FAILURE_BODY }));
		now.mockReturnValue(start + 30 * 60_000);
		expect(
			(await longer.deliver(meetGeekDelivery({ signingKey: currentKey, body: FAILURE_BODY })))
				.started,
		).toBe(false);

		const off = setup({ options: { failureDedupeWindowMinutes: 0 } });
		expect(
			(await off.deliver(meetGeekDelivery({ signingKey: currentKey, body: FAILURE_BODY }))).started,
		).toBe(true);
		expect(
			(await off.deliver(meetGeekDelivery({ signingKey: currentKey, body: FAILURE_BODY }))).started,
		).toBe(true);
	});

	it('does not deduplicate in manual test runs', async () => {
		const n8n = setup();
		expect(
			(await n8n.deliver(meetGeekDelivery({ signingKey: currentKey }), 'manual')).started,
		).toBe(true);
		expect(
			(await n8n.deliver(meetGeekDelivery({ signingKey: currentKey }), 'manual')).started,
		).toBe(true);
	});
});

describe('MeetGeek Trigger: Authentication "None" is explicit', () => {
	const properties = new MeetGeekTrigger().description.properties;

	it('shows a notice saying deliveries are not authenticated and how to fix it, only for None', () => {
		const notice = properties.find(
			(property) => property.name === 'unauthenticatedNotice',
		) as INodeProperties;
		expect(notice.type).toBe('notice');
		expect(notice.displayOptions).toEqual({ show: { authentication: ['none'] } });
		expect(notice.displayName).toContain('NOT authenticated');
		expect(notice.displayName).toContain('Signing Secret');
		const authentication = properties.find(
			(property) => property.name === 'authentication',
		) as INodeProperties;
		expect(authentication.default).toBe('signingSecret');
		expect(new MeetGeekTrigger().description.credentials?.[0]).toMatchObject({
			name: 'meetingWebhooksMeetGeekWebhookApi',
			required: true,
			displayOptions: { show: { authentication: ['signingSecret'] } },
		});
	});

	it('accepts unsigned deliveries, marks them unverified, and still dedupes', async () => {
		const n8n = setup({ authentication: 'none' }, {}, meetGeekNode({ authentication: 'none' }, {}));
		const result = await n8n.deliver(meetGeekDelivery());
		expect(result.started).toBe(true);
		expect(result.execution![0].json.delivery).toMatchObject({ secret: null, signedBody: null });
		expect((await n8n.deliver(meetGeekDelivery())).started).toBe(false);
	});

	it('does not read a signing credential left attached from before (n8n would refuse to hand it out)', async () => {
		// The node still lists the credential, but n8n answers "Credentials not found" for a hidden one.
		const n8n = setup({ authentication: 'none' }, {}, meetGeekNode({ authentication: 'none' }));
		const result = await n8n.deliver(meetGeekDelivery({ signingKey: 'stale'.repeat(8) }));
		expect(result.started).toBe(true);
	});

	it('with Signing Secret and no credential, answers 500 so MeetGeek retries, and starts nothing', async () => {
		const n8n = setup(undefined, {});
		const result = await n8n.deliver(meetGeekDelivery({ signingKey: currentKey }));
		expect(result.status).toBe(500);
		expect(result.body).toMatchObject({ error: { code: 'credential_unavailable' } });
	});
});

describe('MeetGeek Trigger: a refused delivery in a test run (the Test URL: mode manual)', () => {
	const cases: Array<
		[
			string,
			() => ReturnType<typeof meetGeekDelivery>,
			Record<string, IDataObject> | undefined,
			number,
			string,
			string,
		]
	> = [
		[
			'signed with another secret',
			() => meetGeekDelivery({ signingKey: 'w'.repeat(40) }),
			undefined,
			401,
			'signature_mismatch',
			'the Signing Secret of the MeetGeek Webhook credential',
		],
		[
			're-serialised on the way (the signature covers the exact bytes)',
			() => {
				const delivery = meetGeekDelivery({ signingKey: currentKey });
				delivery.rawBody = Buffer.from(
					JSON.stringify(JSON.parse(String(delivery.rawBody)), null, 4),
				);
				return delivery;
			},
			undefined,
			401,
			'signature_mismatch',
			'the raw body (nothing between the sender and n8n may change it)',
		],
		[
			'without X-MG-Signature',
			() => meetGeekDelivery(),
			undefined,
			401,
			'missing_header',
			'the X-MG-Signature header',
		],
		[
			'while Signing Secret is chosen but the secret is empty',
			() => meetGeekDelivery({ signingKey: 'anything' }),
			{ meetingWebhooksMeetGeekWebhookApi: { secret: '', previousSecret: '' } },
			401,
			'missing_secret',
			'the Signing Secret of the MeetGeek Webhook credential',
		],
		[
			'signed, but not JSON',
			() => meetGeekDelivery({ signingKey: currentKey, body: 'message=done' }),
			undefined,
			400,
			'body_not_json',
			'the request body',
		],
	];

	it.each(cases)(
		'%s: the same answer as in production, and one item explaining it',
		async (_name, build, credentials, status, code, check) => {
			const delivery = build();
			const production = await setup(undefined, credentials).deliver(delivery);
			expect(production.status).toBe(status);
			expect(production.body).toMatchObject({ error: { code } });
			expect(production.started).toBe(false);

			const n8n = setup(undefined, credentials);
			const result = await n8n.deliver(delivery, 'manual');
			expect(result.status).toBe(status);
			expect(result.response.headers['content-type']).toBe('application/json');
			expect(result.body).toEqual(production.body);
			expect(result.answers).toBe(1);
			expect(result.started).toBe(true);
			expect(result.execution).toHaveLength(1);
			expect(result.execution![0].json).toEqual({
				rejected: true,
				provider: 'MeetGeek',
				status,
				code,
				message: (production.body as { error: { message: string } }).error.message,
				check: expect.stringContaining(check) as string,
				note: expect.any(String) as string,
				receivedAt: expect.any(String) as string,
			});
			const shown = JSON.stringify(result.execution);
			expect(shown).not.toContain(currentKey);
			const received = delivery.headers['x-mg-signature'];
			if (typeof received === 'string') expect(shown).not.toContain(received);
			expect(n8n.hints).toHaveLength(1);
		},
	);

	it('a genuine test delivery is output as usual', async () => {
		const n8n = setup();
		const result = await n8n.deliver(meetGeekDelivery({ signingKey: currentKey }), 'manual');
		expect(result.answers).toBe(1);
		expect(result.execution![0].json).toMatchObject({ meeting_id: SEED_MEETING_ID });
		expect(n8n.hints).toEqual([]);
	});
});

describe('MeetGeek Trigger: meeting details from the MeetGeek API (local fake over HTTP)', () => {
	let api: MeetGeekApiFake;
	useMeetGeekApiFake((started) => (api = started));

	function enriched(meetingDetails: string[], apiKey = DEFAULT_API_KEY) {
		return setup(
			{ includeMeetingDetails: true, meetingDetails },
			{
				meetingWebhooksMeetGeekWebhookApi: { secret: currentKey },
				meetingWebhooksMeetGeekApi: { apiKey, region: 'custom', baseUrl: `${api.url}/` },
			},
			meetGeekNode(
				{ includeMeetingDetails: true, meetingDetails },
				{
					meetingWebhooksMeetGeekWebhookApi: { id: '1', name: 'webhook' },
					meetingWebhooksMeetGeekApi: { id: '2', name: 'api' },
				},
			),
		);
	}

	it('adds the meeting, summary, the whole transcript and highlights, with the Bearer key', async () => {
		const n8n = enriched(['summary', 'transcript', 'highlights']);
		const result = await n8n.deliver(
			meetGeekDelivery({ signingKey: currentKey, body: successBody(OWN_MEETING_ID) }),
		);
		expect(result.error).toBeUndefined();
		const json = result.execution![0].json;
		expect(result.execution![0].pairedItem).toEqual({ item: 0 });
		expect(json).toMatchObject({
			message: 'File analyzed successfully',
			meeting_id: OWN_MEETING_ID,
			delivery: { provider: 'MeetGeek', secret: 'current' },
			meeting: {
				meeting_id: OWN_MEETING_ID,
				title: 'Weekly product sync — Zoë & José',
				participant_emails: expect.any(Array),
			},
			summary: { meeting_id: OWN_MEETING_ID, summary: expect.stringContaining('Friday') },
			highlights: {
				meeting_id: OWN_MEETING_ID,
				highlights: [
					expect.objectContaining({ label: 'decision' }),
					expect.objectContaining({ label: 'next_steps' }),
				],
			},
		});
		const transcript = json.transcript as {
			sentences: Array<{ id: number; transcript: string }>;
			pages: number;
		};
		expect(transcript.pages).toBe(2);
		expect(transcript.sentences.map((sentence) => sentence.id)).toEqual([1, 2, 3, 4, 5]);
		expect(transcript.sentences[2].transcript).toBe('会议记录已经同步了。');
		// 1 meeting + 1 summary + 2 transcript pages + 1 highlights, all with the right key.
		expect(
			api.requests.map((request) => `${request.path}${request.query.cursor ? '?cursor' : ''}`),
		).toEqual([
			`/v1/meetings/${OWN_MEETING_ID}`,
			`/v1/meetings/${OWN_MEETING_ID}/summary`,
			`/v1/meetings/${OWN_MEETING_ID}/transcript`,
			`/v1/meetings/${OWN_MEETING_ID}/transcript?cursor`,
			`/v1/meetings/${OWN_MEETING_ID}/highlights`,
		]);
		expect(api.requests.every((request) => request.authorized && request.status === 200)).toBe(
			true,
		);
		expect(JSON.stringify(json)).not.toContain(DEFAULT_API_KEY);
		expect(n8n.ledgerSize()).toBe(1);
	});

	it('fetches only the meeting when no detail is chosen (one API call)', async () => {
		const n8n = enriched([]);
		const result = await n8n.deliver(
			meetGeekDelivery({ signingKey: currentKey, body: successBody(TEAM_MEETING_ID) }),
		);
		expect(result.execution![0].json.meeting).toMatchObject({
			title: 'Customer call — ACME',
			team_ids: [77],
		});
		expect(result.execution![0].json.summary).toBeUndefined();
		expect(api.requests).toHaveLength(1);
	});

	it('calls nothing for the failure notice (it has no meeting id) and for duplicates', async () => {
		const n8n = enriched(['summary']);
		const failure = await n8n.deliver(
			meetGeekDelivery({ signingKey: currentKey, body: FAILURE_BODY }),
		);
		expect(failure.execution![0].json).not.toHaveProperty('meeting');
		await n8n.deliver(
			meetGeekDelivery({ signingKey: currentKey, body: successBody(TEAM_MEETING_ID) }),
		);
		await n8n.deliver(
			meetGeekDelivery({ signingKey: currentKey, body: successBody(TEAM_MEETING_ID) }),
		);
		expect(api.requests).toHaveLength(2);
	});

	it('calls nothing for a refused test delivery: its explanation is output as it is', async () => {
		const n8n = enriched(['summary']);
		const result = await n8n.deliver(
			meetGeekDelivery({ signingKey: 'w'.repeat(40), body: successBody(OWN_MEETING_ID) }),
			'manual',
		);
		expect(result.status).toBe(401);
		expect(result.error).toBeUndefined();
		expect(result.execution).toHaveLength(1);
		expect(result.execution![0].json).toMatchObject({ rejected: true, code: 'signature_mismatch' });
		expect(result.execution![0].json).not.toHaveProperty('meeting');
		expect(api.requests).toHaveLength(0);
	});

	function errorOf(result: { error: Error | undefined }): NodeApiError {
		expect(result.error).toBeInstanceOf(NodeApiError);
		return result.error as NodeApiError;
	}

	it('401: a clear node error about the key and its region; the delivery is still recorded', async () => {
		const n8n = enriched(['summary'], 'w'.repeat(32));
		const result = await n8n.deliver(
			meetGeekDelivery({ signingKey: currentKey, body: successBody(OWN_MEETING_ID) }),
		);
		expect(result.status).toBe(200);
		expect(result.started).toBe(true);
		const error = errorOf(result);
		expect(error.httpCode).toBe('401');
		expect(error.message).toContain('MeetGeek rejected the API key (401)');
		expect(error.description).toContain('Region');
		expect(error.description).toContain('"unauthorized"');
		expect(JSON.stringify(error)).not.toContain('w'.repeat(32));
		expect(api.requests).toHaveLength(1);
		// The webhook was answered and the ledger written: MeetGeek's retry does not run it again.
		expect(
			(
				await n8n.deliver(
					meetGeekDelivery({ signingKey: currentKey, body: successBody(OWN_MEETING_ID) }),
				)
			).started,
		).toBe(false);
	});

	it('403 on a signed delivery: says MeetGeek sent the id and the key cannot view the meeting', async () => {
		const n8n = enriched(['summary']);
		const result = await n8n.deliver(
			meetGeekDelivery({ signingKey: currentKey, body: successBody(FOREIGN_MEETING_ID) }),
		);
		const error = errorOf(result);
		expect(error.httpCode).toBe('403');
		expect(error.message).toBe(
			`The MeetGeek API key may not view meeting ${FOREIGN_MEETING_ID} (403)`,
		);
		expect(error.description).toContain('valid X-MG-Signature');
		expect(error.description).toContain('you do not have access to view this meeting');
		expect(api.requests).toHaveLength(1); // stopped before spending quota on the summary
	});

	it('404 on a signed delivery: reported as a genuine id the key cannot find', async () => {
		const n8n = enriched([]);
		const result = await n8n.deliver(
			meetGeekDelivery({
				signingKey: currentKey,
				body: successBody('00000000-0000-4000-8000-000000000000'),
			}),
		);
		const error = errorOf(result);
		expect(error.httpCode).toBe('404');
		expect(error.message).toContain('MeetGeek has no meeting 00000000-0000-4000-8000-000000000000');
		expect(error.description).toContain('valid X-MG-Signature');
		expect(error.description).toContain('meeting not found');
	});

	it('404 on an unauthenticated delivery: reported as a possibly forged id', async () => {
		const node = meetGeekNode(
			{ authentication: 'none', includeMeetingDetails: true, meetingDetails: [] },
			{ meetingWebhooksMeetGeekApi: { id: '2', name: 'api' } },
		);
		const n8n = setup(
			undefined,
			{
				meetingWebhooksMeetGeekApi: { apiKey: DEFAULT_API_KEY, region: 'custom', baseUrl: api.url },
			},
			node,
		);
		const error = errorOf(await n8n.deliver(meetGeekDelivery({ body: successBody('forged-id') })));
		expect(error.description).toContain('not authenticated');
		expect(error.description).toContain('untrusted');
	});

	it('404 on a detail after the meeting was found: names the missing detail', async () => {
		const n8n = enriched(['highlights']);
		api.setFailure({ status: 404, path: '/highlights' });
		const error = errorOf(
			await n8n.deliver(
				meetGeekDelivery({ signingKey: currentKey, body: successBody(OWN_MEETING_ID) }),
			),
		);
		expect(error.message).toBe(`MeetGeek has no highlights for meeting ${OWN_MEETING_ID} (404)`);
		expect(error.description).toContain('Remove it from Meeting Details');
	});

	it('429 daily quota: a clear node error with the unit and what to do', async () => {
		const n8n = enriched(['summary', 'transcript']);
		api.setDailyQuota(2);
		const error = errorOf(
			await n8n.deliver(
				meetGeekDelivery({ signingKey: currentKey, body: successBody(OWN_MEETING_ID) }),
			),
		);
		expect(error.httpCode).toBe('429');
		expect(error.message).toContain("MeetGeek's daily API quota is used up (429, per day)");
		expect(error.description).toContain('quota limit reached');
		expect(error.description).toContain('one call for the meeting plus one per selected detail');
		expect(api.requests.map((request) => request.status)).toEqual([200, 200, 429]);
	});

	it("500: reported as a problem on MeetGeek's side", async () => {
		const n8n = enriched([]);
		api.setFailure({ status: 500, times: 1 });
		const error = errorOf(
			await n8n.deliver(
				meetGeekDelivery({ signingKey: currentKey, body: successBody(OWN_MEETING_ID) }),
			),
		);
		expect(error.httpCode).toBe('500');
		expect(error.description).toContain("MeetGeek's side");
	});

	it('an unreachable API: a node error naming the base URL, never a crash of webhook()', async () => {
		const closed = await start();
		const url = closed.url;
		await closed.close();
		const n8n = setup(
			undefined,
			{
				meetingWebhooksMeetGeekWebhookApi: { secret: currentKey },
				meetingWebhooksMeetGeekApi: { apiKey: DEFAULT_API_KEY, region: 'custom', baseUrl: url },
			},
			meetGeekNode(
				{ includeMeetingDetails: true, meetingDetails: [] },
				{
					meetingWebhooksMeetGeekWebhookApi: { id: '1', name: 'w' },
					meetingWebhooksMeetGeekApi: { id: '2', name: 'a' },
				},
			),
		);
		const result = await n8n.deliver(
			meetGeekDelivery({ signingKey: currentKey, body: successBody(OWN_MEETING_ID) }),
		);
		expect(result.status).toBe(200);
		const error = errorOf(result);
		expect(error.message).toContain('Could not reach the MeetGeek API');
		expect(error.description).toContain(url);
	});

	it("continue on fail: keeps the delivery and adds the error in the action nodes' error item shape instead of failing the execution", async () => {
		const n8n = enriched(['summary']);
		n8n.continueOnFail = true;
		api.setDailyQuota(0);
		const result = await n8n.deliver(
			meetGeekDelivery({ signingKey: currentKey, body: successBody(OWN_MEETING_ID) }),
		);
		expect(result.error).toBeUndefined();
		expect(result.execution![0]).toMatchObject({
			json: {
				meeting_id: OWN_MEETING_ID,
				delivery: { provider: 'MeetGeek' },
				// The shape of the action nodes' error item (errorItem in nodes/shared/actions/router.ts).
				error: expect.stringContaining('quota'),
				httpCode: '429',
				description: expect.any(String),
			},
			pairedItem: { item: 0 },
		});
	});

	it('refuses a custom base URL that is not http(s)', async () => {
		const n8n = setup(
			undefined,
			{
				meetingWebhooksMeetGeekWebhookApi: { secret: currentKey },
				meetingWebhooksMeetGeekApi: {
					apiKey: DEFAULT_API_KEY,
					region: 'custom',
					baseUrl: 'api.meetgeek.ai',
				},
			},
			meetGeekNode(
				{ includeMeetingDetails: true },
				{
					meetingWebhooksMeetGeekWebhookApi: { id: '1', name: 'w' },
					meetingWebhooksMeetGeekApi: { id: '2', name: 'a' },
				},
			),
		);
		const result = await n8n.deliver(meetGeekDelivery({ signingKey: currentKey }));
		expect(result.error?.message).toContain('not an http(s) URL');
	});

	it.each([
		['eu', 'https://api.meetgeek.ai'],
		['apiEu', 'https://api-eu.meetgeek.ai'],
		['us', 'https://api-us.meetgeek.ai'],
		[undefined, 'https://api.meetgeek.ai'],
		['constructor', 'https://api.meetgeek.ai'],
	])('region %s calls %s', async (region, baseURL) => {
		const seen: IHttpRequestOptions[] = [];
		const context = {
			getNode: () => meetGeekNode(),
			getCredentials: async () => ({ apiKey: DEFAULT_API_KEY, region }),
			helpers: {
				httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
					seen.push(options);
					return { statusCode: 200, headers: {}, body: { meeting_id: 'm' } };
				},
			},
		};
		await fetchMeetingDetails(context as never, {
			meetingId: 'a b',
			parts: [],
			itemIndex: 0,
			signed: true,
		});
		expect(seen).toEqual([
			{
				method: 'GET',
				baseURL,
				url: '/v1/meetings/a%20b',
				headers: { accept: 'application/json' },
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			},
		]);
	});

	describe('the MeetGeek API credential', () => {
		const credentialType = new MeetingWebhooksMeetGeekApi();

		/** What n8n's credential test does: resolve the request's expressions, authenticate, send it. */
		async function runCredentialTest(data: IDataObject) {
			const workflow = new Workflow({
				id: 'credential-test',
				nodes: [meetGeekNode()],
				connections: {},
				active: false,
				nodeTypes: {
					getByName: () => new MeetGeekTrigger(),
					getByNameAndVersion: () => new MeetGeekTrigger(),
					getKnownTypes: () => ({}),
				},
			});
			const resolve = (value: unknown) =>
				workflow.expression.getParameterValue(
					value as string,
					null,
					0,
					0,
					'MeetGeek Trigger',
					[],
					'internal',
					{ $credentials: data },
				);
			const request = credentialType.test.request;
			const options: IHttpRequestOptions = {
				method: request.method,
				baseURL: resolve(request.baseURL) as string,
				url: request.url as string,
				qs: request.qs as IDataObject,
			};
			return {
				options,
				send: () =>
					httpRequestWithAuthentication(
						meetGeekNode(),
						{ meetingWebhooksMeetGeekApi: credentialType },
						{ meetingWebhooksMeetGeekApi: data },
					)('meetingWebhooksMeetGeekApi', options),
			};
		}

		it.each([
			['eu', 'https://api.meetgeek.ai'],
			['apiEu', 'https://api-eu.meetgeek.ai'],
			['us', 'https://api-us.meetgeek.ai'],
		])('tests region %s against %s', async (region, baseURL) => {
			expect((await runCredentialTest({ apiKey: DEFAULT_API_KEY, region })).options.baseURL).toBe(
				baseURL,
			);
		});

		it('really calls the API: passes with the right key, fails with a wrong one', async () => {
			const good = await runCredentialTest({
				apiKey: DEFAULT_API_KEY,
				region: 'custom',
				baseUrl: `${api.url}/`,
			});
			await expect(good.send()).resolves.toMatchObject({
				meetings: [expect.objectContaining({ meeting_id: expect.any(String) })],
			});
			expect(api.requests[0]).toMatchObject({
				path: '/v1/meetings',
				query: { limit: '1' },
				authorized: true,
				status: 200,
			});
			const bad = await runCredentialTest({
				apiKey: 'k'.repeat(32),
				region: 'custom',
				baseUrl: api.url,
			});
			await expect(bad.send()).rejects.toMatchObject({ httpCode: '401' });
		});

		it('keeps secrets in password fields and the webhook secret away from other nodes', () => {
			expect(
				credentialType.properties.find((property) => property.name === 'apiKey')?.typeOptions,
			).toEqual({ password: true });
			const webhook = new MeetingWebhooksMeetGeekWebhookApi();
			expect(webhook.restrictToSupportedNodes).toBe(true);
			for (const name of ['secret', 'previousSecret']) {
				expect(webhook.properties.find((property) => property.name === name)?.typeOptions).toEqual({
					password: true,
				});
			}
		});
	});
});

describe('MeetGeek Trigger: description', () => {
	it('is a trigger n8n can list: no inputs, icon, subtitle, both credentials', () => {
		const { description, webhookMethods } = new MeetGeekTrigger();
		expect(description.inputs).toEqual([]);
		expect(description.name).toBe('meetGeekTrigger');
		expect(description.icon).toEqual({
			light: 'file:meetgeek.svg',
			dark: 'file:meetgeek.dark.svg',
		});
		expect(description.subtitle).toBeTruthy();
		expect(description.credentials?.map((credential) => credential.name)).toEqual([
			'meetingWebhooksMeetGeekWebhookApi',
			'meetingWebhooksMeetGeekApi',
		]);
		expect(Object.keys(webhookMethods.default)).toEqual(['checkExists', 'create', 'delete']);
	});

	it('says how to test with a link to the signed-sample docs; every notice is short and plain', () => {
		const description = new MeetGeekTrigger().description;
		const test = description.properties.find((property) => property.name === 'testNotice');
		expect(test?.displayName).toContain(
			'href="https://github.com/meeting-webhooks/n8n-nodes-meeting-webhooks/blob/main/docs/testing-triggers.md#meetgeek"',
		);
		expect(test?.displayName).toContain('shows up here as an item saying why');
		expectPlainNotices(description);
	});
});
