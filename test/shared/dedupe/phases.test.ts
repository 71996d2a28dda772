/**
 * The dedupe module's two phases: admit() in webhook() answers claim or
 * duplicate, the claim travels in the item's `delivery` metadata, commit() in execute() records it.
 * Driven through the real triggers against n8n-workflow's real Workflow static data.
 */
import type { IDataObject, INode, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { digestDeliveryKey } from '../../../nodes/core/deliveryKey';
import { DEFAULT_LEDGER_LIMITS, Ledger } from '../../../nodes/shared/dedupe/ledger';
import { MeetBitTrigger } from '../../../nodes/MeetBit/MeetBitTrigger.node';
import { MeetGeekTrigger } from '../../../nodes/MeetGeek/MeetGeekTrigger.node';
import { FakeN8n, RecordedResponse, type Delivery } from '../../helpers/fakeN8n';
import { meetBitDelivery, meetBitNode } from '../../helpers/meetbit';
import { meetGeekDelivery, meetGeekNode } from '../../helpers/meetgeek';

const signingKey = 's'.repeat(32);
let counter = 0;

function meetBit(parameters: INode['parameters'] = {}): FakeN8n {
	counter += 1;
	return new FakeN8n(
		new MeetBitTrigger(),
		meetBitNode(parameters),
		{ meetingWebhooksMeetBitWebhookApi: { secret: signingKey } },
		`wf-state-${counter}`,
	);
}

/** webhook() alone: the items it hands to the execution. */
async function admitted(n8n: FakeN8n, delivery: Delivery): Promise<INodeExecutionData[]> {
	const workflow = n8n.loadWorkflow();
	const result = await n8n['trigger'].webhook!.call(
		n8n.webhookContext(workflow, delivery, new RecordedResponse(), 'webhook') as IWebhookFunctions,
	);
	expect(result.workflowData).toBeDefined();
	return result.workflowData![0];
}

/** execute() alone, in an execution whose node static data is `staticData` (as n8n gave it). */
async function executeWith(
	n8n: FakeN8n,
	items: INodeExecutionData[],
	staticData?: IDataObject,
): Promise<INodeExecutionData[]> {
	const workflow = n8n.loadWorkflow();
	if (staticData !== undefined) {
		for (const key of Object.keys(workflow.staticData)) delete workflow.staticData[key];
		Object.assign(workflow.staticData, staticData);
		(workflow.staticData as { __dataChanged?: boolean }).__dataChanged = false;
	}
	const context = Object.assign(n8n.executeContext(workflow, items, 'webhook'), {
		getExecutionId: () => `exec-${(counter += 1)}`,
	});
	const [output] = (await n8n['trigger'].execute!.call(context)) as INodeExecutionData[][];
	if ((workflow.staticData as { __dataChanged?: boolean }).__dataChanged === true)
		n8n.storedStaticData = JSON.stringify(workflow.staticData);
	return output;
}

/** Freezes an item and everything in it, so that any write to it throws (modules run in strict mode). */
function deepFreeze<T>(value: T): T {
	if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const inner of Object.values(value)) deepFreeze(inner);
	}
	return value;
}

