import { fixture, fixtureFiles, type MeetergoApiFake } from '../fakes/meetergo-api.cjs';
import {
	callMeetergoFake,
	useMeetergoApiFake,
	type FakeCallOptions,
} from '../helpers/meetergoFake';

/**
 * The meetergo fake is held to meetergo's documents: its answers have the shapes of the documented
 * examples in test/fixtures/meetergo/ (each naming its source), its error bodies are the
 * documented ones, and it refuses, by name, every body or query field the documents do not list
 * for an endpoint, so that a node sending a wrong field name cannot pass its tests.
 */
let api: MeetergoApiFake;
useMeetergoApiFake((started) => (api = started));

/** Status and body only: what the documents give for each endpoint. */
async function call(method: string, path: string, options?: FakeCallOptions) {
	const { status, body } = await callMeetergoFake(api, method, path, options);
	return { status, body };
}

/** The shape of a JSON value: its type, an object's keys (sorted) with their shapes, an array's first entry. */
function shape(value: unknown): unknown {
	if (value === null) return 'null';
	if (Array.isArray(value)) return value.length === 0 ? ['empty'] : [shape(value[0])];
	if (typeof value === 'object')
		return Object.fromEntries(
			Object.keys(value as object)
				.sort()
				.map((key) => [key, shape((value as Record<string, unknown>)[key])]),
		);
	return typeof value;
}

/** Keys and value types as the fixture has them; nullable fields may hold a value in the fake. */
function expectShapeOf(answer: unknown, documented: unknown): void {
	const fit = (got: unknown, want: unknown, where: string): void => {
		if (want === null || got === null) return;
		if (Array.isArray(want)) {
			expect([where, Array.isArray(got)]).toEqual([where, true]);
			if (want.length > 0 && (got as unknown[]).length > 0)
				fit((got as unknown[])[0], want[0], `${where}[0]`);
			return;
		}
		if (typeof want === 'object') {
			expect([where, typeof got]).toEqual([where, 'object']);
			for (const key of Object.keys(want as object)) {
				expect([where, key, key in (got as object)]).toEqual([where, key, true]);
				fit(
					(got as Record<string, unknown>)[key],
					(want as Record<string, unknown>)[key],
					`${where}.${key}`,
				);
			}
			return;
		}
		expect([where, typeof got]).toEqual([where, typeof want]);
	};
	fit(answer, documented, '$');
}

