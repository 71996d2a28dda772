'use strict';
// A local stand-in for meetergo's API, for tests, the end-to-end suite and the local demo. Loopback
// only. It answers like a strict API built from meetergo's documents, never from the node's
// assumptions: every route names the page it follows, answers take the shapes of the documented
// examples in test/fixtures/meetergo/, and a body or query field the documents do not list for an
// endpoint is refused with 400 naming it ({statusCode: 400, message: ["property X should not
// exist"], error: "Bad Request"}, as NestJS's ValidationPipe answers), so a wrong field name fails.
//   - Authorization: Bearer <token>; missing → 401 "Missing authorization header", wrong → 401
//     "Invalid API key" (https://developer.meetergo.com/developer-docs/best-practices/error-handling).
//   - Two token kinds. A platform API key (ak_live:…) acts for the user in x-meetergo-api-user-id,
//     which every route except GET /v4/user/me requires (the documented 400 without it); a personal
//     access token (rgo-…) that names another user in that header → 403. An empty header counts as absent.
//   - Webhooks at the host root (https://developer.meetergo.com/developer-docs/webhooks/managing-webhooks):
//     POST/GET /webhooks, PATCH/DELETE /webhooks/{id} (204 on delete), fields endpoint, description,
//     eventTypes (≥ 1), at most 6 per company (the documented 406).
//   - Appointments, booking, availability, meeting types, users, one-time links, and the CRM at the
//     host root; see each route below for its source.
//   - 100 requests per minute per token (https://developer.meetergo.com/developer-docs/best-practices/rate-limiting:
//     the documented 429 body; Retry-After is not documented, the fake sends one), plus a switch to force 429s.
// Inspection and control for tests and the e2e suite (no auth) live under /__fake/ (see the list in
// `handleFake` below). It can also deliver events to the registered webhooks the way meetergo
// does: POST /__fake/deliver.
// Plain CommonJS on purpose: the package's .ts files may not import node:http (n8n's lint rules).
//
//   const { start } = require('./meetergo-api.cjs'); const api = await start(); ... await api.close();
//   node test/fakes/meetergo-api.cjs --port 8791 [--token T] [--kind personal|platform]
//     → prints one line {"url":"http://127.0.0.1:8791","token":"…","kind":"personal","userIds":[…]}

const { listenLoopback, runFromCommandLine } = require('./loopback.cjs');
const { randomBytes, randomUUID } = require('node:crypto');
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const FIXTURES = join(__dirname, '..', 'fixtures', 'meetergo');

/** A documented answer body, a fresh copy each time (its `$source` stays in the file). */
function fixture(name) {
	return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')).body;
}

/** Every fixture file as stored: `{ name, json }` (for the contract test). */
function fixtureFiles() {
	return readdirSync(FIXTURES)
		.filter((file) => file.endsWith('.json'))
		.map((file) => ({
			name: file.replace(/\.json$/, ''),
			json: JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')),
		}));
}

const EVENT_TYPES = [
	'booking_created',
	'booking_cancelled',
	'booking_rescheduled',
	'new_employee',
	'form_submission',
];
const WEBHOOK_LIMIT = 6;
const RATE_LIMIT_PER_MINUTE = 100;
const USER_ID_HEADER = 'x-meetergo-api-user-id';

const STATUS_TEXT = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	406: 'Not Acceptable',
	409: 'Conflict',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	429: 'Too Many Requests',
};

function kindOf(token) {
	return String(token).startsWith('ak_live:') ? 'platform' : 'personal';
}

function newPersonalToken() {
	return `rgo-${randomBytes(16).toString('hex')}`;
}

/** An appointment shaped like meetergo's documented booking_created example (placeholder values). */
function exampleAppointment(overrides = {}) {
	const id = overrides.id ?? `appt-${randomUUID()}`;
	return {
		id,
		secret: `secret-${randomBytes(8).toString('hex')}`,
		start: '2024-01-15T09:00:00+01:00',
		end: '2024-01-15T09:30:00+01:00',
		location: null,
		isCancelled: false,
		rescheduledAt: null,
		meetingInfo: { channel: 'zoom', meetingLink: 'https://zoom.us/j/123456789' },
		attendees: [
			{
				id: 'att-uuid-789',
				email: 'customer@example.com',
				firstname: 'Jane',
				lastname: 'Doe',
				fullname: 'Jane Doe',
				phone: '+1-555-123-4567',
				timezone: 'America/New_York',
				language: 'en',
			},
		],
		hosts: [
			{
				id: 'host-uuid-123',
				email: 'john@example.com',
				givenName: 'John',
				familyName: 'Smith',
				fullName: 'John Smith',
				slug: 'john-smith',
				picture: 'https://example.com/photo.jpg',
			},
		],
		hostIds: ['host-uuid-123'],
		meetingType: {
			id: 'mt-uuid-456',
			slug: 'discovery-call',
			meetingInfo: { name: 'Discovery Call', duration: 30 },
			metadata: { ticketId: 'EVAL-12345', source: 'crm-integration' },
		},
		meetingTypeId: 'mt-uuid-456',
		companyId: 'company-uuid-789',
		createdAt: '2024-01-14T15:30:00Z',
		updatedAt: '2024-01-14T15:30:00Z',
		...overrides,
	};
}

