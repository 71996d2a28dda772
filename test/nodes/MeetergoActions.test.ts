import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeParameters,
	type INodeProperties,
} from 'n8n-workflow';

import {
	forgetRecentRequests,
	MAX_RATE_LIMIT_WAIT_SECONDS,
	PACED_REQUESTS_PER_MINUTE,
	rateLimitClock,
	retryAfterSeconds,
} from '../../nodes/Meetergo/api';
import { resources } from '../../nodes/Meetergo/actions';
import { isoTime, withoutSecrets } from '../../nodes/Meetergo/actions/common';
import { Meetergo } from '../../nodes/Meetergo/Meetergo.node';
import { fixture, start, type MeetergoApiFake } from '../fakes/meetergo-api.cjs';
import {
	credentialTypes,
	meetergoCredentialAsN8nGivesIt,
	runAction,
	withDefaults,
} from '../helpers/meetergo';
import { httpRequestWithAuthentication } from '../helpers/n8nHttp';

let api: MeetergoApiFake;
let waits: number[] = [];
const realClock = { ...rateLimitClock };

beforeAll(async () => {
	api = await start();
});
afterAll(async () => {
	Object.assign(rateLimitClock, realClock);
	await api.close();
});
beforeEach(() => {
	api.state.reset();
	api.state.users.splice(2);
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

function credential(token = api.state.token): IDataObject {
	return { credentialKind: 'personalAccessToken', token, baseUrl: api.url };
}

async function run(
	parameters: INodeParameters,
	options: {
		continueOnFail?: boolean;
		items?: IDataObject[];
		typeVersion?: number;
		token?: string;
	} = {},
) {
	return await runAction(new Meetergo(), {
		parameters,
		credential: credential(options.token),
		// New nodes are version 2; version-1 tests say so.
		typeVersion: options.typeVersion ?? 2,
		continueOnFail: options.continueOnFail,
		items: (options.items ?? [{}]).map((json) => ({ json })),
	});
}

async function failure(parameters: INodeParameters): Promise<NodeApiError & NodeOperationError> {
	const error = await run(parameters).then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeDefined();
	return error as NodeApiError & NodeOperationError;
}

const calls = () => api.state.requests.map((request) => `${request.method} ${request.path}`);
const appointmentOp = (operation: string, fields: INodeParameters = {}): INodeParameters => ({
	resource: 'appointment',
	operation,
	...fields,
});

function seedAppointments(count: number) {
	return Array.from({ length: count }, (_, index) =>
		api.state.seedAppointment({
			id: `appt-${String(index).padStart(3, '0')}`,
			start: new Date(Date.UTC(2026, 0, 1, 9) + index * 3_600_000).toISOString(),
		}),
	);
}

describe('meetergo node: layout', () => {
	it('has one operation file per operation, each with fields and execute, behind the shared router', () => {
		expect(
			Object.fromEntries(
				Object.entries(resources).map(([name, operations]) => [name, Object.keys(operations)]),
			),
		).toEqual({
			appointment: [
				'get',
				'getAll',
				'getToday',
				'cancel',
				'reschedule',
				'updateNotes',
				'updateGuest',
			],
			availability: ['get'],
			booking: ['create'],
			contact: ['create', 'delete', 'get', 'getByAttendee', 'getAll', 'update'],
			meetingType: ['get', 'getAll'],
			oneTimeLink: ['create'],
			user: ['getMe', 'getAll'],
			webhook: ['create', 'delete', 'get', 'getAll', 'update'],
		});
		for (const operations of Object.values(resources))
			for (const operation of Object.values(operations)) {
				expect(Array.isArray(operation.description)).toBe(true);
				expect(typeof operation.execute).toBe('function');
			}
		const description = new Meetergo().description;
		expect(description.name).toBe('meetergo');
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([
			{ name: 'meetingWebhooksMeetergoApi', required: true },
		]);
	});
});

describe('meetergo node: versions', () => {
	it('new nodes are version 2 and open on Appointment; version 1 keeps opening on Webhook', () => {
		const description = new Meetergo().description;
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
		const node = new Meetergo();
		expect(withDefaults(node, {}, 2).resource).toBe('appointment');
		expect(withDefaults(node, {}, 1).resource).toBe('webhook');
	});

	it('version 2: Webhook → Get Many lists all (at most 6) without Return All or Limit', async () => {
		for (let index = 0; index < 6; index++) api.state.addWebhook();
		const node = new Meetergo();
		expect(withDefaults(node, { resource: 'webhook', operation: 'getAll' }, 2)).not.toHaveProperty(
			'returnAll',
		);
		const all = await run({ resource: 'webhook', operation: 'getAll', limit: 2 });
		expect(all).toHaveLength(6);
		const limited = await run(
			{ resource: 'webhook', operation: 'getAll', limit: 2 },
			{ typeVersion: 1 },
		);
		expect(limited).toHaveLength(2);
	});

	it('Appointment → Get Many offers the status as a dropdown', async () => {
		const status = new Meetergo().description.properties
			.filter((property) => property.name === 'filters')
			.flatMap((property) => property.options ?? [])
			.find((option) => 'name' in option && option.name === 'status') as INodeProperties;
		expect(status.type).toBe('options');
		expect(status.options?.map((option) => (option as { value: string }).value)).toEqual([
			'active',
			'cancelled',
		]);
		api.state.seedAppointment({ id: 'live' });
		api.state.seedAppointment({ id: 'gone', isCancelled: true });
		const cancelled = await run(
			appointmentOp('getAll', { returnAll: true, filters: { status: 'cancelled' } }),
		);
		expect(cancelled.map((item) => item.json.id)).toEqual(['gone']);
		expect(api.state.requests[0].query).toMatchObject({ status: 'cancelled' });
	});

	it("Get Many's user filter is a picker of hosts; a saved ID as text still works", async () => {
		await run(
			appointmentOp('getAll', {
				limit: 1,
				filters: { userId: { __rl: true, mode: 'list', value: api.state.owner.id } },
			}),
		);
		await run(appointmentOp('getAll', { limit: 1, filters: { userId: 'user-as-text' } }), {
			typeVersion: 1,
		});
		await run(
			appointmentOp('getAll', { limit: 1, filters: { userId: { mode: 'list', value: '' } } }),
		);
		expect(api.state.requests.map((request) => request.query.userId)).toEqual([
			api.state.owner.id,
			'user-as-text',
			undefined,
		]);
	});

	it('the contact, webhook, meeting type and user fields are pickers with a searchable list', () => {
		const properties = new Meetergo().description.properties;
		for (const [name, method] of [
			['contactId', 'searchContacts'],
			['webhookId', 'searchWebhooks'],
			['meetingTypeId', 'searchMeetingTypes'],
			['userId', 'searchHosts'],
		]) {
			const field = [
				...properties,
				...properties.flatMap((property) => (property.options ?? []) as INodeProperties[]),
			].find((property) => property.name === name);
			expect([name, field?.type]).toEqual([name, 'resourceLocator']);
			expect(field?.modes?.[0]).toMatchObject({
				name: 'list',
				typeOptions: { searchListMethod: method, searchable: true },
			});
		}
	});
});

describe('meetergo node: appointments', () => {
	it('Get Appointment takes the ID from the incoming item by default (a trigger item)', () => {
		const field = new Meetergo().description.properties.find(
			(property) =>
				property.name === 'appointmentId' &&
				property.displayOptions?.show?.operation?.includes('get'),
		);
		expect(field?.default).toBe('={{ $json.id }}');
	});

	it('gets many with Return All: 0-indexed pages of 100 until the total is in', async () => {
		seedAppointments(230);
		const output = await run(appointmentOp('getAll', { returnAll: true }));
		expect(output).toHaveLength(230);
		expect(output[0].json.id).toBe('appt-000');
		expect(output[229].json.id).toBe('appt-229');
		expect(output.every((item) => !('secret' in item.json))).toBe(true);
		expect(api.state.requests.map((request) => request.query)).toEqual([
			{ page: '0', pageSize: '100' },
			{ page: '1', pageSize: '100' },
			{ page: '2', pageSize: '100' },
		]);
		expect(output[5].pairedItem).toEqual({ item: 0 });
	});

	it('gets many up to a Limit, asking for no more than needed, with filters passed on', async () => {
		seedAppointments(30);
		const output = await run(
			appointmentOp('getAll', {
				returnAll: false,
				limit: 7,
				filters: {
					start: '2026-01-01T10:00:00.000Z',
					sortBy: 'appointment.createdAt',
					sortDirection: 'DESC',
					search: '',
				},
			}),
		);
		expect(output).toHaveLength(7);
		expect(api.state.requests).toHaveLength(1);
		expect(api.state.requests[0].query).toEqual({
			page: '0',
			pageSize: '7',
			start: '2026-01-01T10:00:00.000Z',
			sortBy: 'appointment.createdAt',
			sortDirection: 'DESC',
		});
	});

	it('reads a bare list too (the docs leave the answer shape open) and stops at a short page', async () => {
		api.state.listShape = 'bare';
		seedAppointments(150);
		const output = await run(appointmentOp('getAll', { returnAll: true }));
		expect(output).toHaveLength(150);
		expect(api.state.requests).toHaveLength(2);
	});

	it("gets today's appointments", async () => {
		const today = api.state.seedAppointment({ id: 'today', start: new Date().toISOString() });
		api.state.seedAppointment({ id: 'later', start: '2099-01-01T09:00:00.000Z' });
		const output = await run(appointmentOp('getToday'));
		expect(output.map((item) => item.json.id)).toEqual([today.id]);
		expect(calls()).toEqual(['GET /v4/appointment/today']);
		api.state.listShape = 'bare';
		expect(await run(appointmentOp('getToday'))).toHaveLength(1);
	});

	it('cancels the whole appointment, with a reason and the series', async () => {
		api.state.seedAppointment({ id: 'a-1' });
		const [item] = await run(
			appointmentOp('cancel', {
				appointmentId: 'a-1',
				additionalFields: { reason: 'Double booked', cancelEntireSeries: true },
			}),
		);
		expect(api.state.requests[0]).toMatchObject({
			method: 'POST',
			path: '/v4/appointment/a-1/cancel',
			body: { cancelAll: true, reason: 'Double booked', cancelEntireSeries: true },
		});
		// The cancelled appointment, as Get outputs it: secret left out.
		expect(item.json).toMatchObject({ id: 'a-1', isCancelled: true });
		expect(item.json).not.toHaveProperty('secret');
		expect(api.state.appointments.get('a-1')).toMatchObject({
			isCancelled: true,
			cancel: { reason: 'Double booked' },
		});
	});

	it('removes one attendee of a group booking', async () => {
		const group = api.state.seedAppointment({
			id: 'g-1',
			attendees: [
				{ id: 'att-1', email: 'a@example.com' },
				{ id: 'att-2', email: 'b@example.com' },
			],
		});
		await run(
			appointmentOp('cancel', { appointmentId: group.id, scope: 'attendee', attendeeId: 'att-2' }),
		);
		expect(api.state.requests[0].body).toEqual({ attendeeId: 'att-2' });
		expect(api.state.appointments.get('g-1')).toMatchObject({
			isCancelled: false,
			attendees: [{ id: 'att-1' }],
		});
	});

	it('refuses a reason over 500 characters before calling meetergo', async () => {
		api.state.seedAppointment({ id: 'a-1' });
		const error = await failure(
			appointmentOp('cancel', {
				appointmentId: 'a-1',
				additionalFields: { reason: 'x'.repeat(501) },
			}),
		);
		expect(error.message).toBe('Reason is longer than 500 characters');
		expect(api.state.requests).toHaveLength(0);
	});

	it("passes meetergo's 400 on with what to check (cancelled already)", async () => {
		api.state.seedAppointment({ id: 'a-1', isCancelled: true });
		const error = await failure(appointmentOp('cancel', { appointmentId: 'a-1' }));
		expect(error.httpCode).toBe('400');
		expect(error.message).toBe(
			'meetergo refused the request as invalid (400): Appointment is already cancelled',
		);
		expect(error.description).toContain('not cancelled already');
	});

	it('reschedules, and says so when the slot is not available', async () => {
		api.state.seedAppointment({
			id: 'a-1',
			start: '2026-01-15T09:00:00.000Z',
			end: '2026-01-15T09:30:00.000Z',
		});
		const [item] = await run(
			appointmentOp('reschedule', { appointmentId: 'a-1', start: '2026-01-16T10:00:00.000Z' }),
		);
		expect(api.state.requests[0]).toMatchObject({
			path: '/v4/appointment/a-1/reschedule',
			body: { start: '2026-01-16T10:00:00.000Z' },
		});
		expect(item.json).toMatchObject({ id: 'a-1', end: '2026-01-16T10:30:00.000Z' });
		const refused = await failure(
			appointmentOp('reschedule', { appointmentId: 'a-1', start: '2026-01-16T22:00:00.000Z' }),
		);
		expect(refused.message).toContain('The selected time is not available');
		expect(refused.description).toContain('Ignore Availability');
		await run(
			appointmentOp('reschedule', {
				appointmentId: 'a-1',
				start: '2026-01-16T22:00:00.000Z',
				ignoreAvailability: true,
			}),
		);
		expect(api.state.requests.at(-1)?.body).toEqual({
			start: '2026-01-16T22:00:00.000Z',
			ignoreAvailability: true,
		});
	});

	it("outputs the rescheduled appointment unwrapped, in Get's shape, without the secret at any depth", async () => {
		const stored = api.state.seedAppointment({
			id: 'a-2',
			start: '2026-01-15T09:00:00.000Z',
			end: '2026-01-15T09:30:00.000Z',
		});
		const [moved] = await run(
			appointmentOp('reschedule', { appointmentId: 'a-2', start: '2026-01-16T10:00:00.000Z' }),
		);
		const [got] = await run(appointmentOp('get', { appointmentId: 'a-2' }));
		expect(moved.json).toEqual(got.json);
		expect(moved.json).not.toHaveProperty('appointment');
		expect(JSON.stringify(moved.json)).not.toContain(String(stored.secret));
		const [kept] = await run(
			appointmentOp('reschedule', {
				appointmentId: 'a-2',
				start: '2026-01-16T11:00:00.000Z',
				options: { includeSecret: true },
			}),
		);
		expect(kept.json.secret).toBe(stored.secret);
	});

	it('Booking → Get Appointment needs no mapping: the booking outputs the id Get reads', async () => {
		const [booked] = await run({
			resource: 'booking',
			operation: 'create',
			meetingTypeId: 'mt-uuid-456',
			start: '2026-02-02T10:00:00.000Z',
			hostIds: [api.state.owner.id],
			email: 'jane@example.com',
			firstname: 'Jane',
		});
		// Get's Appointment ID defaults to {{ $json.id }}: the booking item's `id`.
		const [got] = await run(appointmentOp('get', { appointmentId: String(booked.json.id) }), {
			items: [booked.json],
		});
		expect(got.json.id).toBe(booked.json.appointmentId);
		expect(got.json).not.toHaveProperty('secret');
	});

	it('updates the notes (replacing them) and a guest', async () => {
		api.state.seedAppointment({ id: 'a-1' });
		const [notes] = await run(
			appointmentOp('updateNotes', { appointmentId: 'a-1', note: 'Bring the contract' }),
		);
		expect(notes.json).toMatchObject({ id: 'a-1', notes: 'Bring the contract' });
		expect(notes.json).not.toHaveProperty('secret');
		expect(api.state.requests[0]).toMatchObject({
			method: 'PATCH',
			path: '/v4/appointment/a-1/notes',
			body: { note: 'Bring the contract' },
		});
		await run(
			appointmentOp('updateGuest', {
				appointmentId: 'a-1',
				attendeeId: 'att-uuid-789',
				email: 'new@example.com',
			}),
		);
		expect(api.state.requests[1]).toMatchObject({
			method: 'PATCH',
			path: '/v4/appointment/a-1/guest',
			body: { attendeeId: 'att-uuid-789', email: 'new@example.com' },
		});
		expect(api.state.appointments.get('a-1')?.attendees).toMatchObject([
			{ email: 'new@example.com' },
		]);
	});

	it('says which appointment is unknown (404) on every appointment operation', async () => {
		for (const [operation, fields] of [
			['cancel', {}],
			['reschedule', { start: '2026-01-16T10:00:00.000Z' }],
			['updateNotes', { note: 'x' }],
			['updateGuest', { attendeeId: 'a', email: 'a@example.com' }],
		] as const) {
			const error = await failure(appointmentOp(operation, { appointmentId: 'nope', ...fields }));
			expect(error.httpCode).toBe('404');
			expect(error.message).toBe(
				'meetergo has no appointment with ID "nope" that this credential can see',
			);
		}
	});
});

describe('meetergo node: booking and availability', () => {
	const booking = (fields: INodeParameters = {}): INodeParameters => ({
		resource: 'booking',
		operation: 'create',
		meetingTypeId: { __rl: true, mode: 'list', value: 'mt-uuid-456' },
		start: '2026-02-02T10:00:00.000Z',
		assignTo: 'hosts',
		hostIds: [api.state.owner.id],
		email: 'jane@example.com',
		firstname: 'Jane',
		lastname: 'Doe',
		...fields,
	});

	it('books: the appointment ID comes back, the secret only when asked for', async () => {
		const [item] = await run(
			booking({ attendeeFields: { phone: '+49 30 1234', notes: '{"topic":"pricing"}' } }),
		);
		expect(api.state.requests[0]).toMatchObject({
			method: 'POST',
			path: '/v4/booking',
			body: {
				meetingTypeId: 'mt-uuid-456',
				start: '2026-02-02T10:00:00.000Z',
				hostIds: [api.state.owner.id],
				attendee: {
					email: 'jane@example.com',
					firstname: 'Jane',
					lastname: 'Doe',
					phone: '+49 30 1234',
					receiveReminders: true,
					notes: { topic: 'pricing' },
				},
			},
		});
		// `id` too: Appointment → Get reads {{ $json.id }} by default.
		expect(item.json).toEqual({
			status: 'booked',
			id: item.json.appointmentId,
			appointmentId: expect.any(String),
		});
		const stored = api.state.appointments.get(String(item.json.appointmentId));
		expect(stored).toBeDefined();
		const [withSecret] = await run(booking({ options: { includeSecret: true } }));
		expect(withSecret.json.secret).toEqual(expect.any(String));
	});

	it('books through a queue', async () => {
		await run(booking({ assignTo: 'queue', queueId: 'queue-1' }));
		expect(api.state.requests[0].body).toMatchObject({ queueId: 'queue-1' });
		expect(api.state.requests[0].body).not.toHaveProperty('hostIds');
	});

	it('gives a double opt-in answer its own shape', async () => {
		const [item] = await run(
			booking({ meetingTypeId: { __rl: true, mode: 'id', value: 'mt-uuid-789' } }),
		);
		expect(item.json).toEqual({
			status: 'awaitingConfirmation',
			bookingType: 'DoubleOptIn',
			provisionalBookingId: api.state.provisionalBookings[0].provisionalBookingId,
			note: expect.stringContaining('confirm by email'),
		});
		expect(api.state.appointments.size).toBe(0);
	});

	it.each([
		['no hosts', { hostIds: [] }, 'Pick at least one host, or a queue'],
		['no name', { firstname: '', lastname: '' }, "The attendee's name is empty"],
		['notes that are not an object', { attendeeFields: { notes: '[1]' } }, 'must be a JSON object'],
	])('refuses a booking with %s before calling meetergo', async (_name, fields, message) => {
		const error = await failure(booking(fields as INodeParameters));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain(message);
		expect(api.state.requests).toHaveLength(0);
	});

	it('reports an unknown meeting type (404) and a taken slot (400) with what to check', async () => {
		const unknown = await failure(
			booking({ meetingTypeId: { __rl: true, mode: 'id', value: 'mt-x' } }),
		);
		expect(unknown.httpCode).toBe('404');
		expect(unknown.message).toBe(
			'meetergo does not know meeting type "mt-x" (or a host or queue given)',
		);
		api.state.failNext({ status: 400, message: 'Slot is no longer available' });
		const taken = await failure(booking());
		expect(taken.message).toContain('Slot is no longer available');
		expect(taken.description).toContain('Availability → Get');
	});

	it('gets availability by day for hosts (repeated hostIds), one item per slot', async () => {
		const colleague = api.state.users[1].id;
		const items = await run({
			resource: 'availability',
			operation: 'get',
			meetingTypeId: { __rl: true, mode: 'list', value: 'mt-uuid-456' },
			start: '2026-02-02T00:00:00.000Z',
			end: '2026-02-03T10:00:00',
			hostIds: [api.state.owner.id, colleague],
			additionalFields: { timezone: 'Europe/Berlin', meetingDuration: 45 },
		});
		expect(api.state.requests[0]).toMatchObject({
			path: '/v4/booking-availability',
			status: 200,
			queryAll: {
				meetingTypeId: ['mt-uuid-456'],
				start: ['2026-02-02'],
				end: ['2026-02-03'],
				hostIds: [api.state.owner.id, colleague],
				timezone: ['Europe/Berlin'],
				meetingDuration: ['45'],
			},
		});
		const slot = (date: string, start: string) => ({
			date,
			start,
			timeZone: 'Europe/Berlin',
			unavailabilityEvents: [],
			meetingTypeId: 'mt-uuid-456',
		});
		expect(items.map((item) => item.json)).toEqual([
			slot('2024-01-15', '2024-01-15T09:00:00+01:00'),
			slot('2024-01-15', '2024-01-15T09:30:00+01:00'),
			slot('2024-01-16', '2024-01-16T11:00:00+01:00'),
		]);
	});

	it("reads the older guide's { slots: [{ date, times }] } too, and gives the raw answer on request", async () => {
		const parameters = {
			resource: 'availability',
			operation: 'get',
			meetingTypeId: 'mt-uuid-456',
			start: '2026-02-02',
			end: '2026-02-03',
			hostIds: [api.state.owner.id],
		};
		api.state.availabilityShape = 'slots';
		const slots = await run(parameters);
		expect(slots).toHaveLength(8);
		expect(slots[7].json).toEqual({
			date: '2024-01-16',
			start: '2024-01-16T15:00:00+01:00',
			timeZone: 'Europe/Berlin',
			meetingTypeId: 'mt-uuid-456',
		});
		api.state.availabilityShape = 'dates';
		const [raw] = await run({ ...parameters, output: 'raw' });
		expect(raw.json).toMatchObject({
			meetingTypeId: 'mt-uuid-456',
			start: '2026-02-02',
			end: '2026-02-03',
			timezone: 'Europe/Berlin',
			dates: expect.any(Array),
		});
	});

	it('gets availability for a queue', async () => {
		await run({
			resource: 'availability',
			operation: 'get',
			meetingTypeId: 'mt-uuid-456',
			start: '2026-02-02T00:00:00.000Z',
			end: '2026-02-03T00:00:00.000Z',
			assignTo: 'queue',
			queueId: 'q-1',
		});
		expect(api.state.requests[0].query).toMatchObject({ queueId: 'q-1' });
	});
});

describe('meetergo node: meeting types, users, one-time links', () => {
	it('gets many meeting types (a list or one under a key) and one by ID', async () => {
		const all = await run({ resource: 'meetingType', operation: 'getAll', returnAll: true });
		expect(all.map((item) => item.json.id)).toEqual(['mt-uuid-456', 'mt-uuid-789']);
		const limited = await run({ resource: 'meetingType', operation: 'getAll', limit: 1 });
		expect(limited).toHaveLength(1);
		api.state.listShape = 'bare';
		expect(
			await run({ resource: 'meetingType', operation: 'getAll', returnAll: true }),
		).toHaveLength(2);
		const [one] = await run({
			resource: 'meetingType',
			operation: 'get',
			meetingTypeId: { __rl: true, mode: 'id', value: 'mt-uuid-789' },
		});
		expect(one.json).toMatchObject({ meetingInfo: { name: 'Consultation (confirm by email)' } });
		const missing = await failure({
			resource: 'meetingType',
			operation: 'get',
			meetingTypeId: 'x',
		});
		expect(missing.message).toBe(
			'meetergo has no meeting type with ID "x" that this credential can see',
		);
	});

	it('gets me, and many users with limit/offset paging', async () => {
		const [me] = await run({ resource: 'user', operation: 'getMe' });
		expect(me.json).toMatchObject({ id: api.state.owner.id, isAdmin: true });
		for (let index = 0; index < 3; index++)
			api.state.users.push({
				...api.state.users[1],
				id: `user-${index}`,
				email: `u${index}@example.com`,
			});
		const all = await run({ resource: 'user', operation: 'getAll', returnAll: true });
		expect(all).toHaveLength(5);
		const limited = await run({ resource: 'user', operation: 'getAll', limit: 2 });
		expect(limited.map((item) => item.json.id)).toEqual(
			api.state.users.slice(0, 2).map((u) => u.id),
		);
		expect(api.state.requests.at(-1)?.query).toEqual({ offset: '0', limit: '2' });
	});

	it('pages users by offset until a short page', async () => {
		for (let index = 0; index < 150; index++)
			api.state.users.push({ ...api.state.users[1], id: `user-${index}` });
		const all = await run({ resource: 'user', operation: 'getAll', returnAll: true });
		expect(all).toHaveLength(152);
		expect(api.state.requests.map((request) => request.query)).toEqual([
			{ offset: '0', limit: '100' },
			{ offset: '100', limit: '100' },
		]);
	});

	it('explains 403 for a user who is no admin listing users', async () => {
		api.state.failNext({ status: 403, message: 'Only admins can list users' });
		const error = await failure({ resource: 'user', operation: 'getAll', returnAll: true });
		expect(error.httpCode).toBe('403');
		expect(error.message).toBe('meetergo refused the request (403 Forbidden)');
		expect(error.description).toContain('Only admins can list users');
	});

	it('creates a one-time booking link', async () => {
		const [item] = await run({
			resource: 'oneTimeLink',
			operation: 'create',
			meetingTypeId: { __rl: true, mode: 'list', value: 'mt-uuid-456' },
		});
		expect(api.state.requests[0]).toMatchObject({
			method: 'POST',
			path: '/v4/one-time-booking-link/create/mt-uuid-456',
		});
		expect(item.json).toMatchObject({
			meetingTypeId: 'mt-uuid-456',
			url: api.state.oneTimeLinks[0].url,
		});
	});
});

describe('meetergo node: contacts (CRM at the host root)', () => {
	it("creates a contact at /crm with meetergo's field names, and outputs the contact itself", async () => {
		const [item] = await run({
			resource: 'contact',
			operation: 'create',
			email: 'jane@example.com',
			phoneNumber: '+49 30 1234',
			additionalFields: {
				firstName: 'Jane',
				lastName: 'Doe',
				notes: 'Met at the fair',
				tags: ['Lead', 'Enterprise'],
				crmCompanyId: 'crm-company-1',
				json: '{"accountOwnerId":"owner-1"}',
			},
		});
		expect(api.state.requests[0]).toMatchObject({
			method: 'POST',
			path: '/crm',
			status: 201,
			body: {
				email: 'jane@example.com',
				phoneNumber: '+49 30 1234',
				firstName: 'Jane',
				lastName: 'Doe',
				notes: 'Met at the fair',
				tags: ['Lead', 'Enterprise'],
				crmCompanyId: 'crm-company-1',
				accountOwnerId: 'owner-1',
			},
		});
		// The contact's own fields at the top (not under `item`), the wrapper's others beside them.
		expect(item.json).toMatchObject({
			id: expect.any(String),
			email: 'jane@example.com',
			firstName: 'Jane',
			phoneNumber: '+49 30 1234',
			appointments: [],
			nextAppointmentIso: null,
		});
		expect(item.json).not.toHaveProperty('item');
	});

	it('creates a contact from a phone number alone; neither email nor phone names both', async () => {
		const [item] = await run({ resource: 'contact', operation: 'create', phoneNumber: '+49 30 9' });
		expect(api.state.requests[0].body).toEqual({ phoneNumber: '+49 30 9' });
		expect(item.json.phoneNumber).toBe('+49 30 9');
		const error = await failure({ resource: 'contact', operation: 'create' });
		expect(error.message).toBe('Email and Phone Number are both empty');
		expect(error.description).toContain('email or phone number');
		expect(api.state.requests).toHaveLength(1);
	});

	it("version 1 (saved workflows): its firstname/lastname/phone go out under meetergo's names; company stops", async () => {
		await run(
			{
				resource: 'contact',
				operation: 'create',
				email: 'old@example.com',
				additionalFields: { firstname: 'Olga', lastname: 'Old', phone: '+1 555' },
			},
			{ typeVersion: 1 },
		);
		expect(api.state.requests[0].body).toEqual({
			email: 'old@example.com',
			firstName: 'Olga',
			lastName: 'Old',
			phoneNumber: '+1 555',
		});
		const error = await run(
			{
				resource: 'contact',
				operation: 'create',
				email: 'old@example.com',
				additionalFields: { company: 'Example GmbH' },
			},
			{ typeVersion: 1 },
		).then(
			() => undefined,
			(caught: NodeOperationError) => caught,
		);
		expect(error).toBeDefined();
		if (error === undefined) return;
		expect(error.message).toBe("meetergo's CRM has no Company field");
		expect(error.description).toContain('CRM Company ID');
	});

	it('a field meetergo does not document is refused by the API with 400 naming it', async () => {
		const error = await failure({
			resource: 'contact',
			operation: 'create',
			email: 'jane@example.com',
			additionalFields: { json: '{"company":"Example GmbH"}' },
		});
		expect(error.httpCode).toBe('400');
		expect(error.message).toContain('property company should not exist');
	});

	it("passes a conflict (409) on with meetergo's message", async () => {
		api.state.seedContact({ email: 'jane@example.com' });
		const error = await failure({
			resource: 'contact',
			operation: 'create',
			email: 'jane@example.com',
		});
		expect(error.httpCode).toBe('409');
		expect(error.message).toBe(
			'meetergo answered with an error (409): A contact with this email already exists',
		);
	});

	it('gets one contact (unwrapped, as Create outputs it), and says so for an unknown one', async () => {
		const contact = api.state.seedContact({ email: 'c@example.com', firstName: 'Cora' });
		const [item] = await run({
			resource: 'contact',
			operation: 'get',
			contactId: { __rl: true, mode: 'list', value: contact.id },
		});
		expect(item.json).toEqual({ ...contact, appointments: [], nextAppointmentIso: null });
		expect(api.state.requests[0]).toMatchObject({
			path: '/crm/details',
			query: { contactId: contact.id },
		});
		const error = await failure({ resource: 'contact', operation: 'get', contactId: 'nope' });
		expect(error.message).toBe(
			'meetergo\'s CRM has no contact with ID "nope" that this credential can see',
		);
	});

	it("gets a booking attendee's contact by attendee ID (meetergo makes one per booking)", async () => {
		const appointment = api.state.seedAppointment({ id: 'a-crm' });
		const attendee = (appointment.attendees as IDataObject[])[0];
		const [item] = await run(
			{ resource: 'contact', operation: 'getByAttendee', attendeeId: String(attendee.id) },
			{ items: [appointment as IDataObject] },
		);
		expect(api.state.requests[0]).toMatchObject({
			path: '/crm/details',
			query: { attendeeId: attendee.id },
			status: 200,
		});
		expect(item.json).toMatchObject({ email: attendee.email, firstName: attendee.firstname });
		expect(JSON.stringify(item.json)).not.toContain(String(appointment.secret));
		const error = await failure({
			resource: 'contact',
			operation: 'getByAttendee',
			attendeeId: 'no-such-attendee',
		});
		expect(error.httpCode).toBe('404');
		expect(error.message).toBe(
			'meetergo\'s CRM has no contact for attendee "no-such-attendee" that this credential can see',
		);
	});

	it('gets many contacts: 1-indexed pages, search passed on, one item per contact in the same shape', async () => {
		for (let index = 0; index < 120; index++)
			api.state.seedContact({ id: `c-${index}`, email: `person${index}@example.com` });
		api.state.seedContact({ id: 'other', email: 'someone@else.org' });
		const all = await run({
			resource: 'contact',
			operation: 'getAll',
			returnAll: true,
			searchTerm: 'example.com',
		});
		expect(all).toHaveLength(120);
		expect(all[0].json).toEqual({
			...api.state.contacts.get('c-0'),
			appointments: [],
			nextAppointmentIso: null,
		});
		expect(api.state.requests.map((request) => request.query)).toEqual([
			{ searchTerm: 'example.com', page: '1', limit: '100' },
			{ searchTerm: 'example.com', page: '2', limit: '100' },
		]);
		api.state.listShape = 'bare';
		const limited = await run({ resource: 'contact', operation: 'getAll', limit: 3 });
		expect(limited.map((item) => item.json.id)).toEqual(['c-0', 'c-1', 'c-2']);
	});

	it('updates only the fields given, and outputs the contact in the same shape', async () => {
		const contact = api.state.seedContact({ email: 'c@example.com', phoneNumber: null });
		const [item] = await run({
			resource: 'contact',
			operation: 'update',
			contactId: { __rl: true, mode: 'id', value: contact.id },
			updateFields: { phoneNumber: '+49 30 1', tags: 'Lead, Recurring' },
		});
		expect(api.state.requests[0]).toMatchObject({
			method: 'PATCH',
			path: `/crm/${contact.id}`,
			body: { phoneNumber: '+49 30 1', tags: ['Lead', 'Recurring'] },
		});
		expect(item.json).toMatchObject({
			id: contact.id,
			email: 'c@example.com',
			phoneNumber: '+49 30 1',
			tags: ['Lead', 'Recurring'],
		});
		expect(item.json).not.toHaveProperty('item');
		const nothing = await failure({
			resource: 'contact',
			operation: 'update',
			contactId: contact.id,
			updateFields: {},
		});
		expect(nothing.message).toContain('Nothing to update');
	});

	it('deletes a contact (204), and says so for an unknown one', async () => {
		const contact = api.state.seedContact({ email: 'gone@example.com' });
		const [item] = await run({ resource: 'contact', operation: 'delete', contactId: contact.id });
		expect(item.json).toEqual({ id: contact.id, deleted: true });
		expect(api.state.requests[0]).toMatchObject({
			method: 'DELETE',
			path: `/crm/${contact.id}`,
			status: 204,
		});
		expect(api.state.contacts.has(contact.id)).toBe(false);
		const error = await failure({
			resource: 'contact',
			operation: 'delete',
			contactId: contact.id,
		});
		expect(error.httpCode).toBe('404');
	});
});

describe('meetergo node: secrets', () => {
	it('withoutSecrets drops secret, token and key fields at any depth, and nothing else', () => {
		const answer = {
			id: 'a-1',
			secret: 's-top',
			appointment: { id: 'a-1', secret: 's-nested', attendees: [{ id: 'x', token: 't-1' }] },
			list: [{ accessToken: 'at', refreshToken: 'rt', apiKey: 'k', kept: 1 }],
			secretive: 'not a secret key',
			notes: null,
		};
		expect(withoutSecrets(answer)).toEqual({
			id: 'a-1',
			appointment: { id: 'a-1', attendees: [{ id: 'x' }] },
			list: [{ kept: 1 }],
			secretive: 'not a secret key',
			notes: null,
		});
		expect(answer.appointment.secret).toBe('s-nested');
	});

	it('every other operation leaves secrets out of whatever meetergo answers', async () => {
		const answer = { id: 'u-1', apiKey: 'key-1', calendar: { accessToken: 'at-1', name: 'Work' } };
		for (const parameters of [
			{ resource: 'user', operation: 'getMe' },
			{ resource: 'meetingType', operation: 'get', meetingTypeId: 'mt-uuid-456' },
			{ resource: 'oneTimeLink', operation: 'create', meetingTypeId: 'mt-uuid-456' },
		]) {
			api.state.failNext({ status: 200, body: answer });
			const [item] = await run(parameters);
			expect(item.json).toMatchObject({ id: 'u-1', calendar: { name: 'Work' } });
			expect(JSON.stringify(item.json)).not.toMatch(/key-1|at-1/);
		}
	});

	it('every appointment operation leaves the secret out unless asked for', async () => {
		const stored = api.state.seedAppointment({ id: 'a-s', start: new Date().toISOString() });
		const outputs = [
			...(await run(appointmentOp('get', { appointmentId: 'a-s' }))),
			...(await run(appointmentOp('getAll', { returnAll: true }))),
			...(await run(appointmentOp('getToday'))),
			...(await run(appointmentOp('updateNotes', { appointmentId: 'a-s', note: 'n' }))),
			...(await run(appointmentOp('cancel', { appointmentId: 'a-s' }))),
		];
		expect(outputs).toHaveLength(5);
		for (const item of outputs) expect(JSON.stringify(item.json)).not.toContain(stored.secret);
	});
});

describe('meetergo node: times', () => {
	const zone = (timeZone: string) =>
		({ getTimezone: () => timeZone }) as unknown as IExecuteFunctions;

	it("adds the workflow time zone's offset to a time without one (n8n's date picker)", () => {
		expect(isoTime(zone('Europe/Berlin'), '2026-02-02T10:00:00')).toBe('2026-02-02T10:00:00+01:00');
		expect(isoTime(zone('Europe/Berlin'), '2026-07-02T10:00:00')).toBe('2026-07-02T10:00:00+02:00');
		expect(isoTime(zone('America/New_York'), '2026-02-02T10:00')).toBe('2026-02-02T10:00-05:00');
		expect(isoTime(zone('Europe/Berlin'), '2026-02-02')).toBe('2026-02-02T00:00:00+01:00');
		expect(isoTime(zone('UTC'), '2026-02-02T10:00:00')).toBe('2026-02-02T10:00:00Z');
	});

	it('leaves a time that names its zone as it is', () => {
		expect(isoTime(zone('Europe/Berlin'), '2026-02-02T10:00:00Z')).toBe('2026-02-02T10:00:00Z');
		expect(isoTime(zone('Europe/Berlin'), ' 2026-02-02T10:00:00-03:00 ')).toBe(
			'2026-02-02T10:00:00-03:00',
		);
	});
});

describe('meetergo node: rate limit', () => {
	it('reads Retry-After as seconds or as an HTTP date', () => {
		expect(retryAfterSeconds('12', 0)).toBe(12);
		expect(retryAfterSeconds('1.2', 0)).toBe(2);
		expect(retryAfterSeconds(new Date(30_000).toUTCString(), 0)).toBe(30);
		expect(retryAfterSeconds('soon', 0)).toBeUndefined();
		expect(retryAfterSeconds(undefined)).toBeUndefined();
	});

	it('waits the announced Retry-After once, then goes on', async () => {
		api.state.forceRateLimit(1, 7);
		const [me] = await run({ resource: 'user', operation: 'getMe' });
		expect(me.json.id).toBe(api.state.owner.id);
		expect(waits).toEqual([7000]);
		expect(api.state.requests.map((request) => request.status)).toEqual([429, 200]);
	});

	it(`stops at once when meetergo asks for more than ${MAX_RATE_LIMIT_WAIT_SECONDS} seconds`, async () => {
		api.state.forceRateLimit(1, 600);
		const error = await failure({ resource: 'user', operation: 'getMe' });
		expect(error.httpCode).toBe('429');
		expect(error.description).toContain('Wait 600 seconds');
		expect(error.description).toContain(`longer than the ${MAX_RATE_LIMIT_WAIT_SECONDS} seconds`);
		expect(error.description).toContain('no partial result');
		expect(waits).toEqual([]);
	});

	it('a 429 on a later page of Return All fails the whole list, never a partial one', async () => {
		seedAppointments(250);
		// Pages 0 and 1 answer; page 2 is refused, waited out, and refused again.
		let pages = 0;
		const sleep = rateLimitClock.sleep;
		rateLimitClock.sleep = sleep;
		const originalNow = rateLimitClock.now;
		rateLimitClock.now = () => {
			const paged = api.state.requests.filter((request) => request.status === 200).length;
			if (paged === 2 && pages === 0) {
				pages = 1;
				api.state.forceRateLimit(2, 5);
			}
			return originalNow();
		};
		const output = await run(appointmentOp('getAll', { returnAll: true }), {
			continueOnFail: true,
		});
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			error: "meetergo's rate limit was reached (429 Too Many Requests)",
			httpCode: '429',
		});
		expect(String(output[0].json.description)).toContain('The node already waited 5 seconds');
		expect(api.state.requests.map((request) => request.status)).toEqual([200, 200, 429, 429]);
	});

	it('paces Return All within the per-minute budget instead of running into 429s', async () => {
		rateLimitClock.perMinute = 3;
		seedAppointments(500);
		const output = await run(appointmentOp('getAll', { returnAll: true }));
		expect(output).toHaveLength(500);
		expect(api.state.requests).toHaveLength(5);
		expect(api.state.requests.every((request) => request.status === 200)).toBe(true);
		// Three requests fit into the first minute; the fourth waited for the window to move on
		// (and the fifth for the few milliseconds between the first requests).
		expect(waits[0]).toBeGreaterThan(59_000);
		expect(waits[0]).toBeLessThanOrEqual(60_000);
		expect(waits.reduce((sum, wait) => sum + wait, 0)).toBeLessThan(61_000);
	});

	it('uses a budget below the documented 100 per minute', () => {
		expect(PACED_REQUESTS_PER_MINUTE).toBeLessThan(100);
	});
});

