'use strict';
// A local stand-in for meetergo's API (https://developer.meetergo.com), for tests, the end-to-end
// suite and the local demo. Loopback only. It reproduces what meetergo documents:
//   - Authorization: Bearer <token>; a wrong or missing token → 401.
//   - Two token kinds. A platform API key (ak_live:…) acts for the user in x-meetergo-api-user-id,
//     which every route except GET /v4/user/me requires (400 without it); a personal access token
//     (rgo-…) that names another user in that header → 403. An empty header counts as absent.
//   - Webhooks at the host root: POST/GET /webhooks, PATCH/DELETE /webhooks/{id} (204 on delete),
//     at most 6 per company (406 {"statusCode":406,"message":"Company reached maximum","error":"Not Acceptable"}),
//     validated like NestJS's ValidationPipe (400 with an array of messages; eventTypes needs ≥ 1).
//   - GET /v4/user/me; GET /v4/appointment/{id} (404 for unknown ids).
//   - The action node's routes (research notes §2.5): appointments (paginated with 0-indexed pages,
//     today, cancel, reschedule, notes, guest), POST /v4/booking (double opt-in for meeting types
//     marked so), GET /v4/booking-availability, meeting types, users (admins only, limit/offset),
//     one-time booking links, and the CRM at the host root (/crm, 1-indexed pages).
//   - 100 requests per minute per token (429 with Retry-After), plus a switch to force 429s.
//   - NestJS error bodies {statusCode, message, error}.
// Inspection and control for tests and the e2e suite (no auth) live under /__fake/ (see README of
// the e2e suite or the list in `handleFake` below). It can also deliver events to the registered
// webhooks the way meetergo does: POST /__fake/deliver.
// Plain CommonJS on purpose: the package's .ts files may not import node:http (n8n's lint rules).
//
//   const { start } = require('./meetergo-api.cjs'); const api = await start(); ... await api.close();
//   node test/fakes/meetergo-api.cjs --port 8791 [--token T] [--kind personal|platform]
//     → prints one line {"url":"http://127.0.0.1:8791","token":"…","kind":"personal","userIds":[…]}

