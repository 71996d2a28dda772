// The meetergo registration against n8n's whole-blob static-data saves
// (an execution in flight during a re-activation) and against a copy of the database in another n8n.
// Driven through n8n-workflow's real `Workflow` objects (test/helpers/fakeN8n.ts).
import type { IDataObject, INode } from 'n8n-workflow';

import {
	forgetAllInProcess,
	lookUp,
	LOOKUP_INTERVAL_MS,
} from '../../nodes/Meetergo/latestRegistration';
import { MeetergoTrigger } from '../../nodes/Meetergo/MeetergoTrigger.node';
import { start, type MeetergoApiFake } from '../fakes/meetergo-api.cjs';
import { meetergoTriggerNode, MeetergoN8n } from '../helpers/meetergo';

let api: MeetergoApiFake;

beforeAll(async () => {
	api = await start();
});
afterAll(async () => {
	await api.close();
});
beforeEach(() => {
	api.state.reset();
});

let workflowCounter = 0;
function setup(
	parameters?: INode['parameters'],
	webhookBase = 'https://n8n.example.com',
): MeetergoN8n {
	workflowCounter += 1;
	const n8n = new MeetergoN8n(
		new MeetergoTrigger(),
		meetergoTriggerNode(parameters),
		{ credentialKind: 'personalAccessToken', token: api.state.token, baseUrl: api.url },
		`wf-registration-${workflowCounter}`,
	);
	n8n.webhookUrl = `${webhookBase}/webhook/4f6b2c1e-9d7a-4c3b-8e2f-1a0b9c8d7e6f/webhook`;
	return n8n;
}

function booking(id: string, updatedAt = '2026-11-30T10:00:00Z'): string {
	return JSON.stringify({
		webhookType: 'booking_created',
		id,
		start: '2026-12-01T09:00:00+01:00',
		end: '2026-12-01T09:30:00+01:00',
		attendees: [{ id: 'att-1', email: 'customer@example.com' }],
		createdAt: '2026-11-30T10:00:00Z',
		updatedAt,
	});
}

/** The user changes the trigger's events and publishes: n8n 2.41 deactivates and activates again. */
async function changeEventsAndRepublish(n8n: MeetergoN8n, events: string[]): Promise<void> {
	n8n.node.parameters.events = events;
	await n8n.deactivate();
	await n8n.activate();
}

function webhooksAt(n8n: MeetergoN8n) {
	return api.state.webhooks.filter((hook) => hook.endpoint.startsWith(`${n8n.webhookUrl}?`));
}