describe('meetergo fixtures', () => {
	const files = fixtureFiles();

	it('there is one for each documented answer and error body the fake sends', () => {
		expect(files.length).toBeGreaterThanOrEqual(21);
	});

	it.each(files.map((file) => [file.name, file.json] as const))(
		'%s is a documented body with its source address',
		(_name, json) => {
			expect(Object.keys(json).sort()).toEqual(['$source', 'body']);
			expect(String(json.$source)).toMatch(/^https:\/\/developer\.meetergo\.com\//);
		},
	);

	it('the fake answers with the body alone: the source never reaches an answer', () => {
		const stored = files.find((file) => file.name === 'webhook');
		expect(JSON.stringify(fixture('webhook'))).not.toContain('$source');
		expect(fixture('webhook')).toEqual(stored?.json.body);
	});
});

describe('meetergo fake: answers in the documented shapes', () => {
	const hook = {
		endpoint: 'https://your-server.com/webhooks/meetergo',
		description: 'Production webhook',
		eventTypes: ['booking_created'],
	};

	it('webhooks: create, list, update answer the documented webhook; delete answers 204', async () => {
		const created = await call('POST', '/webhooks', { body: hook });
		expect(created.status).toBe(201);
		expect(shape(created.body)).toEqual(shape(fixture('webhook')));
		const listed = await call('GET', '/webhooks');
		expect(shape(listed.body)).toEqual(shape(fixture('webhooks')));
		const id = (created.body as { id: string }).id;
		const updated = await call('PATCH', `/webhooks/${id}`, { body: { description: 'Staging' } });
		expect(shape(updated.body)).toEqual(shape(fixture('webhook')));
		expect(await call('DELETE', `/webhooks/${id}`)).toEqual({ status: 204, body: undefined });
	});

	it('the 7th webhook gets the documented 406 body', async () => {
		for (let index = 0; index < 6; index++) api.state.addWebhook();
		expect(await call('POST', '/webhooks', { body: hook })).toEqual({
			status: 406,
			body: fixture('error-406-webhook-limit'),
		});
	});

	it('contacts: create, details (by contact or attendee), search and update answer the documented wrapper', async () => {
		const created = await call('POST', '/crm', {
			body: { firstName: 'Anna', lastName: 'Müller', email: 'anna@example.com', tags: ['Lead'] },
		});
		expect(created.status).toBe(201);
		expect(shape(created.body)).toEqual(shape(fixture('contact')));
		const id = (created.body as { item: { id: string } }).item.id;
		const details = await call('GET', `/crm/details?contactId=${id}`);
		expect(shape(details.body)).toEqual(shape(fixture('contact')));
		const search = await call('GET', '/crm?searchTerm=anna&page=1&limit=20');
		expectShapeOf(search.body, fixture('contacts'));
		expect(Object.keys(search.body as object).sort()).toEqual(
			Object.keys(fixture('contacts') as object).sort(),
		);
		const updated = await call('PATCH', `/crm/${id}`, { body: { notes: 'VIP' } });
		expectShapeOf(updated.body, fixture('contact'));
		const appointment = api.state.seedAppointment();
		const attendeeId = String((appointment.attendees as Array<{ id: string }>)[0].id);
		const byAttendee = await call('GET', `/crm/details?attendeeId=${attendeeId}`);
		expect(byAttendee.status).toBe(200);
		expectShapeOf(byAttendee.body, fixture('contact'));
		expect(await call('DELETE', `/crm/${id}`)).toEqual({ status: 204, body: undefined });
		expect(await call('GET', `/crm/details?contactId=${id}`)).toEqual({
			status: 404,
			body: fixture('error-404'),
		});
	});

	it('appointments: get, paginated, today, cancel and reschedule carry every documented field', async () => {
		const stored = api.state.seedAppointment({ id: 'a-1', start: new Date().toISOString() });
		expectShapeOf((await call('GET', '/v4/appointment/a-1')).body, fixture('appointment'));
		expectShapeOf(
			(await call('GET', '/v4/appointment/paginated?page=0&pageSize=10')).body,
			fixture('appointments-paginated'),
		);
		expectShapeOf((await call('GET', '/v4/appointment/today')).body, fixture('appointments-today'));
		const moved = await call('POST', '/v4/appointment/a-1/reschedule', {
			body: { start: '2026-03-10T14:00:00.000Z', ignoreAvailability: true },
		});
		expectShapeOf(moved.body, fixture('appointment-reschedule'));
		expect(moved.body).toMatchObject({ appointment: { secret: stored.secret } });
		const cancelled = await call('POST', '/v4/appointment/a-1/cancel', {
			body: { cancelAll: true },
		});
		expectShapeOf(cancelled.body, fixture('appointment'));
	});

	it('booking answers { appointmentId, secret }, or the double opt-in body', async () => {
		const body = {
			meetingTypeId: 'mt-uuid-456',
			start: '2024-01-15T09:00:00+01:00',
			hostIds: [api.state.owner.id],
			attendee: {
				email: 'customer@example.com',
				firstname: 'Jane',
				lastname: 'Doe',
				receiveReminders: true,
				notes: {},
			},
		};
		expect(shape((await call('POST', '/v4/booking', { body })).body)).toEqual(
			shape(fixture('booking')),
		);
		const pending = await call('POST', '/v4/booking', {
			body: { ...body, meetingTypeId: 'mt-uuid-789' },
		});
		expect(shape(pending.body)).toEqual(shape(fixture('booking-double-opt-in')));
	});

	it('availability answers the documented example (or the older guide’s on request)', async () => {
		const query = `meetingTypeId=mt-uuid-456&start=2024-01-15&end=2024-01-20&hostIds=${api.state.owner.id}`;
		expect((await call('GET', `/v4/booking-availability?${query}`)).body).toEqual(
			fixture('availability'),
		);
		api.state.availabilityShape = 'slots';
		expect((await call('GET', `/v4/booking-availability?${query}`)).body).toEqual(
			fixture('availability-slots'),
		);
	});
});

describe('meetergo fake: the documented error bodies', () => {
	it('401 without a token, 401 for a wrong one', async () => {
		expect(await call('GET', '/webhooks', { token: null })).toEqual({
			status: 401,
			body: fixture('error-401-missing-header'),
		});
		expect(await call('GET', '/webhooks', { token: 'rgo-wrong' })).toEqual({
			status: 401,
			body: fixture('error-401-invalid-key'),
		});
	});

	it('400 for a platform key without the user header; 403 for a user of another company', async () => {
		const personal = api.state.token;
		api.state.setToken('ak_live:00000000-0000-0000-0000-000000000000:secretpart', 'platform');
		try {
			expect(await call('GET', '/webhooks')).toEqual({
				status: 400,
				body: fixture('error-400-missing-user-header'),
			});
			expect(await call('GET', '/webhooks', { userId: 'someone-else' })).toEqual({
				status: 403,
				body: fixture('error-403'),
			});
		} finally {
			api.state.setToken(personal, 'personal');
		}
	});

	it('404 for an unknown appointment, webhook or contact', async () => {
		for (const [method, path] of [
			['GET', '/v4/appointment/nope'],
			['PATCH', '/webhooks/nope'],
			['PATCH', '/crm/nope'],
		])
			expect(await call(method, path, { body: method === 'GET' ? undefined : {} })).toEqual({
				status: 404,
				body: fixture('error-404'),
			});
	});

	it('429 past the rate limit', async () => {
		api.state.forceRateLimit(1, 5);
		expect(await call('GET', '/webhooks')).toEqual({ status: 429, body: fixture('error-429') });
	});
});

describe('meetergo fake: fields the documents do not list are refused by name', () => {
	const appointment = () => api.state.seedAppointment({ id: 'a-1' }).id;
	const contact = () => api.state.seedContact({ email: 'c@example.com' }).id;
	const booking = {
		meetingTypeId: 'mt-uuid-456',
		start: '2024-01-15T09:00:00+01:00',
		hostIds: [] as string[],
		attendee: { email: 'a@example.com', firstname: 'A', receiveReminders: true, notes: {} },
	};

	it.each<[string, string, () => string, Record<string, unknown> | undefined, string]>([
		[
			'POST',
			'/webhooks',
			() => '',
			{ endpoint: 'https://x.example', eventTypes: ['booking_created'], url: 'x' },
			'url',
		],
		[
			'PATCH',
			'/webhooks/{id}',
			() => api.state.addWebhook()?.id ?? '',
			{ events: ['booking_created'] },
			'events',
		],
		['POST', '/crm', () => '', { email: 'a@example.com', firstname: 'A' }, 'firstname'],
		['POST', '/crm', () => '', { email: 'a@example.com', phone: '+1' }, 'phone'],
		['POST', '/crm', () => '', { email: 'a@example.com', company: 'X' }, 'company'],
		['PATCH', '/crm/{id}', contact, { lastname: 'B' }, 'lastname'],
		[
			'POST',
			'/v4/appointment/{id}/cancel',
			appointment,
			{ cancelAll: true, comment: 'x' },
			'comment',
		],
		[
			'POST',
			'/v4/appointment/{id}/reschedule',
			appointment,
			{ start: '2026-03-10T14:00:00.000Z', newStart: 'x' },
			'newStart',
		],
		['PATCH', '/v4/appointment/{id}/notes', appointment, { note: 'x', notes: 'x' }, 'notes'],
		[
			'PATCH',
			'/v4/appointment/{id}/guest',
			appointment,
			{ attendeeId: 'att-uuid-789', email: 'a@example.com', emails: [] },
			'emails',
		],
		[
			'POST',
			'/v4/booking',
			() => '',
			{ ...booking, attendee: { ...booking.attendee, name: 'A' } },
			'attendee.name',
		],
		['POST', '/v4/booking', () => '', { ...booking, title: 'x' }, 'title'],
	])('%s %s refuses an undocumented body field', async (method, template, id, body, field) => {
		const path = template.replace('{id}', id());
		const answer = await call(method, path, { body });
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({
			statusCode: 400,
			error: 'Bad Request',
			message: expect.arrayContaining([`property ${field} should not exist`]),
		});
	});

	it.each([
		['/v4/appointment/paginated?page=0&pageSize=10&limit=10', 'limit'],
		['/v4/appointment/today?date=2024-01-15', 'date'],
		['/crm?search=anna', 'search'],
		['/crm/details?contactId=x&email=a@example.com', 'email'],
		['/v4/user?page=1', 'page'],
		[
			'/v4/booking-availability?meetingTypeId=mt-uuid-456&start=2024-01-15&end=2024-01-16&queueId=q&from=x',
			'from',
		],
	])('GET %s refuses an undocumented query field', async (path, field) => {
		const answer = await call('GET', path);
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({
			message: expect.arrayContaining([`property ${field} should not exist`]),
		});
	});

	it.each([
		['/v4/appointment/paginated', 'page must not be less than 0'],
		['/v4/appointment/paginated?page=0', 'pageSize must be a number between 1 and 100'],
		[
			'/v4/appointment/paginated?page=0&pageSize=101',
			'pageSize must be a number between 1 and 100',
		],
		['/v4/appointment/paginated?page=-1&pageSize=10', 'page must not be less than 0'],
		['/crm?page=0', 'page must not be less than 1'],
		['/crm?limit=101', 'limit must not be greater than 100'],
		['/crm/details', 'contactId or attendeeId must be given'],
		[
			'/v4/booking-availability?meetingTypeId=mt-uuid-456&start=2024-01-15T00:00:00Z&end=2024-01-16&queueId=q',
			'start must be a date in YYYY-MM-DD format',
		],
		[
			'/v4/booking-availability?meetingTypeId=mt-uuid-456&start=2024-01-15&end=2024-01-16&hostIds=a,b',
			'each value in hostIds must be a UUID (repeat the key for several hosts)',
		],
	])('GET %s checks the documented format: %s', async (path, message) => {
		const answer = await call('GET', path);
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({ message: expect.arrayContaining([message]) });
	});

	it('a contact needs an email or a phone number; either alone is enough', async () => {
		expect((await call('POST', '/crm', { body: { firstName: 'A' } })).body).toMatchObject({
			message: ['email or phoneNumber must be provided'],
		});
		expect((await call('POST', '/crm', { body: { phoneNumber: '+49 30 1' } })).status).toBe(201);
		expect((await call('POST', '/crm', { body: { email: 'x@example.com' } })).status).toBe(201);
	});
});