describe('meetergo node: errors per status', () => {
	const me: INodeParameters = { resource: 'user', operation: 'getMe' };

	it.each([
		[400, 'bad', 'meetergo refused the request as invalid (400): bad'],
		[401, 'Unauthorized', 'meetergo rejected the API token (401 Unauthorized)'],
		[403, 'Forbidden', 'meetergo refused the request (403 Forbidden)'],
		[404, 'Not Found', 'meetergo does not know the requested resource (404)'],
		[500, 'Internal', 'meetergo answered with an error (500): Internal'],
		[502, 'Bad Gateway', 'meetergo answered with an error (502): Bad Gateway'],
		[503, 'Service Unavailable', 'meetergo answered with an error (503): Service Unavailable'],
	])(
		'%i → a NodeApiError saying what happened and what to do',
		async (status, message, expected) => {
			api.state.failNext({ status, message });
			const error = await failure(me);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.httpCode).toBe(String(status));
			expect(error.message).toBe(expected);
			expect(error.description).toBeTruthy();
			const shown = JSON.stringify({ m: error.message, d: error.description, c: error.context });
			expect(shown).not.toContain(api.state.token);
			if (status >= 500) expect(error.description).toContain("meetergo's side");
		},
	);

	it('a 400 of an appointment list gets advice about appointments, not webhooks', async () => {
		const error = await failure(
			appointmentOp('getAll', { filters: { sortBy: 'appointment.nonsense' } }),
		);
		expect(error.httpCode).toBe('400');
		expect(error.message).toContain('sortBy must be one of the following values');
		expect(error.description).toContain('ISO 8601');
		expect(error.description).not.toContain('event type');
	});

	it('an answer of the wrong shape is an unexpected answer, not a crash', async () => {
		api.state.failNext({ status: 200, body: 'not json at all' });
		const error = await failure({ resource: 'meetingType', operation: 'getAll', returnAll: true });
		expect(error.message).toBe('Unexpected answer from meetergo: expected a list of meeting types');
	});

	it('continue on fail: one error item per failing item, paired, the others go on', async () => {
		api.state.seedAppointment({ id: 'ok' });
		const output = await runAction(new Meetergo(), {
			parameters: { resource: 'appointment', operation: 'get', appointmentId: 'x' },
			credential: credential(),
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
			perItem: [{ appointmentId: 'missing' }, { appointmentId: 'ok' }],
		});
		expect(output[0]).toEqual({
			json: {
				error: 'meetergo has no appointment with ID "missing" that this credential can see',
				description: expect.any(String),
				httpCode: '404',
			},
			pairedItem: { item: 0 },
		});
		expect(output[1]).toMatchObject({ json: { id: 'ok' }, pairedItem: { item: 1 } });
	});
});