describe('meetergo registration lost to an in-flight execution', () => {
	it('re-activation while an execution is in flight: its save keeps the new registration, the new URL works, the old one gets 401, one webhook at meetergo', async () => {
		const n8n = setup({ events: ['booking_created'] });
		await n8n.activate();
		const oldEndpoint = String(n8n.stored().endpoint);
		const execution = await n8n.inFlight(n8n.atRegisteredUrl(booking('appt-in-flight')));
		expect(await execution.triggerStep()).toHaveLength(1);

		await changeEventsAndRepublish(n8n, ['booking_created', 'booking_cancelled']);
		const registered = n8n.stored();
		execution.end(); // the execution's whole-blob save, after the re-activation's

		expect(n8n.stored()).toMatchObject({
			webhookId: registered.webhookId,
			endpoint: registered.endpoint,
			token: registered.token,
		});
		expect(n8n.stored().deliveryLedger).toMatchObject({ size: 1 });
		expect(api.state.webhooks).toHaveLength(1);
		expect(api.state.webhooks[0]).toMatchObject({
			id: registered.webhookId,
			endpoint: registered.endpoint,
			eventTypes: ['booking_created', 'booking_cancelled'],
		});

		const fresh = await n8n.receive(n8n.atRegisteredUrl(booking('appt-after')));
		expect(fresh.status).toBe(200);
		expect(fresh.execution).toHaveLength(1);
		const stale = await n8n.receive(n8n.atRegisteredUrl(booking('appt-old-url'), oldEndpoint));
		expect(stale.status).toBe(401);
		expect(stale.body).toMatchObject({ error: { code: 'token_mismatch' } });

		// Restart: nothing in process memory any more, only what was saved.
		forgetAllInProcess();
		const again = await n8n.receive(n8n.atRegisteredUrl(booking('appt-in-flight')));
		expect(again.status).toBe(200);
		expect(again.execution).toBeUndefined();
		expect(again.body).toMatchObject({ reason: 'duplicate' });
		expect(
			(await n8n.receive(n8n.atRegisteredUrl(booking('appt-old-url'), oldEndpoint))).status,
		).toBe(401);
	});

	it("an execution loaded before a re-activation whose trigger step runs after it: the step brings the execution's copy up to date", async () => {
		const n8n = setup();
		await n8n.activate();
		const execution = await n8n.inFlight(n8n.atRegisteredUrl(booking('appt-slow-start')));

		await changeEventsAndRepublish(n8n, ['booking_created']);
		const registered = n8n.stored();
		await execution.triggerStep();
		execution.end();

		expect(n8n.stored()).toMatchObject({
			token: registered.token,
			webhookId: registered.webhookId,
		});
		expect(n8n.stored().deliveryLedger).toMatchObject({ size: 1 });
	});

	it('deactivation while an execution is in flight: its save does not bring the registration back, and nothing stays at meetergo', async () => {
		const n8n = setup();
		await n8n.activate();
		const execution = await n8n.inFlight(n8n.atRegisteredUrl(booking('appt-deactivated')));
		await execution.triggerStep();
		await n8n.deactivate();
		execution.end();

		expect(n8n.stored().token).toBeUndefined();
		expect(n8n.stored().webhookId).toBeUndefined();
		expect(api.state.webhooks).toHaveLength(0);
	});

	it('an older registration saved back anyway (a save this process did not see): the newest activation still decides, and the next execution repairs the stored copy', async () => {
		const n8n = setup();
		await n8n.activate();
		const oldStatic = n8n.storedStaticData;
		const oldEndpoint = String(n8n.stored().endpoint);
		await changeEventsAndRepublish(n8n, ['booking_created']);
		const registered = n8n.stored();
		n8n.storedStaticData = oldStatic; // e.g. an execution of another trigger of this workflow

		expect((await n8n.receive(n8n.atRegisteredUrl(booking('appt-old'), oldEndpoint))).status).toBe(
			401,
		);
		const fresh = await n8n.receive(
			n8n.atRegisteredUrl(booking('appt-new'), String(registered.endpoint)),
		);
		expect(fresh.execution).toHaveLength(1);
		expect(n8n.stored()).toMatchObject({
			token: registered.token,
			webhookId: registered.webhookId,
		});
	});

	it('a stale id in static data can neither orphan a webhook nor keep one: activation and deactivation act on what meetergo holds at this URL', async () => {
		const n8n = setup();
		await n8n.activate();
		const oldStatic = n8n.storedStaticData;
		await changeEventsAndRepublish(n8n, ['booking_created']);
		// As a queue-mode worker's execution would save it: the old, deleted registration is back.
		n8n.storedStaticData = oldStatic;
		forgetAllInProcess();

		// A restart-time activation finds the token does not match meetergo's webhook and replaces it.
		expect(await n8n.activate()).toEqual({ created: true });
		expect(webhooksAt(n8n)).toHaveLength(1);
		expect(n8n.stored().endpoint).toBe(webhooksAt(n8n)[0].endpoint);

		n8n.storedStaticData = oldStatic;
		await n8n.deactivate();
		expect(api.state.webhooks).toHaveLength(0);
	});

	it('an unauthenticated caller gets at most one meetergo lookup per trigger and 30 seconds, whatever it sends', async () => {
		const n8n = setup();
		await n8n.activate();
		api.state.requests.length = 0;
		const forge = (i: number) => {
			const forged = n8n.atRegisteredUrl(booking(`appt-forged-${i}`));
			forged.query = { token: `forged-${i}` };
			return forged;
		};
		const answers = await Promise.all(
			Array.from({ length: 50 }, async (_, i) => await n8n.receive(forge(i))),
		);
		expect(answers.every((answer) => answer.status === 401)).toBe(true);
		for (let i = 50; i < 100; i++) expect((await n8n.receive(forge(i))).status).toBe(401);
		expect(api.state.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /webhooks']);
		// The right token and a missing one never ask.
		await n8n.receive(n8n.atRegisteredUrl(booking('appt-genuine')));
		const bare = n8n.atRegisteredUrl(booking('appt-bare'));
		bare.query = {};
		expect((await n8n.receive(bare)).status).toBe(401);
		expect(api.state.requests).toHaveLength(1);
	});

	it('an older registration in the database and no activation in this process (a restart after the save, a restored backup): the live URL is accepted after one lookup and its execution repairs the stored registration', async () => {
		const n8n = setup();
		await n8n.activate();
		const oldStatic = n8n.storedStaticData;
		const oldEndpoint = String(n8n.stored().endpoint);
		await changeEventsAndRepublish(n8n, ['booking_created']);
		const registered = n8n.stored();
		// An older registration is back in the database (a save this process did not prevent, a backup).
		n8n.storedStaticData = oldStatic;
		forgetAllInProcess(); // n8n restarted: no activation in this process
		api.state.requests.length = 0;

		const live = await n8n.receive(
			n8n.atRegisteredUrl(booking('appt-live'), String(registered.endpoint)),
		);
		expect(live.status).toBe(200);
		expect(live.execution).toHaveLength(1);
		expect(JSON.stringify(live.execution)).not.toContain('registrationOutdated');
		expect(n8n.stored()).toMatchObject({
			webhookId: registered.webhookId,
			endpoint: registered.endpoint,
			token: registered.token,
		});
		expect(api.state.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /webhooks', // webhook(): is this token meetergo's?
			'GET /webhooks', // execute(): which registration to write back
		]);
		// Repaired: the replaced URL is refused (without another lookup within 30 s), the live one
		// is accepted without any.
		forgetAllInProcess();
		const stale = await n8n.receive(n8n.atRegisteredUrl(booking('appt-stale'), oldEndpoint));
		expect(stale.status).toBe(401);
		const next = await n8n.receive(
			n8n.atRegisteredUrl(booking('appt-next'), String(registered.endpoint)),
		);
		expect(next.execution).toHaveLength(1);
		expect(api.state.requests).toHaveLength(3);
	});
	it('a registration that fails (all 6 slots taken by others) leaves no earlier token in force', async () => {
		const n8n = setup();
		await n8n.activate();
		const oldEndpoint = String(n8n.stored().endpoint);
		// Its webhook was deleted by hand and another tool took the slot: six others now.
		api.state.removeWebhook(String(n8n.stored().webhookId));
		for (let i = 0; i < 6; i++) expect(api.state.addWebhook({})).toBeDefined();

		const methods = new MeetergoTrigger().webhookMethods.default;
		const workflow = n8n.loadWorkflow();
		const context = n8n.hookContext(workflow);
		expect(await methods.checkExists.call(context)).toBe(false);
		await expect(methods.create.call(context)).rejects.toThrow(/6/);
		expect((workflow.getStaticData('node', n8n.node) as IDataObject).token).toBeUndefined();
		// n8n saves nothing after a failed activation: the stored data still has the old token, but
		// this process knows better.
		const stale = await n8n.receive(n8n.atRegisteredUrl(booking('appt-x'), oldEndpoint));
		expect(stale.status).toBe(401);
	});
});

