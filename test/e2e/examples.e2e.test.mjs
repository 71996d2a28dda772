// The example workflows in docs/examples/, imported into a real n8n as a user would get them:
// the file's nodes, parameters and connections as they are, plus only what a user adds after
// importing (a credential on each node that needs one) and what the harness needs (a workflow
// id). Each is published and proven with a genuine delivery; the node types, versions and
// parameter names are checked against the nodes' own descriptions, so a renamed parameter, a
// wrong type or a broken connection fails here.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { buildDelivery, send } from '../../scripts/lib/deliveries.mjs';
import {
	buildAndPack,
	ensureN8nInstalled,
	packageName,
	randomId,
	repoRoot,
} from '../../scripts/lib/n8n.mjs';
import { credential } from '../../scripts/lib/workflows.mjs';
import { startN8n } from './harness.mjs';

const require = createRequire(import.meta.url);
const fakeMeetergoApi = require('../fakes/meetergo-api.cjs');
const fakeMeetGeekApi = require('../fakes/meetgeek-api.cjs');

const examplesDir = join(repoRoot, 'docs', 'examples');
// The test senders start with a Manual Trigger, not one of ours: test-senders.e2e.test.mjs runs them.
const examples = readdirSync(examplesDir)
	.filter((file) => file.endsWith('.json') && !file.endsWith('-test-sender.json'))
	.sort()
	.map((file) => ({ file, json: JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) }));

const STICKY_NOTE = 'n8n-nodes-base.stickyNote';
const SET = 'n8n-nodes-base.set';
const own = (type) => type.startsWith(`${packageName}.`);
const triggerOf = (workflow) => workflow.nodes.find((node) => node.webhookId !== undefined);

/** Node descriptions by type and version: this package's from its build, core ones from n8n. */
function descriptionLoader(install) {
	const loaded = new Map();
	const load = (packageDir) => {
		const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
		for (const file of manifest.n8n.nodes) {
			const exported = require(join(packageDir, file));
			for (const NodeClass of Object.values(exported)) {
				if (typeof NodeClass !== 'function') continue;
				const instance = new NodeClass();
				const name = instance.description?.name ?? instance.baseDescription?.name;
				if (name) loaded.set(`${manifest.name}.${name}`, instance);
			}
		}
	};
	return (type, typeVersion) => {
		if (!loaded.has(type) && own(type) && !loaded.has(`${packageName}.*`)) {
			load(repoRoot);
			loaded.set(`${packageName}.*`, true);
		}
		if (!loaded.has(type) && type.startsWith('n8n-nodes-base.')) {
			// Only the nodes the examples use: loading all of n8n-nodes-base takes long.
			const dir = join(install.n8nDir, 'node_modules', 'n8n-nodes-base');
			const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
			const base = type.slice('n8n-nodes-base.'.length).toLowerCase();
			for (const file of manifest.n8n.nodes.filter(
				(path) => path.split('/').pop().toLowerCase() === `${base}.node.js`,
			)) {
				const exported = require(join(dir, file));
				for (const NodeClass of Object.values(exported)) {
					if (typeof NodeClass !== 'function') continue;
					const instance = new NodeClass();
					const name = instance.description?.name ?? instance.baseDescription?.name;
					if (name) loaded.set(`n8n-nodes-base.${name}`, instance);
				}
			}
		}
		const instance = loaded.get(type);
		if (!instance) return undefined;
		if (instance.nodeVersions) return instance.nodeVersions[typeVersion]?.description;
		const versions = [instance.description.version].flat();
		return versions.includes(typeVersion) ? instance.description : undefined;
	};
}

/** Whether n8n shows a property for these parameter values (simple displayOptions only). */
function isShown(property, values, properties) {
	const valueOf = (name) =>
		name in values ? values[name] : properties.find((other) => other.name === name)?.default;
	const matches = (conditions = {}) =>
		Object.entries(conditions)
			.filter(([name]) => !name.startsWith('@') && !name.startsWith('/'))
			.map(([name, allowed]) => [valueOf(name), allowed]);
	const { show, hide } = property.displayOptions ?? {};
	return (
		matches(show).every(([value, allowed]) => allowed.includes(value)) &&
		!matches(hide).some(([value, allowed]) => allowed.includes(value))
	);
}

