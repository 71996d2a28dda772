// MeetBit Trigger → MeetBit (Event → Cancel) in a real n8n, against the loopback MeetBit API fake:
// a genuine delivery cancels the event it names, with the node's default ID expressions (nothing
// typed but the note). Every outcome is read back from n8n's own database.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';

import { buildDelivery, send } from '../../scripts/lib/deliveries.mjs';
import { credential, triggerWorkflow, withActionNodes } from '../../scripts/lib/workflows.mjs';
import { startN8n } from './harness.mjs';

const require = createRequire(import.meta.url);
const fakeMeetBitApi = require('../fakes/meetbit-api.cjs');

const secret = `e2e-${randomUUID()}`;
const CANCEL_NOTE = 'Canceled by the n8n e2e suite';

function triggerToCancel({ name, webhookCredential, apiCredential, continueOnFail = false }) {
	const workflow = triggerWorkflow({
		name,
		nodeType: 'meetBitTrigger',
		nodeName: 'MeetBit Trigger',
		parameters: { events: ['*'], options: {} },
		credentials: { meetingWebhooksMeetBitWebhookApi: webhookCredential },
	});
	// What a user sets: the operation (the defaults) and a note. The IDs keep their default
	// expressions on the trigger's item.
	return withActionNodes(
		workflow,
		{ nodeType: 'meetBit', credentialType: 'meetingWebhooksMeetBitApi', credential: apiCredential },
		[
			{
				name: 'MeetBit',
				parameters: { resource: 'event', operation: 'cancel', cancelNote: CANCEL_NOTE },
				settings: continueOnFail ? { onError: 'continueRegularOutput' } : {},
			},
		],
	);
}

