// meetergo Trigger → meetergo node in a real n8n: a booking delivered by a loopback fake of
// meetergo's API starts the workflow, Get Appointment reads the appointment it names (Appointment
// ID left at its default, the trigger item's id), Get Contact by Attendee finds the CRM contact
// meetergo made for the booking's attendee (Attendee ID left at its default), Update Contact tags it
// with meetergo's field names, and a version-1 Create Contact (a saved workflow from before the
// field names were fixed) still sends its first name, last name and phone under meetergo's names.
// A booking whose attendee has no contact makes Get Contact fail (the documented 404) with
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
	'meetergo Trigger → Get Appointment → Get Contact by Attendee → Update Contact in a real n8n',
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
					{
						name: 'Get Appointment',
						parameters: { resource: 'appointment', operation: 'get' },
						settings: { typeVersion: 2 },
					},
					// Attendee ID is not set: its default takes the first attendee of the appointment.
					{
						name: 'Get Contact',
						parameters: { resource: 'contact', operation: 'getByAttendee' },
						settings: { typeVersion: 2, onError: 'continueRegularOutput' },
					},
					{
						name: 'Update Contact',
						parameters: {
							resource: 'contact',
							operation: 'update',
							contactId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
							updateFields: { tags: ['n8n', 'Lead'], notes: 'Booked through n8n' },
						},
						settings: { typeVersion: 2, onError: 'continueRegularOutput' },
					},
					{
						name: 'Create Contact (version 1)',
						parameters: {
							resource: 'contact',
							operation: 'create',
							email: "={{ $('Get Appointment').item.json.id + '@v1.example.com' }}",
							additionalFields: {
								firstname: "={{ $('Get Appointment').item.json.attendees[0].firstname }}",
								lastname: "={{ $('Get Appointment').item.json.attendees[0].lastname }}",
								phone: "={{ $('Get Appointment').item.json.attendees[0].phone }}",
							},
						},
						settings: { typeVersion: 1, onError: 'continueRegularOutput' },
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

		it("a booking → the appointment → its attendee's CRM contact, tagged; a version-1 create still names its fields", async () => {
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
			const output = (name) => env.store.outputItems(executions[0].id, name);

			const [fetched] = output('Get Appointment');
			assert.equal(fetched.id, appointment.id);
			assert.deepEqual(fetched.attendees, appointment.attendees);
			assert.equal(fetched.meetingTypeId, appointment.meetingTypeId);
			assert.ok(!('secret' in fetched), "the appointment's secret is left out");

			const [contact] = output('Get Contact');
			const stored = [...api.state.contacts.values()].find(
				(candidate) => candidate.email === 'customer@example.com',
			);
			assert.ok(stored, 'meetergo made no contact for the attendee');
			assert.equal(contact.id, stored.id);
			assert.equal(contact.firstName, 'Jane');
			assert.equal(contact.phoneNumber, '+1-555-123-4567');
			assert.ok(!('item' in contact), 'the contact is output unwrapped');

			const [updated] = output('Update Contact');
			assert.equal(updated.id, stored.id);
			assert.deepEqual(updated.tags, ['n8n', 'Lead']);
			assert.equal(updated.notes, 'Booked through n8n');

			const [created] = output('Create Contact (version 1)');
			assert.equal(created.email, `${appointment.id}@v1.example.com`);
			assert.equal(created.firstName, 'Jane');
			assert.equal(created.lastName, 'Doe');
			assert.equal(created.phoneNumber, '+1-555-123-4567');

			const calls = api.state.requests
				.filter((request) => !request.path.startsWith('/webhooks'))
				.map((request) => `${request.method} ${request.path} ${request.status}`);
			assert.deepEqual(calls, [
				`GET /v4/appointment/${appointment.id} 200`,
				'GET /crm/details 200',
				`PATCH /crm/${stored.id} 200`,
				'POST /crm 201',
			]);
			const text = JSON.stringify(env.store.query('SELECT data FROM execution_data'));
			assert.ok(!text.includes(api.state.token), 'the API token is not in the execution data');
			assert.ok(
				!text.includes(appointment.secret),
				"the appointment's secret is not in the execution data",
			);
		});

		it('an attendee without a contact: Get Contact fails (the documented 404) into one error item of the package shape', async () => {
			const appointment = api.state.seedAppointment({
				id: `appt-${randomUUID()}`,
				updatedAt: new Date().toISOString(),
				attendees: [
					{
						id: `att-${randomUUID()}`,
						email: 'walk-in@example.com',
						firstname: 'Walk',
						lastname: 'In',
					},
				],
			});
			for (const [id, contact] of api.state.contacts)
				if (contact.email === 'walk-in@example.com') api.state.contacts.delete(id);
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
			const items = env.store.outputItems(latest.id, 'Get Contact');
			assert.equal(items.length, 1);
			assert.deepEqual(Object.keys(items[0]).sort(), ['description', 'error', 'httpCode']);
			assert.equal(items[0].httpCode, '404');
			assert.equal(
				items[0].error,
				`meetergo's CRM has no contact for attendee "${appointment.attendees[0].id}" that this credential can see`,
			);
		});
	},
);
