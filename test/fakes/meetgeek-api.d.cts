/** Types for meetgeek-api.cjs, the local stand-in for MeetGeek's public API. */

export interface RecordedApiRequest {
	method: string | undefined;
	path: string;
	query: Record<string, string>;
	/** The JSON body of a POST (null when it was not JSON). */
	body?: Record<string, unknown> | null;
	/** Whether the request carried the right Bearer key (the key itself is never recorded). */
	authorized: boolean;
	status: number;
}

export interface ApiFailure {
	status: number;
	/** Defaults to MeetGeek's documented body for the status. */
	body?: unknown;
	/** Only requests whose path contains this string, or matches this pattern. */
	path?: string | RegExp;
	/** Fail this many matching requests, then answer normally again. */
	times?: number;
}

export interface MeetGeekApiFake {
	url: string;
	apiKey: string;
	requests: RecordedApiRequest[];
	/** Bodies of accepted POST /v1/upload calls. */
	uploads: Array<Record<string, unknown>>;
	/** Bodies of accepted POST /v1/bot/join calls, with the meeting_id answered. */
	bots: Array<Record<string, unknown>>;
	setFailure(failure: ApiFailure | null): void;
	setDailyQuota(calls: number): void;
	close(): Promise<void>;
}

export declare function start(options?: {
	port?: number;
	apiKey?: string;
	dailyQuota?: number;
}): Promise<MeetGeekApiFake>;

export declare const DEFAULT_API_KEY: string;
export declare const OWN_MEETING_ID: string;
export declare const TEAM_MEETING_ID: string;
export declare const FOREIGN_MEETING_ID: string;
export declare const GONE_MEETING_ID: string;
export declare const PRODUCT_TEAM_ID: number;
export declare const SALES_TEAM_ID: number;
export declare const ERROR_BODIES: Readonly<
	Record<
		400 | 401 | 403 | 404 | 410 | 429 | 500,
		{ message: string; reason?: string; unit?: string }
	>
>;

/** A documented answer, as kept in test/fixtures/meetgeek/<name>.json. */
export interface MeetGeekFixture {
	source: string;
	confidence: string;
	request: { method: string; path: string; query: string[]; body: string[]; required?: string[] };
	status: number;
	body: Record<string, unknown>;
}

export declare function fixture(name: string): MeetGeekFixture;

/** The fixtures that each document one endpoint (all but the error bodies). */
export declare const ENDPOINT_FIXTURES: readonly string[];

/** The endpoints the fake serves, each with the fixture that documents it. */
export declare const ROUTES: ReadonlyArray<{
	fixture: string;
	method: string;
	match(path: string): Record<string, string> | null;
}>;
