/** Types for meetergo-api.cjs, the local stand-in for meetergo's API. */

export type TokenKind = 'personal' | 'platform';

export interface FakeUser {
	id: string;
	email: string;
	givenName: string;
	familyName: string;
	timezone: string;
	companyId: string;
	isAdmin: boolean;
	slug: string;
}

export interface FakeWebhook {
	id: string;
	endpoint: string;
	description: string | null;
	eventTypes: string[];
	companyId: string;
	createdAt: string;
}

export interface RecordedRequest {
	method: string | undefined;
	path: string;
	query: Record<string, string>;
	/** Every query value by name, repeated keys included. */
	queryAll: Record<string, string[]>;
	/** The Authorization header as received (the fake's test token), or null. */
	authorization: string | null;
	/** The x-meetergo-api-user-id header as received, or null. */
	userId: string | null;
	body: unknown;
	status: number;
	at: string;
}

export interface DeliveryResult {
	webhookId: string;
	endpoint: string;
	/** 0 when the receiver could not be reached. */
	status: number;
	body?: string;
	error?: string;
}

export type Appointment = Record<string, unknown> & { id: string };
export type Contact = Record<string, unknown> & { id: string };

export interface FakeMeetingType {
	id: string;
	slug: string;
	meetingInfo: { name: string; duration: number };
	/** Bookings of this meeting type are answered as double opt-in (provisional). */
	doubleOptIn: boolean;
}

export interface FakeState {
	readonly companyId: string;
	readonly owner: FakeUser;
	readonly users: FakeUser[];
	readonly token: string;
	readonly tokenKind: TokenKind;
	readonly webhooks: FakeWebhook[];
	readonly appointments: Map<string, Appointment>;
	readonly meetingTypes: FakeMeetingType[];
	readonly contacts: Map<string, Contact>;
	readonly provisionalBookings: Array<Record<string, unknown> & { provisionalBookingId: string }>;
	readonly oneTimeLinks: Array<{ id: string; url: string; meetingTypeId: string }>;
	/** 'documented': lists as the research notes say; 'bare': bare arrays (the docs leave it open). */
	listShape: 'documented' | 'bare';
	/** 'dates': availability in the current reference's shape; 'slots': the older guide's. */
	availabilityShape: 'dates' | 'slots';
	readonly requests: RecordedRequest[];
	readonly deliveries: Array<DeliveryResult & { event: string }>;
	readonly inbox: Array<{
		path: string;
		query: Record<string, string>;
		headers: Record<string, unknown>;
		body: string;
	}>;
	/** Test switch: store endpoints without their query string (meetergo does not document either way). */
	dropEndpointQuery: boolean;
	forcedRateLimit: number;
	rateLimitPerMinute: number;
	setToken(token: string, kind?: TokenKind): void;
	/** Stores an appointment; fields not given come from the docs' booking example, `id` is random unless given. */
	seedAppointment(appointment?: Record<string, unknown>): Appointment;
	/** Answer the next `count` API requests with 429 and Retry-After `retryAfter` seconds (60). */
	forceRateLimit(count?: number, retryAfter?: number): void;
	/** Answer the next `times` (1) API requests with `status` and a NestJS error body (or `body`). */
	failNext(failure: {
		status: number;
		message?: string | string[];
		body?: unknown;
		headers?: Record<string, string>;
		times?: number;
	}): void;
	/** Stores a CRM contact; `id` is random unless given. */
	seedContact(contact?: Record<string, unknown>): Contact;
	/** Makes or enriches a contact for each attendee, as a booking does in meetergo. */
	contactsFromBooking(appointment: Appointment): void;
	/** A webhook made by another tool or person; undefined when all slots are taken. */
	addWebhook(fields?: {
		endpoint?: string;
		eventTypes?: string[];
		description?: string | null;
	}): FakeWebhook | undefined;
	/** Delete a webhook "by hand". */
	removeWebhook(id: string): boolean;
	reset(): void;
	deliver(options?: {
		event?: string;
		appointmentId?: string;
		body?: unknown;
		envelope?: 'flat' | 'event_data';
	}): Promise<DeliveryResult[]>;
}

export interface MeetergoApiFake {
	url: string;
	state: FakeState;
	close(): Promise<void>;
}

export declare function start(options?: {
	port?: number;
	token?: string;
	kind?: TokenKind;
}): Promise<MeetergoApiFake>;
/** The `body` of test/fixtures/meetergo/<name>.json (a fresh copy). */
export declare function fixture(name: string): any;
/** Every fixture file as stored (`$source` and `body`). */
export declare function fixtureFiles(): Array<{ name: string; json: Record<string, unknown> }>;
export declare function exampleAppointment(overrides?: Record<string, unknown>): Appointment;
export declare const EVENT_TYPES: readonly string[];
export declare const WEBHOOK_LIMIT: number;
export declare const RATE_LIMIT_PER_MINUTE: number;