function createState({ token, kind } = {}) {
	const companyId = `company-${randomUUID()}`;
	const owner = {
		id: randomUUID(),
		email: 'owner@example.com',
		givenName: 'Olivia',
		familyName: 'Owner',
		timezone: 'Europe/Berlin',
		companyId,
		isAdmin: true,
		slug: 'olivia-owner',
	};
	const colleague = {
		id: randomUUID(),
		email: 'colleague@example.com',
		givenName: 'Carl',
		familyName: 'Colleague',
		timezone: 'Europe/Berlin',
		companyId,
		isAdmin: false,
		slug: 'carl-colleague',
	};
	const initialToken = token ?? newPersonalToken();
	const state = {
		companyId,
		owner,
		users: [owner, colleague],
		token: initialToken,
		tokenKind: kind ?? kindOf(initialToken),
		/** Webhook objects as the API returns them, in creation order. */
		webhooks: [],
		/** Appointment id → appointment object. */
		appointments: new Map(),
		/** Meeting types as GET /v4/meeting-type lists them; `doubleOptIn` ones answer bookings provisionally. */
		meetingTypes: [
			{
				id: 'mt-uuid-456',
				slug: 'discovery-call',
				meetingInfo: { name: 'Discovery Call', duration: 30 },
				doubleOptIn: false,
			},
			{
				id: 'mt-uuid-789',
				slug: 'consultation',
				meetingInfo: { name: 'Consultation (confirm by email)', duration: 60 },
				doubleOptIn: true,
			},
		],
		/** CRM contacts, id → contact. */
		contacts: new Map(),
		/** Provisional (double opt-in) bookings and one-time links made, in order. */
		provisionalBookings: [],
		oneTimeLinks: [],
		/**
		 * Test switch for the shapes the docs leave open: 'documented' lists as the research notes
		 * say ({ appointments, total }, { result, total }, { users, … }); 'bare' answers bare arrays.
		 */
		listShape: 'documented',
		/** 'dates': availability as the current reference shows it; 'slots': as the older guide does. */
		availabilityShape: 'dates',
		/** The next `times` API requests are answered `status` with `body` (and `headers`). */
		forcedFailure: undefined,
		/** Every request to the API (not /__fake/), in order. */
		requests: [],
		/** What POST /__fake/deliver sent and how the receivers answered. */
		deliveries: [],
		/** Bodies POSTed to /__fake/inbox/… (a receiver for `deliver` in tests). */
		inbox: [],
		/**
		 * Test switch: store webhook endpoints without their query string. meetergo does not document
		 * whether it keeps query strings; this lets tests check that the trigger notices if it does not.
		 */
		dropEndpointQuery: false,
		/** The next this-many API requests are answered 429. */
		forcedRateLimit: 0,
		rateLimitPerMinute: RATE_LIMIT_PER_MINUTE,
		recentRequestTimes: [],

		setToken(newToken, newKind) {
			state.token = newToken;
			state.tokenKind = newKind ?? kindOf(newToken);
		},
		seedAppointment(appointment = {}) {
			const record = exampleAppointment(appointment);
			state.appointments.set(record.id, record);
			state.contactsFromBooking(record);
			return record;
		},
		forceRateLimit(count = 1, retryAfter = 60) {
			state.forcedRateLimit = count;
			state.forcedRetryAfter = retryAfter;
		},
		forcedRetryAfter: 60,
		/** Answer the next `times` API requests with `status` and a NestJS error body (or `body`). */
		failNext({ status, message, body, headers = {}, times = 1 }) {
			state.forcedFailure = {
				status,
				body: body ?? nestError(status, message ?? STATUS_TEXT[status] ?? 'Error'),
				headers,
				times,
			};
		},
		/** A CRM contact in the documented shape (the contacts guide's fields). */
		seedContact(contact = {}) {
			const now = new Date().toISOString();
			const record = {
				...fixture('contact').item,
				createdAt: now,
				updatedAt: now,
				...contact,
				id: contact.id ?? randomUUID(),
			};
			state.contacts.set(record.id, record);
			return record;
		},
		/**
		 * "A contact is created or updated whenever someone books a meeting. The contact is matched
		 * by email address" (contacts guide): each attendee becomes, or enriches, a contact that
		 * GET /crm/details?attendeeId= finds.
		 */
		contactsFromBooking(appointment) {
			for (const attendee of appointment.attendees ?? []) {
				if (typeof attendee.email !== 'string' || attendee.email === '') continue;
				let contact = [...state.contacts.values()].find(
					(candidate) => candidate.email === attendee.email,
				);
				if (contact === undefined) {
					contact = state.seedContact({
						email: attendee.email,
						firstName: attendee.firstname ?? null,
						lastName: attendee.lastname ?? null,
						phoneNumber: attendee.phone ?? null,
						tags: [],
						attendeeIds: [],
					});
				}
				contact.attendeeIds = [...new Set([...(contact.attendeeIds ?? []), attendee.id])];
			}
		},
		/** A webhook created by someone else (another tool, a person in meetergo's UI). */
		addWebhook({ endpoint, eventTypes = ['booking_created'], description = null } = {}) {
			if (state.webhooks.length >= WEBHOOK_LIMIT) return undefined;
			const hook = {
				id: randomUUID(),
				endpoint: endpoint ?? `https://hooks.example.com/${randomUUID()}`,
				description,
				eventTypes: [...eventTypes],
				companyId,
				createdAt: new Date().toISOString(),
			};
			state.webhooks.push(hook);
			return hook;
		},
		/** Deleted by hand, as in meetergo's dashboard. */
		removeWebhook(id) {
			const index = state.webhooks.findIndex((hook) => hook.id === id);
			if (index === -1) return false;
			state.webhooks.splice(index, 1);
			return true;
		},
		reset() {
			state.webhooks.length = 0;
			state.appointments.clear();
			state.requests.length = 0;
			state.deliveries.length = 0;
			state.inbox.length = 0;
			state.dropEndpointQuery = false;
			state.forcedRateLimit = 0;
			state.forcedRetryAfter = 60;
			state.forcedFailure = undefined;
			state.recentRequestTimes.length = 0;
			state.contacts.clear();
			state.provisionalBookings.length = 0;
			state.oneTimeLinks.length = 0;
			state.listShape = 'documented';
			state.availabilityShape = 'dates';
		},
		/**
		 * Sends `event` to every registered webhook subscribed to it, as meetergo does: a POST with a
		 * JSON body. The body is `body` if given, else the seeded appointment `appointmentId` (or a new
		 * example one) with `webhookType`; `envelope: 'event_data'` uses meetergo's older `{event, data}`.
		 */
		async deliver({ event = 'booking_created', appointmentId, body, envelope = 'flat' } = {}) {
			let payload = body;
			if (payload === undefined) {
				const appointment =
					appointmentId !== undefined && state.appointments.has(appointmentId)
						? state.appointments.get(appointmentId)
						: exampleAppointment(appointmentId === undefined ? {} : { id: appointmentId });
				payload =
					envelope === 'event_data'
						? { event, data: appointment }
						: { webhookType: event, ...appointment };
			}
			const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
			const results = [];
			for (const hook of state.webhooks.filter((candidate) =>
				candidate.eventTypes.includes(event),
			)) {
				let result;
				try {
					const response = await fetch(hook.endpoint, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: text,
					});
					result = {
						webhookId: hook.id,
						endpoint: hook.endpoint,
						status: response.status,
						body: await response.text(),
					};
				} catch (error) {
					result = {
						webhookId: hook.id,
						endpoint: hook.endpoint,
						status: 0,
						error: String(error && error.message),
					};
				}
				state.deliveries.push({ event, ...result });
				results.push(result);
			}
			return results;
		},
	};
	return state;
}

