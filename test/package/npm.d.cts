/** Types for npm.cjs: npm run from the repo, and a stand-in registry on loopback. */

export interface RecordedRequest {
	method: string | undefined;
	url: string | undefined;
	bytes: number;
}

export interface StandInRegistry {
	/** http://127.0.0.1:<port>/ */
	url: string;
	/** Every request received so far, in order. */
	requests: RecordedRequest[];
	close(): Promise<void>;
}

export interface NpmRun {
	code: number | null;
	signal: string | null;
	/** stdout and stderr together. */
	output: string;
}

export interface RunNpmOptions {
	/** Variables added to the clean environment npm runs with. */
	env?: Record<string, string>;
	/** A registry URL to give a made-up credential for (only the stand-in registry's). */
	placeholderAuthFor?: string;
	/** Kills npm after this long (default 45 s). */
	timeoutMs?: number;
}

/** A file of the repo as text, or null when it does not exist. */
export function readRepoFile(relativePath: string): string | null;
export function startRegistry(): Promise<StandInRegistry>;
export function runNpm(args: string[], options?: RunNpmOptions): Promise<NpmRun>;
