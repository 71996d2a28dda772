import { WEBHOOK_LIMIT, type MeetergoApiFake } from '../fakes/meetergo-api.cjs';
import {
	callMeetergoFake,
	useMeetergoApiFake,
	type FakeCallOptions,
} from '../helpers/meetergoFake';

/**
 * The loopback stand-in of meetergo's API must behave as meetergo documents it, or the node tests
 * that run against it prove nothing. These pin the documented behaviour down.
 */
let api: MeetergoApiFake;
useMeetergoApiFake((started) => (api = started));

const call = async (method: string, path: string, options?: FakeCallOptions) =>
	await callMeetergoFake(api, method, path, options);

const hookBody = (index = 0) => ({
	endpoint: `https://example.com/hook/${index}`,
	eventTypes: ['booking_created'],
});

describe('meetergo API fake', () => {
	it('listens on 127.0.0.1 only', () => {
		expect(new URL(api.url).hostname).toBe('127.0.0.1');
	});

	it.each([
		[null, 'Missing authorization header'],
		['rgo-wrong', 'Invalid API key'],
	])("answers 401 with meetergo's documented body for token %p", async (token, message) => {
		const answer = await call('GET', '/webhooks', { token });
		expect(answer.status).toBe(401);
		expect(answer.body).toEqual({ statusCode: 401, message, error: 'Unauthorized' });
	});

	describe('token kinds', () => {
		const personal = () => api.state.token;
		afterEach(() => api.state.setToken(personal(), 'personal'));

		it("personal token: 403 for another user's id, fine for its own, for none and for an empty header", async () => {
			expect((await call('GET', '/webhooks', { userId: api.state.users[1].id })).status).toBe(403);
			expect((await call('GET', '/webhooks', { userId: api.state.owner.id })).status).toBe(200);
			expect((await call('GET', '/webhooks')).status).toBe(200);
			expect((await call('GET', '/webhooks', { userId: '' })).status).toBe(200);
		});

		it('platform key: 400 about the header without a user id, except on /v4/user/me; 403 for a stranger', async () => {
			const token = api.state.token;
			api.state.setToken(`ak_live:${'5'.repeat(8)}:${'k'.repeat(32)}`);
			try {
				expect(api.state.tokenKind).toBe('platform');
				const missing = await call('GET', '/webhooks');
				expect(missing).toMatchObject({
					status: 400,
					body: { statusCode: 400, error: 'Bad Request' },
				});
				expect(JSON.stringify(missing.body)).toContain('x-meetergo-api-user-id');
				expect(await call('GET', '/v4/user/me')).toMatchObject({
					status: 200,
					body: { id: api.state.owner.id },
				});
				expect(await call('GET', '/v4/user/me', { userId: api.state.users[1].id })).toMatchObject({
					status: 200,
					body: { id: api.state.users[1].id },
				});
				expect((await call('GET', '/webhooks', { userId: api.state.users[1].id })).status).toBe(
					200,
				);
				expect((await call('GET', '/webhooks', { userId: 'not-a-user' })).status).toBe(403);
			} finally {
				api.state.setToken(token, 'personal');
			}
		});
	});

	it('creates (201), lists, updates and deletes (204) webhooks', async () => {
		const created = await call('POST', '/webhooks', {
			body: { ...hookBody(), description: 'Production webhook' },
		});
		expect(created.status).toBe(201);
		const hook = created.body as { id: string };
		expect(created.body).toEqual({
			id: hook.id,
			endpoint: 'https://example.com/hook/0',
			description: 'Production webhook',
			eventTypes: ['booking_created'],
			companyId: api.state.companyId,
			createdAt: expect.any(String),
		});
		expect((await call('GET', '/webhooks')).body).toEqual([created.body]);
		const updated = await call('PATCH', `/webhooks/${hook.id}`, {
			body: { eventTypes: ['new_employee', 'form_submission'] },
		});
		expect(updated).toMatchObject({
			status: 200,
			body: { eventTypes: ['new_employee', 'form_submission'], description: 'Production webhook' },
		});
		const deleted = await call('DELETE', `/webhooks/${hook.id}`);
		expect(deleted.status).toBe(204);
		expect(deleted.text).toBe('');
		expect((await call('DELETE', `/webhooks/${hook.id}`)).status).toBe(404);
		expect(
			(await call('PATCH', `/webhooks/${hook.id}`, { body: { description: 'x' } })).status,
		).toBe(404);
	});

	it('validates like NestJS: eventTypes needs at least one known event, endpoint must be a URL', async () => {
		const empty = await call('POST', '/webhooks', {
			body: { endpoint: 'https://example.com', eventTypes: [] },
		});
		expect(empty).toEqual(
			expect.objectContaining({
				status: 400,
				body: {
					statusCode: 400,
					message: ['eventTypes must contain at least 1 elements'],
					error: 'Bad Request',
				},
			}),
		);
		const unknown = await call('POST', '/webhooks', {
			body: { endpoint: 'https://example.com', eventTypes: ['booking_deleted'] },
		});
		expect((unknown.body as { message: string[] }).message[0]).toMatch(
			/^each value in eventTypes must be one of the following values: booking_created/,
		);
		const noUrl = await call('POST', '/webhooks', {
			body: { endpoint: 'not a url', eventTypes: ['booking_created'] },
		});
		expect((noUrl.body as { message: string[] }).message).toEqual([
			'endpoint must be a URL address',
		]);
		const patchEmpty = await call('POST', '/webhooks', { body: hookBody() });
		const id = (patchEmpty.body as { id: string }).id;
		expect((await call('PATCH', `/webhooks/${id}`, { body: { eventTypes: [] } })).status).toBe(400);
	});

	it(`allows ${WEBHOOK_LIMIT} webhooks per company, then answers meetergo's documented 406`, async () => {
		for (let index = 0; index < WEBHOOK_LIMIT; index++)
			expect((await call('POST', '/webhooks', { body: hookBody(index) })).status).toBe(201);
		const full = await call('POST', '/webhooks', { body: hookBody(7) });
		expect(full.status).toBe(406);
		expect(full.text).toBe(
			'{"statusCode":406,"message":"Company reached maximum","error":"Not Acceptable"}',
		);
	});

	it('serves seeded appointments and 404s unknown ones', async () => {
		const appointment = api.state.seedAppointment({ id: 'appt-1' });
		expect(await call('GET', '/v4/appointment/appt-1')).toMatchObject({
			status: 200,
			body: appointment,
		});
		expect(await call('GET', '/v4/appointment/appt-2')).toMatchObject({
			status: 404,
			body: { statusCode: 404, error: 'Not Found' },
		});
	});

	it('answers 429 with Retry-After when forced, then serves again', async () => {
		api.state.forceRateLimit(2);
		const limited = await call('GET', '/webhooks');
		expect(limited).toMatchObject({
			status: 429,
			body: { statusCode: 429, message: 'Too Many Requests', error: 'Too Many Requests' },
		});
		expect(limited.headers.get('retry-after')).toBe('60');
		expect((await call('GET', '/webhooks')).status).toBe(429);
		expect((await call('GET', '/webhooks')).status).toBe(200);
	});

	it('logs API requests with their auth headers and status', async () => {
		await call('GET', '/webhooks', { userId: api.state.owner.id });
		expect(api.state.requests).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: '/webhooks',
				authorization: `Bearer ${api.state.token}`,
				userId: api.state.owner.id,
				status: 200,
			}),
		]);
	});

	describe('control endpoints for the end-to-end suite', () => {
		const control = async (method: string, path: string, body?: unknown) =>
			await call(method, path, { token: null, body });

		it('shows and changes its state over HTTP, without auth and without logging', async () => {
			const seeded = await control('POST', '/__fake/appointments', [
				{ id: 'appt-a' },
				{ id: 'appt-b', start: '2025-01-01T10:00:00Z' },
			]);
			expect(seeded.status).toBe(201);
			expect(api.state.appointments.get('appt-b')).toMatchObject({
				start: '2025-01-01T10:00:00Z',
				attendees: expect.any(Array),
			});
			const foreign = await control('POST', '/__fake/webhooks', {
				endpoint: 'https://zapier.example/hook',
				description: 'Zapier',
			});
			expect(foreign.status).toBe(201);
			expect((await control('GET', '/__fake/webhooks')).body).toEqual([foreign.body]);
			const state = (await control('GET', '/__fake/state')).body as Record<string, unknown>;
			expect(state).toMatchObject({
				url: api.url,
				token: api.state.token,
				kind: 'personal',
				webhooks: [foreign.body],
			});
			expect((state.appointments as unknown[]).length).toBe(2);
			expect(
				(await control('DELETE', `/__fake/webhooks/${(foreign.body as { id: string }).id}`)).status,
			).toBe(204);
			expect((await control('DELETE', '/__fake/appointments/appt-a')).status).toBe(204);
			expect((await control('POST', '/__fake/rate-limit', { count: 1 })).status).toBe(204);
			expect((await call('GET', '/webhooks')).status).toBe(429);
			expect((await control('GET', '/__fake/requests')).body).toHaveLength(1);
			expect((await control('POST', '/__fake/reset')).status).toBe(204);
			expect(api.state.appointments.size).toBe(0);
			expect(api.state.requests).toHaveLength(0);
		});

		it('switches the accepted token', async () => {
			const previous = api.state.token;
			try {
				const platform = `ak_live:${'6'.repeat(8)}:${'k'.repeat(32)}`;
				expect((await control('POST', '/__fake/token', { token: platform })).body).toEqual({
					token: platform,
					kind: 'platform',
				});
				expect((await call('GET', '/v4/user/me')).status).toBe(200);
				expect((await call('GET', '/v4/user/me', { token: previous })).status).toBe(401);
			} finally {
				api.state.setToken(previous, 'personal');
			}
		});

		it('delivers an event to every subscribed webhook the way meetergo does', async () => {
			api.state.seedAppointment({ id: 'appt-deliver' });
			const subscribed = api.state.addWebhook({
				endpoint: `${api.url}/__fake/inbox/n8n?token=abc`,
				eventTypes: ['booking_created'],
			})!;
			api.state.addWebhook({
				endpoint: `${api.url}/__fake/inbox/other`,
				eventTypes: ['new_employee'],
			});
			const results = (
				await control('POST', '/__fake/deliver', {
					event: 'booking_created',
					appointmentId: 'appt-deliver',
				})
			).body;
			expect(results).toEqual([
				{
					webhookId: subscribed.id,
					endpoint: subscribed.endpoint,
					status: 200,
					body: '{"received":true}',
				},
			]);
			expect(api.state.inbox).toHaveLength(1);
			expect(api.state.inbox[0]).toMatchObject({
				path: '/__fake/inbox/n8n',
				query: { token: 'abc' },
			});
			expect(JSON.parse(api.state.inbox[0].body)).toMatchObject({
				webhookType: 'booking_created',
				id: 'appt-deliver',
			});
			await api.state.deliver({
				event: 'booking_created',
				appointmentId: 'appt-deliver',
				envelope: 'event_data',
			});
			expect(JSON.parse(api.state.inbox[1].body)).toMatchObject({
				event: 'booking_created',
				data: { id: 'appt-deliver' },
			});
		});
	});
});