const { listenLoopback, runFromCommandLine } = require('./loopback.cjs');
const { randomBytes, randomUUID } = require('node:crypto');

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
		seedContact(contact = {}) {
			const record = {
				email: 'contact@example.com',
				firstname: 'Cora',
				lastname: 'Contact',
				phone: null,
				company: null,
				createdAt: new Date().toISOString(),
				...contact,
				id: contact.id ?? `contact-${randomUUID()}`,
			};
			state.contacts.set(record.id, record);
			return record;
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
	const messages = [];
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
	if (match === null || match[1] !== state.token)
		return { status: 401, body: nestError(401, 'Unauthorized') };
	const rawUserId = request.headers[USER_ID_HEADER];
	const userId = typeof rawUserId === 'string' ? rawUserId.trim() : '';
	if (state.tokenKind === 'personal') {
		if (userId !== '' && userId !== state.owner.id) {
			return {
				status: 403,
				body: nestError(
					403,
					'Personal access tokens act as their owner; do not send x-meetergo-api-user-id for another user',
				),
			};
		}
		return { user: state.owner };
	}
	if (userId === '') {
		// Documented: GET /v4/user/me (and POST /v4/user) act as the company owner without the header.
		if (request.method === 'GET' && path === '/v4/user/me') return { user: state.owner };
		return {
			status: 400,
			body: nestError(
				400,
				'Missing x-meetergo-api-user-id header: platform API keys must name the user to act for',
			),
		};
	}
	const user = state.users.find((candidate) => candidate.id === userId);
	if (user === undefined)
		return {
			status: 403,
			body: nestError(403, 'The user in x-meetergo-api-user-id does not belong to this company'),
		};
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
			body: nestError(429, 'Too Many Requests'),
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

	if (path === '/v4/user/me' && method === 'GET') return { status: 200, body: auth.user };

	const appointment = /^\/v4\/appointment\/([^/]+)$/.exec(path);
	if (
		appointment !== null &&
		method === 'GET' &&
		!['paginated', 'today'].includes(appointment[1])
	) {
		const record = state.appointments.get(decodeURIComponent(appointment[1]));
		return record === undefined
			? { status: 404, body: nestError(404, 'Appointment not found') }
			: { status: 200, body: record };
	}

	if (path === '/webhooks') {
		if (method === 'GET') return { status: 200, body: state.webhooks };
		if (method === 'POST') {
			const messages = validateWebhookBody(body, false);
			if (messages.length > 0) return { status: 400, body: nestError(400, messages) };
			if (state.webhooks.length >= WEBHOOK_LIMIT)
				return { status: 406, body: nestError(406, 'Company reached maximum') };
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

	const webhook = /^\/webhooks\/([^/]+)$/.exec(path);
	if (webhook !== null && (method === 'PATCH' || method === 'DELETE')) {
		const id = decodeURIComponent(webhook[1]);
		const hook = state.webhooks.find((candidate) => candidate.id === id);
		if (hook === undefined) return { status: 404, body: nestError(404, 'Webhook not found') };
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

	return { status: 404, body: nestError(404, `Cannot ${method} ${url.pathname}`) };
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

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

/** The routes the action node uses (research notes §2.5). `undefined`: not one of them. */
function handleActionRoutes(state, user, method, path, url, body) {
	const data = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
	const bare = state.listShape === 'bare';

	// Appointments
	if (path === '/v4/appointment/paginated' && method === 'GET') {
		const page = intParam(url, 'page');
		const pageSize = intParam(url, 'pageSize');
		const messages = [];
		if (page === undefined || Number.isNaN(page) || page < 0)
			messages.push('page must not be less than 0');
		if (pageSize === undefined || Number.isNaN(pageSize) || pageSize < 1 || pageSize > 100)
			messages.push('pageSize must be a number between 1 and 100');
		const sortBy = url.searchParams.get('sortBy') ?? 'appointment.start';
		if (!['appointment.start', 'appointment.createdAt'].includes(sortBy))
			messages.push(
				'sortBy must be one of the following values: appointment.start, appointment.createdAt',
			);
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
		const direction =
			(url.searchParams.get('sortDirection') ?? 'ASC').toUpperCase() === 'DESC' ? -1 : 1;
		list = list.sort((a, b) => direction * (Date.parse(a[key]) - Date.parse(b[key])));
		const slice = list.slice(page * pageSize, (page + 1) * pageSize);
		return { status: 200, body: bare ? slice : { appointments: slice, total: list.length } };
	}
	if (path === '/v4/appointment/today' && method === 'GET') {
		const today = new Date().toISOString().slice(0, 10);
		const list = [...state.appointments.values()].filter(
			(appointment) => new Date(appointment.start).toISOString().slice(0, 10) === today,
		);
		return { status: 200, body: bare ? { appointments: list } : list };
	}
	const appointmentAction = /^\/v4\/appointment\/([^/]+)\/(cancel|reschedule|notes|guest)$/.exec(
		path,
	);
	if (appointmentAction !== null) {
		const [, rawId, verb] = appointmentAction;
		const expected = verb === 'cancel' || verb === 'reschedule' ? 'POST' : 'PATCH';
		if (method !== expected) return undefined;
		const appointment = state.appointments.get(decodeURIComponent(rawId));
		if (appointment === undefined)
			return { status: 404, body: nestError(404, 'Appointment not found') };
		if (verb === 'cancel') {
			if (
				data.reason !== undefined &&
				(typeof data.reason !== 'string' || data.reason.length > 500)
			)
				return bad(['reason must be shorter than or equal to 500 characters']);
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
					entireSeries: data.cancelEntireSeries === true,
				};
			}
			appointment.updatedAt = new Date().toISOString();
			return { status: 201, body: { success: true } };
		}
		if (verb === 'reschedule') {
			if (!isIsoTime(data.start)) return bad(['start must be a valid ISO 8601 date string']);
			const hour = new Date(data.start).getUTCHours();
			if (data.ignoreAvailability !== true && (hour < 8 || hour >= 18))
				return bad('The selected time is not available');
			const duration = Date.parse(appointment.end) - Date.parse(appointment.start);
			appointment.start = new Date(Date.parse(data.start)).toISOString();
			appointment.end = new Date(Date.parse(data.start) + duration).toISOString();
			appointment.rescheduledAt = new Date().toISOString();
			appointment.updatedAt = appointment.rescheduledAt;
			return { status: 201, body: appointment };
		}
		if (verb === 'notes') {
			if (typeof data.note !== 'string') return bad(['note must be a string']);
			appointment.notes = data.note;
			appointment.updatedAt = new Date().toISOString();
			return { status: 200, body: appointment };
		}
		// guest
		const messages = [];
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
		return { status: 200, body: appointment };
	}

	// Booking and availability
	if (path === '/v4/booking' && method === 'POST') {
		const messages = [];
		if (typeof data.meetingTypeId !== 'string') messages.push('meetingTypeId must be a string');
		if (!isIsoTime(data.start)) messages.push('start must be a valid ISO 8601 date string');
		const attendee = data.attendee;
		if (typeof attendee !== 'object' || attendee === null) {
			messages.push('attendee must be an object');
		} else {
			if (typeof attendee.email !== 'string' || !attendee.email.includes('@'))
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
		if (meetingType === undefined)
			return { status: 404, body: nestError(404, 'Meeting type not found') };
		if (
			Array.isArray(data.hostIds) &&
			data.hostIds.some((id) => !state.users.some((u) => u.id === id))
		)
			return bad('Unknown host');
		if (meetingType.doubleOptIn) {
			const provisionalBookingId = `prov-${randomUUID()}`;
			state.provisionalBookings.push({ provisionalBookingId, ...data });
			return { status: 201, body: { bookingType: 'DoubleOptIn', provisionalBookingId } };
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
			attendees: [{ id: `att-${randomUUID()}`, ...attendee }],
			createdAt: new Date().toISOString(),
			updatedAt: new Date().toISOString(),
		});
		return { status: 201, body: { appointmentId: appointment.id, secret: appointment.secret } };
	}
	if (path === '/v4/booking-availability' && method === 'GET') {
		const meetingTypeId = url.searchParams.get('meetingTypeId');
		const from = url.searchParams.get('start');
		const to = url.searchParams.get('end');
		const messages = [];
		if (meetingTypeId === null) messages.push('meetingTypeId must be a string');
		if (!isIsoTime(from ?? '')) messages.push('start must be a valid ISO 8601 date string');
		if (!isIsoTime(to ?? '')) messages.push('end must be a valid ISO 8601 date string');
		if (messages.length > 0) return bad(messages);
		if (url.searchParams.get('hostIds') === null && url.searchParams.get('queueId') === null)
			return bad('Expected hostIds or queueId');
		const meetingType = state.meetingTypes.find((candidate) => candidate.id === meetingTypeId);
		if (meetingType === undefined)
			return { status: 404, body: nestError(404, 'Meeting type not found') };
		const slots = [];
		const minutes = Number(
			url.searchParams.get('meetingDuration') ?? meetingType.meetingInfo.duration,
		);
		for (
			let time = Math.ceil(Date.parse(from) / 3_600_000) * 3_600_000;
			time < Date.parse(to) && slots.length < 50;
			time += 3_600_000
		) {
			const hour = new Date(time).getUTCHours();
			if (hour >= 9 && hour < 17)
				slots.push({
					start: new Date(time).toISOString(),
					end: new Date(time + minutes * 60_000).toISOString(),
				});
		}
		return { status: 200, body: slots };
	}

	// Meeting types
	if (path === '/v4/meeting-type' && method === 'GET')
		return { status: 200, body: bare ? { meetingTypes: state.meetingTypes } : state.meetingTypes };
	const meetingTypePath = /^\/v4\/meeting-type\/([^/]+)$/.exec(path);
	if (meetingTypePath !== null && method === 'GET') {
		const found = state.meetingTypes.find(
			(candidate) => candidate.id === decodeURIComponent(meetingTypePath[1]),
		);
		return found === undefined
			? { status: 404, body: nestError(404, 'Meeting type not found') }
			: { status: 200, body: found };
	}

	// Users (admins only)
	if (path === '/v4/user' && method === 'GET') {
		if (!user.isAdmin) return { status: 403, body: nestError(403, 'Only admins can list users') };
		const limit = intParam(url, 'limit') ?? 10;
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

	// One-time booking links
	const oneTime = /^\/v4\/one-time-booking-link\/create\/([^/]+)$/.exec(path);
	if (oneTime !== null && method === 'POST') {
		const meetingType = state.meetingTypes.find(
			(candidate) => candidate.id === decodeURIComponent(oneTime[1]),
		);
		if (meetingType === undefined)
			return { status: 404, body: nestError(404, 'Meeting type not found') };
		const id = randomUUID();
		const link = {
			id,
			url: `https://cal.meetergo.com/one-time/${id}`,
			meetingTypeId: meetingType.id,
		};
		state.oneTimeLinks.push(link);
		return { status: 201, body: link };
	}

	// CRM at the host root
	if (path === '/crm' && method === 'GET') {
		const page = intParam(url, 'page') ?? 1;
		const limit = intParam(url, 'limit') ?? 10;
		if (Number.isNaN(page) || page < 1) return bad(['page must not be less than 1']);
		if (Number.isNaN(limit) || limit < 1 || limit > 100)
			return bad(['limit must not be greater than 100']);
		const term = (url.searchParams.get('searchTerm') ?? '').toLowerCase();
		const list = [...state.contacts.values()].filter(
			(contact) =>
				term === '' ||
				[contact.email, contact.firstname, contact.lastname].some((value) =>
					String(value ?? '')
						.toLowerCase()
						.includes(term),
				),
		);
		const slice = list
			.slice((page - 1) * limit, page * limit)
			.map((item) => ({ item, appointmentCount: 0 }));
		return { status: 200, body: bare ? slice : { result: slice, total: list.length } };
	}
	if (path === '/crm/details' && method === 'GET') {
		const contactId = url.searchParams.get('contactId');
		if (contactId === null) return bad(['contactId must be a string']);
		const contact = state.contacts.get(contactId);
		return contact === undefined
			? { status: 404, body: nestError(404, 'Contact not found') }
			: { status: 200, body: contact };
	}
	if (path === '/crm' && method === 'POST') {
		if (typeof data.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(data.email))
			return bad(['email must be an email']);
		if ([...state.contacts.values()].some((contact) => contact.email === data.email))
			return { status: 409, body: nestError(409, 'A contact with this email already exists') };
		return { status: 201, body: state.seedContact({ ...data, id: undefined }) };
	}
	const contactPath = /^\/crm\/([^/]+)$/.exec(path);
	if (contactPath !== null && method === 'PATCH') {
		const contact = state.contacts.get(decodeURIComponent(contactPath[1]));
		if (contact === undefined) return { status: 404, body: nestError(404, 'Contact not found') };
		if (data.email !== undefined && (typeof data.email !== 'string' || !data.email.includes('@')))
			return bad(['email must be an email']);
		Object.assign(contact, data, { id: contact.id, updatedAt: new Date().toISOString() });
		return { status: 200, body: contact };
	}
	return undefined;
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

module.exports = { start, exampleAppointment, EVENT_TYPES, WEBHOOK_LIMIT, RATE_LIMIT_PER_MINUTE };

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