/** Fails unless every parameter is one the node has, shown, and of a value it takes. */
function checkParameters(where, properties, values) {
	for (const [name, value] of Object.entries(values)) {
		const candidates = properties.filter(
			(property) => property.name === name && isShown(property, values, properties),
		);
		assert.ok(candidates.length > 0, `${where}: the node has no (visible) parameter "${name}"`);
		if (typeof value === 'string' && value.startsWith('=')) continue; // an expression
		const fits = candidates.some((property) => {
			const allowed = Array.isArray(property.options)
				? property.options.map((option) => option.value)
				: undefined;
			switch (property.type) {
				case 'options':
					return allowed === undefined || allowed.includes(value);
				case 'multiOptions':
					return (
						Array.isArray(value) &&
						(allowed === undefined || value.every((item) => allowed.includes(item)))
					);
				case 'collection':
					checkParameters(`${where} → ${name}`, property.options, value);
					return true;
				case 'boolean':
					return typeof value === 'boolean';
				case 'number':
					return typeof value === 'number';
				case 'string':
					return typeof value === 'string';
				default:
					return true;
			}
		});
		assert.ok(fits, `${where}: ${JSON.stringify(value)} is not a value of "${name}"`);
	}
}

/** The credential types a node of this description asks for with these parameters. */
function credentialTypesFor(description, parameters) {
	return (description.credentials ?? [])
		.filter((entry) => isShown(entry, parameters, description.properties))
		.map((entry) => entry.name);
}

const install = ensureN8nInstalled({ quiet: true });
const describeNode = descriptionLoader(install);
/** Built and packed once: the static checks read its node descriptions, n8n installs it. */
let tarball;
const packed = () => (tarball ??= buildAndPack({ quiet: true }));

