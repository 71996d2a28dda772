/**
 * The dedupe ledger under what the real-n8n load and fault tests showed: overlapping executions
 * saving static data over each other, executions n8n recovers at boot without static data, and
 * copies of one delivery started by different n8n processes (queue mode). Each case drives the
 * triggers' real webhook() and execute() against n8n-workflow's real Workflow static data.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	IWebhookFunctions,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { MeetBitTrigger } from '../../nodes/MeetBit/MeetBitTrigger.node';
import { MeetGeekTrigger } from '../../nodes/MeetGeek/MeetGeekTrigger.node';
import { MeetergoTrigger } from '../../nodes/Meetergo/MeetergoTrigger.node';
import { FakeN8n, RecordedResponse, type Delivery } from '../helpers/fakeN8n';
import { meetBitDelivery, meetBitNode } from '../helpers/meetbit';
import { FAILURE_BODY, meetGeekDelivery, meetGeekNode } from '../helpers/meetgeek';
import { meetergoTriggerNode, MeetergoN8n } from '../helpers/meetergo';

const signingKey = 'k'.repeat(32);
let counter = 0;

function meetBit(trigger: INodeType = new MeetBitTrigger()): FakeN8n {
	counter += 1;
	return new FakeN8n(
		trigger,
		meetBitNode(),
		{ meetingWebhooksMeetBitWebhookApi: { secret: signingKey } },
		`wf-races-${counter}`,
	);
}

type Stored = Record<
	string,
	{ deliveryLedger?: { entries: Record<string, number>; size: number }; token?: string }
>;
const stored = (n8n: FakeN8n) => JSON.parse(n8n.storedStaticData) as Stored;

/** webhook() for a delivery, returning the items it hands to the execution. */
async function accept(n8n: FakeN8n, delivery: Delivery): Promise<INodeExecutionData[]> {
	const workflow = n8n.loadWorkflow();
	const result = await n8n['trigger'].webhook!.call(
		n8n.webhookContext(workflow, delivery, new RecordedResponse(), 'webhook') as IWebhookFunctions,
	);
	expect(result.workflowData).toBeDefined();
	return result.workflowData![0];
}

/** An execution: its own Workflow (static data as given, or loaded now), its execute(), saved when `save()` is called. */
function execution(
	n8n: FakeN8n,
	items: INodeExecutionData[],
	options: {
		id: string;
		mode?: WorkflowExecuteMode;
		staticData?: IDataObject;
		processedStore?: ProcessedStore;
	},
) {
	const workflow = n8n.loadWorkflow();
	if (options.staticData !== undefined) {
		// As n8n builds it for an execution recovered at boot: no static data loaded.
		for (const key of Object.keys(workflow.staticData)) delete workflow.staticData[key];
		Object.assign(workflow.staticData, options.staticData);
		(workflow.staticData as { __dataChanged?: boolean }).__dataChanged = false;
	}
	const mode = options.mode ?? 'webhook';
	const context = Object.assign(n8n.executeContext(workflow, items, mode), {
		getExecutionId: () => options.id,
		...(options.processedStore
			? { helpers: { checkProcessedAndRecord: options.processedStore.checkProcessedAndRecord } }
			: {}),
	}) as IExecuteFunctions;
	return {
		async run(): Promise<INodeExecutionData[]> {
			const [output] = (await n8n['trigger'].execute!.call(context)) as INodeExecutionData[][];
			return output;
		},
		save(): void {
			if ((workflow.staticData as { __dataChanged?: boolean }).__dataChanged === true)
				n8n.storedStaticData = JSON.stringify(workflow.staticData);
		},
	};
}

describe('ledger writes that overlap', () => {
	it('keeps every key when executions that loaded the same static data save in any order', async () => {
		const n8n = meetBit();
		const items = await Promise.all(
			['a', 'b', 'c'].map((id) =>
				accept(n8n, meetBitDelivery({ signingKey, id: `overlap-${id}` })),
			),
		);
		// All three executions start (and load static data) before any of them has saved.
		const runs = items.map((batch, index) => execution(n8n, batch, { id: `exec-${index}` }));
		for (const run of runs) await run.run();
		runs[2].save();
		runs[0].save();
		runs[1].save();
		expect(stored(n8n)['node:MeetBit Trigger'].deliveryLedger!.size).toBe(3);
	});
});