function queryLists(url) {
	const lists = {};
	for (const [name, value] of url.searchParams) (lists[name] ??= []).push(value);
	return lists;
}

/**
 * A stored appointment as the API answers it: every field of the documented appointment
 * (test/fixtures/meetergo/appointment.json) — the stored record's values where it has them, the
 * fixture's otherwise — plus the stored record's other fields (a delivery sends the same record).
 */
function apiAppointment(record) {
	const documented = fixture('appointment');
	return {
		...documented,
		attendeeIds: (record.attendees ?? []).map((attendee) => attendee.id),
		...record,
		meetingInfo: { ...documented.meetingInfo, ...record.meetingInfo },
	};
}

function sendJson(response, status, body, headers = {}) {
	if (body === undefined) {
		response.writeHead(status, headers);
		response.end();
		return;
	}
	const text = JSON.stringify(body);
	response.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	response.end(text);
}

function storedEndpoint(state, endpoint) {
	if (!state.dropEndpointQuery) return endpoint;
	const url = new URL(endpoint);
	url.search = '';
	return url.toString();
}

function nestError(status, message) {
	return { statusCode: status, message, error: STATUS_TEXT[status] ?? 'Error' };
}

function readBody(request) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

function parseJson(text) {
	if (text.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch (error) {
		return { ok: false, message: `Unexpected token in JSON body: ${error.message}` };
	}
}

function isUrl(value) {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

/** class-validator style messages for a webhook body; `partial` for PATCH (all fields optional). */
function validateWebhookBody(body, partial) {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) body = {};
	const messages = unlisted(Object.keys(body), ['endpoint', 'description', 'eventTypes']);
	if (!partial || body.endpoint !== undefined) {
		if (typeof body.endpoint !== 'string') messages.push('endpoint must be a string');
		if (!isUrl(body.endpoint)) messages.push('endpoint must be a URL address');
	}
	if (
		body.description !== undefined &&
		body.description !== null &&
		typeof body.description !== 'string'
	) {
		messages.push('description must be a string');
	}
	if (!partial || body.eventTypes !== undefined) {
		if (!Array.isArray(body.eventTypes)) {
			messages.push('eventTypes must be an array');
		} else {
			if (body.eventTypes.length < 1) messages.push('eventTypes must contain at least 1 elements');
			if (body.eventTypes.some((event) => !EVENT_TYPES.includes(event))) {
				messages.push(
					`each value in eventTypes must be one of the following values: ${EVENT_TYPES.join(', ')}`,
				);
			}
		}
	}
	return messages;
}

/** Checks the token and, for its kind, the user header. Returns the acting user or an error. */
function authenticate(state, request, path) {
	const header = request.headers.authorization;
	const match = typeof header === 'string' ? /^Bearer (.+)$/.exec(header) : null;
	if (match === null) return { status: 401, body: fixture('error-401-missing-header') };
	if (match[1] !== state.token) return { status: 401, body: fixture('error-401-invalid-key') };
	const rawUserId = request.headers[USER_ID_HEADER];
	const userId = typeof rawUserId === 'string' ? rawUserId.trim() : '';
	if (state.tokenKind === 'personal') {
		if (userId !== '' && userId !== state.owner.id)
			return { status: 403, body: fixture('error-403') };
		return { user: state.owner };
	}
	if (userId === '') {
		// Documented: GET /v4/user/me (and POST /v4/user) act as the company owner without the header.
		if (request.method === 'GET' && path === '/v4/user/me') return { user: state.owner };
		return { status: 400, body: fixture('error-400-missing-user-header') };
	}
	const user = state.users.find((candidate) => candidate.id === userId);
	if (user === undefined) return { status: 403, body: fixture('error-403') };
	return { user };
}

function rateLimited(state, nowMs) {
	if (state.forcedRateLimit > 0) {
		state.forcedRateLimit -= 1;
		return state.forcedRetryAfter;
	}
	const windowStart = nowMs - 60_000;
	while (state.recentRequestTimes.length > 0 && state.recentRequestTimes[0] <= windowStart)
		state.recentRequestTimes.shift();
	if (state.recentRequestTimes.length >= state.rateLimitPerMinute) {
		return Math.max(1, Math.ceil((state.recentRequestTimes[0] + 60_000 - nowMs) / 1000));
	}
	state.recentRequestTimes.push(nowMs);
	return undefined;
}

async function handleApi(state, request, url, text) {
	const path = url.pathname.replace(/\/+$/, '') || '/';
	const retryAfter = rateLimited(state, Date.now());
	if (retryAfter !== undefined)
		return {
			status: 429,
			body: fixture('error-429'),
			headers: { 'retry-after': String(retryAfter) },
		};

	const auth = authenticate(state, request, path);
	if (auth.user === undefined) return auth;

	if (state.forcedFailure !== undefined && state.forcedFailure.times > 0) {
		const failure = state.forcedFailure;
		failure.times -= 1;
		if (failure.times === 0) state.forcedFailure = undefined;
		return { status: failure.status, body: failure.body, headers: failure.headers };
	}

	const parsed = parseJson(text);
	if (!parsed.ok) return { status: 400, body: nestError(400, parsed.message) };
	const body = parsed.value;
	const method = request.method;

	// https://developer.meetergo.com/api-reference/users/get-current-user-information
	if (path === '/v4/user/me' && method === 'GET') return { status: 200, body: auth.user };

	// https://developer.meetergo.com/api-reference/appointment-v4/cancel-an-appointment (the appointment schema)
	const appointment = /^\/v4\/appointment\/([^/]+)$/.exec(path);
	if (
		appointment !== null &&
		method === 'GET' &&
		!['paginated', 'today'].includes(appointment[1])
	) {
		const record = state.appointments.get(decodeURIComponent(appointment[1]));
		return record === undefined ? notFound() : { status: 200, body: apiAppointment(record) };
	}

	// https://developer.meetergo.com/developer-docs/webhooks/managing-webhooks (create, list)
	if (path === '/webhooks') {
		if (method === 'GET') return { status: 200, body: state.webhooks };
		if (method === 'POST') {
			const messages = validateWebhookBody(body, false);
			if (messages.length > 0) return { status: 400, body: nestError(400, messages) };
			if (state.webhooks.length >= WEBHOOK_LIMIT)
				return { status: 406, body: fixture('error-406-webhook-limit') };
			const hook = {
				id: randomUUID(),
				endpoint: storedEndpoint(state, body.endpoint),
				description: typeof body.description === 'string' ? body.description : null,
				eventTypes: [...body.eventTypes],
				companyId: state.companyId,
				createdAt: new Date().toISOString(),
			};
			state.webhooks.push(hook);
			return { status: 201, body: hook };
		}
	}

	// https://developer.meetergo.com/developer-docs/webhooks/managing-webhooks (update, delete → 204)
	const webhook = /^\/webhooks\/([^/]+)$/.exec(path);
	if (webhook !== null && (method === 'PATCH' || method === 'DELETE')) {
		const id = decodeURIComponent(webhook[1]);
		const hook = state.webhooks.find((candidate) => candidate.id === id);
		if (hook === undefined) return notFound();
		if (method === 'DELETE') {
			state.removeWebhook(id);
			return { status: 204 };
		}
		const messages = validateWebhookBody(body, true);
		if (messages.length > 0) return { status: 400, body: nestError(400, messages) };
		if (body !== undefined && body !== null) {
			if (body.endpoint !== undefined) hook.endpoint = storedEndpoint(state, body.endpoint);
			if (body.description !== undefined) hook.description = body.description;
			if (body.eventTypes !== undefined) hook.eventTypes = [...body.eventTypes];
		}
		return { status: 200, body: hook };
	}

	const action = handleActionRoutes(state, auth.user, method, path, url, body);
	if (action !== undefined) return action;

	return { status: 404, body: nestError(404, `Cannot ${method} ${url.pathname}`) }; // NestJS's answer for no route
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function isIsoTime(value) {
	return typeof value === 'string' && ISO_WITH_ZONE.test(value) && !Number.isNaN(Date.parse(value));
}

function intParam(url, name) {
	const raw = url.searchParams.get(name);
	if (raw === null) return undefined;
	return /^-?\d+$/.test(raw) ? Number(raw) : NaN;
}

function bad(messages) {
	return { status: 400, body: nestError(400, messages) };
}

function notFound() {
	return { status: 404, body: fixture('error-404') };
}

/**
 * Like NestJS's ValidationPipe with `forbidNonWhitelisted`: a field the documents do not list for
 * this endpoint is refused by name, so a node that sends a wrong field name fails its tests.
 */
function unlisted(names, allowed, where = '') {
	return names
		.filter((name) => !allowed.includes(name))
		.map((name) => `property ${where}${name} should not exist`);
}

function bodyFields(data, allowed, where) {
	return unlisted(Object.keys(data), allowed, where);
}

function queryFields(url, allowed) {
	return unlisted([...new Set(url.searchParams.keys())], allowed);
}

const CONTACT_FIELDS = [
	'firstName',
	'lastName',
	'email',
	'phoneNumber',
	'tags',
	'notes',
	'crmCompanyId',
	'accountOwnerId',
];

/** class-validator messages for a contact body (create: email or phoneNumber required). */
function contactMessages(data, partial) {
	const messages = bodyFields(data, CONTACT_FIELDS);
	for (const name of ['firstName', 'lastName', 'phoneNumber', 'notes']) {
		if (data[name] !== undefined && data[name] !== null && typeof data[name] !== 'string')
			messages.push(`${name} must be a string`);
	}
	if (data.email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(data.email)))
		messages.push('email must be an email');
	if (
		data.tags !== undefined &&
		(!Array.isArray(data.tags) || data.tags.some((tag) => typeof tag !== 'string'))
	)
		messages.push('each value in tags must be a string');
	if (!partial && (data.email ?? '') === '' && (data.phoneNumber ?? '') === '')
		messages.push('email or phoneNumber must be provided');
	return messages;
}

/** A contact wrapper as the CRM answers it (contacts guide: `{ item, appointments, nextAppointmentIso }`). */
function contactWrapper(state, contact) {
	const appointments = [...state.appointments.values()].filter((appointment) =>
		(appointment.attendees ?? []).some((attendee) => attendee.email === contact.email),
	);
	const upcoming = appointments
		.map((appointment) => appointment.start)
		.filter((start) => Date.parse(start) > Date.now())
		.sort();
	return { item: contact, appointments, nextAppointmentIso: upcoming[0] ?? null };
}

/** The routes the action node uses. `undefined`: not one of them. */
function handleActionRoutes(state, user, method, path, url, body) {
	const data = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
	const bare = state.listShape === 'bare';

	// https://developer.meetergo.com/api-reference/appointments/get-paginated-appointments
	// (page from 0 and pageSize 1–100 both required: meetergo's MCP wire-format tests)
	if (path === '/v4/appointment/paginated' && method === 'GET') {
		const messages = queryFields(url, [
			'page',
			'pageSize',
			'start',
			'end',
			'search',
			'status',
			'meetingTypeId',
			'sortBy',
			'sortDirection',
			'userId',
		]);
		const page = intParam(url, 'page');
		const pageSize = intParam(url, 'pageSize');
		if (page === undefined || Number.isNaN(page) || page < 0)
			messages.push('page must not be less than 0');
		if (pageSize === undefined || Number.isNaN(pageSize) || pageSize < 1 || pageSize > 100)
			messages.push('pageSize must be a number between 1 and 100');
		const sortBy = url.searchParams.get('sortBy') ?? 'appointment.start';
		if (!['appointment.start', 'appointment.createdAt'].includes(sortBy))
			messages.push(
				'sortBy must be one of the following values: appointment.start, appointment.createdAt',
			);
		const direction = url.searchParams.get('sortDirection') ?? 'ASC';
		if (!['ASC', 'DESC'].includes(direction))
			messages.push('sortDirection must be one of the following values: ASC, DESC');
		for (const name of ['start', 'end']) {
			const value = url.searchParams.get(name);
			if (value !== null && Number.isNaN(Date.parse(value)))
				messages.push(`${name} must be a valid ISO 8601 date string`);
		}
		if (messages.length > 0) return bad(messages);
		const search = (url.searchParams.get('search') ?? '').toLowerCase();
		const from = url.searchParams.get('start');
		const to = url.searchParams.get('end');
		const meetingTypeId = url.searchParams.get('meetingTypeId');
		const status = url.searchParams.get('status');
		let list = [...state.appointments.values()].filter((appointment) => {
			if (meetingTypeId !== null && appointment.meetingTypeId !== meetingTypeId) return false;
			if (from !== null && Date.parse(appointment.start) < Date.parse(from)) return false;
			if (to !== null && Date.parse(appointment.start) > Date.parse(to)) return false;
			if (status === 'cancelled' && appointment.isCancelled !== true) return false;
			if (status === 'active' && appointment.isCancelled === true) return false;
			if (
				search !== '' &&
				!JSON.stringify(appointment.attendees ?? [])
					.toLowerCase()
					.includes(search)
			)
				return false;
			return true;
		});
		const key = sortBy === 'appointment.createdAt' ? 'createdAt' : 'start';
		const sign = direction === 'DESC' ? -1 : 1;
		list = list.sort((a, b) => sign * (Date.parse(a[key]) - Date.parse(b[key])));
		const slice = list.slice(page * pageSize, (page + 1) * pageSize);
		return {
			status: 200,
			body: bare
				? slice.map(apiAppointment)
				: { appointments: slice.map(apiAppointment), total: list.length },
		};
	}
	// https://developer.meetergo.com/api-reference/appointments/get-todays-appointments (a bare array)
	if (path === '/v4/appointment/today' && method === 'GET') {
		const messages = queryFields(url, []);
		if (messages.length > 0) return bad(messages);
		const today = new Date().toISOString().slice(0, 10);
		const list = [...state.appointments.values()].filter(
			(appointment) => new Date(appointment.start).toISOString().slice(0, 10) === today,
		);
		return {
			status: 200,
			body: bare ? { appointments: list.map(apiAppointment) } : list.map(apiAppointment),
		};
	}
	const appointmentAction = /^\/v4\/appointment\/([^/]+)\/(cancel|reschedule|notes|guest)$/.exec(
		path,
	);
	if (appointmentAction !== null) {
		const [, rawId, verb] = appointmentAction;
		const expected = verb === 'cancel' || verb === 'reschedule' ? 'POST' : 'PATCH';
		if (method !== expected) return undefined;
		const appointment = state.appointments.get(decodeURIComponent(rawId));
		if (appointment === undefined) return notFound();
		if (verb === 'cancel') {
			// https://developer.meetergo.com/api-reference/appointment-v4/cancel-an-appointment
			const messages = bodyFields(data, [
				'reason',
				'attendeeId',
				'cancelAll',
				'cancelEntireSeries',
			]);
			if (
				data.reason !== undefined &&
				(typeof data.reason !== 'string' || data.reason.length > 500)
			)
				messages.push('reason must be shorter than or equal to 500 characters');
			if (messages.length > 0) return bad(messages);
			if (appointment.isCancelled === true) return bad('Appointment is already cancelled');
			const group = Array.isArray(appointment.attendees) && appointment.attendees.length > 1;
			if (data.attendeeId !== undefined) {
				const index = appointment.attendees.findIndex(
					(attendee) => attendee.id === data.attendeeId,
				);
				if (index === -1) return bad('Attendee not found in this appointment');
				appointment.attendees.splice(index, 1);
			} else if (group && data.cancelAll !== true) {
				return bad(
					'Group appointment: pass attendeeId to remove one attendee, or cancelAll to cancel it',
				);
			} else {
				appointment.isCancelled = true;
				appointment.cancel = {
					actionSource: 'api',
					actionAt: new Date().toISOString(),
					actionBy: user.id,
					reason: data.reason ?? null,
				};
			}
			appointment.updatedAt = new Date().toISOString();
			// The cancelled appointment itself, at the top level (its secret included).
			return { status: 201, body: apiAppointment(appointment) };
		}
		if (verb === 'reschedule') {
			// https://developer.meetergo.com/api-reference/appointment-v4/reschedule-an-appointment
			const messages = bodyFields(data, ['start', 'ignoreAvailability']);
			if (!isIsoTime(data.start)) messages.push('start must be a valid ISO 8601 date string');
			if (data.ignoreAvailability !== undefined && typeof data.ignoreAvailability !== 'boolean')
				messages.push('ignoreAvailability must be a boolean value');
			if (messages.length > 0) return bad(messages);
			const hour = new Date(data.start).getUTCHours();
			if (data.ignoreAvailability !== true && (hour < 8 || hour >= 18))
				return bad('The selected time is not available');
			const duration = Date.parse(appointment.end) - Date.parse(appointment.start);
			appointment.start = new Date(Date.parse(data.start)).toISOString();
			appointment.end = new Date(Date.parse(data.start) + duration).toISOString();
			appointment.updatedAt = new Date().toISOString();
			// Wrapped: `{ appointment: {…, secret, …} }`.
			return { status: 201, body: { appointment: apiAppointment(appointment) } };
		}
		if (verb === 'notes') {
			// meetergo's MCP server (src/tools.ts): PATCH /v4/appointment/{id}/notes { note }; answer undocumented
			const messages = bodyFields(data, ['note']);
			if (typeof data.note !== 'string') messages.push('note must be a string');
			if (messages.length > 0) return bad(messages);
			appointment.notes = data.note;
			appointment.updatedAt = new Date().toISOString();
			return { status: 200, body: apiAppointment(appointment) };
		}
		// meetergo's MCP server (src/tools.ts, tools.spec): PATCH /v4/appointment/{id}/guest { attendeeId, email }
		const messages = bodyFields(data, ['attendeeId', 'email']);
		if (typeof data.attendeeId !== 'string') messages.push('attendeeId must be a string');
		if (typeof data.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(data.email))
			messages.push('email must be an email');
		if (messages.length > 0) return bad(messages);
		const attendee = (appointment.attendees ?? []).find(
			(candidate) => candidate.id === data.attendeeId,
		);
		if (attendee === undefined) return bad('Attendee not found in this appointment');
		attendee.email = data.email;
		appointment.updatedAt = new Date().toISOString();
		return { status: 200, body: apiAppointment(appointment) };
	}

	// https://developer.meetergo.com/developer-docs/core-concepts/bookings
	if (path === '/v4/booking' && method === 'POST') {
		const messages = bodyFields(data, [
			'meetingTypeId',
			'start',
			'hostIds',
			'queueId',
			'attendee',
			'duration',
			'channel',
			'location',
			'icsTitle',
			'icsDescription',
			'skipNotifications',
			'phoneOnlyBooking',
			// meetergo's MCP server sends these two as well
			'bringalongEmails',
		]);
		if (typeof data.meetingTypeId !== 'string') messages.push('meetingTypeId must be a string');
		if (!isIsoTime(data.start)) messages.push('start must be a valid ISO 8601 date string');
		if (data.hostIds !== undefined && !Array.isArray(data.hostIds))
			messages.push('hostIds must be an array');
		const attendee = data.attendee;
		if (typeof attendee !== 'object' || attendee === null) {
			messages.push('attendee must be an object');
		} else {
			messages.push(
				...bodyFields(
					attendee,
					[
						'email',
						'firstname',
						'lastname',
						'fullname',
						'phone',
						'timezone',
						'receiveReminders',
						'notes',
						'dataPolicyAccepted',
					],
					'attendee.',
				),
			);
			if (
				data.phoneOnlyBooking !== true &&
				(typeof attendee.email !== 'string' || !attendee.email.includes('@'))
			)
				messages.push('attendee.email must be an email');
			if (typeof attendee.receiveReminders !== 'boolean')
				messages.push('attendee.receiveReminders must be a boolean value');
			if (
				typeof attendee.notes !== 'object' ||
				attendee.notes === null ||
				Array.isArray(attendee.notes)
			)
				messages.push('attendee.notes must be an object');
			if (attendee.fullname === undefined && attendee.firstname === undefined)
				messages.push('attendee.firstname or attendee.fullname must be given');
		}
		if (messages.length > 0) return bad(messages);
		if (!Array.isArray(data.hostIds) && typeof data.queueId !== 'string')
			return bad('Expected hostIds or queueId');
		const meetingType = state.meetingTypes.find((candidate) => candidate.id === data.meetingTypeId);
		if (meetingType === undefined) return notFound();
		if (
			Array.isArray(data.hostIds) &&
			data.hostIds.some((id) => !state.users.some((u) => u.id === id))
		)
			return bad('Unknown host');
		if (meetingType.doubleOptIn) {
			const provisionalBookingId = randomUUID();
			state.provisionalBookings.push({ provisionalBookingId, ...data });
			return { status: 201, body: { ...fixture('booking-double-opt-in'), provisionalBookingId } };
		}
		const start = new Date(Date.parse(data.start));
		const minutes =
			typeof data.duration === 'number' ? data.duration : meetingType.meetingInfo.duration;
		const appointment = state.seedAppointment({
			start: start.toISOString(),
			end: new Date(start.getTime() + minutes * 60_000).toISOString(),
			meetingTypeId: meetingType.id,
			meetingType: {
				...exampleAppointment().meetingType,
				id: meetingType.id,
				slug: meetingType.slug,
			},
			hostIds: Array.isArray(data.hostIds) ? data.hostIds : [state.owner.id],
			attendees: [{ id: randomUUID(), ...attendee }],
			createdAt: new Date().toISOString(),
			updatedAt: new Date().toISOString(),
		});
		return { status: 201, body: { appointmentId: appointment.id, secret: appointment.secret } };
	}
	// https://developer.meetergo.com/api-reference/booking-availability-v4/get-booking-availability-for-a-meeting-type
	// start/end as YYYY-MM-DD (availability guide); hostIds as repeated keys (meetergo's MCP client:
	// the comma-joined form is refused for array filters).
	if (path === '/v4/booking-availability' && method === 'GET') {
		const messages = queryFields(url, [
			'meetingTypeId',
			'meetingDuration',
			'start',
			'end',
			'hostIds',
			'queueId',
			'existingAppointmentId',
			'calculationMethod',
			'timezone',
			'hideGroupAppointments',
			'skipEarliestBookingCalculation',
			'troubleshoot',
			'refreshCache',
			'resourceChannelIds',
			'channel',
		]);
		const meetingTypeId = url.searchParams.get('meetingTypeId');
		if (meetingTypeId === null) messages.push('meetingTypeId must be a string');
		for (const name of ['start', 'end']) {
			if (!DATE_ONLY.test(url.searchParams.get(name) ?? ''))
				messages.push(`${name} must be a date in YYYY-MM-DD format`);
		}
		if (url.searchParams.getAll('hostIds').some((id) => id.includes(',')))
			messages.push('each value in hostIds must be a UUID (repeat the key for several hosts)');
		const method = url.searchParams.get('calculationMethod');
		if (method !== null && !['anyone', 'everyone'].includes(method))
			messages.push('calculationMethod must be one of the following values: everyone, anyone');
		if (messages.length > 0) return bad(messages);
		if (url.searchParams.get('hostIds') === null && url.searchParams.get('queueId') === null)
			return bad('Expected hostIds or queueId');
		if (!state.meetingTypes.some((candidate) => candidate.id === meetingTypeId)) return notFound();
		return {
			status: 200,
			body: fixture(state.availabilityShape === 'slots' ? 'availability-slots' : 'availability'),
		};
	}

	// https://developer.meetergo.com/api-reference/meeting-types/list-meeting-types (a bare array)
	if (path === '/v4/meeting-type' && method === 'GET')
		return { status: 200, body: bare ? { meetingTypes: state.meetingTypes } : state.meetingTypes };
	// https://developer.meetergo.com/api-reference/meeting-type-v4/get-meeting-type-information
	const meetingTypePath = /^\/v4\/meeting-type\/([^/]+)$/.exec(path);
	if (meetingTypePath !== null && method === 'GET') {
		const found = state.meetingTypes.find(
			(candidate) => candidate.id === decodeURIComponent(meetingTypePath[1]),
		);
		return found === undefined ? notFound() : { status: 200, body: found };
	}

	// https://developer.meetergo.com/api-reference/user-v4/list-users (admins only; limit 1–100, offset)
	if (path === '/v4/user' && method === 'GET') {
		const unknown = queryFields(url, ['userType', 'limit', 'offset']);
		if (unknown.length > 0) return bad(unknown);
		if (!user.isAdmin) return { status: 403, body: fixture('error-403') };
		const limit = intParam(url, 'limit') ?? 20;
		const offset = intParam(url, 'offset') ?? 0;
		if (Number.isNaN(limit) || limit < 1 || limit > 100)
			return bad(['limit must not be greater than 100']);
		if (Number.isNaN(offset) || offset < 0) return bad(['offset must not be less than 0']);
		const userType = url.searchParams.get('userType');
		const list = state.users.filter(
			(candidate) => userType === null || (candidate.userType ?? 'standard') === userType,
		);
		const slice = list.slice(offset, offset + limit);
		return {
			status: 200,
			body: bare ? slice : { users: slice, total: list.length, count: slice.length, offset },
		};
	}

	// meetergo's MCP server (src/tools.ts): POST /v4/one-time-booking-link/create/{meetingTypeId}, no
	// body; the answer is undocumented (a third-party MCP says { id, url, … }).
	const oneTime = /^\/v4\/one-time-booking-link\/create\/([^/]+)$/.exec(path);
	if (oneTime !== null && method === 'POST') {
		const messages = bodyFields(data, []);
		if (messages.length > 0) return bad(messages);
		const meetingType = state.meetingTypes.find(
			(candidate) => candidate.id === decodeURIComponent(oneTime[1]),
		);
		if (meetingType === undefined) return notFound();
		const id = randomUUID();
		const link = {
			id,
			url: `https://cal.meetergo.com/one-time/${id}`,
			meetingTypeId: meetingType.id,
		};
		state.oneTimeLinks.push(link);
		return { status: 201, body: link };
	}

	// https://developer.meetergo.com/api-reference/contacts/search-contacts (host root; page from 1)
	if (path === '/crm' && method === 'GET') {
		const messages = queryFields(url, [
			'searchTerm',
			'tags',
			'ownerId',
			'sortBy',
			'sortOrder',
			'page',
			'limit',
		]);
		const page = intParam(url, 'page') ?? 1;
		const limit = intParam(url, 'limit') ?? 20;
		if (Number.isNaN(page) || page < 1) messages.push('page must not be less than 1');
		if (Number.isNaN(limit) || limit < 1 || limit > 100)
			messages.push('limit must not be greater than 100');
		if (messages.length > 0) return bad(messages);
		const term = (url.searchParams.get('searchTerm') ?? '').toLowerCase();
		const tags = url.searchParams.getAll('tags');
		const list = [...state.contacts.values()].filter(
			(contact) =>
				(term === '' ||
					[contact.email, contact.firstName, contact.lastName, contact.phoneNumber].some((value) =>
						String(value ?? '')
							.toLowerCase()
							.includes(term),
					)) &&
				tags.every((tag) => (contact.tags ?? []).includes(tag)),
		);
		const slice = list
			.slice((page - 1) * limit, page * limit)
			.map((contact) => contactWrapper(state, contact));
		const totalPages = Math.ceil(list.length / limit);
		return {
			status: 200,
			body: bare ? slice : { result: slice, page, limit, total: list.length, totalPages },
		};
	}
	// https://developer.meetergo.com/api-reference/contacts/get-contact-details (contactId or attendeeId)
	if (path === '/crm/details' && method === 'GET') {
		const messages = queryFields(url, ['contactId', 'attendeeId']);
		const contactId = url.searchParams.get('contactId');
		const attendeeId = url.searchParams.get('attendeeId');
		if (contactId === null && attendeeId === null)
			messages.push('contactId or attendeeId must be given');
		if (messages.length > 0) return bad(messages);
		const contact =
			contactId !== null
				? state.contacts.get(contactId)
				: [...state.contacts.values()].find((candidate) =>
						(candidate.attendeeIds ?? []).includes(attendeeId),
					);
		return contact === undefined
			? notFound()
			: { status: 200, body: contactWrapper(state, publicContact(contact)) };
	}
	// https://developer.meetergo.com/api-reference/contacts/create-a-contact (email or phoneNumber)
	if (path === '/crm' && method === 'POST') {
		const messages = contactMessages(data, false);
		if (messages.length > 0) return bad(messages);
		// The guide says email is unique per company but not how a duplicate is refused: NestJS's
		// ConflictException (409) stands in for it.
		if (
			data.email !== undefined &&
			[...state.contacts.values()].some((contact) => contact.email === data.email)
		)
			return { status: 409, body: nestError(409, 'A contact with this email already exists') };
		const contact = state.seedContact({ ...data, id: undefined });
		return { status: 201, body: contactWrapper(state, publicContact(contact)) };
	}
	// Contacts guide, "Update a Contact" / "Delete a Contact": PATCH and DELETE /crm/{contactId}
	// (the paths are meetergo's MCP server's; the update answer is undocumented: the wrapper here).
	const contactPath = /^\/crm\/([^/]+)$/.exec(path);
	if (contactPath !== null && (method === 'PATCH' || method === 'DELETE')) {
		const id = decodeURIComponent(contactPath[1]);
		const contact = state.contacts.get(id);
		if (contact === undefined) return notFound();
		if (method === 'DELETE') {
			state.contacts.delete(id);
			return { status: 204 };
		}
		const messages = contactMessages(data, true);
		if (messages.length > 0) return bad(messages);
		Object.assign(contact, data, { id: contact.id, updatedAt: new Date().toISOString() });
		return { status: 200, body: contactWrapper(state, publicContact(contact)) };
	}
	return undefined;
}

/** A stored contact without the fake's own bookkeeping (the attendee ids that find it). */
function publicContact(contact) {
	const { attendeeIds: _attendeeIds, ...rest } = contact;
	return rest;
}

/**
 * Control and inspection (no auth, not rate limited, not logged):
 *   GET    /__fake/state                  token, kind, users, webhooks, appointments, requests, deliveries
 *   GET    /__fake/webhooks               the registered webhooks
 *   POST   /__fake/webhooks               {endpoint?, eventTypes?, description?} add one as another tool would (406 when full)
 *   DELETE /__fake/webhooks/{id}          delete one by hand (204, or 404)
 *   GET    /__fake/requests               the API request log; DELETE clears it
 *   POST   /__fake/appointments           an appointment object (or an array); missing fields from the docs' example → 201 with the stored copies
 *   DELETE /__fake/appointments/{id}      forget one (204, or 404)
 *   POST   /__fake/contacts               a CRM contact (or an array) → 201 with the stored copies
 *   POST   /__fake/rate-limit             {count, retryAfter?} answer the next `count` API requests with 429
 *   POST   /__fake/token                  {token, kind?} accept this token from now on (kind from its shape unless given)
 *   POST   /__fake/reset                  forget webhooks, appointments, requests, deliveries and forced 429s (keeps the token)
 *   POST   /__fake/deliver                {event?, appointmentId?, body?, envelope?} deliver to every subscribed webhook → results
 *   POST   /__fake/inbox/…                records the request (a stand-in receiver for `deliver`); GET /__fake/inbox lists them
 */
async function handleFake(state, request, url, text) {
	const path = url.pathname.replace(/\/+$/, '');
	const method = request.method;
	const parsed = parseJson(text);
	if (!parsed.ok) return { status: 400, body: { message: parsed.message } };
	const body = parsed.value ?? {};

	if (path === '/__fake/state' && method === 'GET') {
		return {
			status: 200,
			body: {
				url: state.url,
				token: state.token,
				kind: state.tokenKind,
				companyId: state.companyId,
				users: state.users,
				webhooks: state.webhooks,
				appointments: [...state.appointments.values()],
				contacts: [...state.contacts.values()],
				requests: state.requests,
				deliveries: state.deliveries,
			},
		};
	}
	if (path === '/__fake/webhooks' && method === 'GET') return { status: 200, body: state.webhooks };
	if (path === '/__fake/webhooks' && method === 'POST') {
		const hook = state.addWebhook(body);
		return hook === undefined
			? { status: 406, body: nestError(406, 'Company reached maximum') }
			: { status: 201, body: hook };
	}
	const webhook = /^\/__fake\/webhooks\/([^/]+)$/.exec(path);
	if (webhook !== null && method === 'DELETE') {
		return state.removeWebhook(decodeURIComponent(webhook[1]))
			? { status: 204 }
			: { status: 404, body: nestError(404, 'Webhook not found') };
	}
	if (path === '/__fake/requests' && method === 'GET') return { status: 200, body: state.requests };
	if (path === '/__fake/requests' && method === 'DELETE') {
		state.requests.length = 0;
		return { status: 204 };
	}
	if (path === '/__fake/appointments' && method === 'POST') {
		const list = Array.isArray(parsed.value) ? parsed.value : [body];
		return { status: 201, body: list.map((appointment) => state.seedAppointment(appointment)) };
	}
	const appointment = /^\/__fake\/appointments\/([^/]+)$/.exec(path);
	if (appointment !== null && method === 'DELETE') {
		return state.appointments.delete(decodeURIComponent(appointment[1]))
			? { status: 204 }
			: { status: 404, body: nestError(404, 'Appointment not found') };
	}
	if (path === '/__fake/contacts' && method === 'POST') {
		const list = Array.isArray(parsed.value) ? parsed.value : [body];
		return { status: 201, body: list.map((contact) => state.seedContact(contact)) };
	}
	if (path === '/__fake/rate-limit' && method === 'POST') {
		state.forceRateLimit(
			Number.isInteger(body.count) ? body.count : 1,
			Number.isInteger(body.retryAfter) ? body.retryAfter : 60,
		);
		return { status: 204 };
	}
	if (path === '/__fake/token' && method === 'POST') {
		if (typeof body.token !== 'string' || body.token === '')
			return { status: 400, body: { message: 'token must be a non-empty string' } };
		state.setToken(body.token, body.kind);
		return { status: 200, body: { token: state.token, kind: state.tokenKind } };
	}
	if (path === '/__fake/reset' && method === 'POST') {
		state.reset();
		return { status: 204 };
	}
	if (path === '/__fake/deliver' && method === 'POST')
		return { status: 200, body: await state.deliver(body) };
	if (path.startsWith('/__fake/inbox/') && method === 'POST') {
		state.inbox.push({
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: request.headers,
			body: text,
		});
		return { status: 200, body: { received: true } };
	}
	if (path === '/__fake/inbox' && method === 'GET') return { status: 200, body: state.inbox };
	return { status: 404, body: { message: `No fake route ${method} ${path}` } };
}

/**
 * Starts the fake on 127.0.0.1. `token`/`kind` set the accepted credential (default: a new
 * personal access token). Resolves to `{ url, state, close() }`.
 */
/** `webhooks`: registrations to start with (the demo keeps them across restarts, as meetergo would). */
function start({ port = 0, token, kind, webhooks = [] } = {}) {
	const state = createState({ token, kind });
	state.webhooks.push(...webhooks);
	const handle = async (request, response) => {
		try {
			const url = new URL(request.url ?? '/', 'http://127.0.0.1');
			const text = await readBody(request);
			if (url.pathname.startsWith('/__fake/')) {
				const result = await handleFake(state, request, url, text);
				sendJson(response, result.status, result.body, result.headers);
				return;
			}
			const result = await handleApi(state, request, url, text);
			state.requests.push({
				method: request.method,
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				/** Every query value by name, repeated keys included (hostIds=a&hostIds=b). */
				queryAll: queryLists(url),
				authorization:
					typeof request.headers.authorization === 'string' ? request.headers.authorization : null,
				userId:
					typeof request.headers[USER_ID_HEADER] === 'string'
						? request.headers[USER_ID_HEADER]
						: null,
				body: parseJson(text).value ?? null,
				status: result.status,
				at: new Date().toISOString(),
			});
			sendJson(response, result.status, result.body, result.headers);
		} catch (error) {
			sendJson(response, 500, {
				statusCode: 500,
				message: String(error && error.message),
				error: 'Internal Server Error',
			});
		}
	};
	return listenLoopback(handle, port).then(({ url, close }) => {
		state.url = url;
		return { url, state, close };
	});
}

module.exports = {
	start,
	fixture,
	fixtureFiles,
	exampleAppointment,
	EVENT_TYPES,
	WEBHOOK_LIMIT,
	RATE_LIMIT_PER_MINUTE,
};

if (require.main === module) {
	runFromCommandLine(
		'meetergo fake API',
		(option) =>
			start({ port: Number(option('port') ?? 0), token: option('token'), kind: option('kind') }),
		(api) => ({
			url: api.url,
			token: api.state.token,
			kind: api.state.tokenKind,
			userIds: api.state.users.map((user) => user.id),
		}),
	);
}
