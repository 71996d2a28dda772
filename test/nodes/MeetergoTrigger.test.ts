import { NodeApiError, NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import { MeetergoTrigger } from '../../nodes/Meetergo/MeetergoTrigger.node';
import { webhookUrlProblem } from '../../nodes/Meetergo/registration';
import { start, type MeetergoApiFake } from '../fakes/meetergo-api.cjs';
import { receiveTogether } from '../helpers/fakeN8n';
import { meetergoTriggerNode, MeetergoN8n, type MeetergoDelivery } from '../helpers/meetergo';
import { expectPlainNotices } from '../helpers/notices';
import { expectAdviceOnce } from '../helpers/refusalHint';

let api: MeetergoApiFake;
let personalToken: string;

beforeAll(async () => {
	api = await start();
	personalToken = api.state.token;
});
afterAll(async () => {
	await api.close();
});
beforeEach(() => {
	api.state.reset();
	api.state.setToken(personalToken, 'personal');
});

let workflowCounter = 0;
function setup(parameters?: INode['parameters'], credential?: IDataObject): MeetergoN8n {
	workflowCounter += 1;
	return new MeetergoN8n(
		new MeetergoTrigger(),
		meetergoTriggerNode(parameters),
		credential ?? {
			credentialKind: 'personalAccessToken',
			token: api.state.token,
			baseUrl: api.url,
		},
		`wf-meetergo-${workflowCounter}`,
	);
}

/** A body as meetergo documents it (flat envelope). */
function booking(overrides: IDataObject = {}): IDataObject {
	return {
		webhookType: 'booking_created',
		id: 'appt-uuid-12345',
		secret: 'cancel-or-reschedule-me',
		start: '2024-01-15T09:00:00+01:00',
		end: '2024-01-15T09:30:00+01:00',
		attendees: [
			{
				id: 'att-1',
				email: 'customer@example.com',
				firstname: 'Jane',
				lastname: 'Doe',
				phone: '+1-555-123-4567',
			},
		],
		hosts: [{ id: 'host-1', email: 'john@example.com', givenName: 'John', familyName: 'Smith' }],
		meetingType: { id: 'mt-1', meetingInfo: { name: 'Discovery Call' } },
		createdAt: '2024-01-14T15:30:00Z',
		updatedAt: '2024-01-14T15:30:00Z',
		...overrides,
	};
}

async function activated(
	parameters?: INode['parameters'],
	credential?: IDataObject,
): Promise<MeetergoN8n> {
	const n8n = setup(parameters, credential);
	await n8n.activate();
	return n8n;
}

function apiCalls(method?: string) {
	return api.state.requests.filter((request) => method === undefined || request.method === method);
}

describe('meetergo Trigger: registration', () => {
	it('registers one webhook at the n8n URL plus a random token, for the selected events only', async () => {
		const n8n = setup({ events: ['booking_created', 'booking_cancelled'] });
		expect(await n8n.activate()).toEqual({ created: true });

		expect(api.state.webhooks).toHaveLength(1);
		const [hook] = api.state.webhooks;
		expect(hook.eventTypes).toEqual(['booking_created', 'booking_cancelled']);
		const endpoint = new URL(hook.endpoint);
		expect(`${endpoint.origin}${endpoint.pathname}`).toBe(
			'https://n8n.example.com/webhook/4f6b2c1e-9d7a-4c3b-8e2f-1a0b9c8d7e6f/webhook',
		);
		const token = endpoint.searchParams.get('token') ?? '';
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
		expect(hook.description).toContain('meetergo Trigger');

		expect(n8n.stored()).toMatchObject({ webhookId: hook.id, endpoint: hook.endpoint, token });
		const post = apiCalls('POST')[0];
		expect(post.authorization).toBe(`Bearer ${api.state.token}`);
		expect(post.userId).toBeNull();
	});

	it('draws a new token for every registration', async () => {
		const first = await activated();
		const second = await activated();
		expect(first.stored().token).not.toEqual(second.stored().token);
	});

	it('finds its webhook again after a restart and registers nothing new', async () => {
		const n8n = await activated();
		const stored = n8n.stored();
		api.state.requests.length = 0;
		expect(await n8n.activate()).toEqual({ created: false });
		expect(api.state.webhooks).toHaveLength(1);
		expect(apiCalls().map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /webhooks',
		]);
		expect(n8n.stored()).toEqual(stored);
	});

	it('registers again when its webhook was deleted by hand, and only the new URL is accepted', async () => {
		const n8n = await activated();
		const oldEndpoint = String(n8n.stored().endpoint);
		api.state.removeWebhook(String(n8n.stored().webhookId));

		expect(await n8n.activate()).toEqual({ created: true });
		expect(api.state.webhooks).toHaveLength(1);
		expect(api.state.webhooks[0].endpoint).not.toBe(oldEndpoint);
		expect(n8n.stored().endpoint).toBe(api.state.webhooks[0].endpoint);

		const stale = await n8n.receive(n8n.atRegisteredUrl(JSON.stringify(booking()), oldEndpoint));
		expect(stale.status).toBe(401);
		expect(stale.body).toMatchObject({ error: { code: 'token_mismatch' } });
		expect(
			(await n8n.receive(n8n.atRegisteredUrl(JSON.stringify(booking())))).execution,
		).toHaveLength(1);
	});

	it('changing the events as n8n 2.41 does it (deactivate, then activate): delete, then create, one slot', async () => {
		const n8n = await activated({ events: ['booking_created'] });
		const before = n8n.stored();
		n8n.node.parameters.events = ['booking_created', 'new_employee'];
		api.state.requests.length = 0;

		await n8n.deactivate();
		expect(await n8n.activate()).toEqual({ created: true });
		expect(api.state.webhooks).toHaveLength(1);
		expect(api.state.webhooks[0].eventTypes).toEqual(['booking_created', 'new_employee']);
		expect(api.state.webhooks[0].id).not.toBe(before.webhookId);
		expect(apiCalls().map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /webhooks',
			`DELETE /webhooks/${String(before.webhookId)}`,
			'GET /webhooks',
			'POST /webhooks',
		]);
		expect(apiCalls('PATCH')).toHaveLength(0);
		expect(n8n.stored().token).not.toBe(before.token);
	});

	it('an activation that finds its webhook with other events replaces it (no second slot, nothing patched)', async () => {
		const n8n = await activated({ events: ['booking_created'] });
		const before = n8n.stored();
		n8n.node.parameters.events = ['booking_created', 'new_employee'];
		expect(await n8n.activate()).toEqual({ created: true });
		expect(api.state.webhooks).toHaveLength(1);
		expect(api.state.webhooks[0].id).not.toBe(before.webhookId);
		expect(apiCalls('PATCH')).toHaveLength(0);
	});

	it("after n8n's webhook URL changed: registers at the new URL and leaves the one at the old URL alone (it cannot be told from a clone's)", async () => {
		const n8n = await activated();
		const old = api.state.webhooks[0];
		n8n.webhookUrl =
			'https://automation.example.org/webhook/4f6b2c1e-9d7a-4c3b-8e2f-1a0b9c8d7e6f/webhook';
		expect(await n8n.activate()).toEqual({ created: true });
		expect(api.state.webhooks).toHaveLength(2);
		expect(api.state.webhooks[0]).toEqual(old);
		expect(api.state.webhooks[1].endpoint.startsWith(n8n.webhookUrl)).toBe(true);
		await n8n.deactivate();
		expect(api.state.webhooks).toEqual([old]);
	});

	it("deactivation deletes only its own webhook: another tool's and one made by hand at its URL stay, and the dedupe ledger stays", async () => {
		const other = api.state.addWebhook({
			endpoint: 'https://hooks.zapier.example/catch/1/abc',
			description: 'Zapier',
		});
		const n8n = await activated();
		const own = String(n8n.stored().webhookId);
		// Someone copied the trigger's URL into a webhook of their own: not this trigger's to delete.
		const byHand = api.state.addWebhook({
			endpoint: String(n8n.stored().endpoint),
			description: 'copied by hand',
		});
		await n8n.receive(n8n.atRegisteredUrl(JSON.stringify(booking())));

		expect(await n8n.deactivate()).toBe(true);
		expect(api.state.webhooks.map((hook) => hook.id)).toEqual([other!.id, byHand!.id]);
		expect(apiCalls('DELETE').map((request) => request.path)).toEqual([`/webhooks/${own}`]);
		const stored = n8n.stored();
		expect(stored.webhookId).toBeUndefined();
		expect(stored.endpoint).toBeUndefined();
		expect(stored.token).toBeUndefined();
		expect(stored.deliveryLedger).toMatchObject({ size: 1 });
	});

	it('deactivation leaves a webhook alone whose endpoint was changed by someone else, even with its id', async () => {
		const n8n = await activated();
		api.state.webhooks[0].endpoint = 'https://someone-else.example/hook';
		await n8n.deactivate();
		expect(api.state.webhooks).toHaveLength(1);
		expect(apiCalls('DELETE')).toHaveLength(0);
	});

	it('deactivation succeeds when the webhook was already deleted by hand', async () => {
		const n8n = await activated();
		api.state.removeWebhook(String(n8n.stored().webhookId));
		expect(await n8n.deactivate()).toBe(true);
		expect(apiCalls('DELETE')).toHaveLength(0);
		expect(n8n.stored().webhookId).toBeUndefined();
	});

	it('deactivation without a stored registration still deletes its webhooks at meetergo (one list call when there are none)', async () => {
		const n8n = setup();
		expect(await n8n.deactivate()).toBe(true);
		expect(apiCalls().map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /webhooks',
		]);
		const orphan = await activated();
		orphan.storedStaticData = '{}';
		await orphan.deactivate();
		expect(api.state.webhooks).toHaveLength(0);
	});

	it('fails activation when all 6 slots are taken, naming the count and what to delete, without leaking endpoints', async () => {
		for (let index = 0; index < 6; index++) {
			api.state.addWebhook({
				endpoint: `https://hooks.example.com/secret-path-${index}?key=${'s'.repeat(20)}`,
				description: `Tool ${index}`,
			});
		}
		const n8n = setup();
		const error = await n8n.activate().catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		const { message, description, httpCode } = error as NodeApiError;
		expect(message).toBe('meetergo allows 6 webhooks per company and all 6 are in use');
		expect(httpCode).toBe('406');
		expect(description).toContain('Delete webhooks you no longer use');
		for (const hook of api.state.webhooks) expect(description).toContain(hook.id);
		expect(description).toContain('"Tool 3"');
		expect(description).not.toContain('secret-path');
		expect(description).not.toContain('s'.repeat(20));
		expect(n8n.stored().webhookId).toBeUndefined();
	});

	it.each([
		['http://n8n.example.com/webhook/x/webhook'],
		['http://192.168.1.20:5678/webhook/x/webhook'],
	])('refuses the non-HTTPS n8n URL %s, saying to set N8N_WEBHOOK_URL', async (url) => {
		const n8n = setup();
		n8n.webhookUrl = url;
		const error = await n8n.activate().catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain(
			"Set n8n's N8N_WEBHOOK_URL environment variable (WEBHOOK_URL before n8n 2.35)",
		);
		expect((error as Error).message).toContain('https://');
		expect(apiCalls('POST')).toHaveLength(0);
	});

	it.each([
		['http://127.0.0.1:5678/webhook/x/webhook'],
		['http://localhost:5678/webhook/x/webhook'],
		['http://[::1]:5678/webhook/x/webhook'],
	])('accepts the loopback URL %s (for the local stand-in of the API)', async (url) => {
		const n8n = setup();
		n8n.webhookUrl = url;
		await n8n.activate();
		expect(api.state.webhooks[0].endpoint.startsWith(url)).toBe(true);
	});

	it('refuses to register without any event selected', async () => {
		const n8n = setup({ events: [] });
		await expect(n8n.activate()).rejects.toThrow('Select at least one event');
		expect(apiCalls('POST')).toHaveLength(0);
	});

	it('removes the webhook again and fails if meetergo drops the query string (the token)', async () => {
		api.state.dropEndpointQuery = true;
		const n8n = setup();
		await expect(n8n.activate()).rejects.toThrow('without its query string');
		expect(api.state.webhooks).toHaveLength(0);
		expect(n8n.stored().webhookId).toBeUndefined();
	});

	it('sends the user id header with a platform API key', async () => {
		const userId = api.state.users[1].id;
		api.state.setToken(
			`ak_live:${'1'.repeat(8)}-0000-4000-8000-${'2'.repeat(12)}:${'k'.repeat(32)}`,
			'platform',
		);
		const n8n = await activated(undefined, {
			credentialKind: 'platformApiKey',
			token: api.state.token,
			userId,
			baseUrl: api.url,
		});
		expect(api.state.webhooks).toHaveLength(1);
		expect(apiCalls().every((request) => request.userId === userId)).toBe(true);
		expect(n8n.stored().webhookId).toBe(api.state.webhooks[0].id);
	});

	it('reports an invalid token at activation', async () => {
		const n8n = setup(undefined, {
			credentialKind: 'personalAccessToken',
			token: `rgo-${'x'.repeat(32)}`,
			baseUrl: api.url,
		});
		await expect(n8n.activate()).rejects.toThrow(
			'meetergo rejected the API token (401 Unauthorized)',
		);
	});
});