describe('a cloned database does not take over production’s meetergo webhook', () => {
	it("a second n8n with a copy of the database creates its own webhook and never updates or deletes production's", async () => {
		const production = setup({ events: ['booking_created'] });
		await production.activate();
		const productionHook = { ...api.state.webhooks[0] };

		// Staging: the same workflow (same node, same webhookId), another public URL, a copy of the data.
		const staging = setup(
			{ events: ['booking_created', 'new_employee'] },
			'https://staging.example.com',
		);
		staging.storedStaticData = production.storedStaticData;
		api.state.requests.length = 0;

		expect(await staging.activate()).toEqual({ created: true });
		expect(api.state.requests.filter((r) => r.method === 'PATCH' || r.method === 'DELETE')).toEqual(
			[],
		);
		expect(api.state.webhooks).toHaveLength(2);
		expect(api.state.webhooks[0]).toEqual(productionHook);
		expect(webhooksAt(staging)).toHaveLength(1);
		expect(staging.stored().token).not.toBe(production.stored().token);

		await staging.deactivate();
		expect(api.state.webhooks).toEqual([productionHook]);
		// n8n's log names the webhook left alone, never a token.
		expect(staging.warnings.length).toBeGreaterThan(0);
		expect(staging.warnings[0]).toContain(productionHook.id);
		expect(staging.warnings[0]).toContain('left alone');
		for (const warning of staging.warnings) {
			expect(warning).not.toContain(String(production.stored().token));
			expect(warning).not.toContain(String(staging.stored().token ?? 'no-token'));
		}

		const delivery = await production.receive(production.atRegisteredUrl(booking('appt-prod')));
		expect(delivery.execution).toHaveLength(1);
	});

	it("a clone with the same events does not adopt production's webhook either (checkExists is false at another URL)", async () => {
		const production = setup();
		await production.activate();
		const staging = setup({}, 'https://staging.example.com');
		staging.storedStaticData = production.storedStaticData;
		expect(await staging.activate()).toEqual({ created: true });
		expect(api.state.webhooks).toHaveLength(2);
		await staging.deactivate();
		expect(api.state.webhooks).toHaveLength(1);
		expect(production.stored().webhookId).toBe(api.state.webhooks[0].id);
	});
});

