/** Types for meetbit-api.cjs, the local stand-in for MeetBit's Public API. */

export interface RecordedMeetBitRequest {
	method: string | undefined;
	path: string;
	/** The parsed JSON body (the access key headers are never recorded). */
	body: unknown;
	/** Whether the request carried the right access key ID and secret. */
	authorized: boolean;
	status: number;
}

export type MeetBitEvent = Record<string, unknown> & {
	id: number;
	calendar_id: number;
	cancel_note: string | null;
	deleted_at: string | null;
};

export interface MeetBitFailure {
	status: number;
	/** For 429: the Retry-After seconds (default 1). */
	retryAfter?: number;
	/** For other statuses: the body (default: MeetBit's documented one for 404, else a JSON message). */
	body?: unknown;
	/** Fail this many requests, then answer normally again. */
	times?: number;
}

export interface MeetBitApiFake {
	url: string;
	primaryDomain: string;
	accessKeyId: string;
	accessKeySecret: string;
	requests: RecordedMeetBitRequest[];
	events: Map<string, MeetBitEvent>;
	reset(): void;
	setCanCancel(allowed: boolean): void;
	setLimitPerSecond(perSecond: number): void;
	setFailure(failure: MeetBitFailure | null): void;
	close(): Promise<void>;
}

export declare function start(options?: {
	port?: number;
	accessKeyId?: string;
	accessKeySecret?: string;
	limitPerSecond?: number;
}): Promise<MeetBitApiFake>;

export declare const DEFAULT_ACCESS_KEY_ID: string;
export declare const DEFAULT_ACCESS_KEY_SECRET: string;
export declare const API_PATH: string;
export declare const TEXT_ERRORS: Readonly<{
	invalidKey: string;
	accessDenied: string;
	notFound: string;
	rateLimited: string;
}>;

/** A documented answer, as kept in test/fixtures/meetbit/<name>.json. */
export declare function fixture(name: string): {
	source: string;
	confidence: string;
	request?: { method: string; path: string; query: string[]; body: string[]; required?: string[] };
	status?: number;
	body?: Record<string, unknown>;
	responses?: Record<string, { contentType: string | null; body: unknown; headers?: string[] }>;
};