describe('delivery state: admit in webhook(), the claim in the item, commit in execute()', () => {
	it('execute() never changes its input items: the claim is left out of a copy', async () => {
		const n8n = meetBit();
		const items = deepFreeze(await admitted(n8n, meetBitDelivery({ signingKey, id: 'frozen' })));
		const output = await executeWith(n8n, items);
		expect(output[0].json.delivery).not.toHaveProperty('claim');
		expect((items[0].json.delivery as IDataObject).claim).toBeDefined();
	});

	it('the claim travels in the item from webhook() to execute(), which outputs the item without it', async () => {
		const n8n = meetBit({ options: { dedupeWindowHours: 2 } });
		const items = await admitted(n8n, meetBitDelivery({ signingKey, id: 'travels' }));
		const delivery = items[0].json.delivery as IDataObject;
		expect(delivery.claim).toEqual({
			key: delivery.dedupeKey,
			windowSeconds: 7200,
			replaySeconds: expect.any(Number),
			staticDataLoaded: false,
			signed: true,
		});
		const output = await executeWith(n8n, items);
		expect(output).toHaveLength(1);
		expect(output[0].json.delivery).not.toHaveProperty('claim');
		expect((output[0].json.delivery as IDataObject).dedupeKey).toBe(delivery.dedupeKey);
		// Recorded where n8n keeps it: a copy is now a duplicate.
		const copy = await n8n.receive(meetBitDelivery({ signingKey, id: 'travels' }));
		expect(copy.execution).toBeUndefined();
		expect(copy.body).toMatchObject({ reason: 'duplicate' });
	});

	it('execute() trusts the claim, not module globals: without the stored static data webhook() saw, it writes nothing', async () => {
		const n8n = meetBit();
		// The stored static data holds a ledger (activation created it).
		await n8n.receive(meetBitDelivery({ signingKey, id: 'first' }));
		const before = n8n.storedStaticData;
		const items = await admitted(n8n, meetBitDelivery({ signingKey, id: 'recovered' }));
		expect((items[0].json.delivery as { claim: IDataObject }).claim.staticDataLoaded).toBe(true);
		// n8n runs an execution it finds enqueued at boot without loading static data.
		expect(await executeWith(n8n, items, {})).toHaveLength(1);
		expect(n8n.storedStaticData).toBe(before);
	});

	it('a trigger whose stored static data held nothing gets its ledger from its first execution', async () => {
		const n8n = meetBit();
		const items = await admitted(n8n, meetBitDelivery({ signingKey, id: 'fresh' }));
		expect((items[0].json.delivery as { claim: IDataObject }).claim.staticDataLoaded).toBe(false);
		await executeWith(n8n, items, {});
		const stored = JSON.parse(n8n.storedStaticData) as Record<string, IDataObject>;
		expect(stored['node:MeetBit Trigger'].deliveryLedger).toMatchObject({ size: 1 });
	});

	it('MeetGeek "None" is an explicit flag: the attached signing credential is never read, and the claim says unsigned', async () => {
		counter += 1;
		const n8n = new FakeN8n(
			new MeetGeekTrigger(),
			meetGeekNode({ authentication: 'none' }),
			{ meetingWebhooksMeetGeekWebhookApi: { secret: signingKey } },
			`wf-state-${counter}`,
		);
		const items = await admitted(n8n, meetGeekDelivery({ signingKey }));
		expect(n8n.credentialReads).toEqual([]);
		expect((items[0].json.delivery as { claim: IDataObject }).claim.signed).toBe(false);
		const signed = new FakeN8n(
			new MeetGeekTrigger(),
			meetGeekNode(),
			{ meetingWebhooksMeetGeekWebhookApi: { secret: signingKey } },
			`wf-state-${counter}-signed`,
		);
		const signedItems = await admitted(signed, meetGeekDelivery({ signingKey }));
		expect((signedItems[0].json.delivery as { claim: IDataObject }).claim.signed).toBe(true);
	});

	it('an item from before claims travelled (an execution enqueued before an upgrade) is still recorded', async () => {
		const n8n = meetBit();
		await n8n.receive(meetBitDelivery({ signingKey, id: 'earlier' }));
		const output = await executeWith(n8n, [
			{
				json: { event: 'events.created', delivery: { dedupeKey: 'legacy-key', secret: 'current' } },
			},
		]);
		expect(output).toHaveLength(1);
		const stored = JSON.parse(n8n.storedStaticData) as Record<
			string,
			{ deliveryLedger: { entries: Record<string, number> } }
		>;
		expect(Object.keys(stored['node:MeetBit Trigger'].deliveryLedger.entries)).toContain(
			'legacy-key',
		);
	});

	it("execute() after another process's save merges that save: its keys stay in what this execution saves", async () => {
		const n8n = meetBit();
		await n8n.receive(meetBitDelivery({ signingKey, id: 'here-1' }));
		await n8n.receive(meetBitDelivery({ signingKey, id: 'here-2' }));
		// Another worker loads that save, records a delivery of its own and saves the whole blob.
		const blob = JSON.parse(n8n.storedStaticData) as Record<string, IDataObject>;
		const theirs = Ledger.read(blob['node:MeetBit Trigger'].deliveryLedger, Date.now() / 1000);
		const elsewhere = digestDeliveryKey('MeetBit:id:elsewhere');
		const nowSeconds = Math.floor(Date.now() / 1000);
		theirs.record(elsewhere, nowSeconds, DEFAULT_LEDGER_LIMITS);
		blob['node:MeetBit Trigger'].deliveryLedger = theirs as unknown as IDataObject;
		n8n.storedStaticData = JSON.stringify(blob);
		// This process's next execution starts from that save, not from its own last one.
		const result = await n8n.receive(meetBitDelivery({ signingKey, id: 'here-3' }));
		expect(result.execution).toBeDefined();
		const saved = Ledger.read(
			(JSON.parse(n8n.storedStaticData) as Record<string, IDataObject>)['node:MeetBit Trigger']
				.deliveryLedger,
			nowSeconds,
		);
		expect(saved.size).toBe(4);
		expect(saved.has(elsewhere, nowSeconds, DEFAULT_LEDGER_LIMITS)).toBe(true);
		// And a copy of a delivery this process recorded before is still a duplicate.
		const copy = await n8n.receive(meetBitDelivery({ signingKey, id: 'here-1' }));
		expect(copy.body).toMatchObject({ reason: 'duplicate' });
	});
});
