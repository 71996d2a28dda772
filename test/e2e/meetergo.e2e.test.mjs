// meetergo Trigger in a real n8n, registering itself with a loopback fake of meetergo's API:
// activation registers its webhook (with the URL token), deliveries come from the fake exactly
// as meetergo sends them, deactivation removes only that webhook.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';

import { buildDelivery, send } from '../../scripts/lib/deliveries.mjs';
import { N8nRest } from '../../scripts/lib/rest.mjs';
import { credential, triggerWorkflow } from '../../scripts/lib/workflows.mjs';
import { startN8n } from './harness.mjs';

const fakeMeetergoApi = createRequire(import.meta.url)('../fakes/meetergo-api.cjs');

describe('meetergo Trigger in a real n8n', { timeout: 300_000 }, () => {
	let env;
	let api;
	let workflow;
	let otherToolsHook;
	let registered;

	before(async () => {
		api = await fakeMeetergoApi.start();
		// Another tool's webhook (on loopback, for an event our trigger does not take): must stay untouched.
		otherToolsHook = api.state.addWebhook({
			endpoint: 'https://127.0.0.1:9/other-tool',
			eventTypes: ['form_submission'],
		});
		const apiCredential = credential(
			'meetingWebhooksMeetergoApi',
			'meetergo e2e (local fake API)',
			{
				credentialKind: 'personalAccessToken',
				token: api.state.token,
				baseUrl: api.url,
			},
		);
		workflow = triggerWorkflow({
			name: 'meetergo e2e',
			nodeType: 'meetergoTrigger',
			nodeName: 'meetergo Trigger',
			parameters: { events: ['booking_created', 'booking_rescheduled'], options: {} },
			credentials: { meetingWebhooksMeetergoApi: apiCredential },
		});
		// Installed as Settings → Community Nodes installs it.
		env = await startN8n({
			credentials: [apiCredential],
			workflows: [workflow],
			installWay: 'community-ui',
		});
		// n8n makes the webhook path live just before it runs the trigger's `create`: wait for that too.
		for (let waited = 0; waited < 30_000 && !registered; waited += 100) {
			registered = api.state.webhooks.find((hook) => hook.id !== otherToolsHook.id);
			if (!registered) await new Promise((resolve) => setTimeout(resolve, 100));
		}
	});
	after(async () => {
		await env?.close();
		await api?.close();
	});

	it('registers its own webhook on activation, with a token and only the selected events', () => {
		assert.ok(registered, 'no webhook registered');
		const endpoint = new URL(registered.endpoint);
		assert.equal(`${endpoint.origin}${endpoint.pathname}`, env.url(workflow));
		assert.match(endpoint.searchParams.get('token') ?? '', /^[A-Za-z0-9_-]{32,}$/);
		assert.deepEqual([...registered.eventTypes].sort(), ['booking_created', 'booking_rescheduled']);
		assert.equal(api.state.webhooks.length, 2);
	});

	it("starts exactly one execution for a delivery from meetergo, with meetergo's fields and its delivery metadata", async () => {
		const appointment = api.state.seedAppointment({
			id: 'appt-e2e-1',
			updatedAt: '2026-11-23T10:00:00.000Z',
		});
		const [result] = await api.state.deliver({
			event: 'booking_created',
			appointmentId: appointment.id,
		});
		assert.equal(result.status, 200);
		const executions = await env.store.settledExecutions(workflow.id, 1);
		assert.equal(executions.length, 1);
		assert.equal(executions[0].status, 'success');
		const [item] = env.store.outputItems(executions[0].id, 'meetergo Trigger');
		assert.equal(item.webhookType, 'booking_created');
		assert.equal(item.delivery.event, 'booking_created');
		const text = JSON.stringify(item);
		assert.ok(text.includes('appt-e2e-1'));
		assert.ok(
			!text.includes(new URL(registered.endpoint).searchParams.get('token')),
			'URL token in the output',
		);
	});

	it('rejects deliveries without the registration token, or with a wrong one, with 401 and starts nothing', async () => {
		const delivery = buildDelivery('meetergo', {});
		const bare = await send(env.url(workflow), delivery);
		const wrong = await send(`${env.url(workflow)}?token=${'x'.repeat(43)}`, delivery);
		for (const answer of [bare, wrong]) {
			assert.equal(answer.status, 401);
			assert.ok(JSON.parse(answer.body).error.code);
		}
		assert.equal((await env.store.settledExecutions(workflow.id, 1)).length, 1);
	});

	it('answers the same delivery again with 2xx and starts no new execution', async () => {
		const [result] = await api.state.deliver({
			event: 'booking_created',
			appointmentId: 'appt-e2e-1',
		});
		assert.equal(result.status, 200);
		assert.equal((await env.store.settledExecutions(workflow.id, 1)).length, 1);
	});

	it('takes the {event, data} envelope too, and treats a reschedule of the same appointment as new', async () => {
		api.state.seedAppointment({ id: 'appt-e2e-1', updatedAt: '2026-11-23T11:00:00.000Z' });
		const [result] = await api.state.deliver({
			event: 'booking_rescheduled',
			appointmentId: 'appt-e2e-1',
			envelope: 'event_data',
		});
		assert.equal(result.status, 200);
		const executions = await env.store.settledExecutions(workflow.id, 2);
		assert.equal(executions.length, 2);
		const [item] = env.store.outputItems(executions[1].id, 'meetergo Trigger');
		assert.equal(item.webhookType, 'booking_rescheduled');
	});

	it('acknowledges an unselected event type with 2xx and starts nothing', async () => {
		const answer = await send(
			registered.endpoint,
			buildDelivery('meetergo', { event: 'new_employee' }),
		);
		assert.equal(answer.status, 200);
		assert.equal((await env.store.settledExecutions(workflow.id, 2)).length, 2);
	});

	it('removes only its own webhook when the workflow is deactivated', async () => {
		const rest = new N8nRest(env.n8n.baseUrl);
		await rest.signIn({ email: 'owner@example.com', password: 'Deactivate-check-1' });
		await rest.unpublish(workflow.id);
		// n8n answers the unpublish request before it has run the trigger's `delete`.
		for (let waited = 0; waited < 20_000 && api.state.webhooks.length > 1; waited += 100) {
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		assert.deepEqual(
			api.state.webhooks.map((hook) => hook.id),
			[otherToolsHook.id],
		);
		const late = await send(registered.endpoint, buildDelivery('meetergo', {}));
		assert.equal(late.status, 404, 'the production URL is gone once the workflow is inactive');
	});
});