describe('executions n8n recovers at boot without static data', () => {
	it('MeetBit: do not wipe the stored ledger; their keys are kept for the next save', async () => {
		const n8n = meetBit();
		const first = await accept(n8n, meetBitDelivery({ signingKey, id: 'before-crash' }));
		const run = execution(n8n, first, { id: 'exec-1' });
		await run.run();
		run.save();
		const before = n8n.storedStaticData;
		await jest.isolateModulesAsync(async () => {
			// A restarted n8n: a fresh module registry (empty in-process state).
			const { MeetBitTrigger: Restarted } = await import('../../nodes/MeetBit/MeetBitTrigger.node');
			const restarted = new FakeN8n(
				new Restarted(),
				n8n.node,
				{ meetingWebhooksMeetBitWebhookApi: { secret: signingKey } },
				n8n['workflowId'],
			);
			restarted.storedStaticData = before;
			const recoveredItems = [
				{
					json: {
						event: 'events.created',
						data: { id: 1 },
						delivery: { dedupeKey: 'recovered-key' },
					},
				},
			];
			const recovered = execution(restarted, recoveredItems, { id: 'exec-2', staticData: {} });
			expect(await recovered.run()).toHaveLength(1);
			recovered.save();
			expect(restarted.storedStaticData).toBe(before);
			// The next regular execution in that process saves the recovered key along with the old ones.
			const next = execution(
				restarted,
				await accept(restarted, meetBitDelivery({ signingKey, id: 'after-boot' })),
				{ id: 'exec-3' },
			);
			await next.run();
			next.save();
			expect(stored(restarted)['node:MeetBit Trigger'].deliveryLedger!.size).toBe(3);
		});
	});

	it('meetergo: do not wipe the registration token (every later delivery would be refused)', async () => {
		counter += 1;
		const n8n = new MeetergoN8n(
			new MeetergoTrigger(),
			meetergoTriggerNode({ events: ['booking_created'] }),
			{ credentialKind: 'personalAccessToken', token: 'unused', baseUrl: 'http://127.0.0.1:9' },
			`wf-races-${counter}`,
		);
		const registered = Buffer.alloc(32, 3).toString('base64url');
		n8n.storedStaticData = JSON.stringify({
			'node:meetergo Trigger': {
				webhookId: 'wh-1',
				endpoint: `https://n8n.example.com/w?token=${registered}`,
				token: registered,
			},
		});
		const before = n8n.storedStaticData;
		const items = [
			{
				json: {
					webhookType: 'booking_created',
					id: 'appt-1',
					delivery: { dedupeKey: 'recovered-key' },
				},
			},
		];
		const recovered = execution(n8n, items, { id: 'exec-1', staticData: {} });
		expect(await recovered.run()).toHaveLength(1);
		recovered.save();
		expect(n8n.storedStaticData).toBe(before);
		const body = JSON.stringify({
			webhookType: 'booking_created',
			id: 'appt-2',
			updatedAt: '2026-01-01T00:00:00Z',
		});
		expect((await n8n.receive(n8n.atRegisteredUrl(body))).status).toBe(200);
	});
});