describe('meetergo Trigger: URL token', () => {
	it('starts one execution for a delivery at the registered URL', async () => {
		const n8n = await activated();
		const result = await n8n.receive(n8n.atRegisteredUrl(JSON.stringify(booking())));
		expect(result.status).toBe(200);
		expect(result.body).toBe('');
		expect(result.execution).toHaveLength(1);
		expect(result.execution![0].pairedItem).toEqual({ item: 0 });
	});

	it.each([
		[
			'without the token',
			(delivery: MeetergoDelivery) => delete delivery.query!.token,
			'missing_token',
		],
		[
			'with an empty token',
			(delivery: MeetergoDelivery) => (delivery.query!.token = ''),
			'missing_token',
		],
		[
			'with a wrong token',
			(delivery: MeetergoDelivery) => (delivery.query!.token = 'A'.repeat(43)),
			'token_mismatch',
		],
		[
			'with a token one character short',
			(delivery: MeetergoDelivery) =>
				(delivery.query!.token = String(delivery.query!.token).slice(1)),
			'token_mismatch',
		],
		[
			'with the token twice',
			(delivery: MeetergoDelivery) =>
				(delivery.query!.token = [String(delivery.query!.token), String(delivery.query!.token)]),
			'token_mismatch',
		],
	])('rejects a delivery %s with 401 and no execution', async (_name, mutate, code) => {
		const n8n = await activated();
		const delivery = n8n.atRegisteredUrl(JSON.stringify(booking()));
		const token = String(n8n.stored().token);
		mutate(delivery);
		const result = await n8n.receive(delivery);
		expect(result.status).toBe(401);
		expect(result.body).toMatchObject({ error: { code } });
		expect(JSON.stringify(result.body)).not.toContain(token);
		expect(result.webhookResult).toEqual({ noWebhookResponse: true });
		expect(result.answers).toBe(1);
		expect(n8n.executions).toHaveLength(0);
	});

	it('rejects every delivery while nothing is registered', async () => {
		const n8n = setup();
		const delivery: MeetergoDelivery = {
			rawBody: JSON.stringify(booking()),
			headers: {},
			query: { token: 'A'.repeat(43) },
		};
		const result = await n8n.receive(delivery);
		expect(result.status).toBe(401);
		expect(result.body).toMatchObject({ error: { code: 'missing_secret' } });
	});

	it('checks the token before the body: a forged body without the token gets 401, not 400', async () => {
		const n8n = await activated();
		const delivery: MeetergoDelivery = { rawBody: 'not json', headers: {}, query: {} };
		const result = await n8n.receive(delivery);
		expect(result.status).toBe(401);
	});

	it('never puts the token into the output item, not even from a header a proxy added', async () => {
		const n8n = await activated({ options: { includeHeaders: true } });
		const delivery = n8n.atRegisteredUrl(JSON.stringify(booking()));
		const token = String(n8n.stored().token);
		delivery.headers['x-original-uri'] = `/webhook/4f6b2c1e/webhook?token=${token}`;
		delivery.headers['x-forwarded-uri'] = [`/a?token=${token}`, '/b'];
		const result = await n8n.receive(delivery);
		const json = result.execution![0].json;
		expect(JSON.stringify(json)).not.toContain(token);
		expect(json.headers).toMatchObject({
			'x-original-uri': '/webhook/4f6b2c1e/webhook?token=redacted',
			'x-forwarded-uri': ['/a?token=redacted', '/b'],
		});
	});
});

