/**
 * Read the credential only when the delivery needs it. In n8n 2.41 every
 * credential read outside an execution costs an expression isolate (about 57 ms of CPU), so the
 * checks that need no secret (headers present and single, the timestamp window, the URL token) run
 * first, and meetergo reads its API credential only with "Verify With Meetergo API". Each scenario
 * keeps its answer and code, and "duplicate" is never answered before the signature is verified.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { MeetBitTrigger } from '../../nodes/MeetBit/MeetBitTrigger.node';
import { MeetGeekTrigger } from '../../nodes/MeetGeek/MeetGeekTrigger.node';
import { MeetergoTrigger } from '../../nodes/Meetergo/MeetergoTrigger.node';
import { start, type MeetergoApiFake } from '../fakes/meetergo-api.cjs';
import { FakeN8n, type Delivery } from '../helpers/fakeN8n';
import { meetBitDelivery, meetBitNode } from '../helpers/meetbit';
import { meetergoTriggerNode, MeetergoN8n, type MeetergoDelivery } from '../helpers/meetergo';
import { meetGeekDelivery, meetGeekNode } from '../helpers/meetgeek';

const signingKey = 'k'.repeat(32);
let counter = 0;

/** One delivery through webhook() (and its execution): its answer and how many credential reads webhook() made. */
async function reads(n8n: FakeN8n, delivery: Delivery) {
	const before = n8n.credentialReads.length;
	const result = await n8n.receive(delivery);
	return {
		status: result.status,
		code:
			(result.body as { error?: { code?: string }; reason?: string }).error?.code ??
			(result.body as { reason?: string }).reason ??
			(result.execution === undefined ? 'none' : 'started'),
		credentialReads: n8n.credentialReads.length - before,
	};
}

describe('MeetBit reads its credential only for a delivery whose signature it must check', () => {
	function meetBit(): FakeN8n {
		counter += 1;
		return new FakeN8n(
			new MeetBitTrigger(),
			meetBitNode(),
			{ meetingWebhooksMeetBitWebhookApi: { secret: signingKey } },
			`wf-reads-${counter}`,
		);
	}
	const stale = () => meetBitDelivery({ signingKey, nowMs: Date.now() - 3600_000 });
	const withoutHeader = (name: string) => {
		const delivery = meetBitDelivery({ signingKey });
		delete delivery.headers[name];
		return delivery;
	};

	const repeatedTimestamp = () => {
		const delivery = meetBitDelivery({ signingKey });
		const timestamp = String(delivery.headers['x-webhook-timestamp']);
		delivery.headers['x-webhook-timestamp'] = [timestamp, timestamp];
		return delivery;
	};
	it.each([
		['accepted', 200, 'started', 1, () => meetBitDelivery({ signingKey, id: 'accept' })],
		[
			'forged signature',
			401,
			'signature_mismatch',
			1,
			() => meetBitDelivery({ signingKey: 'x'.repeat(32) }),
		],
		['stale timestamp (replay)', 401, 'timestamp_too_old', 0, stale],
		[
			'timestamp from the future',
			401,
			'timestamp_too_new',
			0,
			() => meetBitDelivery({ signingKey, nowMs: Date.now() + 3600_000 }),
		],
		[
			'malformed timestamp',
			401,
			'malformed_timestamp',
			0,
			() => meetBitDelivery({ signingKey, timestamp: 'yesterday' }),
		],
		[
			'signature header missing',
			401,
			'missing_header',
			0,
			() => withoutHeader('x-webhook-signature'),
		],
		['id header missing', 401, 'missing_header', 0, () => withoutHeader('x-webhook-id')],
		['timestamp header repeated', 401, 'ambiguous_header', 0, repeatedTimestamp],
	] as const)('%s: %i %s, %i credential reads', async (_name, status, code, expected, make) => {
		expect(await reads(meetBit(), make())).toEqual({ status, code, credentialReads: expected });
	});

	it('a duplicate is answered only after its signature was verified (one read), a forged copy of it is refused', async () => {
		const n8n = meetBit();
		const delivery = meetBitDelivery({ signingKey, id: 'twice' });
		await n8n.receive(delivery);
		expect(await reads(n8n, delivery)).toEqual({
			status: 200,
			code: 'duplicate',
			credentialReads: 1,
		});
		const forgedCopy = {
			...delivery,
			headers: { ...delivery.headers, 'x-webhook-signature': 'a'.repeat(64) },
		};
		expect(await reads(n8n, forgedCopy)).toEqual({
			status: 401,
			code: 'signature_mismatch',
			credentialReads: 1,
		});
	});
});