describe('copies of one delivery started by different n8n processes (queue mode)', () => {
	it('the copy that executes second outputs nothing, so nothing after the trigger runs', async () => {
		const n8n = meetBit();
		const delivery = meetBitDelivery({ signingKey, id: 'twice' });
		const items = await accept(n8n, delivery);
		// The second webhook process knew neither the ledger entry nor the first one's claim.
		const copy = items.map((item) => ({ json: { ...item.json } }));
		expect(await execution(n8n, items, { id: 'exec-1' }).run()).toHaveLength(1);
		expect(await execution(n8n, copy, { id: 'exec-2' }).run()).toHaveLength(0);
	});

	it('a node retry inside one execution keeps its item', async () => {
		const n8n = meetBit();
		const items = await accept(n8n, meetBitDelivery({ signingKey, id: 'retry-on-fail' }));
		const run = execution(n8n, items, { id: 'exec-1' });
		expect(await run.run()).toHaveLength(1);
		expect(await run.run()).toHaveLength(1);
	});

	it('a retry from n8n\'s executions list (mode "retry") keeps its item', async () => {
		const n8n = meetBit();
		const items = await accept(n8n, meetBitDelivery({ signingKey, id: 'retried' }));
		expect(await execution(n8n, items, { id: 'exec-1' }).run()).toHaveLength(1);
		expect(await execution(n8n, items, { id: 'exec-2', mode: 'retry' }).run()).toHaveLength(1);
	});

	it('manual test runs do not teach the production ledger their keys', async () => {
		const n8n = meetBit();
		const delivery = meetBitDelivery({ signingKey, id: 'sample-then-real' });
		const sample = await n8n.receive(delivery, 'manual');
		expect(sample.execution).toHaveLength(1);
		const items = await accept(n8n, meetBitDelivery({ signingKey, id: 'sample-then-real' }));
		expect(await execution(n8n, items, { id: 'exec-real' }).run()).toHaveLength(1);
	});

	it('MeetGeek: a failure notice after its short window is new again, also inside the execution', async () => {
		counter += 1;
		const n8n = new FakeN8n(
			new MeetGeekTrigger(),
			meetGeekNode({ options: { failureDedupeWindowMinutes: 10 } }),
			{ meetingWebhooksMeetGeekWebhookApi: { secret: signingKey } },
			`wf-races-${counter}`,
		);
		const start = Date.now();
		jest.useFakeTimers({ now: start, doNotFake: ['nextTick', 'setImmediate'] });
		try {
			const first = await accept(n8n, meetGeekDelivery({ signingKey, body: FAILURE_BODY }));
			const run = execution(n8n, first, { id: 'exec-1' });
			expect(await run.run()).toHaveLength(1);
			run.save();
			jest.setSystemTime(start + 11 * 60_000);
			const later = await accept(n8n, meetGeekDelivery({ signingKey, body: FAILURE_BODY }));
			expect(await execution(n8n, later, { id: 'exec-2' }).run()).toHaveLength(1);
		} finally {
			jest.useRealTimers();
		}
	});
});

/** n8n's processed-data store as the DeduplicationHelper behaves in "entries" mode, shared by every process. */
interface ProcessedStore {
	checkProcessedAndRecord: (items: string[]) => Promise<{ new: string[]; processed: string[] }>;
	calls: number;
	failNext: number;
}
function processedStore(): ProcessedStore {
	const seen = new Set<string>();
	const store: ProcessedStore = {
		calls: 0,
		failNext: 0,
		checkProcessedAndRecord: async (items) => {
			store.calls += 1;
			if (store.failNext > 0) {
				store.failNext -= 1;
				throw new Error('duplicate key value violates unique constraint "PK_processed_data"');
			}
			const processed = items.filter((item) => seen.has(item));
			for (const item of items) seen.add(item);
			return { new: items.filter((item) => !processed.includes(item)), processed };
		},
	};
	return store;
}

/** The same trigger class loaded in another module registry: another n8n process, with its own in-memory ledgers. */
function triggerInAnotherProcess(Same: new () => INodeType = MeetBitTrigger): INodeType {
	let Trigger: new () => INodeType = Same;
	jest.isolateModules(() => {
		if (Same === MeetGeekTrigger) {
			Trigger = jest.requireActual<{ MeetGeekTrigger: new () => INodeType }>(
				'../../nodes/MeetGeek/MeetGeekTrigger.node',
			).MeetGeekTrigger;
			return;
		}
		const loaded = jest.requireActual<{ MeetBitTrigger: new () => INodeType }>(
			'../../nodes/MeetBit/MeetBitTrigger.node',
		);
		Trigger = loaded.MeetBitTrigger;
	});
	expect(Trigger).not.toBe(Same);
	return new Trigger();
}

