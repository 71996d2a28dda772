/** Types for meetgeek-api.cjs, the local stand-in for MeetGeek's public API. */

export interface RecordedApiRequest {
	method: string | undefined;
	path: string;
	query: Record<string, string>;
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
export declare const ERROR_BODIES: Readonly<
	Record<400 | 401 | 403 | 404 | 429 | 500, { message: string; reason?: string; unit?: string }>
>;
