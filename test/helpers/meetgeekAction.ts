import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { MeetingWebhooksMeetGeekApi } from '../../credentials/MeetingWebhooksMeetGeekApi.credentials';
import { meetGeekClock } from '../../nodes/MeetGeek/api';
import { MeetGeek } from '../../nodes/MeetGeek/MeetGeek.node';
import { forgetRecentRequests } from '../../nodes/shared/actions/transport';
import { start, type MeetGeekApiFake } from '../fakes/meetgeek-api.cjs';
import { withDefaults } from './meetergo';
import { httpRequestWithAuthentication } from './n8nHttp';

export function meetGeekActionNode(parameters: INodeParameters, typeVersion = 1): INode {
	return {
		id: 'node-meetgeek-action',
		name: 'MeetGeek',
		type: 'n8n-nodes-meeting-webhooks.meetGeek',
		typeVersion,
		position: [0, 0],
		parameters: withDefaults(new MeetGeek(), parameters, typeVersion),
		credentials: { meetingWebhooksMeetGeekApi: { id: '2', name: 'MeetGeek API' } },
	};
}

/**
 * Resolves a parameter as n8n would for one item: the `={{ $json.field }}` expressions the node
 * uses as defaults, and dotted names (`additionalFields.x`). Other expressions are not supported.
 */
function resolve(value: unknown, item: INodeExecutionData): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	const field = /^=\{\{\s*\$json\.(\w+)\s*\}\}$/.exec(value);
	if (field === null) throw new Error(`test helper cannot resolve ${value}`);
	return item.json[field[1]];
}

/**
 * Runs the MeetGeek node's execute() as n8n does for a set of input items: parameters with their
 * defaults (hidden ones removed), per-item overrides, credentials as stored, real HTTP to the
 * loopback MeetGeek API fake (or to `request`, a stand-in for n8n's HTTP helper).
 */
export async function runMeetGeek(options: {
	parameters: INodeParameters;
	credential: IDataObject;
	items?: INodeExecutionData[];
	perItem?: Array<Partial<INodeParameters>>;
	continueOnFail?: boolean;
	request?: (credentialType: string, options: unknown) => Promise<unknown>;
	/** The node's version in the workflow (1 unless given). */
	typeVersion?: number;
}): Promise<INodeExecutionData[]> {
	const items = options.items ?? [{ json: {} }];
	const typeVersion = options.typeVersion ?? 1;
	const node = meetGeekActionNode(options.parameters, typeVersion);
	const credentials = { meetingWebhooksMeetGeekApi: options.credential };
	const context = {
		getNode: () => node,
		getInputData: () => items,
		getMode: () => 'manual',
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const parameters = withDefaults(
				new MeetGeek(),
				{ ...options.parameters, ...(options.perItem?.[itemIndex] ?? {}) } as INodeParameters,
				typeVersion,
			);
			const value = name
				.split('.')
				.reduce<unknown>((object, key) => (object as IDataObject | undefined)?.[key], parameters);
			return value === undefined ? fallback : resolve(value, items[itemIndex]);
		},
		getCredentials: async (type: string) => credentials[type as 'meetingWebhooksMeetGeekApi'],
		continueOnFail: () => options.continueOnFail === true,
		helpers: {
			httpRequestWithAuthentication:
				options.request ??
				httpRequestWithAuthentication(
					node,
					{ meetingWebhooksMeetGeekApi: new MeetingWebhooksMeetGeekApi() },
					credentials,
				),
		},
	};
	const [output] = await new MeetGeek().execute.call(context as unknown as IExecuteFunctions);
	return output;
}

/**
 * Replaces MeetGeek's clock for the calling test file: pacing (60 requests a minute) and 429 waits
 * move a fake clock on instead of spending real time, and each test starts with no requests
 * counted against the minute. Returns the waits of the current test, in milliseconds.
 */
export function useInstantMeetGeekClock(): () => number[] {
	const realClock = { ...meetGeekClock };
	let waits: number[] = [];
	beforeEach(() => {
		waits = [];
		let offset = 0;
		meetGeekClock.now = () => Date.now() + offset;
		meetGeekClock.sleep = async (milliseconds) => {
			waits.push(milliseconds);
			offset += milliseconds;
		};
		forgetRecentRequests();
	});
	afterAll(() => {
		Object.assign(meetGeekClock, realClock);
	});
	return () => waits;
}

/**
 * Runs the loopback MeetGeek API for the tests of this file, handing it to `use`: started once,
 * closed at the end, and back to documented behaviour before each test (no failure, no quota
 * spent, no requests recorded).
 */
export function useMeetGeekApiFake(use: (api: MeetGeekApiFake) => void): void {
	let api: MeetGeekApiFake | undefined;
	beforeAll(async () => {
		api = await start();
		use(api);
	});
	afterAll(async () => {
		await api?.close();
	});
	beforeEach(() => {
		api?.setFailure(null);
		api?.setDailyQuota(Infinity);
		if (api !== undefined) api.requests.length = 0;
	});
}