describe('MeetGeek reads its signing credential only to verify, never with Authentication "None"', () => {
	function meetGeek(parameters: INode['parameters'] = {}): FakeN8n {
		counter += 1;
		return new FakeN8n(
			new MeetGeekTrigger(),
			meetGeekNode(parameters),
			{ meetingWebhooksMeetGeekWebhookApi: { secret: signingKey } },
			`wf-reads-${counter}`,
		);
	}

	const none = { authentication: 'none' };
	it.each([
		['accepted', 200, 'started', 1, {}, () => meetGeekDelivery({ signingKey })],
		[
			'forged signature',
			401,
			'signature_mismatch',
			1,
			{},
			() => meetGeekDelivery({ signingKey: 'x'.repeat(32) }),
		],
		['signature header missing', 401, 'missing_header', 0, {}, () => meetGeekDelivery()],
		['None: accepted', 200, 'started', 0, none, () => meetGeekDelivery()],
		['None: malformed body', 400, 'body_not_json', 0, none, () => meetGeekDelivery({ body: '{' })],
	] as const)(
		'%s: %i %s, %i credential reads',
		async (_name, status, code, expected, parameters, make) => {
			expect(await reads(meetGeek(parameters), make())).toEqual({
				status,
				code,
				credentialReads: expected,
			});
		},
	);

	it('a duplicate is answered only after its signature was verified (one read)', async () => {
		const n8n = meetGeek();
		await n8n.receive(meetGeekDelivery({ signingKey }));
		// MeetGeek's acknowledgements are empty: a duplicate is a 200 that starts nothing.
		expect(await reads(n8n, meetGeekDelivery({ signingKey }))).toEqual({
			status: 200,
			code: 'none',
			credentialReads: 1,
		});
	});
});

describe('meetergo reads its API credential only with "Verify With Meetergo API"', () => {
	let api: MeetergoApiFake;
	beforeAll(async () => {
		api = await start();
	});
	afterAll(async () => {
		await api.close();
	});

	async function meetergo(options: IDataObject = {}): Promise<MeetergoN8n> {
		counter += 1;
		const n8n = new MeetergoN8n(
			new MeetergoTrigger(),
			meetergoTriggerNode({
				events: ['booking_created', 'new_employee'],
				options: options as INode['parameters'],
			}),
			{ credentialKind: 'personalAccessToken', token: api.state.token, baseUrl: api.url },
			`wf-reads-${counter}`,
		);
		await n8n.activate();
		n8n.credentialReads.length = 0;
		return n8n;
	}
	const booking = (id: string) =>
		JSON.stringify({ webhookType: 'booking_created', id, updatedAt: '2026-01-01T00:00:00Z' });

	it('verify off: accepted, duplicate, missing token, bad body: no credential read; wrong tokens: one lookup per 30 s', async () => {
		const n8n = await meetergo();
		const delivery = n8n.atRegisteredUrl(booking('appt-1'));
		expect(await reads(n8n, delivery)).toEqual({
			status: 200,
			code: 'started',
			credentialReads: 0,
		});
		expect(await reads(n8n, delivery)).toEqual({
			status: 200,
			code: 'duplicate',
			credentialReads: 0,
		});
		// A token other than the stored one is looked up at meetergo (a registration an older
		// execution's save put back), at most once per trigger and 30 s, whatever the callers send.
		const wrong = { ...delivery, query: { token: 'wrong' } } as MeetergoDelivery;
		expect(await reads(n8n, wrong)).toEqual({
			status: 401,
			code: 'token_mismatch',
			credentialReads: 1,
		});
		for (let attempt = 0; attempt < 5; attempt++) {
			expect(await reads(n8n, wrong)).toEqual({
				status: 401,
				code: 'token_mismatch',
				credentialReads: 0,
			});
		}
		expect(await reads(n8n, { ...delivery, query: {} } as MeetergoDelivery)).toEqual({
			status: 401,
			code: 'missing_token',
			credentialReads: 0,
		});
		expect(await reads(n8n, n8n.atRegisteredUrl('{'))).toEqual({
			status: 400,
			code: 'body_not_json',
			credentialReads: 0,
		});
	});

	it('verify on: read once for a new booking, not for its duplicate, not for an event without an appointment', async () => {
		api.state.seedAppointment({ id: 'appt-2' });
		const n8n = await meetergo({ verifyWithApi: true });
		const delivery = n8n.atRegisteredUrl(booking('appt-2'));
		expect(await reads(n8n, delivery)).toEqual({
			status: 200,
			code: 'started',
			credentialReads: 1,
		});
		expect(await reads(n8n, delivery)).toEqual({
			status: 200,
			code: 'duplicate',
			credentialReads: 0,
		});
		const employee = JSON.stringify({ webhookType: 'new_employee', id: 'user-1', email: 'a@b.c' });
		expect(await reads(n8n, n8n.atRegisteredUrl(employee))).toEqual({
			status: 200,
			code: 'started',
			credentialReads: 0,
		});
	});
});
