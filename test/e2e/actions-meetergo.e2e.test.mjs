// meetergo Trigger → meetergo node in a real n8n: a booking delivered by a loopback fake of
// meetergo's API starts the workflow, Get Appointment reads the appointment it names (Appointment
// ID left at its default, the trigger item's id), and Create Contact adds its attendee to
// meetergo's CRM. A second booking by the same attendee makes Create Contact fail (409) with
// "continue on error": one error item of the package's shape. Outputs are read from n8n's database.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';

import { credential, triggerWorkflow, withActionNodes } from '../../scripts/lib/workflows.mjs';
import { startN8n } from './harness.mjs';

const fakeMeetergoApi = createRequire(import.meta.url)('../fakes/meetergo-api.cjs');

/** Appends meetergo action nodes after the trigger, each fed by the one before it. */
const withActions = (workflow, actions, apiCredential) =>
	withActionNodes(
		workflow,
		{
			nodeType: 'meetergo',
			credentialType: 'meetingWebhooksMeetergoApi',
			credential: apiCredential,
		},
		actions,
	);

describe(
	'meetergo Trigger → Get Appointment → Create Contact in a real n8n',
	{ timeout: 300_000 },
	() => {
		let env;
		let api;
		let workflow;
		let registered;

		before(async () => {
			api = await fakeMeetergoApi.start();
			const apiCredential = credential(
				'meetingWebhooksMeetergoApi',
				'meetergo actions e2e (local fake API)',
				{
					credentialKind: 'personalAccessToken',
					token: api.state.token,
					baseUrl: api.url,
				},
			);
			workflow = withActions(
				triggerWorkflow({
					name: 'meetergo e2e: booking → appointment → contact',
					nodeType: 'meetergoTrigger',
					nodeName: 'meetergo Trigger',
					parameters: { events: ['booking_created'], options: {} },
					credentials: { meetingWebhooksMeetergoApi: apiCredential },
				}),
				[
					// Appointment ID is not set: its default takes the id of the incoming (trigger) item.
					{ name: 'Get Appointment', parameters: { resource: 'appointment', operation: 'get' } },
					{
						name: 'Create Contact',
						parameters: {
							resource: 'contact',
							operation: 'create',
							email: '={{ $json.attendees[0].email }}',
							additionalFields: {
								firstname: '={{ $json.attendees[0].firstname }}',
								lastname: '={{ $json.attendees[0].lastname }}',
								phone: '={{ $json.attendees[0].phone }}',
							},
						},
						settings: { onError: 'continueRegularOutput' },
					},
				],
				apiCredential,
			);
			env = await startN8n({ credentials: [apiCredential], workflows: [workflow] });
			for (let waited = 0; waited < 30_000 && !registered; waited += 100) {
				registered = api.state.webhooks[0];
				if (!registered) await new Promise((resolve) => setTimeout(resolve, 100));
			}
		});
		after(async () => {
			await env?.close();
			await api?.close();
		});

		it('a booking → the appointment from the API → its attendee as a CRM contact', async () => {
			assert.ok(registered, 'the trigger registered no webhook with meetergo on activation');
			const appointment = api.state.seedAppointment({
				id: `appt-${randomUUID()}`,
				updatedAt: new Date().toISOString(),
			});
			const [result] = await api.state.deliver({
				event: 'booking_created',
				appointmentId: appointment.id,
			});
			assert.equal(result.status, 200);
			const executions = await env.store.settledExecutions(workflow.id, 1);
			assert.equal(executions.length, 1);
			assert.equal(executions[0].status, 'success');

			const [fetched] = env.store.outputItems(executions[0].id, 'Get Appointment');
			assert.equal(fetched.id, appointment.id);
			assert.deepEqual(fetched.attendees, appointment.attendees);
			assert.equal(fetched.meetingTypeId, appointment.meetingTypeId);
			assert.ok(!('secret' in fetched), "the appointment's secret is left out");

			const [contact] = env.store.outputItems(executions[0].id, 'Create Contact');
			const stored = [...api.state.contacts.values()];
			assert.equal(stored.length, 1);
			assert.equal(contact.id, stored[0].id);
			assert.equal(contact.email, 'customer@example.com');
			assert.equal(contact.firstname, 'Jane');
			assert.equal(contact.lastname, 'Doe');
			assert.equal(contact.phone, '+1-555-123-4567');

			const calls = api.state.requests
				.filter((request) => !request.path.startsWith('/webhooks'))
				.map((request) => `${request.method} ${request.path} ${request.status}`);
			assert.deepEqual(calls, [`GET /v4/appointment/${appointment.id} 200`, 'POST /crm 201']);
			const text = JSON.stringify(env.store.query('SELECT data FROM execution_data'));
			assert.ok(!text.includes(api.state.token), 'the API token is not in the execution data');
			assert.ok(
				!text.includes(appointment.secret),
				"the appointment's secret is not in the execution data",
			);
		});

		it('the same attendee booking again: Create Contact fails (409) into one error item of the package shape', async () => {
			const appointment = api.state.seedAppointment({
				id: `appt-${randomUUID()}`,
				updatedAt: new Date().toISOString(),
			});
			const [result] = await api.state.deliver({
				event: 'booking_created',
				appointmentId: appointment.id,
			});
			assert.equal(result.status, 200);
			const executions = await env.store.settledExecutions(workflow.id, 2);
			assert.equal(executions.length, 2);
			const latest = executions.find((execution) => {
				const [item] = env.store.outputItems(execution.id, 'Get Appointment');
				return item?.id === appointment.id;
			});
			assert.ok(latest, 'no execution for the second booking');
			assert.equal(latest.status, 'success');
			const items = env.store.outputItems(latest.id, 'Create Contact');
			assert.equal(items.length, 1);
			assert.deepEqual(Object.keys(items[0]).sort(), ['description', 'error', 'httpCode']);
			assert.equal(items[0].httpCode, '409');
			assert.equal(
				items[0].error,
				'meetergo answered with an error (409): A contact with this email already exists',
			);
			assert.equal(api.state.contacts.size, 1);
		});
	},
);
