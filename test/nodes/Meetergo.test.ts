import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IHttpRequestOptions,
	type INodeParameters,
} from 'n8n-workflow';

import { MeetingWebhooksMeetergoApi } from '../../credentials/MeetingWebhooksMeetergoApi.credentials';
import { Meetergo } from '../../nodes/Meetergo/Meetergo.node';
import {
	forgetRecentRequests,
	PACED_REQUESTS_PER_MINUTE,
	rateLimitClock,
} from '../../nodes/Meetergo/api';
import { start, type MeetergoApiFake } from '../fakes/meetergo-api.cjs';
import { credentialTypes, meetergoCredentialAsN8nGivesIt, runAction } from '../helpers/meetergo';
import { httpRequestWithAuthentication } from '../helpers/n8nHttp';

let api: MeetergoApiFake;
let personalToken: string;

beforeAll(async () => {
	api = await start();
	personalToken = api.state.token;
});
afterAll(async () => {
	await api.close();
});
/** Waits the node asked for (milliseconds), on a virtual clock: nothing here really waits. */
let waits: number[] = [];
const realClock = { ...rateLimitClock };
beforeEach(() => {
	api.state.reset();
	api.state.setToken(personalToken, 'personal');
	waits = [];
	let offset = 0;
	rateLimitClock.now = () => Date.now() + offset;
	rateLimitClock.sleep = async (milliseconds: number) => {
		waits.push(milliseconds);
		offset += milliseconds;
	};
	rateLimitClock.perMinute = PACED_REQUESTS_PER_MINUTE;
	forgetRecentRequests();
});
afterAll(() => {
	Object.assign(rateLimitClock, realClock);
});

const platformKey = () =>
	`ak_live:${'3'.repeat(8)}-0000-4000-8000-${'4'.repeat(12)}:${'k'.repeat(32)}`;

function personal(): IDataObject {
	return { credentialKind: 'personalAccessToken', token: api.state.token, baseUrl: api.url };
}

async function run(
	parameters: INodeParameters,
	options: {
		credential?: IDataObject;
		continueOnFail?: boolean;
		items?: number;
		perItem?: Array<Partial<INodeParameters>>;
	} = {},
) {
	return await runAction(new Meetergo(), {
		parameters,
		credential: options.credential ?? personal(),
		continueOnFail: options.continueOnFail,
		items: Array.from({ length: options.items ?? 1 }, () => ({ json: {} })),
		perItem: options.perItem,
	});
}

async function failure(
	parameters: INodeParameters,
	credential?: IDataObject,
): Promise<NodeApiError & NodeOperationError> {
	const error = await run(parameters, { credential }).then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeDefined();
	return error as NodeApiError & NodeOperationError;
}

const create = (fields: INodeParameters = {}): INodeParameters => ({
	resource: 'webhook',
	operation: 'create',
	endpoint: 'https://example.com/hooks/meetergo',
	eventTypes: ['booking_created', 'booking_cancelled'],
	...fields,
});