describe('meetergo node: the documented error bodies, on every operation', () => {
	/** Each operation with the parameters it needs to reach meetergo. */
	const everyOperation = (): Array<[string, INodeParameters]> => {
		const hostIds = [api.state.owner.id];
		return [
			['appointment get', appointmentOp('get', { appointmentId: 'a-1' })],
			['appointment getAll', appointmentOp('getAll', { limit: 5 })],
			['appointment getToday', appointmentOp('getToday')],
			['appointment cancel', appointmentOp('cancel', { appointmentId: 'a-1' })],
			[
				'appointment reschedule',
				appointmentOp('reschedule', { appointmentId: 'a-1', start: '2026-01-16T10:00:00Z' }),
			],
			[
				'appointment updateNotes',
				appointmentOp('updateNotes', { appointmentId: 'a-1', note: 'n' }),
			],
			[
				'appointment updateGuest',
				appointmentOp('updateGuest', {
					appointmentId: 'a-1',
					attendeeId: 'att-uuid-789',
					email: 'g@example.com',
				}),
			],
			[
				'availability get',
				{
					resource: 'availability',
					operation: 'get',
					meetingTypeId: 'mt-uuid-456',
					start: '2026-02-02',
					end: '2026-02-03',
					hostIds,
				},
			],
			[
				'booking create',
				{
					resource: 'booking',
					operation: 'create',
					meetingTypeId: 'mt-uuid-456',
					start: '2026-02-02T10:00:00Z',
					hostIds,
					email: 'jane@example.com',
					firstname: 'Jane',
				},
			],
			['contact create', { resource: 'contact', operation: 'create', email: 'c@example.com' }],
			['contact delete', { resource: 'contact', operation: 'delete', contactId: 'c-1' }],
			['contact get', { resource: 'contact', operation: 'get', contactId: 'c-1' }],
			[
				'contact getByAttendee',
				{ resource: 'contact', operation: 'getByAttendee', attendeeId: 'att-uuid-789' },
			],
			['contact getAll', { resource: 'contact', operation: 'getAll', limit: 5 }],
			[
				'contact update',
				{
					resource: 'contact',
					operation: 'update',
					contactId: 'c-1',
					updateFields: { firstName: 'C' },
				},
			],
			[
				'meetingType get',
				{ resource: 'meetingType', operation: 'get', meetingTypeId: 'mt-uuid-456' },
			],
			['meetingType getAll', { resource: 'meetingType', operation: 'getAll', returnAll: true }],
			[
				'oneTimeLink create',
				{ resource: 'oneTimeLink', operation: 'create', meetingTypeId: 'mt-uuid-456' },
			],
			['user getMe', { resource: 'user', operation: 'getMe' }],
			['user getAll', { resource: 'user', operation: 'getAll', limit: 5 }],
			[
				'webhook create',
				{
					resource: 'webhook',
					operation: 'create',
					endpoint: 'https://example.com/hook',
					eventTypes: ['booking_created'],
				},
			],
			['webhook delete', { resource: 'webhook', operation: 'delete', webhookId: 'w-1' }],
			['webhook get', { resource: 'webhook', operation: 'get', webhookId: 'w-1' }],
			['webhook getAll', { resource: 'webhook', operation: 'getAll' }],
			[
				'webhook update',
				{
					resource: 'webhook',
					operation: 'update',
					webhookId: 'w-1',
					updateFields: { description: 'd' },
				},
			],
		];
	};

	it('covers every operation of the node', () => {
		const listed = everyOperation().map(([name]) => name);
		const declared = Object.entries(resources).flatMap(([resource, operations]) =>
			Object.keys(operations).map((operation) => `${resource} ${operation}`),
		);
		expect(listed.sort()).toEqual(declared.sort());
	});

	it("turns meetergo's documented 401 (Invalid API key) into one message on every operation", async () => {
		for (const [name, parameters] of everyOperation()) {
			const error = await run(parameters, { token: 'rgo-another-token' }).then(
				() => undefined,
				(caught: NodeApiError) => caught,
			);
			if (error === undefined) throw new Error(`${name} did not fail`);
			expect([name, error.httpCode, error.message]).toEqual([
				name,
				'401',
				'meetergo rejected the API token (401 Unauthorized)',
			]);
			expect(error.description).toContain('meetergo said: "Invalid API key"');
			expect(JSON.stringify(error)).not.toContain('rgo-another-token');
		}
	});

	it.each([
		['error-401-missing-header', 401, 'meetergo rejected the API token (401 Unauthorized)'],
		['error-401-expired-key', 401, 'meetergo rejected the API token (401 Unauthorized)'],
		[
			'error-400-missing-user-header',
			400,
			'meetergo needs a user ID for this platform API key (400)',
		],
		[
			'error-400-validation',
			400,
			'meetergo refused the request as invalid (400): Validation failed',
		],
		['error-403', 403, 'meetergo refused the request (403 Forbidden)'],
		['error-404', 404, 'meetergo has no appointment with ID "a-1" that this credential can see'],
		['error-429', 429, "meetergo's rate limit was reached (429 Too Many Requests)"],
	])('%s → %i: %s', async (name, status, message) => {
		const body = fixture(name) as { message: string };
		// Twice, so that the one wait on a 429 meets a second one.
		api.state.failNext({ status, body, times: 2 });
		const error = await failure(appointmentOp('get', { appointmentId: 'a-1' }));
		expect(error.httpCode).toBe(String(status));
		expect(error.message).toBe(message);
		expect(`${error.message} ${error.description}`).toContain(
			status === 404 || (status === 400 && name.includes('validation')) ? body.message : '',
		);
	});

	it('the documented 406 at 6 webhooks names the webhooks to delete', async () => {
		for (let index = 0; index < 6; index++) api.state.addWebhook({ description: `hook ${index}` });
		const error = await failure({
			resource: 'webhook',
			operation: 'create',
			endpoint: 'https://example.com/hook',
			eventTypes: ['booking_created'],
		});
		expect(error.httpCode).toBe('406');
		expect(error.message).toBe('meetergo allows 6 webhooks per company and all 6 are in use');
		expect(error.description).toContain('"hook 5"');
	});
});