describe('meetergo Trigger: a refused delivery in a test run (the Test URL: mode manual)', () => {
	const cases: Array<[string, (n8n: MeetergoN8n) => MeetergoDelivery, number, string, string]> = [
		[
			'with a wrong token',
			(n8n) => {
				const delivery = n8n.atRegisteredUrl(JSON.stringify(booking()));
				delivery.query!.token = 'A'.repeat(43);
				return delivery;
			},
			401,
			'token_mismatch',
			'the token query parameter of the URL called',
		],
		[
			'without the token (the bare Test URL)',
			(n8n) => {
				const delivery = n8n.atRegisteredUrl(JSON.stringify(booking()));
				delete delivery.query!.token;
				return delivery;
			},
			401,
			'missing_token',
			'the token query parameter of the URL called',
		],
		[
			'with the token but a booking without its id',
			(n8n) => n8n.atRegisteredUrl(JSON.stringify(booking({ id: undefined }))),
			400,
			'body_invalid',
			'the request body',
		],
	];

	it.each(cases)(
		'%s: the same answer as in production, and one item explaining it without the token',
		async (_name, build, status, code, check) => {
			const production = await activated();
			const productionResult = await production.receive(build(production));
			expect(productionResult.status).toBe(status);
			expect(productionResult.execution).toBeUndefined();

			const n8n = await activated();
			const token = String(n8n.stored().token);
			const result = await n8n.receive(build(n8n), 'manual');
			expect(result.status).toBe(status);
			expect(result.body).toEqual(productionResult.body);
			expect(result.answers).toBe(1);
			expect(result.execution).toHaveLength(1);
			expect(result.execution![0].json).toEqual({
				rejected: true,
				provider: 'meetergo',
				status,
				code,
				message: (productionResult.body as { error: { message: string } }).error.message,
				check: expect.stringContaining(check) as string,
				note: expect.any(String) as string,
				receivedAt: expect.any(String) as string,
			});
			expect(JSON.stringify(result.execution)).not.toContain(token);
			expect(n8n.hints).toHaveLength(1);
		},
	);

	it('explains a delivery while nothing is registered (say, the test listen could not register)', async () => {
		const n8n = setup();
		const delivery: MeetergoDelivery = {
			rawBody: JSON.stringify(booking()),
			headers: {},
			query: { token: 'A'.repeat(43) },
		};
		const result = await n8n.receive(delivery, 'manual');
		expect(result.status).toBe(401);
		expect(result.execution![0].json).toMatchObject({
			rejected: true,
			code: 'missing_secret',
			check: expect.stringContaining('listen for a test event again') as string,
		});
	});

	it('explains a booking meetergo does not have (Verify With Meetergo API), after the same 422', async () => {
		const n8n = await activated({ options: { verifyWithApi: true } });
		const result = await n8n.receive(
			n8n.atRegisteredUrl(JSON.stringify(booking({ id: 'appt-unknown' }))),
			'manual',
		);
		expect(result.status).toBe(422);
		expect(result.body).toMatchObject({ error: { code: 'not_confirmed' } });
		expect(result.answers).toBe(1);
		expect(result.execution![0].json).toMatchObject({
			rejected: true,
			status: 422,
			code: 'not_confirmed',
			check: expect.stringContaining('the meetergo API credential') as string,
		});
		expect(n8n.hints).toHaveLength(1);
		expectAdviceOnce(n8n.hints[0].message, 'not_confirmed');
	});
});