describe('registration state: process memory is per process and per trigger', () => {
	it('a test listener (mode manual) never becomes the production registration', async () => {
		const n8n = setup();
		await n8n.activate();
		const production = n8n.stored();
		// The editor's test listener: the Test URL, mode manual, static data that n8n does not save.
		const testUrl = String(n8n.webhookUrl).replace('/webhook/', '/webhook-test/');
		const workflow = n8n.loadWorkflow();
		const methods = new MeetergoTrigger().webhookMethods.default;
		const context = Object.assign(n8n.hookContext(workflow, 'manual'), {
			getNodeWebhookUrl: () => testUrl,
		});
		expect(await methods.checkExists.call(context)).toBe(false);
		await methods.create.call(context);
		expect(api.state.webhooks).toHaveLength(2);
		await methods.delete.call(context);
		expect(api.state.webhooks).toHaveLength(1);
		expect(api.state.webhooks[0].id).toBe(production.webhookId);
		const delivery = await n8n.receive(n8n.atRegisteredUrl(booking('appt-after-test')));
		expect(delivery.execution).toHaveLength(1);
	});

	it('keeps each workflow apart', async () => {
		const first = setup();
		const second = setup();
		second.webhookUrl =
			'https://n8n.example.com/webhook/0c1d2e3f-0000-4000-8000-000000000000/webhook';
		await first.activate();
		await second.activate();
		await changeEventsAndRepublish(first, ['booking_created']);
		const delivery = await second.receive(second.atRegisteredUrl(booking('appt-second')));
		expect(delivery.execution).toHaveLength(1);
		expect((second.stored() as IDataObject).token).toBeDefined();
	});
});

describe('lookUp: the bound on meetergo lookups', () => {
	it('asks once per scope and interval, shares a pending answer, and asks again after the interval', async () => {
		forgetAllInProcess();
		let asked = 0;
		const ask = async () => {
			asked += 1;
			return new Set([`token-${asked}`]);
		};
		const t0 = 1_000_000;
		const [first, second] = await Promise.all([
			lookUp('wf:node', ask, t0),
			lookUp('wf:node', ask, t0 + 1),
		]);
		expect(first).toBe(second);
		expect(await lookUp('wf:node', ask, t0 + LOOKUP_INTERVAL_MS - 1)).toEqual(new Set(['token-1']));
		expect(asked).toBe(1);
		expect(await lookUp('wf:node', ask, t0 + LOOKUP_INTERVAL_MS)).toEqual(new Set(['token-2']));
		expect(await lookUp('wf:other', ask, t0)).toEqual(new Set(['token-3']));
		expect(asked).toBe(3);
	});

	it('keeps at most 1,000 scopes, forgetting expired ones first', async () => {
		forgetAllInProcess();
		let asked = 0;
		const ask = async () => {
			asked += 1;
			return new Set<string>();
		};
		for (let i = 0; i < 1500; i++) await lookUp(`scope-${i}`, ask, 0);
		expect(asked).toBe(1500);
		// The newest scopes are still bounded by the interval; the first ones were evicted.
		await lookUp('scope-1499', ask, 1);
		expect(asked).toBe(1500);
		await lookUp('scope-0', ask, 1);
		expect(asked).toBe(1501);
	});
});

