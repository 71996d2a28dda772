/**
 * Queue mode's memory across processes. There n8n 2.41 runs executions without the stored static
 * data and saves none, so what one worker's executions claimed reaches another worker only through
 * n8n's processed-data store. These cases drive the MeetBit trigger's real webhook() and execute()
 * on two workers (two module registries) against a store that keeps values the way n8n's
 * DeduplicationHelper does in "entries" mode: first in, first out, the oldest dropped past
 * `maxEntries`.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { ensureLedger } from '../../nodes/shared/dedupe';
import { crossProcessCapacity } from '../../nodes/shared/dedupe/crossProcessClaim';
import { MeetBitTrigger } from '../../nodes/MeetBit/MeetBitTrigger.node';
import { FakeN8n, RecordedResponse, type Delivery } from '../helpers/fakeN8n';
import { meetBitDelivery, meetBitNode } from '../helpers/meetbit';

const signingKey = 'q'.repeat(32);

/** n8n's processed-data store for one trigger node, as its DeduplicationHelper keeps it in "entries" mode. */
class FifoStore {
	values: string[] = [];
	maxEntriesAsked: number[] = [];

	checkProcessedAndRecord = async (
		items: string[],
		_scope: 'node' | 'workflow',
		options: { mode: string; maxEntries?: number },
	) => {
		this.maxEntriesAsked.push(options.maxEntries ?? Number.NaN);
		const processed: string[] = [];
		const fresh: string[] = [];
		for (const item of items) {
			if (this.values.includes(item)) processed.push(item);
			else {
				fresh.push(item);
				this.values.push(item);
			}
		}
		if (options.maxEntries) this.values.splice(0, this.values.length - options.maxEntries);
		return { new: fresh, processed };
	};

	getProcessedDataCount = async () => this.values.length;
}

let workflowCounter = 0;

/** A queue-mode installation: one stored workflow, a shared store, workers each in its own module registry. */
function queueMode(options: Record<string, number> = {}) {
	workflowCounter += 1;
	const workflowId = `wf-queue-memory-${workflowCounter}`;
	const node = meetBitNode({ options });
	const store = new FifoStore();
	const credentials = { meetingWebhooksMeetBitWebhookApi: { secret: signingKey } };
	let executions = 0;
	// What activation (in the main process) saved: the node's static data with an empty ledger.
	const activation = new FakeN8n(
		new MeetBitTrigger(),
		node,
		credentials,
		workflowId,
	).loadWorkflow();
	ensureLedger(activation.getStaticData('node', node));
	const activated = JSON.stringify(activation.staticData);
	/** `regularMode`: the execution loads the stored static data and n8n saves it when it ends. */
	const worker = ({ regularMode = false } = {}) => {
		let Trigger: new () => INodeType = MeetBitTrigger;
		jest.isolateModules(() => {
			Trigger = jest.requireActual<{ MeetBitTrigger: new () => INodeType }>(
				'../../nodes/MeetBit/MeetBitTrigger.node',
			).MeetBitTrigger;
		});
		const n8n = new FakeN8n(new Trigger(), node, credentials, workflowId);
		n8n.storedStaticData = activated;
		return {
			n8n,
			/** webhook() in a webhook process, then the execution on this worker (in queue mode: no static data loaded, none saved). */
			async deliver(delivery: Delivery): Promise<INodeExecutionData[]> {
				const trigger = n8n['trigger'] as INodeType;
				const result = await trigger.webhook!.call(
					n8n.webhookContext(n8n.loadWorkflow(), delivery, new RecordedResponse(), 'webhook'),
				);
				expect(result.workflowData).toBeDefined();
				// As a queue-mode worker builds it: without the stored static data.
				const workflow = n8n.loadWorkflow();
				if (!regularMode)
					for (const key of Object.keys(workflow.staticData)) delete workflow.staticData[key];
				executions += 1;
				const context = Object.assign(
					n8n.executeContext(workflow, result.workflowData![0], 'webhook'),
					{
						getExecutionId: () => `exec-${executions}`,
						helpers: {
							checkProcessedAndRecord: store.checkProcessedAndRecord,
							getProcessedDataCount: store.getProcessedDataCount,
						},
					},
				) as IExecuteFunctions;
				const [output] = (await trigger.execute!.call(context)) as INodeExecutionData[][];
				if (regularMode) n8n.storedStaticData = JSON.stringify(workflow.staticData);
				return output;
			},
		};
	};
	return { store, worker };
}

const warnings = (n8n: FakeN8n) =>
	n8n.logged.filter(([level]) => level === 'warn').map(([, message]) => message);