describe('meetergo Trigger: envelopes and output', () => {
	it('outputs the flat body with its delivery metadata (secret removed by default)', async () => {
		const n8n = await activated();
		const body = booking();
		const json = (await n8n.receive(n8n.atRegisteredUrl(JSON.stringify(body))))!.execution![0].json;
		const withoutSecret = { ...body };
		delete withoutSecret.secret;
		expect(json).toMatchObject(withoutSecret);
		expect(json.secret).toBeUndefined();
		expect(Object.keys(json)[0]).toBe('webhookType');
		expect(json.delivery).toMatchObject({
			provider: 'meetergo',
			event: 'booking_created',
			deliveryId: null,
			envelope: 'flat',
			verifiedWithApi: false,
			secret: null,
			signedBody: null,
		});
		expect(typeof (json.delivery as IDataObject).dedupeKey).toBe('string');
	});

	it('accepts the older {event, data} envelope and emits the same shape', async () => {
		const flat = await activated();
		const wrapped = await activated();
		const { webhookType, ...fields } = booking();
		const fromFlat = (await flat.receive(flat.atRegisteredUrl(JSON.stringify(booking()))))
			.execution![0].json;
		const fromWrapped = (
			await wrapped.receive(
				wrapped.atRegisteredUrl(JSON.stringify({ event: webhookType, data: fields })),
			)
		).execution![0].json;
		const strip = (json: IDataObject) => ({
			...json,
			delivery: { ...(json.delivery as IDataObject), envelope: undefined, receivedAt: undefined },
		});
		expect(strip(fromWrapped)).toEqual(strip(fromFlat));
		expect(fromWrapped.delivery).toMatchObject({
			envelope: 'event_data',
			event: 'booking_created',
		});
		// Same event, id and version: the same delivery key whichever envelope carried it.
		expect((fromWrapped.delivery as IDataObject).dedupeKey).toBe(
			(fromFlat.delivery as IDataObject).dedupeKey,
		);
	});

	it.each([
		['not JSON', 'hello', 'body_not_json'],
		['an array', '[1,2]', 'body_invalid'],
		['an object without webhookType or event', '{"id":"appt-1"}', 'body_invalid'],
		['a webhookType that is not a string', '{"webhookType":7,"id":"appt-1"}', 'body_invalid'],
		[
			'{event, data} with data not an object',
			'{"event":"booking_created","data":"x"}',
			'body_invalid',
		],
		[
			'a booking without the appointment id',
			'{"webhookType":"booking_created","start":"2024-01-15T09:00:00+01:00"}',
			'body_invalid',
		],
		[
			'an old-envelope booking without the appointment id',
			'{"event":"booking_cancelled","data":{}}',
			'body_invalid',
		],
	])('answers a body that is %s with 400 and no execution', async (_name, body, code) => {
		const n8n = await activated();
		const result = await n8n.receive(n8n.atRegisteredUrl(body));
		expect(result.status).toBe(400);
		expect(result.body).toMatchObject({ error: { code } });
		expect(n8n.executions).toHaveLength(0);
	});

	it('passes new_employee and form_submission bodies through', async () => {
		const n8n = await activated({ events: ['new_employee', 'form_submission'] });
		const employee = {
			webhookType: 'new_employee',
			id: 'user-1',
			email: 'new.hire@example.com',
			updatedAt: '2024-02-01T10:00:00Z',
		};
		const form = {
			webhookType: 'form_submission',
			formId: 'form-1',
			submittedAt: '2024-02-01T10:00:00Z',
			answers: { company: 'Example GmbH' },
		};
		expect(
			(await n8n.receive(n8n.atRegisteredUrl(JSON.stringify(employee)))).execution![0].json,
		).toMatchObject(employee);
		expect(
			(await n8n.receive(n8n.atRegisteredUrl(JSON.stringify(form)))).execution![0].json,
		).toMatchObject(form);
	});
});