describe('meetergo node: dropdowns', () => {
	function loadContext(): ILoadOptionsFunctions {
		const node = {
			id: 'n',
			name: 'meetergo',
			type: 'n8n-nodes-meeting-webhooks.meetergo',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: {},
			credentials: { meetingWebhooksMeetergoApi: { id: '1', name: 'meetergo' } },
		};
		const credentials = {
			meetingWebhooksMeetergoApi: meetergoCredentialAsN8nGivesIt(credential()),
		};
		return {
			getNode: () => node,
			getCredentials: async () => credentials.meetingWebhooksMeetergoApi,
			helpers: {
				httpRequestWithAuthentication: httpRequestWithAuthentication(
					node,
					credentialTypes(),
					credentials,
				),
			},
		} as unknown as ILoadOptionsFunctions;
	}
	const methods = new Meetergo().methods;

	it('lists meeting types by name, searchable', async () => {
		const options = await methods.loadOptions.getMeetingTypes.call(loadContext());
		expect(options).toEqual([
			{ name: 'Consultation (confirm by email)', value: 'mt-uuid-789' },
			{ name: 'Discovery Call', value: 'mt-uuid-456' },
		]);
		const found = await methods.listSearch.searchMeetingTypes.call(loadContext(), 'discov');
		expect(found.results).toEqual([{ name: 'Discovery Call', value: 'mt-uuid-456' }]);
	});

	it("lists hosts (the company's users), or only me when listing users is refused", async () => {
		const hosts = await methods.loadOptions.getHosts.call(loadContext());
		expect(hosts.map((option) => option.value).sort()).toEqual(
			api.state.users.map((user) => user.id).sort(),
		);
		expect(hosts.find((option) => option.value === api.state.owner.id)?.name).toBe(
			'Olivia Owner (owner@example.com)',
		);
		api.state.failNext({ status: 403, message: 'Only admins can list users' });
		const onlyMe = await methods.loadOptions.getHosts.call(loadContext());
		expect(onlyMe).toEqual([
			{ name: 'Olivia Owner (owner@example.com)', value: api.state.owner.id },
		]);
		const searched = await methods.listSearch.searchHosts.call(loadContext(), 'carl');
		expect(searched.results).toHaveLength(1);
	});

	it('lists contacts and webhooks for the pickers, searching the CRM by its own search', async () => {
		api.state.seedContact({
			id: 'c-a',
			email: 'anna@example.com',
			firstName: 'Anna',
			lastName: 'M',
		});
		api.state.seedContact({
			id: 'c-b',
			email: 'bob@example.com',
			firstName: 'Bob',
			lastName: null,
		});
		api.state.addWebhook({
			endpoint: 'https://hooks.example.com/x?token=s3cret',
			description: 'CRM',
		});
		const context = loadContext();
		const contacts = await methods.listSearch.searchContacts.call(context, 'anna');
		expect(contacts.results).toEqual([{ name: 'Anna M (anna@example.com)', value: 'c-a' }]);
		expect(api.state.requests.at(-1)?.query).toEqual({
			page: '1',
			limit: '100',
			searchTerm: 'anna',
		});
		const hooks = await methods.listSearch.searchWebhooks.call(context);
		expect(hooks.results).toEqual([
			{
				name: 'CRM – https://hooks.example.com/x?token=redacted',
				value: api.state.webhooks[0].id,
			},
		]);
	});

	it('the meeting type fields use the searchable list', () => {
		const fields = new Meetergo().description.properties.filter(
			(property) => property.name === 'meetingTypeId',
		);
		expect(fields.length).toBeGreaterThanOrEqual(4);
		for (const field of fields) {
			expect(field.type).toBe('resourceLocator');
			expect(field.modes?.[0].typeOptions?.searchListMethod).toBe('searchMeetingTypes');
		}
		const hosts = new Meetergo().description.properties.filter(
			(property) => property.name === 'hostIds',
		);
		for (const field of hosts) expect(field.typeOptions?.loadOptionsMethod).toBe('getHosts');
	});
});
