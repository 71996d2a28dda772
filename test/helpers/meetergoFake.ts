import { start, type MeetergoApiFake } from '../fakes/meetergo-api.cjs';

/** Runs the loopback meetergo API for the tests of a file, handing it to `use`; reset before each test. */
export function useMeetergoApiFake(use: (api: MeetergoApiFake) => void): void {
	let api: MeetergoApiFake | undefined;
	beforeAll(async () => {
		api = await start();
		use(api);
	});
	afterAll(async () => {
		await api?.close();
	});
	beforeEach(() => api?.state.reset());
}

export interface FakeCallOptions {
	body?: unknown;
	/** The bearer token; `null` sends none; absent: the fake's valid token. */
	token?: string | null;
	/** Sent as x-meetergo-api-user-id (platform API keys). */
	userId?: string;
}

/** One HTTP request to the meetergo fake, as a client of meetergo's API would send it. */
export async function callMeetergoFake(
	api: MeetergoApiFake,
	method: string,
	path: string,
	options: FakeCallOptions = {},
): Promise<{ status: number; body: unknown; text: string; headers: Headers }> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	const token = options.token === undefined ? api.state.token : options.token;
	if (token !== null) headers.authorization = `Bearer ${token}`;
	if (options.userId !== undefined) headers['x-meetergo-api-user-id'] = options.userId;
	const response = await fetch(`${api.url}${path}`, {
		method,
		headers,
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
	});
	const text = await response.text();
	return {
		status: response.status,
		body: text === '' ? undefined : (JSON.parse(text) as unknown),
		text,
		headers: response.headers,
	};
}