describe('meetergo Trigger: event filter', () => {
	it.each([['booking_cancelled'], ['review_submitted']])(
		'acknowledges an unselected %s with 200 and starts nothing',
		async (event) => {
			const n8n = await activated({ events: ['booking_created'] });
			const result = await n8n.receive(
				n8n.atRegisteredUrl(JSON.stringify(booking({ webhookType: event }))),
			);
			expect(result.status).toBe(200);
			expect(result.body).toMatchObject({ received: true, started: false, reason: 'filtered' });
			expect(n8n.executions).toHaveLength(0);
		},
	);
});

describe('meetergo Trigger: dedupe', () => {
	it('answers a repeated delivery with 200 and no second execution, also after a reload', async () => {
		const n8n = await activated();
		const body = JSON.stringify(booking());
		expect((await n8n.receive(n8n.atRegisteredUrl(body))).execution).toHaveLength(1);
		const again = await n8n.receive(n8n.atRegisteredUrl(body));
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({ reason: 'duplicate' });
		// Same event, id and updatedAt, reformatted: still the same delivery.
		const reformatted = JSON.stringify(booking(), null, 2);
		expect((await n8n.receive(n8n.atRegisteredUrl(reformatted))).execution).toBeUndefined();
		expect(n8n.executions).toHaveLength(1);
		expect(n8n.stored().deliveryLedger).toMatchObject({ size: 1 });
	});

	it('never dedupes on the id alone: a reschedule keeps the id but is a new delivery', async () => {
		const n8n = await activated();
		await n8n.receive(n8n.atRegisteredUrl(JSON.stringify(booking())));
		const rescheduled = booking({
			webhookType: 'booking_rescheduled',
			start: '2024-01-16T09:00:00+01:00',
			end: '2024-01-16T09:30:00+01:00',
			updatedAt: '2024-01-15T08:00:00Z',
		});
		expect(
			(await n8n.receive(n8n.atRegisteredUrl(JSON.stringify(rescheduled)))).execution,
		).toHaveLength(1);
		// Rescheduled twice: same event type and id, new updatedAt.
		const again = booking({
			webhookType: 'booking_rescheduled',
			start: '2024-01-17T09:00:00+01:00',
			updatedAt: '2024-01-15T09:00:00Z',
		});
		expect((await n8n.receive(n8n.atRegisteredUrl(JSON.stringify(again)))).execution).toHaveLength(
			1,
		);
		// Cancelled: other event type, same id.
		const cancelled = booking({
			webhookType: 'booking_cancelled',
			updatedAt: '2024-01-15T09:00:00Z',
		});
		expect(
			(await n8n.receive(n8n.atRegisteredUrl(JSON.stringify(cancelled)))).execution,
		).toHaveLength(1);
		expect(n8n.executions).toHaveLength(4);
	});

	it('falls back to a digest of the exact body when there is no id or version', async () => {
		const n8n = await activated({ events: ['new_employee'] });
		const body = JSON.stringify({ webhookType: 'new_employee', email: 'new.hire@example.com' });
		expect((await n8n.receive(n8n.atRegisteredUrl(body))).execution).toHaveLength(1);
		expect((await n8n.receive(n8n.atRegisteredUrl(body))).body).toMatchObject({
			reason: 'duplicate',
		});
		const other = JSON.stringify({ webhookType: 'new_employee', email: 'second.hire@example.com' });
		expect((await n8n.receive(n8n.atRegisteredUrl(other))).execution).toHaveLength(1);
	});

	it('keys form submissions on formId and submittedAt', async () => {
		const n8n = await activated({ events: ['form_submission'] });
		const form = (answers: IDataObject) =>
			JSON.stringify({
				webhookType: 'form_submission',
				formId: 'form-1',
				submittedAt: '2024-02-01T10:00:00Z',
				answers,
			});
		expect((await n8n.receive(n8n.atRegisteredUrl(form({ a: 1 })))).execution).toHaveLength(1);
		expect((await n8n.receive(n8n.atRegisteredUrl(form({ a: 1 })))).execution).toBeUndefined();
	});

	it('form submissions that also carry the form-level updatedAt: each submission runs, a retry of one does not', async () => {
		// Keyed on updatedAt, every later submission of an unchanged form was taken for a duplicate.
		const n8n = await activated({ events: ['form_submission'] });
		const submission = (submittedAt: string) =>
			JSON.stringify({
				webhookType: 'form_submission',
				formId: 'form-1',
				updatedAt: '2024-01-01T00:00:00Z',
				submittedAt,
				answers: { a: submittedAt },
			});
		const first = submission('2024-02-01T10:00:00Z');
		expect((await n8n.receive(n8n.atRegisteredUrl(first))).execution).toHaveLength(1);
		expect(
			(await n8n.receive(n8n.atRegisteredUrl(submission('2024-02-01T10:05:00Z')))).execution,
		).toHaveLength(1);
		// meetergo's retry of the first submission, reformatted on the way: still the same delivery.
		const retry = JSON.stringify(JSON.parse(first), null, 2);
		expect((await n8n.receive(n8n.atRegisteredUrl(retry))).body).toMatchObject({
			reason: 'duplicate',
		});
		expect(n8n.executions).toHaveLength(2);
	});

	it('lets only one of several concurrent copies start an execution', async () => {
		const n8n = await activated();
		const body = JSON.stringify(booking({ id: 'appt-concurrent' }));
		const results = await receiveTogether(
			n8n,
			Array.from({ length: 5 }, () => n8n.atRegisteredUrl(body)),
		);
		expect(results.filter((result) => result.execution !== undefined)).toHaveLength(1);
		expect(n8n.executions).toHaveLength(1);
	});
});

