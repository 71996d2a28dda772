import {
	NodeApiError,
	NodeHelpers,
	NodeOperationError,
	type ICredentialTestFunctions,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
} from 'n8n-workflow';

import { MeetingWebhooksMeetBitApi } from '../../credentials/MeetingWebhooksMeetBitApi.credentials';
import {
	checkPrimaryDomain,
	MAX_RATE_LIMIT_WAIT_SECONDS,
	MEETBIT_API_PATH,
} from '../../nodes/MeetBit/api';
import {
	CALENDAR_ID_FROM_TRIGGER,
	EVENT_ID_FROM_TRIGGER,
} from '../../nodes/MeetBit/actions/event/cancel.operation';
import { testMeetBitApiForm } from '../../nodes/MeetBit/credentialTest';
import { MeetBit } from '../../nodes/MeetBit/MeetBit.node';
import { fixture, start, TEXT_ERRORS, type MeetBitApiFake } from '../fakes/meetbit-api.cjs';
import { withDefaults } from '../helpers/meetergo';
import { httpRequestWithAuthentication } from '../helpers/n8nHttp';
import { shapeDifferences } from '../helpers/shape';

let api: MeetBitApiFake;

beforeAll(async () => {
	api = await start();
});
afterAll(async () => {
	await api.close();
});
beforeEach(() => {
	api.reset();
});

const credentialType = new MeetingWebhooksMeetBitApi();

function credential(fields: IDataObject = {}): IDataObject {
	return {
		primaryDomain: api.primaryDomain,
		accessKeyId: api.accessKeyId,
		accessKeySecret: api.accessKeySecret,
		...fields,
	};
}

/** The credential data as n8n hands it to a node (defaults filled, hidden fields dropped). */
function asN8nGivesIt(data: IDataObject): IDataObject {
	return NodeHelpers.getNodeParameters(
		credentialType.properties,
		data as INodeParameters,
		true,
		false,
		null,
		null,
	) as IDataObject;
}

/** Runs the MeetBit node's execute() as n8n would; `perItem` are the parameters n8n resolved per item. */
async function run(
	perItem: Array<Partial<INodeParameters>>,
	options: {
		credential?: IDataObject;
		continueOnFail?: boolean;
		parameters?: INodeParameters;
	} = {},
): Promise<INodeExecutionData[]> {
	const nodeType = new MeetBit();
	const node: INode = {
		id: 'node-meetbit-action',
		name: 'MeetBit',
		type: 'n8n-nodes-meeting-webhooks.meetBit',
		typeVersion: 1,
		position: [0, 0],
		parameters: withDefaults(nodeType, {
			resource: 'event',
			operation: 'cancel',
			...options.parameters,
		}),
		credentials: { meetingWebhooksMeetBitApi: { id: '1', name: 'MeetBit API' } },
	};
	const credentials = {
		meetingWebhooksMeetBitApi: asN8nGivesIt(options.credential ?? credential()),
	};
	const items = perItem.map(() => ({ json: {} }));
	const context = {
		getNode: () => node,
		getInputData: () => items,
		getMode: () => 'manual',
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const value = { ...node.parameters, ...perItem[itemIndex] }[name];
			return value === undefined ? fallback : value;
		},
		getCredentials: async (type: string) => credentials[type as 'meetingWebhooksMeetBitApi'],
		continueOnFail: () => options.continueOnFail === true,
		helpers: {
			httpRequestWithAuthentication: httpRequestWithAuthentication(
				node,
				{ meetingWebhooksMeetBitApi: credentialType },
				credentials,
			),
		},
	};
	const [output] = (await nodeType.execute!.call(
		context as unknown as IExecuteFunctions,
	)) as INodeExecutionData[][];
	return output;
}

async function failure(
	item: Partial<INodeParameters>,
	options: { credential?: IDataObject } = {},
): Promise<NodeApiError & NodeOperationError> {
	const error = await run([item], options).then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeDefined();
	return error as NodeApiError & NodeOperationError;
}

const cancelPath = (calendarId: number, eventId: number) =>
	`${MEETBIT_API_PATH}/calendars/${calendarId}/events/${eventId}/cancel`;