// Checked without n8n running, so that a broken file says what is wrong (n8n's import would only
// refuse it as a whole).
describe('The example files in docs/examples', () => {
	before(() => packed());

	it('cover every trigger and a trigger → action chain', () => {
		const types = examples.map(({ json }) => json.nodes.map((node) => node.type));
		for (const trigger of ['meetBitTrigger', 'meetGeekTrigger', 'meetergoTrigger']) {
			assert.ok(
				types.some((list) => list.includes(`${packageName}.${trigger}`)),
				`no example for ${trigger}`,
			);
		}
		assert.ok(
			types.some(
				(list) =>
					list.includes(`${packageName}.meetergoTrigger`) &&
					list.includes(`${packageName}.meetergo`),
			),
			'no meetergo Trigger → meetergo example',
		);
		const webhookIds = examples.map(({ json }) => triggerOf(json)?.webhookId);
		assert.equal(new Set(webhookIds).size, webhookIds.length, 'webhook ids must differ');
	});

	for (const { file, json } of examples) {
		describe(file, () => {
			it('is a workflow as n8n exports it, without credentials, secrets or instance ids', () => {
				assert.equal(typeof json.name, 'string');
				assert.ok(Array.isArray(json.nodes) && json.nodes.length > 1);
				assert.equal(typeof json.connections, 'object');
				assert.equal(typeof json.settings, 'object');
				assert.ok(!('id' in json), 'a workflow id belongs to one n8n instance');
				assert.ok(!('meta' in json), 'meta carries the exporting instance id');
				const names = json.nodes.map((node) => node.name);
				assert.equal(new Set(names).size, names.length, 'node names must be unique');
				const ids = json.nodes.map((node) => node.id);
				assert.equal(new Set(ids).size, ids.length, 'node ids must be unique');
				for (const node of json.nodes) {
					for (const key of ['id', 'name', 'type', 'typeVersion', 'position', 'parameters'])
						assert.ok(key in node, `${node.name}: no ${key}`);
					assert.ok(!('credentials' in node), `${node.name}: credentials must not be shipped`);
				}
				const trigger = triggerOf(json);
				assert.match(trigger.webhookId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-/);
				const text = JSON.stringify(json);
				for (const pattern of [/rgo-[0-9a-f]/, /ak_live:/, /Bearer /i, /whsec_/, /\?token=/]) {
					assert.doesNotMatch(text, pattern);
				}
				const walk = (value, path) => {
					if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${path}[${index}]`));
					else if (value && typeof value === 'object') {
						for (const [key, inner] of Object.entries(value)) {
							if (/secret|token|api.?key|password/i.test(key))
								assert.ok(inner === '' || inner === null, `${path}.${key} holds a value`);
							walk(inner, `${path}.${key}`);
						}
					}
				};
				walk(json, file);
			});

			it('uses node types, versions, parameters and connections that n8n knows', () => {
				for (const node of json.nodes) {
					const description = describeNode(node.type, node.typeVersion);
					assert.ok(description, `${node.name}: no node type ${node.type} v${node.typeVersion}`);
					checkParameters(`${file}: ${node.name}`, description.properties, node.parameters);
				}
				const names = new Set(json.nodes.map((node) => node.name));
				for (const [from, outputs] of Object.entries(json.connections)) {
					assert.ok(names.has(from), `connection from a missing node "${from}"`);
					for (const connection of Object.values(outputs).flat(2))
						assert.ok(
							names.has(connection.node),
							`connection to a missing node "${connection.node}"`,
						);
				}
				// Every node but the notes is reached from the trigger.
				const reached = new Set([triggerOf(json).name]);
				for (let grew = true; grew; ) {
					grew = false;
					for (const from of reached) {
						for (const connection of Object.values(json.connections[from] ?? {}).flat(2)) {
							if (!reached.has(connection.node)) {
								reached.add(connection.node);
								grew = true;
							}
						}
					}
				}
				for (const node of json.nodes.filter((candidate) => candidate.type !== STICKY_NOTE))
					assert.ok(reached.has(node.name), `${node.name} is not connected to the trigger`);
			});
		});
	}
});

describe('The example workflows in docs/examples in a real n8n', { timeout: 600_000 }, () => {
	const secret = `example-demo-${randomUUID()}`;
	let meetergoApi;
	let meetGeekApi;
	let env;
	/** Per example: the workflow as imported. */
	const imported = new Map();
	/** meetergo registrations, by example file. */
	const registrations = new Map();

	before(async () => {
		meetergoApi = await fakeMeetergoApi.start();
		meetGeekApi = await fakeMeetGeekApi.start();
		const credentials = {
			meetingWebhooksMeetBitWebhookApi: credential(
				'meetingWebhooksMeetBitWebhookApi',
				'MeetBit (demo secret)',
				{ secret, previousSecret: '' },
			),
			meetingWebhooksMeetGeekWebhookApi: credential(
				'meetingWebhooksMeetGeekWebhookApi',
				'MeetGeek webhook (demo secret)',
				{ secret, previousSecret: '' },
			),
			meetingWebhooksMeetGeekApi: credential(
				'meetingWebhooksMeetGeekApi',
				'MeetGeek API (local fake)',
				{ apiKey: meetGeekApi.apiKey, region: 'custom', baseUrl: meetGeekApi.url },
			),
			meetingWebhooksMeetergoApi: credential(
				'meetingWebhooksMeetergoApi',
				'meetergo API (local fake)',
				{
					credentialKind: 'personalAccessToken',
					token: meetergoApi.state.token,
					baseUrl: meetergoApi.url,
				},
			),
		};
		for (const { file, json } of examples) {
			const trigger = triggerOf(json);
			assert.ok(trigger, `${file}: no trigger node with a webhookId`);
			// What the user does after importing: pick a credential on every node that asks for one.
			const nodes = json.nodes.map((node) => {
				const description = describeNode(node.type, node.typeVersion);
				if (!description) return node;
				const types = credentialTypesFor(description, node.parameters);
				if (types.length === 0) return node;
				return {
					...node,
					credentials: Object.fromEntries(
						types.map((type) => {
							assert.ok(credentials[type], `${file}: no demo credential of type ${type}`);
							return [type, { id: credentials[type].id, name: credentials[type].name }];
						}),
					),
				};
			});
			imported.set(file, {
				...json,
				id: randomId(),
				nodes,
				// Kept for every run, whatever the instance's default, so the test can read the output.
				settings: { ...json.settings, saveDataSuccessExecution: 'all' },
				webhookId: trigger.webhookId,
				nodeName: trigger.name,
			});
		}
		env = await startN8n({
			credentials: Object.values(credentials),
			workflows: [...imported.values()],
			installWay: 'npm',
			tarball: packed(),
		});
		// n8n makes a webhook path live just before it runs the trigger's `create`: wait for that too.
		for (const [file, workflow] of imported) {
			if (triggerOf(workflow).type !== `${packageName}.meetergoTrigger`) continue;
			let hook;
			for (let waited = 0; waited < 30_000 && !hook; waited += 100) {
				hook = meetergoApi.state.webhooks.find((candidate) =>
					candidate.endpoint.startsWith(`${env.url(workflow)}?`),
				);
				if (!hook) await new Promise((resolve) => setTimeout(resolve, 100));
			}
			registrations.set(file, hook);
		}
	});
	after(async () => {
		await env?.close();
		await meetergoApi?.close();
		await meetGeekApi?.close();
	});

	for (const { file } of examples) {
		describe(file, () => {
			it('runs once, successfully, for one genuine delivery, every node with output', async () => {
				const workflow = imported.get(file);
				const trigger = triggerOf(workflow);
				const run = await prove[trigger.type.slice(packageName.length + 1)]?.(file, workflow);
				assert.ok(run, `no delivery recipe for ${trigger.type}`);
				const { execution, expected } = run;
				assert.equal(execution.status, 'success', errorOf(execution.id));
				const working = workflow.nodes.filter((node) => node.type !== STICKY_NOTE);
				for (const node of working) {
					const items = env.store.outputItems(execution.id, node.name);
					assert.ok(items?.length > 0, `${node.name} output nothing`);
				}
				// The last nodes (no outgoing connection) show how to use the output: each field set.
				for (const node of working.filter((candidate) => !workflow.connections[candidate.name])) {
					const [item] = env.store.outputItems(execution.id, node.name);
					if (node.type === SET) {
						for (const { name } of node.parameters.assignments.assignments) {
							assert.ok(
								item[name] !== undefined && item[name] !== null && item[name] !== '',
								`${node.name}: "${name}" is empty in ${JSON.stringify(item)}`,
							);
						}
					}
					const text = JSON.stringify(item);
					for (const value of expected)
						assert.ok(text.includes(JSON.stringify(value)), `${node.name}: no ${value} in ${text}`);
				}
			});
		});
	}

	/** Per trigger: sends one genuine delivery; returns the execution and values the end must show. */
	const prove = {
		async meetBitTrigger(file, workflow) {
			const trigger = triggerOf(workflow);
			const event = trigger.parameters.events.find((value) => value !== '*') ?? 'events.created';
			const deliveryId = randomUUID();
			const answer = await send(
				env.url(workflow),
				buildDelivery('meetbit', { secret, event, id: deliveryId }),
			);
			assert.equal(answer.status, 200);
			assert.equal(answer.body, '');
			const executions = await env.store.settledExecutions(workflow.id, 1);
			assert.equal(executions.length, 1);
			const [item] = env.store.outputItems(executions[0].id, trigger.name);
			assert.equal(item.event, event);
			assert.equal(item.delivery.deliveryId, deliveryId);
			const expected = event === 'meeting_links.scheduled' ? [1234, 'jane@example.com'] : [1234];
			return { execution: executions[0], expected };
		},

		async meetGeekTrigger(file, workflow) {
			const trigger = triggerOf(workflow);
			assert.ok(trigger.parameters.events.includes('analysis.succeeded'));
			const answer = await send(
				env.url(workflow),
				buildDelivery('meetgeek', { secret, id: fakeMeetGeekApi.OWN_MEETING_ID }),
			);
			assert.equal(answer.status, 200);
			assert.equal(answer.body, '');
			const executions = await env.store.settledExecutions(workflow.id, 1);
			assert.equal(executions.length, 1);
			const [item] = env.store.outputItems(executions[0].id, trigger.name);
			assert.equal(item.meeting_id, fakeMeetGeekApi.OWN_MEETING_ID);
			assert.equal(item.delivery.secret, 'current');
			const expected = [fakeMeetGeekApi.OWN_MEETING_ID];
			if (trigger.parameters.includeMeetingDetails) {
				assert.ok(
					meetGeekApi.requests.some((request) => request.authorized && request.status === 200),
				);
				expected.push('Weekly product sync — Zoë & José');
				if (trigger.parameters.meetingDetails?.includes('summary'))
					expected.push(
						'The team agreed to ship the webhook trigger on Friday. José owns the release notes.',
					);
			}
			return { execution: executions[0], expected };
		},

		async meetergoTrigger(file, workflow) {
			const trigger = triggerOf(workflow);
			const hook = registrations.get(file);
			assert.ok(hook, 'the trigger registered no webhook with meetergo on activation');
			assert.match(new URL(hook.endpoint).searchParams.get('token') ?? '', /^[\w-]{32,}$/);
			assert.deepEqual([...hook.eventTypes].sort(), [...trigger.parameters.events].sort());
			const appointment = meetergoApi.state.seedAppointment({
				id: `appt-example-${randomUUID()}`,
				updatedAt: new Date().toISOString(),
			});
			const event = trigger.parameters.events[0];
			const execution = await deliverMeetergo(workflow, event, appointment.id);
			const [item] = env.store.outputItems(execution.id, trigger.name);
			assert.equal(item.webhookType, event);
			assert.equal(item.id, appointment.id);
			assert.ok(!JSON.stringify(item).includes(appointment.secret));
			const expected = [appointment.id];
			const action = workflow.nodes.find((node) => node.type === `${packageName}.meetergo`);
			if (action) {
				// The action node read the appointment from meetergo's API, by the delivery's id.
				assert.ok(
					meetergoApi.state.requests.some(
						(request) =>
							request.method === 'GET' &&
							request.path === `/v4/appointment/${appointment.id}` &&
							request.status === 200,
					),
					'no GET /v4/appointment/{id}',
				);
				const [fetched] = env.store.outputItems(execution.id, action.name);
				assert.equal(fetched.id, appointment.id);
				// meetergo's appointment carries more meeting details than the delivery (name, duration).
				assert.deepEqual(
					Object.fromEntries(
						Object.keys(appointment.meetingInfo).map((key) => [key, fetched.meetingInfo[key]]),
					),
					appointment.meetingInfo,
				);
				assert.equal(fetched.createdAt, appointment.createdAt);
				expected.push(appointment.meetingInfo.meetingLink);
			}
			return { execution, expected };
		},
	};

	/** The error n8n recorded for a failed execution, for the assertion message. */
	function errorOf(executionId) {
		const [row] = env.store.query(
			'SELECT data FROM execution_data WHERE executionId = ?',
			executionId,
		);
		const error = row ? env.store.flatted.parse(row.data).resultData?.error : undefined;
		return error ? `${error.node?.name ?? 'workflow'}: ${error.message}` : 'no error recorded';
	}

	/** Runs in each workflow it reaches, counted so that every workflow's executions settle. */
	const executionCounts = new Map();
	async function deliverMeetergo(workflow, event, appointmentId) {
		const results = await meetergoApi.state.deliver({ event, appointmentId });
		assert.ok(results.length > 0, `meetergo has no webhook for ${event}`);
		for (const result of results) {
			assert.equal(result.status, 200, JSON.stringify(result));
			const target = [...imported.values()].find((candidate) =>
				result.endpoint.startsWith(`${env.url(candidate)}?`),
			);
			assert.ok(target, `a delivery went to an unknown endpoint`);
			executionCounts.set(target.id, (executionCounts.get(target.id) ?? 0) + 1);
		}
		assert.ok(executionCounts.has(workflow.id), 'the delivery did not reach the example');
		for (const [id, count] of executionCounts) {
			const executions = await env.store.settledExecutions(id, count);
			assert.equal(executions.length, count);
		}
		const executions = env.store.executions(workflow.id);
		for (const execution of executions)
			assert.equal(execution.status, 'success', `${workflow.name}: ${errorOf(execution.id)}`);
		return executions.at(-1);
	}
});