/** What a registration made before webhooks were tagged with their workflow looks like. */
function untag(hookId: unknown): void {
	const hook = api.state.webhooks.find((candidate) => candidate.id === hookId);
	if (hook === undefined) throw new Error(`no webhook ${String(hookId)}`);
	hook.description = String(hook.description).replace(/ \[n8n:[^\]]*\]$/, '');
}

function changes() {
	return api.state.requests
		.filter((request) => request.method !== 'GET')
		.map((request) => `${request.method} ${request.path}`);
}

describe('a copy of the workflow with the same trigger webhookId (an imported export, a restored row)', () => {
	it("a copy whose activation n8n refused (WebhookPathTakenError, then delete) leaves production's webhook at meetergo, again and again, and a booking still runs production once", async () => {
		const production = setup({ events: ['booking_created'] });
		await production.activate();
		const productionHook = { ...api.state.webhooks[0] };
		expect(productionHook.description).toMatch(
			/\[n8n:wf-registration-\d+\/node-meetergo-trigger\]$/,
		);

		// The export carried production's static data; the copy is another workflow, same node.
		const copy = setup({ events: ['booking_created'] });
		copy.storedStaticData = production.storedStaticData;
		expect(copy.webhookUrl).toBe(production.webhookUrl);
		api.state.requests.length = 0;
		// n8n refuses the copy's path and runs its delete; it queues the copy and tries again.
		for (let attempt = 0; attempt < 3; attempt++) expect(await copy.deactivate()).toBe(true);

		expect(changes()).toEqual([]);
		expect(api.state.webhooks).toEqual([productionHook]);
		const delivery = await production.receive(production.atRegisteredUrl(booking('appt-prod')));
		expect(delivery.status).toBe(200);
		expect(delivery.execution).toHaveLength(1);
	});

	it('a copy refused by n8n leaves a registration made before tags alone too, and says so in the log without the token', async () => {
		const production = setup();
		await production.activate();
		untag(production.stored().webhookId);
		const productionHook = { ...api.state.webhooks[0] };
		const copy = setup();
		copy.storedStaticData = production.storedStaticData;
		api.state.requests.length = 0;

		await copy.deactivate();
		expect(changes()).toEqual([]);
		expect(api.state.webhooks).toEqual([productionHook]);
		expect(copy.warnings.join('\n')).toContain(productionHook.id);
		expect(copy.warnings.join('\n')).not.toContain(String(production.stored().token));
		const delivery = await production.receive(production.atRegisteredUrl(booking('appt-prod-2')));
		expect(delivery.execution).toHaveLength(1);
	});

	it('a webhook made by hand at the trigger URL with another token is never modified or deleted, and its token is refused', async () => {
		const n8n = setup();
		await n8n.activate();
		const byHand = api.state.addWebhook({
			endpoint: `${n8n.webhookUrl}?token=made-by-hand`,
			description: null,
		})!;
		const untitled = api.state.addWebhook({
			endpoint: `${n8n.webhookUrl}?token=made-by-hand-2`,
			description: 'n8n workflow "meetergo", node "meetergo Trigger"',
		})!;
		const before = [{ ...byHand }, { ...untitled }];

		await changeEventsAndRepublish(n8n, ['booking_created']);
		await n8n.activate(); // a restart: checkExists
		expect(
			api.state.webhooks.filter((hook) => hook.id === byHand.id || hook.id === untitled.id),
		).toEqual(before);
		for (const token of ['made-by-hand', 'made-by-hand-2']) {
			const delivery = n8n.atRegisteredUrl(booking(`appt-${token}`));
			delivery.query = { token };
			expect((await n8n.receive(delivery)).status).toBe(401);
		}
		await n8n.deactivate();
		expect(api.state.webhooks).toEqual(before);
	});

	it('a registration made before tags is recognised after the upgrade: the first activation tags it, no new slot, and deactivation then deletes it', async () => {
		const n8n = setup();
		await n8n.activate();
		const stored = n8n.stored();
		untag(stored.webhookId);
		forgetAllInProcess(); // the restart that installs the new version, then a publish
		api.state.requests.length = 0;

		expect(await n8n.activate()).toEqual({ created: false });
		expect(changes()).toEqual([`PATCH /webhooks/${String(stored.webhookId)}`]);
		expect(api.state.webhooks).toHaveLength(1);
		expect(api.state.webhooks[0].description).toMatch(
			/\[n8n:wf-registration-\d+\/node-meetergo-trigger\]$/,
		);
		expect(api.state.webhooks[0].endpoint).toBe(stored.endpoint);
		expect(n8n.stored()).toEqual(stored);

		await n8n.deactivate();
		expect(api.state.webhooks).toHaveLength(0);
	});

	it('a registration made before tags is replaced, not orphaned, when the first activation after the upgrade changes the events', async () => {
		const n8n = setup({ events: ['booking_created'] });
		await n8n.activate();
		const old = String(n8n.stored().webhookId);
		untag(old);
		forgetAllInProcess();
		n8n.node.parameters.events = ['booking_created', 'booking_cancelled'];
		await n8n.activate();
		expect(api.state.webhooks).toHaveLength(1);
		expect(api.state.webhooks[0].id).not.toBe(old);
		expect(api.state.webhooks[0].eventTypes).toEqual(['booking_created', 'booking_cancelled']);
	});
});