/** What n8n resolves the default expressions to for a MeetBit Trigger item of `events.created`. */
const fromEventsCreated = { calendarId: 42, eventId: 1234, cancelNote: 'No longer needed' };

/** Everything an error shows a user: it must never hold an access key. */
function shown(error: NodeApiError & NodeOperationError): string {
	return JSON.stringify({
		message: error.message,
		description: error.description,
		context: error.context,
		httpCode: error.httpCode,
	});
}

describe('MeetBit node: Event → Cancel', () => {
	it('cancels the event with the access key headers and outputs the canceled Event', async () => {
		const [item] = await run([fromEventsCreated]);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			id: 1234,
			calendar_id: 42,
			title: 'Intro call — Jane Doe',
			cancel_note: 'No longer needed',
		});
		expect(typeof item.json.deleted_at).toBe('string');
		expect(api.requests).toHaveLength(1);
		expect(api.requests[0]).toMatchObject({
			method: 'POST',
			path: cancelPath(42, 1234),
			body: { cancel_note: 'No longer needed' },
			authorized: true,
			status: 200,
		});
		expect(api.events.get('42/1234')?.deleted_at).not.toBeNull();
		const text = JSON.stringify(item);
		expect(text).not.toContain(api.accessKeySecret);
		expect(text).not.toContain(api.accessKeyId);
	});

	it('takes the IDs as numbers or digits and trims the note', async () => {
		const [item] = await run([{ calendarId: ' 42 ', eventId: '5678', cancelNote: '  Moved  ' }]);
		expect(item.json).toMatchObject({ id: 5678, cancel_note: 'Moved' });
		expect(api.requests[0].body).toEqual({ cancel_note: 'Moved' });
	});

	it('defaults the IDs to the MeetBit Trigger item: data.calendar_id, data.id or data.event_id', () => {
		const parameters = withDefaults(new MeetBit(), { resource: 'event', operation: 'cancel' });
		expect(parameters.calendarId).toBe(CALENDAR_ID_FROM_TRIGGER);
		expect(parameters.eventId).toBe(EVENT_ID_FROM_TRIGGER);
		expect(CALENDAR_ID_FROM_TRIGGER).toBe('={{ $json.data?.calendar_id }}');
		// meeting_links.scheduled: data.id is the meeting link, data.event_id the event it created.
		expect(EVENT_ID_FROM_TRIGGER).toContain('$json.event === "meeting_links.scheduled"');
		expect(EVENT_ID_FROM_TRIGGER).toContain('$json.data?.event_id');
		expect(EVENT_ID_FROM_TRIGGER).toContain('$json.data?.id');
	});

	it('runs once per item, in order, each output paired with its input', async () => {
		const output = await run([
			{ calendarId: 42, eventId: 1234, cancelNote: 'a' },
			{ calendarId: 42, eventId: 5678, cancelNote: 'b' },
		]);
		expect(output.map((item) => [item.json.id, item.pairedItem])).toEqual([
			[1234, { item: 0 }],
			[5678, { item: 1 }],
		]);
	});

	it.each([
		[{ calendarId: '' }, 'Calendar ID is empty', /data\.calendar_id/],
		[{ calendarId: undefined }, 'Calendar ID is empty', /MeetBit Trigger/],
		[{ eventId: '' }, 'Event ID is empty', /data\.event_id for meeting_links\.scheduled/],
		[{ eventId: 'abc' }, 'Event ID must be a positive whole number, not "abc"', /numbers/],
		[{ calendarId: '4.2' }, 'Calendar ID must be a positive whole number, not "4.2"', /numbers/],
		[{ eventId: '-1' }, 'Event ID must be a positive whole number, not "-1"', /numbers/],
		[{ cancelNote: '   ' }, 'Cancel Note is empty', /requires a reason/],
		[
			{ cancelNote: 'x'.repeat(256) },
			'Cancel Note is 256 characters long; MeetBit accepts at most 255',
			/Shorten/,
		],
	])('refuses %j before calling MeetBit', async (fields, message, description) => {
		const error = await failure({ ...fromEventsCreated, ...fields });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(message);
		expect(error.description).toMatch(description);
		expect(api.requests).toHaveLength(0);
	});

	// MeetBit's docs show { message, data }; they also list 202 "without content" among the codes.
	it('outputs a bare Event as it is, and the IDs and note for an empty 202', async () => {
		api.setFailure({ status: 200, times: 1, body: { id: 1234, calendar_id: 42, title: 'Bare' } });
		const [bare] = await run([fromEventsCreated]);
		expect(bare.json).toEqual({ id: 1234, calendar_id: 42, title: 'Bare' });
		api.setFailure({ status: 202, times: 1, body: '' });
		const [empty] = await run([fromEventsCreated]);
		expect(empty.json).toEqual({ id: 1234, calendar_id: 42, cancel_note: 'No longer needed' });
	});

	it('accepts a 255-character note', async () => {
		const [item] = await run([{ ...fromEventsCreated, cancelNote: 'x'.repeat(255) }]);
		expect(item.json.cancel_note).toHaveLength(255);
	});
});