describe('meetergo Trigger: verify with meetergo API', () => {
	it("outputs the server's copy of the appointment instead of the received one", async () => {
		const appointment = api.state.seedAppointment({
			id: 'appt-verified',
			start: '2024-03-01T10:00:00+01:00',
		});
		const n8n = await activated({ options: { verifyWithApi: true } });
		api.state.requests.length = 0;
		const received = booking({
			id: 'appt-verified',
			start: '2030-01-01T00:00:00+01:00',
			injected: 'from the payload',
		});
		const json = (await n8n.receive(n8n.atRegisteredUrl(JSON.stringify(received)))).execution![0]
			.json;
		expect(json.start).toBe('2024-03-01T10:00:00+01:00');
		expect(json.injected).toBeUndefined();
		expect(json).toMatchObject({
			webhookType: 'booking_created',
			id: 'appt-verified',
			meetingTypeId: appointment.meetingTypeId,
		});
		expect(json.secret).toBeUndefined();
		expect(json.delivery).toMatchObject({ verifiedWithApi: true });
		expect(apiCalls().map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /v4/appointment/appt-verified',
		]);
	});

	it('rejects a delivery for an appointment meetergo does not have (4xx, no execution), and accepts it once it exists', async () => {
		const n8n = await activated({ options: { verifyWithApi: true } });
		const body = JSON.stringify(booking({ id: 'appt-forged' }));
		const forged = await n8n.receive(n8n.atRegisteredUrl(body));
		expect(forged.status).toBe(422);
		expect(forged.body).toMatchObject({ error: { code: 'not_confirmed' } });
		expect(forged.execution).toBeUndefined();
		expect(n8n.executions).toHaveLength(0);
		// The in-process dedupe claim was given back: the same delivery can still get through.
		api.state.seedAppointment({ id: 'appt-forged' });
		expect((await n8n.receive(n8n.atRegisteredUrl(body))).execution).toHaveLength(1);
	});

	it('fails loudly (an error, so n8n records a failed execution) when the API cannot answer, and gives the claim back', async () => {
		api.state.seedAppointment({ id: 'appt-busy' });
		const n8n = await activated({ options: { verifyWithApi: true } });
		api.state.forceRateLimit(1);
		const body = JSON.stringify(booking({ id: 'appt-busy' }));
		const failed = await n8n.receiveOrError(n8n.atRegisteredUrl(body));
		expect('error' in failed && failed.error).toBeInstanceOf(NodeApiError);
		expect((failed as { error: Error }).error.message).toContain('rate limit');
		expect(n8n.executions).toHaveLength(0);
		expect((await n8n.receive(n8n.atRegisteredUrl(body))).execution).toHaveLength(1);
	});

	it('passes events without an appointment through unverified, without calling the API', async () => {
		const n8n = await activated({ events: ['new_employee'], options: { verifyWithApi: true } });
		api.state.requests.length = 0;
		const result = await n8n.receive(
			n8n.atRegisteredUrl(
				JSON.stringify({
					webhookType: 'new_employee',
					id: 'user-9',
					updatedAt: '2024-02-01T10:00:00Z',
				}),
			),
		);
		expect(result.execution![0].json.delivery).toMatchObject({ verifiedWithApi: false });
		expect(apiCalls()).toHaveLength(0);
	});

	it('does not call the API when the option is off', async () => {
		const n8n = await activated();
		api.state.requests.length = 0;
		await n8n.receive(n8n.atRegisteredUrl(JSON.stringify(booking())));
		expect(apiCalls()).toHaveLength(0);
	});
});