describe('MeetBit Trigger → MeetBit cancel in a real n8n', { timeout: 300_000 }, () => {
	let api;
	let env;
	let stops;
	let carriesOn;
	const webhookCredential = credential('meetingWebhooksMeetBitWebhookApi', 'MeetBit webhook e2e', {
		secret,
		previousSecret: '',
	});

	before(async () => {
		api = await fakeMeetBitApi.start();
		const apiCredential = credential('meetingWebhooksMeetBitApi', 'MeetBit API (local fake)', {
			primaryDomain: api.primaryDomain,
			accessKeyId: api.accessKeyId,
			accessKeySecret: api.accessKeySecret,
		});
		stops = triggerToCancel({ name: 'MeetBit → cancel', webhookCredential, apiCredential });
		carriesOn = triggerToCancel({
			name: 'MeetBit → cancel (continue on fail)',
			webhookCredential,
			apiCredential,
			continueOnFail: true,
		});
		env = await startN8n({
			credentials: [webhookCredential, apiCredential],
			workflows: [stops, carriesOn],
			installWay: 'npm',
		});
	});
	after(async () => {
		await env?.close();
		await api?.close();
	});

	const deliver = async (workflow, options, count) => {
		const answer = await send(env.url(workflow), buildDelivery('meetbit', { secret, ...options }));
		assert.equal(answer.status, 200);
		assert.equal(answer.body, '');
		const executions = await env.store.settledExecutions(workflow.id, count);
		assert.equal(executions.length, count);
		return executions.at(-1);
	};

	/** The execution's whole stored data, for the no-secrets check. */
	const storedData = (executionId) =>
		env.store.query('SELECT data FROM execution_data WHERE executionId = ?', executionId)[0].data;

	const errorOf = (executionId) =>
		env.store.flatted.parse(storedData(executionId)).resultData?.error;

	it('cancels the event an events.created delivery names (data.calendar_id, data.id)', async () => {
		const execution = await deliver(stops, { event: 'events.created', recordId: 1234 }, 1);
		assert.equal(execution.status, 'success', errorOf(execution.id)?.message);
		const [triggered] = env.store.outputItems(execution.id, 'MeetBit Trigger');
		assert.deepEqual(triggered.data, { id: 1234, calendar_id: 42 });
		const output = env.store.outputItems(execution.id, 'MeetBit');
		assert.equal(output.length, 1);
		assert.equal(output[0].id, 1234);
		assert.equal(output[0].calendar_id, 42);
		assert.equal(output[0].cancel_note, CANCEL_NOTE);
		assert.equal(output[0].title, 'Intro call — Jane Doe');
		assert.ok(output[0].deleted_at);
		const calls = api.requests.filter((request) => request.method === 'POST');
		assert.equal(calls.length, 1);
		assert.equal(calls[0].path, '/api/public/v2.0/calendars/42/events/1234/cancel');
		assert.equal(calls[0].authorized, true);
		assert.deepEqual(calls[0].body, { cancel_note: CANCEL_NOTE });
		assert.notEqual(api.events.get('42/1234').deleted_at, null);
		const stored = storedData(execution.id);
		assert.ok(!stored.includes(api.accessKeySecret), 'the access key secret is in the execution');
		assert.ok(!stored.includes(secret), 'the signing secret is in the execution');
	});

	it('cancels the event a meeting_links.scheduled delivery created (data.event_id, not the link id)', async () => {
		const execution = await deliver(stops, { event: 'meeting_links.scheduled' }, 2);
		assert.equal(execution.status, 'success', errorOf(execution.id)?.message);
		const [triggered] = env.store.outputItems(execution.id, 'MeetBit Trigger');
		assert.equal(triggered.data.id, 1234); // the meeting link
		assert.equal(triggered.data.event_id, 5678);
		const [canceled] = env.store.outputItems(execution.id, 'MeetBit');
		assert.equal(canceled.id, 5678);
		assert.equal(canceled.meeting_link_id, 1234);
		assert.equal(api.requests.at(-1).path, '/api/public/v2.0/calendars/42/events/5678/cancel');
	});

	it('fails the execution with what to do when MeetBit answers 404, no key in it', async () => {
		const execution = await deliver(stops, { event: 'events.updated', recordId: 999 }, 3);
		assert.equal(execution.status, 'error');
		const error = errorOf(execution.id);
		assert.equal(error.message, 'MeetBit has no event 999 in calendar 42 (404)');
		assert.match(error.description, /data\.calendar_id/);
		// MeetBit's plain-text answer reaches the message (n8n 1.x's request error drops it).
		assert.match(error.description, /MeetBit said: "Resource object does not exist\."/);
		assert.equal(error.node.name, 'MeetBit');
		const stored = storedData(execution.id);
		assert.ok(!stored.includes(api.accessKeySecret));
		assert.ok(!stored.includes(api.accessKeyId));
	});

	// The plain-text 429 and the JSON 400 as n8n's own request helper hands them to the node: the
	// Retry-After header and the per-field errors must survive it.
	it('stops at once on a 429 asking for longer than the node waits, naming the wait', async () => {
		api.setFailure({ status: 429, retryAfter: 120, times: 1 });
		const execution = await deliver(stops, { event: 'events.created', recordId: 5678 }, 4);
		assert.equal(execution.status, 'error');
		const error = errorOf(execution.id);
		assert.equal(error.message, "MeetBit's rate limit was reached (429 Too Many Requests)");
		assert.match(error.description, /Wait 120 seconds \(MeetBit's Retry-After\)/);
	});

	it("names the field of a 400's per-field errors", async () => {
		api.setFailure({
			status: 400,
			times: 1,
			body: {
				message: 'The cancel_note field is required.',
				errors: { cancel_note: ['The cancel_note field is required.'] },
			},
		});
		const execution = await deliver(stops, { event: 'events.created', recordId: 5678 }, 5);
		assert.equal(execution.status, 'error');
		const error = errorOf(execution.id);
		assert.equal(
			error.message,
			'MeetBit refused the request as invalid (400): Cancel Note: The cancel_note field is required.',
		);
		assert.equal(error.description, 'Fix Cancel Note and run the node again.');
	});

	it('with "On Error: Continue", outputs one error item of the package shape', async () => {
		api.setCanCancel(false);
		try {
			const execution = await deliver(carriesOn, { event: 'events.created', recordId: 5678 }, 1);
			assert.equal(execution.status, 'success', errorOf(execution.id)?.message);
			const [item] = env.store.outputItems(execution.id, 'MeetBit');
			assert.equal(
				item.error,
				'MeetBit refused: the access key may not do this (401 Access Denied)',
			);
			assert.match(item.description, /events\.delete\.\*/);
			assert.equal(item.httpCode, '401');
			assert.deepEqual(Object.keys(item).sort(), ['description', 'error', 'httpCode']);
		} finally {
			api.setCanCancel(true);
		}
	});
});