describe('a rotated-out token in this process', () => {
	it('a token rotated out by a re-publish is refused 2 ms later, though a wrong-token lookup had just cached it', async () => {
		const n8n = setup();
		await n8n.activate();
		const oldEndpoint = String(n8n.stored().endpoint);
		// A wrong token makes the trigger ask meetergo, which then still held the old token.
		const guess = n8n.atRegisteredUrl(booking('appt-guess'));
		guess.query = { token: 'guess' };
		expect((await n8n.receive(guess)).status).toBe(401);

		await changeEventsAndRepublish(n8n, ['booking_created']); // the URL leaked: rotate
		const stale = await n8n.receive(n8n.atRegisteredUrl(booking('appt-leaked'), oldEndpoint));
		expect(stale.status).toBe(401);
		expect(stale.execution).toBeUndefined();
		const fresh = await n8n.receive(n8n.atRegisteredUrl(booking('appt-fresh')));
		expect(fresh.execution).toHaveLength(1);
	});
});

describe('webhooks meetergo hands back in another spelling of the same URL', () => {
	const spellings: Array<[string, (endpoint: string) => string]> = [
		['host in upper case', (endpoint) => endpoint.replace('n8n.example.com', 'N8N.Example.COM')],
		['a trailing slash', (endpoint) => endpoint.replace('/webhook?', '/webhook/?')],
		['percent-encoded path', (endpoint) => endpoint.replace('/webhook/4f6b', '/webhook/%34f6b')],
		[
			'the default port spelt out',
			(endpoint) => endpoint.replace('example.com/', 'example.com:443/'),
		],
	];
	it.each(spellings)(
		'%s: still recognised at a restart (no orphan, no new slot) and deleted on deactivation',
		async (_name, respell) => {
			const n8n = setup();
			await n8n.activate();
			const hook = api.state.webhooks[0];
			hook.endpoint = respell(hook.endpoint);
			expect(hook.endpoint).not.toBe(n8n.stored().endpoint);
			forgetAllInProcess();
			api.state.requests.length = 0;

			expect(await n8n.activate()).toEqual({ created: false });
			expect(changes()).toEqual([]);
			await n8n.deactivate();
			expect(api.state.webhooks).toHaveLength(0);
		},
	);
});