describe('meetergo node: webhooks', () => {
	it('creates a webhook with endpoint, event types and description', async () => {
		const [item] = await run(create({ additionalFields: { description: 'CRM sync' } }));
		expect(item.json).toMatchObject({
			endpoint: 'https://example.com/hooks/meetergo',
			eventTypes: ['booking_created', 'booking_cancelled'],
			description: 'CRM sync',
			companyId: api.state.companyId,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(api.state.webhooks).toHaveLength(1);
		expect(api.state.requests[0]).toMatchObject({
			method: 'POST',
			path: '/webhooks',
			body: {
				endpoint: 'https://example.com/hooks/meetergo',
				eventTypes: ['booking_created', 'booking_cancelled'],
				description: 'CRM sync',
			},
			authorization: `Bearer ${api.state.token}`,
			userId: null,
		});
	});

	it('leaves the description out when none is given', async () => {
		await run(create());
		expect(api.state.requests[0].body).toEqual({
			endpoint: 'https://example.com/hooks/meetergo',
			eventTypes: ['booking_created', 'booking_cancelled'],
		});
	});

	it.each([
		['no event types', create({ eventTypes: [] }), 'Select at least one event type'],
		[
			'a plain-http endpoint',
			create({ endpoint: 'http://example.com/hook' }),
			'Endpoint must be a full https:// URL',
		],
		[
			'an endpoint that is not a URL',
			create({ endpoint: 'example.com/hook' }),
			'Endpoint must be a full https:// URL',
		],
	])('refuses to create with %s before calling meetergo', async (_name, parameters, message) => {
		const error = await failure(parameters);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain(message);
		expect(api.state.requests).toHaveLength(0);
	});

	it("passes meetergo's validation messages on (400 with an array of messages)", async () => {
		const error = await failure(create({ eventTypes: ['booking_created', 'booking_deleted'] }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('400');
		expect(error.message).toContain('each value in eventTypes must be one of the following values');
	});

	it("explains the 6-webhook limit, listing the existing webhooks without their endpoints' secrets", async () => {
		for (let index = 0; index < 5; index++)
			api.state.addWebhook({
				description: `Tool ${index}`,
				endpoint: `https://hooks.example.com/catch/${index}/private-${index}`,
			});
		api.state.addWebhook({
			description: 'n8n trigger',
			endpoint: `https://n8n.example.com/webhook/a/webhook?token=${'t'.repeat(43)}`,
		});
		const error = await failure(create());
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('406');
		expect(error.message).toBe('meetergo allows 6 webhooks per company and all 6 are in use');
		expect(error.description).toMatch(/^Existing webhooks: 1\. ID /);
		for (const hook of api.state.webhooks) expect(error.description).toContain(hook.id);
		expect(error.description).toContain('Delete webhooks you no longer use');
		expect(error.description).toContain('Webhook → Delete');
		expect(error.description).not.toContain('private-');
		expect(error.description).not.toContain('t'.repeat(43));
		expect(api.state.webhooks).toHaveLength(6);
	});

	it('gets many webhooks, all or up to a limit, with trigger tokens masked', async () => {
		api.state.addWebhook({
			endpoint: `https://n8n.example.com/webhook/a/webhook?token=${'t'.repeat(43)}`,
		});
		api.state.addWebhook({ endpoint: 'https://example.com/b' });
		api.state.addWebhook({ endpoint: 'https://example.com/c' });
		const all = await run({ resource: 'webhook', operation: 'getAll', returnAll: true });
		expect(all.map((item) => item.json.id)).toEqual(api.state.webhooks.map((hook) => hook.id));
		expect(all[0].json.endpoint).toBe('https://n8n.example.com/webhook/a/webhook?token=redacted');
		expect(JSON.stringify(all)).not.toContain('t'.repeat(43));
		expect(all.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		const limited = await run({
			resource: 'webhook',
			operation: 'getAll',
			returnAll: false,
			limit: 2,
		});
		expect(limited).toHaveLength(2);
		// n8n's default for Limit is 50.
		expect(await run({ resource: 'webhook', operation: 'getAll' })).toHaveLength(3);
	});

	it('gets one webhook by id from the list (meetergo has no get-one route)', async () => {
		api.state.addWebhook({ endpoint: 'https://example.com/a' });
		const wanted = api.state.addWebhook({
			endpoint: 'https://example.com/b',
			description: 'wanted',
		})!;
		const [item] = await run({ resource: 'webhook', operation: 'get', webhookId: wanted.id });
		expect(item.json).toMatchObject({ id: wanted.id, description: 'wanted' });
		expect(api.state.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /webhooks',
		]);
	});

	it('says clearly when the webhook to get does not exist', async () => {
		const existing = api.state.addWebhook({ endpoint: 'https://example.com/a' })!;
		const error = await failure({ resource: 'webhook', operation: 'get', webhookId: 'no-such-id' });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('meetergo has no webhook with ID "no-such-id" in this company');
		expect(error.description).toContain('The company has 1 webhook');
		expect(error.description).toContain(existing.id);
	});

	it('updates only the fields given; event types replace the whole list', async () => {
		const hook = api.state.addWebhook({
			endpoint: 'https://example.com/a',
			eventTypes: ['booking_created', 'booking_cancelled'],
			description: 'old',
		})!;
		const [item] = await run({
			resource: 'webhook',
			operation: 'update',
			webhookId: hook.id,
			updateFields: { eventTypes: ['new_employee'] },
		});
		expect(api.state.requests[0]).toMatchObject({
			method: 'PATCH',
			path: `/webhooks/${hook.id}`,
			body: { eventTypes: ['new_employee'] },
		});
		expect(item.json).toMatchObject({
			id: hook.id,
			endpoint: 'https://example.com/a',
			description: 'old',
			eventTypes: ['new_employee'],
		});
		const [renamed] = await run({
			resource: 'webhook',
			operation: 'update',
			webhookId: hook.id,
			updateFields: { description: 'new', endpoint: 'https://example.com/moved' },
		});
		expect(renamed.json).toMatchObject({
			description: 'new',
			endpoint: 'https://example.com/moved',
			eventTypes: ['new_employee'],
		});
	});

	it('shows the notice that event types replace the list', () => {
		const notice = new Meetergo().description.properties.find(
			(property) => property.name === 'updateNotice',
		);
		expect(notice?.type).toBe('notice');
		expect(notice?.displayName).toContain("replace the webhook's whole list");
	});

	it.each([
		['nothing to update', {}, 'Nothing to update'],
		['an empty event list', { eventTypes: [] }, 'Select at least one event type'],
		['a non-https endpoint', { endpoint: 'ftp://example.com' }, 'https://'],
	])('refuses an update with %s', async (_name, updateFields, message) => {
		const hook = api.state.addWebhook({ endpoint: 'https://example.com/a' })!;
		const error = await failure({
			resource: 'webhook',
			operation: 'update',
			webhookId: hook.id,
			updateFields,
		});
		expect(error.message).toContain(message);
		expect(api.state.requests).toHaveLength(0);
	});

	it('reports an unknown webhook on update and delete (404)', async () => {
		const update = await failure({
			resource: 'webhook',
			operation: 'update',
			webhookId: 'gone',
			updateFields: { description: 'x' },
		});
		expect(update).toBeInstanceOf(NodeApiError);
		expect(update.httpCode).toBe('404');
		expect(update.message).toBe('meetergo has no webhook with ID "gone" in this company');
		const remove = await failure({ resource: 'webhook', operation: 'delete', webhookId: 'gone' });
		expect(remove.message).toBe('meetergo has no webhook with ID "gone" in this company');
	});

	it('deletes a webhook (meetergo answers 204)', async () => {
		const keep = api.state.addWebhook({ endpoint: 'https://example.com/keep' })!;
		const hook = api.state.addWebhook({ endpoint: 'https://example.com/a' })!;
		const [item] = await run({ resource: 'webhook', operation: 'delete', webhookId: hook.id });
		expect(item.json).toEqual({ id: hook.id, deleted: true });
		expect(api.state.requests[0]).toMatchObject({ method: 'DELETE', status: 204 });
		expect(api.state.webhooks.map((candidate) => candidate.id)).toEqual([keep.id]);
	});
});

describe('meetergo node: appointments', () => {
	it('gets an appointment by id', async () => {
		const appointment = api.state.seedAppointment({ id: 'appt-42' });
		const [item] = await run({
			resource: 'appointment',
			operation: 'get',
			appointmentId: 'appt-42',
		});
		// The appointment's secret (its cancel/reschedule token) is left out, as by the trigger.
		const { secret, ...withoutSecret } = appointment;
		expect(item.json).toMatchObject(withoutSecret);
		expect(item.json).not.toHaveProperty('secret');
		expect(JSON.stringify(item.json)).not.toContain(String(secret));
		expect(api.state.requests[0]).toMatchObject({ method: 'GET', path: '/v4/appointment/appt-42' });
		const [kept] = await run({
			resource: 'appointment',
			operation: 'get',
			appointmentId: 'appt-42',
			options: { includeSecret: true },
		});
		expect(kept.json).toMatchObject(appointment);
	});

	it('reports an unknown appointment (404)', async () => {
		const error = await failure({
			resource: 'appointment',
			operation: 'get',
			appointmentId: 'appt-missing',
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'meetergo has no appointment with ID "appt-missing" that this credential can see',
		);
	});

	it.each(['../webhooks', '..', '.', 'a\\b', '%2E%2E'])(
		'refuses Appointment ID %j before any request, naming the field',
		async (appointmentId) => {
			const error = await failure({ resource: 'appointment', operation: 'get', appointmentId });
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toMatch(/^Appointment ID ".*" is not a valid ID$/);
			expect(error.description).toContain('nothing was sent');
			expect(api.state.requests).toHaveLength(0);
		},
	);

	it.each([
		['webhook', 'delete', { webhookId: '..' }, 'Webhook ID'],
		['webhook', 'update', { webhookId: '.', updateFields: { description: 'x' } }, 'Webhook ID'],
		['appointment', 'cancel', { appointmentId: '..' }, 'Appointment ID'],
		['appointment', 'updateNotes', { appointmentId: '../x', notes: 'n' }, 'Appointment ID'],
		['meetingType', 'get', { meetingTypeId: { mode: 'id', value: '..' } }, 'Meeting Type ID'],
		['contact', 'update', { contactId: '..', updateFields: { notes: 'n' } }, 'Contact ID'],
	])(
		'%s %s: an unsafe ID names the field and sends nothing',
		async (resource, operation, fields, label) => {
			const error = await failure({ resource, operation, ...fields } as INodeParameters);
			expect(error.message).toContain(`${label} "`);
			expect(error.message).toContain('is not a valid ID');
			expect(api.state.requests).toHaveLength(0);
		},
	);
});

describe('meetergo node: credential and API errors', () => {
	const list: INodeParameters = { resource: 'webhook', operation: 'getAll', returnAll: true };

	it('says the token was rejected (401) and what to check, without showing the token', async () => {
		const wrong = `rgo-${'w'.repeat(32)}`;
		const error = await failure(list, {
			credentialKind: 'personalAccessToken',
			token: wrong,
			baseUrl: api.url,
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('401');
		expect(error.message).toBe('meetergo rejected the API token (401 Unauthorized)');
		expect(error.description).toContain('my.meetergo.com/admin/api-keys');
		expect(
			JSON.stringify({
				message: error.message,
				description: error.description,
				context: error.context,
			}),
		).not.toContain(wrong);
	});

	it('sends the user id with a platform API key', async () => {
		api.state.setToken(platformKey(), 'platform');
		const userId = api.state.users[1].id;
		await run(list, {
			credential: {
				credentialKind: 'platformApiKey',
				token: api.state.token,
				userId,
				baseUrl: api.url,
			},
		});
		expect(api.state.requests[0]).toMatchObject({ status: 200, userId });
	});

	it('asks for the user id when a platform API key has none (400 about the header)', async () => {
		api.state.setToken(platformKey(), 'platform');
		const error = await failure(list, {
			credentialKind: 'platformApiKey',
			token: api.state.token,
			baseUrl: api.url,
		});
		expect(error.httpCode).toBe('400');
		expect(error.message).toBe('meetergo needs a user ID for this platform API key (400)');
		expect(error.description).toContain('Set User ID in the meetergo API credential');
	});

	it('explains a 403 for a user id sent with a token that is really a personal one', async () => {
		// The token does not look like either kind, so only meetergo can tell: it answers 403.
		api.state.setToken(`pat-${'p'.repeat(32)}`, 'personal');
		const userId = api.state.users[1].id;
		const error = await failure(list, {
			credentialKind: 'platformApiKey',
			token: api.state.token,
			userId,
			baseUrl: api.url,
		});
		expect(error.httpCode).toBe('403');
		expect(error.message).toBe(`meetergo refused to act for user ${userId} (403 Forbidden)`);
		expect(error.description).toContain('set Token Type to Personal Access Token');
	});

	it('never sends a user id for a personal access token, even one left over from a platform key', async () => {
		const stale = { ...personal(), userId: api.state.users[1].id };
		expect(meetergoCredentialAsN8nGivesIt(stale).userId).toBeUndefined();
		await run(list, { credential: stale });
		expect(api.state.requests[0]).toMatchObject({ status: 200, userId: null });
	});

	it('adds the user id header only for a platform key with a user id, whatever else the credential holds', async () => {
		const credential = new MeetingWebhooksMeetergoApi();
		const headersFor = async (data: IDataObject) =>
			(
				await (
					credential.authenticate as (
						c: IDataObject,
						r: IHttpRequestOptions,
					) => Promise<IHttpRequestOptions>
				)(data, { url: '/x', headers: { accept: 'application/json' } })
			).headers;
		const bearer = 'q'.repeat(20);
		expect(
			await headersFor({
				credentialKind: 'personalAccessToken',
				token: bearer,
				userId: 'left-over',
			}),
		).toEqual({ accept: 'application/json', Authorization: `Bearer ${bearer}` });
		expect(
			await headersFor({ credentialKind: 'platformApiKey', token: bearer, userId: '' }),
		).not.toHaveProperty('x-meetergo-api-user-id');
		expect(
			await headersFor({ credentialKind: 'platformApiKey', token: bearer, userId: ' u-1 ' }),
		).toMatchObject({ 'x-meetergo-api-user-id': 'u-1' });
	});

	it.each([
		[
			'a platform key marked as personal',
			{ credentialKind: 'personalAccessToken', token: platformKey() },
			'looks like a platform API key',
		],
		[
			'a personal token marked as platform key',
			{ credentialKind: 'platformApiKey', token: `rgo-${'q'.repeat(32)}`, userId: 'u-1' },
			'looks like a personal access token',
		],
		['an empty token', { credentialKind: 'personalAccessToken', token: '' }, 'has no token'],
	])('catches %s before calling meetergo', async (_name, credential, message) => {
		const error = await failure(list, { ...credential, baseUrl: api.url });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain(message);
		expect(api.state.requests).toHaveLength(0);
	});

	it("explains the rate limit (429, 100 per minute) with meetergo's Retry-After", async () => {
		// A node execution waits out one 429 (Retry-After 60) and tries once more: two 429s stop it.
		api.state.forceRateLimit(2);
		const error = await failure(list);
		expect(error.httpCode).toBe('429');
		expect(error.message).toBe("meetergo's rate limit was reached (429 Too Many Requests)");
		expect(error.description).toContain('100 requests per minute');
		expect(error.description).toContain('Wait 60 seconds');
		expect(error.description).toContain('The node already waited 60 seconds');
		expect(waits).toEqual([60_000]);
	});

	it('counts requests per minute (100 by default) and answers 429 past the budget', async () => {
		api.state.rateLimitPerMinute = 3;
		try {
			for (let index = 0; index < 3; index++) await run(list);
			expect((await failure(list)).httpCode).toBe('429');
		} finally {
			api.state.rateLimitPerMinute = 100;
		}
	});

	it('says when meetergo cannot be reached at the base URL', async () => {
		const closed = await start();
		const url = closed.url;
		await closed.close();
		const error = await failure(list, { ...personal(), baseUrl: url });
		expect(error.message).toBe(`Could not reach meetergo at ${url}`);
	});

	it('continues on fail with an error item paired to its input, and goes on with the next item', async () => {
		const hook = api.state.addWebhook({ endpoint: 'https://example.com/a' })!;
		const output = await run(
			{ resource: 'webhook', operation: 'get', webhookId: 'placeholder' },
			{
				continueOnFail: true,
				items: 2,
				perItem: [{ webhookId: 'missing' }, { webhookId: hook.id }],
			},
		);
		expect(output).toHaveLength(2);
		expect(output[0]).toMatchObject({
			json: { error: 'meetergo has no webhook with ID "missing" in this company' },
			pairedItem: { item: 0 },
		});
		expect(output[1]).toMatchObject({ json: { id: hook.id }, pairedItem: { item: 1 } });
	});

	it('continues on fail with API errors too, keeping the advice', async () => {
		api.state.forceRateLimit(2);
		const [item] = await run(list, { continueOnFail: true });
		expect(item.json.error).toBe("meetergo's rate limit was reached (429 Too Many Requests)");
		expect(String(item.json.description)).toContain('100 requests per minute');
	});

	it('stops at the failing item without continue on fail', async () => {
		const error = await run(
			{ resource: 'webhook', operation: 'get', webhookId: 'x' },
			{ items: 2, perItem: [{ webhookId: 'missing' }] },
		).catch((caught: unknown) => caught);
		expect((error as NodeOperationError).context.itemIndex).toBe(0);
	});

	it('pairs each output item with its input item', async () => {
		api.state.seedAppointment({ id: 'a-1' });
		api.state.seedAppointment({ id: 'a-2' });
		const output = await run(
			{ resource: 'appointment', operation: 'get', appointmentId: 'x' },
			{ items: 2, perItem: [{ appointmentId: 'a-1' }, { appointmentId: 'a-2' }] },
		);
		expect(output.map((item) => [item.json.id, item.pairedItem])).toEqual([
			['a-1', { item: 0 }],
			['a-2', { item: 1 }],
		]);
	});
});

describe('meetergo API credential', () => {
	const credential = new MeetingWebhooksMeetergoApi();

	it('tests against the who-am-I endpoint at the configured base URL', async () => {
		expect(credential.test.request).toMatchObject({
			baseURL: '={{$credentials.baseUrl}}',
			url: '/v4/user/me',
			method: 'GET',
		});
		const node = {
			id: 'n',
			name: 'test',
			type: 'noOp',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: {},
		};
		const request = httpRequestWithAuthentication(node, credentialTypes(), {
			meetingWebhooksMeetergoApi: meetergoCredentialAsN8nGivesIt(personal()),
		});
		const me = (await request('meetingWebhooksMeetergoApi', {
			baseURL: api.url,
			url: '/v4/user/me',
			method: 'GET',
		})) as IDataObject;
		expect(me).toMatchObject({ id: api.state.owner.id, email: 'owner@example.com' });

		const wrong = httpRequestWithAuthentication(node, credentialTypes(), {
			meetingWebhooksMeetergoApi: meetergoCredentialAsN8nGivesIt({
				...personal(),
				token: `rgo-${'z'.repeat(32)}`,
			}),
		});
		await expect(
			wrong('meetingWebhooksMeetergoApi', { baseURL: api.url, url: '/v4/user/me', method: 'GET' }),
		).rejects.toBeInstanceOf(NodeApiError);
	});

	it('works for a platform key without a user id (meetergo acts as the company owner there)', async () => {
		api.state.setToken(platformKey(), 'platform');
		const node = {
			id: 'n',
			name: 'test',
			type: 'noOp',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: {},
		};
		const request = httpRequestWithAuthentication(node, credentialTypes(), {
			meetingWebhooksMeetergoApi: meetergoCredentialAsN8nGivesIt({
				credentialKind: 'platformApiKey',
				token: api.state.token,
				baseUrl: api.url,
			}),
		});
		expect(
			await request('meetingWebhooksMeetergoApi', {
				baseURL: api.url,
				url: '/v4/user/me',
				method: 'GET',
			}),
		).toMatchObject({ isAdmin: true });
	});

	it("defaults to meetergo's API and shows the user id only for platform keys", () => {
		const defaults = meetergoCredentialAsN8nGivesIt({ token: 'x' });
		expect(defaults).toEqual({
			credentialKind: 'personalAccessToken',
			token: 'x',
			baseUrl: 'https://api.meetergo.com',
		});
		expect(
			meetergoCredentialAsN8nGivesIt({ credentialKind: 'platformApiKey', token: 'x' }),
		).toMatchObject({ userId: '' });
		const token = credential.properties.find((property) => property.name === 'token');
		expect(token?.typeOptions?.password).toBe(true);
	});
});

describe('meetergo node: description', () => {
	const description = new Meetergo().description;
	it('is usable as an AI tool and takes the meetergo API credential', () => {
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([
			{ name: 'meetingWebhooksMeetergoApi', required: true },
		]);
	});
});