describe('copies of one delivery executed by different workers (queue mode, two processes)', () => {
	function twoWorkers() {
		const first = meetBit();
		const second = new FakeN8n(
			triggerInAnotherProcess(),
			meetBitNode(),
			{ meetingWebhooksMeetBitWebhookApi: { secret: signingKey } },
			first.workflowId,
		);
		second.storedStaticData = first.storedStaticData;
		return { first, second };
	}

	it("the copy on the second worker finds the first one's claim in n8n's processed-data store and outputs nothing", async () => {
		const { first, second } = twoWorkers();
		const store = processedStore();
		const items = await accept(first, meetBitDelivery({ signingKey, id: 'on-two-workers' }));
		const copy = items.map((item) => ({ json: { ...item.json } }));
		expect(
			await execution(first, items, { id: 'exec-1', processedStore: store }).run(),
		).toHaveLength(1);
		expect(
			await execution(second, copy, { id: 'exec-2', processedStore: store }).run(),
		).toHaveLength(0);
		expect(store.calls).toBe(2);
	});

	it('without the store (its helper missing) the second worker cannot tell, and the copy runs: the gap the store closes', async () => {
		const { first, second } = twoWorkers();
		const items = await accept(first, meetBitDelivery({ signingKey, id: 'no-store' }));
		const copy = items.map((item) => ({ json: { ...item.json } }));
		expect(await execution(first, items, { id: 'exec-1' }).run()).toHaveLength(1);
		expect(await execution(second, copy, { id: 'exec-2' }).run()).toHaveLength(1);
	});

	it('a store error is retried once; if it persists the delivery runs (never dropped for a store failure)', async () => {
		const store = processedStore();
		const n8n = meetBit();
		store.failNext = 1;
		expect(
			await execution(n8n, await accept(n8n, meetBitDelivery({ signingKey, id: 'insert-race' })), {
				id: 'exec-1',
				processedStore: store,
			}).run(),
		).toHaveLength(1);
		expect(store.calls).toBe(2);
		store.failNext = 2;
		expect(
			await execution(n8n, await accept(n8n, meetBitDelivery({ signingKey, id: 'store-down' })), {
				id: 'exec-2',
				processedStore: store,
			}).run(),
		).toHaveLength(1);
	});

	it('a node retry inside one execution keeps its item although its own claim is in the store', async () => {
		const store = processedStore();
		const n8n = meetBit();
		const run = execution(
			n8n,
			await accept(n8n, meetBitDelivery({ signingKey, id: 'retry-with-store' })),
			{ id: 'exec-1', processedStore: store },
		);
		expect(await run.run()).toHaveLength(1);
		expect(await run.run()).toHaveLength(1);
	});

	it('MeetGeek Failure Dedupe Window 0: every later byte-identical failure notice runs, the processed-data store claims nothing for it', async () => {
		// floor(now / 0) made the claim `…@Infinity`: the first failure's claim matched every later one.
		counter += 1;
		const n8n = new FakeN8n(
			new MeetGeekTrigger(),
			meetGeekNode({ options: { failureDedupeWindowMinutes: 0 } }),
			{ meetingWebhooksMeetGeekWebhookApi: { secret: signingKey } },
			`wf-races-${counter}`,
		);
		const store = processedStore();
		const start = Date.now();
		jest.useFakeTimers({ now: start, doNotFake: ['nextTick', 'setImmediate'] });
		try {
			for (let attempt = 1; attempt <= 3; attempt++) {
				jest.setSystemTime(start + attempt * 60_000);
				const items = await accept(n8n, meetGeekDelivery({ signingKey, body: FAILURE_BODY }));
				const run = execution(n8n, items, { id: `exec-${attempt}`, processedStore: store });
				expect(await run.run()).toHaveLength(1);
				run.save();
			}
		} finally {
			jest.useRealTimers();
		}
	});

	it('two copies 2 s apart across UTC midnight on two workers are one claim (a sliding window, not a calendar bucket)', async () => {
		const { first, second } = twoWorkers();
		const store = processedStore();
		const midnight = Date.UTC(2026, 11, 1);
		jest.useFakeTimers({ now: midnight - 1000, doNotFake: ['nextTick', 'setImmediate'] });
		try {
			const delivery = meetBitDelivery({ signingKey, id: 'across-midnight' });
			// The first worker claims at 23:59:59 (its execution has not saved yet)…
			const items = await accept(first, delivery);
			expect(
				await execution(first, items, { id: 'exec-1', processedStore: store }).run(),
			).toHaveLength(1);
			// …the copy reaches the second worker at 00:00:01.
			jest.setSystemTime(midnight + 1000);
			const copy = await accept(second, delivery);
			expect(
				await execution(second, copy, { id: 'exec-2', processedStore: store }).run(),
			).toHaveLength(0);
		} finally {
			jest.useRealTimers();
		}
	});

	it('copies less than half a window apart are one claim wherever they fall; a claim a window old never counts', async () => {
		// MeetGeek's failure notice: a 10-minute window, so boundaries every 5 minutes to cross.
		const windowMs = 600_000;
		const base = Date.UTC(2026, 11, 1);
		const store = processedStore();
		let run = 0;
		counter += 1;
		const node = meetGeekNode();
		const workflowId = `wf-races-${counter}`;
		const credentials = { meetingWebhooksMeetGeekWebhookApi: { secret: signingKey } };
		// Two workers; neither execution saves, so only the processed-data store connects them.
		const one = new FakeN8n(new MeetGeekTrigger(), node, credentials, workflowId);
		const two = new FakeN8n(
			triggerInAnotherProcess(MeetGeekTrigger),
			node,
			credentials,
			workflowId,
		);
		const pair = async (firstAtMs: number, gapMs: number) => {
			run += 1;
			const body = JSON.stringify({ message: `File analyzed failed (${run})` });
			jest.setSystemTime(firstAtMs);
			const items = await accept(one, meetGeekDelivery({ signingKey, body }));
			expect(
				await execution(one, items, { id: `exec-${run}-1`, processedStore: store }).run(),
			).toHaveLength(1);
			jest.setSystemTime(firstAtMs + gapMs);
			const copy = await accept(two, meetGeekDelivery({ signingKey, body }));
			return (await execution(two, copy, { id: `exec-${run}-2`, processedStore: store }).run())
				.length;
		};
		jest.useFakeTimers({ now: base, doNotFake: ['nextTick', 'setImmediate'] });
		try {
			for (const offsetMs of [-1000, 0, 1000, windowMs / 2 - 1000, windowMs / 2 + 1000]) {
				// 2 s, and just under half the window, across each grid's boundary: one claim.
				expect(await pair(base + windowMs + offsetMs, 2000)).toBe(0);
				expect(await pair(base + windowMs + offsetMs, windowMs / 2 - 1000)).toBe(0);
				// A window or more later: the old claim does not count.
				expect(await pair(base + windowMs + offsetMs, windowMs)).toBe(1);
			}
		} finally {
			jest.useRealTimers();
		}
	});

	it('claims expire with the dedupe window: a copy after it is new on the other worker too', async () => {
		const { first, second } = twoWorkers();
		const store = processedStore();
		const start = Date.now();
		jest.useFakeTimers({ now: start, doNotFake: ['nextTick', 'setImmediate'] });
		try {
			const items = await accept(first, meetBitDelivery({ signingKey, id: 'after-window' }));
			expect(
				await execution(first, items, { id: 'exec-1', processedStore: store }).run(),
			).toHaveLength(1);
			jest.setSystemTime(start + 25 * 3600_000);
			const later = await accept(second, meetBitDelivery({ signingKey, id: 'after-window' }));
			expect(
				await execution(second, later, { id: 'exec-2', processedStore: store }).run(),
			).toHaveLength(1);
		} finally {
			jest.useRealTimers();
		}
	});
});