describe('meetergo Trigger: redaction', () => {
	it('keeps the appointment secret only when Remove Appointment Secret is turned off', async () => {
		const n8n = await activated({ options: { removeAppointmentSecret: false } });
		const json = (await n8n.receive(n8n.atRegisteredUrl(JSON.stringify(booking())))).execution![0]
			.json;
		expect(json.secret).toBe('cancel-or-reschedule-me');
	});

	it('removes attendee email and phone when asked, and leaves hosts and names alone', async () => {
		const n8n = await activated({ options: { removeAttendeeContacts: true } });
		const json = (await n8n.receive(n8n.atRegisteredUrl(JSON.stringify(booking())))).execution![0]
			.json;
		expect(json.attendees).toEqual([{ id: 'att-1', firstname: 'Jane', lastname: 'Doe' }]);
		expect(json.hosts).toEqual(booking().hosts);
		expect(json.secret).toBeUndefined();
	});

	it("redacts the server's copy too", async () => {
		api.state.seedAppointment({ id: 'appt-redact' });
		const n8n = await activated({ options: { verifyWithApi: true, removeAttendeeContacts: true } });
		const json = (
			await n8n.receive(n8n.atRegisteredUrl(JSON.stringify(booking({ id: 'appt-redact' }))))
		).execution![0].json;
		expect(json.secret).toBeUndefined();
		expect(JSON.stringify(json.attendees)).not.toContain('@');
		expect(JSON.stringify(json)).not.toContain(
			String(api.state.appointments.get('appt-redact')!.secret),
		);
	});
});

describe('meetergo Trigger: description', () => {
	const description = new MeetergoTrigger().description;

	it('is a trigger n8n accepts: no inputs, not usable as a tool, the five documented events', () => {
		expect(description.inputs).toEqual([]);
		expect(description.usableAsTool).toBeUndefined();
		const events = description.properties.find((property) => property.name === 'events');
		expect(events?.options?.map((option) => (option as { value: string }).value)).toEqual([
			'booking_created',
			'booking_cancelled',
			'booking_rescheduled',
			'new_employee',
			'form_submission',
		]);
	});

	it("names n8n's current webhook URL variable in its setup notice, and the older one as such", () => {
		const notice = description.properties.find((property) => property.name === 'setupNotice');
		expect(notice?.displayName).toContain('set N8N_WEBHOOK_URL (WEBHOOK_URL before n8n 2.35)');
		expectPlainNotices(description);
		expect(webhookUrlProblem('not a url')).toContain(
			"Set n8n's N8N_WEBHOOK_URL environment variable (WEBHOOK_URL before n8n 2.35)",
		);
	});

	it('sorts its options by display name', () => {
		const options = description.properties.find((property) => property.name === 'options')
			?.options as Array<{ displayName: string }>;
		const names = options.map((option) => option.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});