describe('MeetBit node: errors', () => {
	it('401 "Invalid or missing access key." → check the key, no key in the error', async () => {
		const error = await failure(fromEventsCreated, {
			credential: credential({ accessKeySecret: 'not-the-secret' }),
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(api.requests[0]).toMatchObject({ status: 401, authorized: false });
		expect(error.message).toBe('MeetBit rejected the access key (401 Unauthorized)');
		expect(error.httpCode).toBe('401');
		expect(error.description).toContain('Access Key ID and Access Key Secret');
		expect(error.description).toContain(`"${TEXT_ERRORS.invalidKey}"`);
		expect(shown(error)).not.toContain('not-the-secret');
		expect(shown(error)).not.toContain(api.accessKeyId);
	});

	it('401 "Access Denied." → grant events.delete.* to the Client\'s Role', async () => {
		api.setCanCancel(false);
		const error = await failure(fromEventsCreated);
		expect(error.message).toBe(
			'MeetBit refused: the access key may not do this (401 Access Denied)',
		);
		expect(error.description).toContain('events.delete.*');
		expect(error.description).toContain("Client's Role");
		expect(shown(error)).not.toContain(api.accessKeySecret);
	});

	it('404 → names the event and calendar and where the IDs come from', async () => {
		const error = await failure({ ...fromEventsCreated, eventId: 999 });
		expect(error.message).toBe('MeetBit has no event 999 in calendar 42 (404)');
		expect(error.httpCode).toBe('404');
		expect(error.description).toContain('data.calendar_id');
		expect(error.description).toContain(`"${TEXT_ERRORS.notFound}"`);
	});

	it('404 for an event canceled before (the fake soft-deletes it)', async () => {
		await run([fromEventsCreated]);
		const error = await failure(fromEventsCreated);
		expect(error.message).toBe('MeetBit has no event 1234 in calendar 42 (404)');
		expect(error.description).toContain('already canceled');
	});

	it("400 with per-field errors → names the node field and MeetBit's words", async () => {
		api.setFailure({
			status: 400,
			times: 1,
			body: {
				message: 'The cancel_note field must not be greater than 255 characters.',
				errors: { cancel_note: ['The cancel_note field must not be greater than 255 characters.'] },
			},
		});
		const error = await failure(fromEventsCreated);
		expect(error.message).toBe(
			'MeetBit refused the request as invalid (400): Cancel Note: The cancel_note field must not be greater than 255 characters.',
		);
		expect(error.description).toBe('Fix Cancel Note and run the node again.');
		expect(error.httpCode).toBe('400');
	});

	it('429 → waits the announced Retry-After once, then succeeds', async () => {
		api.setFailure({ status: 429, retryAfter: 1, times: 1 });
		const started = Date.now();
		const [item] = await run([fromEventsCreated]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(item.json.id).toBe(1234);
		expect(api.requests.map((request) => request.status)).toEqual([429, 200]);
	});

	it('429 twice → stops after one wait, saying so', async () => {
		api.setFailure({ status: 429, retryAfter: 1, times: 2 });
		const error = await failure(fromEventsCreated);
		expect(api.requests.map((request) => request.status)).toEqual([429, 429]);
		expect(error.message).toBe("MeetBit's rate limit was reached (429 Too Many Requests)");
		expect(error.httpCode).toBe('429');
		expect(error.description).toContain('Wait 1 second ');
		expect(error.description).toContain('already waited 1 second and tried once more');
	});

	it(`429 asking for more than ${MAX_RATE_LIMIT_WAIT_SECONDS} s → stops at once, naming the wait`, async () => {
		api.setFailure({ status: 429, retryAfter: 120, times: 1 });
		const started = Date.now();
		const error = await failure(fromEventsCreated);
		expect(Date.now() - started).toBeLessThan(2000);
		expect(api.requests).toHaveLength(1);
		expect(error.description).toContain('Wait 120 seconds');
		expect(error.description).toContain(`longer than the ${MAX_RATE_LIMIT_WAIT_SECONDS} seconds`);
		expect(error.description).toContain('suspended');
	});

	it("keeps within MeetBit's per-second limit: 7 items against 5 per second all get canceled, paced", async () => {
		api.events.clear();
		const ids = [101, 102, 103, 104, 105, 106, 107];
		for (const id of ids)
			api.events.set(`42/${id}`, {
				id,
				calendar_id: 42,
				cancel_note: null,
				deleted_at: null,
				title: `Event ${id}`,
			});
		const output = await run(ids.map((eventId) => ({ calendarId: 42, eventId, cancelNote: 'x' })));
		expect(output.map((item) => item.json.id)).toEqual(ids);
		// The node paces itself to 5 requests a second: at most a timing edge meets a 429 (waited out).
		expect(api.requests.filter((request) => request.status === 429).length).toBeLessThanOrEqual(1);
		expect(api.requests.filter((request) => request.status === 200)).toHaveLength(7);
	});

	it("500 → MeetBit's side; check in MeetBit before retrying", async () => {
		api.setFailure({ status: 500, times: 1 });
		const error = await failure(fromEventsCreated);
		expect(error.message).toBe('MeetBit answered with an error (500): Server Error');
		expect(error.description).toContain("MeetBit's side");
		expect(error.description).toContain('check in MeetBit before retrying');
	});

	it('no answer → names the host and the Primary Domain field', async () => {
		const closed = await start();
		const domain = closed.primaryDomain;
		await closed.close();
		const error = await failure(fromEventsCreated, {
			credential: credential({ primaryDomain: domain }),
		});
		expect(error.message).toBe(`Could not reach MeetBit at ${domain}`);
		expect(error.description).toContain('Primary Domain');
		expect(shown(error)).not.toContain(api.accessKeySecret);
	});

	it('a Primary Domain with a scheme or path stops before any request', async () => {
		const error = await failure(fromEventsCreated, {
			credential: credential({ primaryDomain: `https://${api.primaryDomain}/api/public/v2.0` }),
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain(`enter "${api.primaryDomain}"`);
		expect(api.requests).toHaveLength(0);
	});

	it('with Continue On Fail: one error item of the package shape, and the next item still runs', async () => {
		const output = await run(
			[
				{ ...fromEventsCreated, eventId: 999 },
				{ ...fromEventsCreated, eventId: 5678 },
			],
			{ continueOnFail: true },
		);
		expect(output).toHaveLength(2);
		expect(output[0]).toEqual({
			json: {
				error: 'MeetBit has no event 999 in calendar 42 (404)',
				description: expect.stringContaining('data.calendar_id'),
				httpCode: '404',
			},
			pairedItem: { item: 0 },
		});
		expect(output[1]).toMatchObject({ json: { id: 5678 }, pairedItem: { item: 1 } });
	});

	it('without Continue On Fail: stops with the item index', async () => {
		const error = await run([fromEventsCreated, { ...fromEventsCreated, eventId: 999 }], {}).then(
			() => undefined,
			(caught: unknown) => caught as NodeApiError,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.context.itemIndex).toBe(1);
	});
});

describe('MeetBit API credential', () => {
	it('sends the access key as X-Access-Key-Id / X-Access-Key-Secret', () => {
		expect(credentialType.name).toBe('meetingWebhooksMeetBitApi');
		expect(credentialType.authenticate).toEqual({
			type: 'generic',
			properties: {
				headers: {
					'X-Access-Key-Id': '={{$credentials.accessKeyId}}',
					'X-Access-Key-Secret': '={{$credentials.accessKeySecret}}',
				},
			},
		});
		const secret = credentialType.properties.find((field) => field.name === 'accessKeySecret');
		expect(secret?.typeOptions?.password).toBe(true);
	});

	it('says in the form that its Test checks the fields only', () => {
		const notice = credentialType.properties.find((field) => field.type === 'notice');
		expect(notice?.displayName).toMatch(/form only/);
		expect(notice?.displayName).toMatch(/no API endpoint that reads without changing anything/);
		expect((credentialType as ICredentialType).test).toBeUndefined();
		const node = new MeetBit();
		expect(node.description.credentials).toEqual([
			{ name: 'meetingWebhooksMeetBitApi', required: true, testedBy: 'meetBitApiForm' },
		]);
		expect(node.methods.credentialTest.meetBitApiForm).toBe(testMeetBitApiForm);
	});

	const test = (data: IDataObject) =>
		testMeetBitApiForm.call({} as ICredentialTestFunctions, {
			id: '1',
			name: 'MeetBit API',
			type: 'meetingWebhooksMeetBitApi',
			data: data as Record<string, string>,
		});
	const good = {
		primaryDomain: 'meet.example.com',
		accessKeyId: 'MBP-abc',
		accessKeySecret: 's3cr3t',
	};

	it('Test: OK for well-formed fields, without sending anything', async () => {
		const result = await test(good);
		expect(result.status).toBe('OK');
		expect(result.message).toMatch(/key was not sent/);
		expect(api.requests).toHaveLength(0);
	});

	it.each([
		[{ primaryDomain: '' }, /Primary Domain is empty/],
		[
			{ primaryDomain: 'https://meet.example.com' },
			/without "https:\/\/": enter "meet\.example\.com"/,
		],
		[
			{ primaryDomain: 'meet.example.com/api/public/v2.0' },
			/without a path: enter "meet\.example\.com"/,
		],
		[{ primaryDomain: 'http://meet.example.com/' }, /without "http:\/\/" or a path/],
		[{ primaryDomain: 'meet example.com' }, /is not a host name/],
		[{ primaryDomain: 'user@meet.example.com' }, /contains a user name or password/],
		[{ primaryDomain: 'me:hunter22@meet.example.com' }, /^(?!.*hunter22).*user name or password/],
		[{ accessKeyId: '' }, /Access Key ID is empty/],
		[{ accessKeySecret: '' }, /Access Key Secret is empty/],
		[{ accessKeySecret: 's3cr3t\n' }, /Access Key Secret starts or ends with white space/],
		[{ accessKeyId: ' MBP-abc' }, /Access Key ID starts or ends with white space/],
	])('Test: %j is an error', async (fields, message) => {
		const result = await test({ ...good, ...fields });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expect(result.message).not.toContain('s3cr3t');
	});
});

describe('checkPrimaryDomain', () => {
	it.each([
		['meet.example.com', 'https://meet.example.com/api/public/v2.0'],
		['  Meet.Example.com ', 'https://meet.example.com/api/public/v2.0'],
		['meet.example.com:8443', 'https://meet.example.com:8443/api/public/v2.0'],
		['127.0.0.1:8791', 'http://127.0.0.1:8791/api/public/v2.0'],
		['localhost:8791', 'http://localhost:8791/api/public/v2.0'],
		['[::1]:8791', 'http://[::1]:8791/api/public/v2.0'],
	])('%s → %s (http only for loopback)', (domain, baseUrl) => {
		expect(checkPrimaryDomain(domain)).toEqual({ ok: true, host: expect.any(String), baseUrl });
	});

	it.each([
		'',
		'   ',
		'https://',
		'meet.example.com?x=1',
		'meet.example.com#x',
		'a\\b.com',
		undefined,
		42,
	])('%j is refused', (domain) => {
		expect(checkPrimaryDomain(domain).ok).toBe(false);
	});
});

describe('MeetBit node: output as MeetBit documents it', () => {
	it("Cancel outputs one item: the reference's Event, every documented key and no other", async () => {
		const output = await run([fromEventsCreated]);
		expect(output).toHaveLength(1);
		const documented = fixture('cancel-event').body as { data: unknown };
		expect(shapeDifferences(output[0].json, documented.data)).toEqual([]);
	});
});