describe('a stored ledger with keys named like Object.prototype members (imported or hand-edited workflow)', () => {
	const t0 = Math.floor(Date.now() / 1000);
	const prototypeNames = ['__proto__', 'constructor', 'toString'];
	/** The restarted process: a fresh module registry, the stored static data as it was saved. */
	function restart(n8n: FakeN8n): FakeN8n {
		const restarted = new FakeN8n(
			triggerInAnotherProcess(),
			n8n.node,
			{ meetingWebhooksMeetBitWebhookApi: { secret: signingKey } },
			n8n.workflowId,
		);
		restarted.storedStaticData = n8n.storedStaticData;
		return restarted;
	}
	const itemWithKey = (dedupeKey: string): INodeExecutionData[] => [
		{ json: { event: 'events.created', data: { id: 1 }, delivery: { dedupeKey } } },
	];

	it.each([
		['an object', '{"polluted":1}'],
		['a number', String(t0)],
	])(
		'__proto__ (with %s as value), constructor and toString stored: later keys are saved, and a retry after a restart is a duplicate',
		async (_name, protoValue) => {
			const n8n = meetBit();
			// Written as text: JSON.parse makes "__proto__" an own key, as n8n loads static data.
			n8n.storedStaticData = `{"node:MeetBit Trigger":{"deliveryLedger":{"version":1,"entries":{"__proto__":${protoValue},"constructor":${t0},"toString":${t0},"keptDigest":${t0},"bad":"x"},"size":5,"prunedAt":${t0}}}}`;
			const delivery = () => meetBitDelivery({ signingKey, id: 'after-import' });
			const items = await accept(n8n, delivery());
			const key = String((items[0].json.delivery as IDataObject).dedupeKey);
			const run = execution(n8n, items, { id: 'exec-1' });
			expect(await run.run()).toHaveLength(1);
			run.save();
			const entries = stored(n8n)['node:MeetBit Trigger'].deliveryLedger!.entries;
			expect(Object.keys(entries)).toContain(key);
			expect(Object.keys(entries)).toContain('keptDigest');
			expect(Object.keys(entries)).not.toContain('bad');

			const restarted = restart(n8n);
			const retry = await restarted.receive(delivery());
			expect(retry.status).toBe(200);
			expect(retry.execution).toBeUndefined();
		},
	);

	it.each(prototypeNames)(
		'delivery key %s: recorded, saved, and found after a restart',
		async (name) => {
			const n8n = meetBit();
			// The empty ledger activation creates.
			n8n.storedStaticData = `{"node:MeetBit Trigger":{"deliveryLedger":{"version":1,"entries":{},"size":0,"prunedAt":${t0}}}}`;
			const run = execution(n8n, itemWithKey(name), { id: 'exec-1' });
			expect(await run.run()).toHaveLength(1);
			run.save();
			const entries = stored(n8n)['node:MeetBit Trigger'].deliveryLedger!.entries;
			expect(Object.prototype.hasOwnProperty.call(entries, name)).toBe(true);
			expect(typeof entries[name]).toBe('number');
			// Another process that loads this ledger knows the key: its copy of the delivery outputs nothing.
			const restarted = restart(n8n);
			expect(await execution(restarted, itemWithKey(name), { id: 'exec-2' }).run()).toHaveLength(0);
			// And keys recorded after it are still saved.
			const later = await accept(restarted, meetBitDelivery({ signingKey, id: `after-${name}` }));
			const laterKey = String((later[0].json.delivery as IDataObject).dedupeKey);
			const next = execution(restarted, later, { id: 'exec-3' });
			expect(await next.run()).toHaveLength(1);
			next.save();
			expect(
				Object.keys(stored(restarted)['node:MeetBit Trigger'].deliveryLedger!.entries),
			).toEqual(expect.arrayContaining([name, laterKey]));
		},
	);
});

describe('activation', () => {
	it('MeetBit and MeetGeek: gives the node static data an empty ledger, which n8n saves', async () => {
		for (const trigger of [new MeetBitTrigger(), new MeetGeekTrigger()] as INodeType[]) {
			const n8n = meetBit(trigger);
			const workflow = n8n.loadWorkflow();
			const staticData = workflow.getStaticData('node', n8n.node);
			const context = { getWorkflowStaticData: () => staticData } as unknown as IHookFunctions;
			expect(await trigger.webhookMethods!.default!.checkExists.call(context)).toBe(true);
			expect((workflow.staticData as { __dataChanged?: boolean }).__dataChanged).toBe(true);
			expect(JSON.parse(JSON.stringify(staticData.deliveryLedger))).toMatchObject({
				version: 2,
				size: 0,
			});
		}
	});
});