describe('queue mode: what the workers remember together', () => {
	it('a copy reaching the other worker after 600 other deliveries is a duplicate (the default Dedupe Memory Size, 5,000)', async () => {
		const { store, worker } = queueMode();
		const first = worker();
		const original = meetBitDelivery({ signingKey, id: 'original' });
		expect(await first.deliver(original)).toHaveLength(1);
		for (let index = 0; index < 600; index++)
			expect(
				await first.deliver(meetBitDelivery({ signingKey, id: `other-${index}` })),
			).toHaveLength(1);
		const second = worker();
		expect(await second.deliver(original)).toHaveLength(0);
		expect(new Set(store.maxEntriesAsked)).toEqual(new Set([crossProcessCapacity(5000, true)]));
		expect(warnings(first.n8n)).toEqual([]);
	});

	it('the store is sized from Dedupe Memory Size: 150 deliveries later a copy still stops, 300 later it runs again and the log says so', async () => {
		const { worker } = queueMode({ dedupeMaxEntries: 150 });
		const first = worker();
		const original = meetBitDelivery({ signingKey, id: 'sized' });
		await first.deliver(original);
		for (let index = 0; index < 150; index++)
			await first.deliver(meetBitDelivery({ signingKey, id: `sized-${index}` }));
		expect(await worker().deliver(original)).toHaveLength(0);

		const { worker: smallWorker } = queueMode({ dedupeMaxEntries: 100 });
		const busy = smallWorker();
		const forgotten = meetBitDelivery({ signingKey, id: 'forgotten' });
		await busy.deliver(forgotten);
		for (let index = 0; index < 300; index++)
			await busy.deliver(meetBitDelivery({ signingKey, id: `busy-${index}` }));
		// 300 deliveries within seconds of it: the store (100 deliveries) dropped it inside its replay window.
		expect(await smallWorker().deliver(forgotten)).toHaveLength(1);
		const fromStore = warnings(busy.n8n).filter((message) =>
			message.includes("n8n's processed-data store"),
		);
		expect(fromStore.length).toBeGreaterThan(0);
		const [warning, ...more] = fromStore;
		expect(warning).toMatch(
			/MeetBit Trigger: the Dedupe Memory Size option \(100\) made n8n's processed-data store forget a delivery first seen \d+ s ago/,
		);
		expect(warning).toMatch(/raise Dedupe Memory Size\.$/);
		// One warning per marker (at most four per replay window and process), not one per delivery.
		expect(more.length).toBeLessThan(4);
	});

	it('no warning when a claim written at the same moment as another lost its values (the store is not full: not the size)', async () => {
		const { store, worker } = queueMode({ dedupeMaxEntries: 100 });
		const busy = worker();
		await busy.deliver(meetBitDelivery({ signingKey, id: 'marked' }));
		// A concurrent read-merge-write overwrote the row: the marker placed with the first claim is gone.
		store.values = [];
		for (let index = 0; index < 20; index++)
			await busy.deliver(meetBitDelivery({ signingKey, id: `after-lost-${index}` }));
		expect(warnings(busy.n8n)).toEqual([]);
	});

	it('regular mode, where the stored ledger is the memory: the store only bridges copies in flight (1,000 values), the ledger still catches a copy 600 deliveries later', async () => {
		const { store, worker } = queueMode();
		const main = worker({ regularMode: true });
		const original = meetBitDelivery({ signingKey, id: 'regular' });
		expect(await main.deliver(original)).toHaveLength(1);
		for (let index = 0; index < 600; index++)
			await main.deliver(meetBitDelivery({ signingKey, id: `regular-${index}` }));
		expect(new Set(store.maxEntriesAsked)).toEqual(new Set([crossProcessCapacity(5000, false)]));
		expect(crossProcessCapacity(5000, false)).toBe(1000);
		expect(store.values.length).toBe(1000);
		// The copy stops in webhook(): the ledger saved with the executions knows it.
		const copy = await main.n8n.receive(original);
		expect(copy.execution).toBeUndefined();
		expect(copy.status).toBe(200);
	});

	it('no warning when what the store drops is older than the replay window (a trigger busy for hours)', async () => {
		const { worker } = queueMode({ dedupeMaxEntries: 100 });
		const steady = worker();
		const start = Date.now();
		jest.useFakeTimers({ now: start, doNotFake: ['nextTick', 'setImmediate'] });
		try {
			// One delivery a minute for 5 hours: the store holds 100 minutes, the replay window is 10.
			for (let minute = 0; minute < 300; minute++) {
				jest.setSystemTime(start + minute * 60_000);
				expect(
					await steady.deliver(meetBitDelivery({ signingKey, id: `steady-${minute}` })),
				).toHaveLength(1);
			}
		} finally {
			jest.useRealTimers();
		}
		expect(warnings(steady.n8n)).toEqual([]);
	});
});
