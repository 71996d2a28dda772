// npm start [-- --port N] [-- --reset]
// Builds the package, installs it into a demo n8n (n8n 2.41.1 on Node 24, SQLite, 127.0.0.1) the
// way a user's install does, with one active example workflow per trigger and demo credentials, and
// prints how to send a signed test delivery to each. The demo lives in the cache folder and is
// reused, so a second start only rebuilds and starts. Ctrl-C stops everything.
// meetergo's trigger registers itself with meetergo's API when activated: here it runs against the
// local stand-in of that API the tests use (test/fakes/meetergo-api.cjs), never the real one.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import {
	buildAndPack,
	ensureN8nInstalled,
	installPackage,
	N8nInstance,
	randomId,
} from './lib/n8n.mjs';
import { N8nRest } from './lib/rest.mjs';
import { credential, triggerWorkflow } from './lib/workflows.mjs';

const { values: args } = parseArgs({
	options: { port: { type: 'string' }, reset: { type: 'boolean', default: false } },
});
const cacheDir =
	process.env.MEETING_WEBHOOKS_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-meeting-webhooks');
const demoDir = join(cacheDir, 'demo');
const stateFile = join(demoDir, 'demo.json');
const fakeMeetergoApi = createRequire(import.meta.url)('../test/fakes/meetergo-api.cjs');

if (args.reset) rmSync(demoDir, { recursive: true, force: true });
const fresh = !existsSync(stateFile);
const state = fresh ? newDemoState() : JSON.parse(readFileSync(stateFile, 'utf8'));
if (args.port) state.port = Number(args.port);

const install = ensureN8nInstalled();
console.log('Building and packing the package…');
installPackage(state.userFolder, buildAndPack({ quiet: true }));

const meetergoApi = await fakeMeetergoApi.start({
	port: state.meetergoApiPort,
	token: state.meetergoToken,
});
const n8n = new N8nInstance({
	install,
	userFolder: state.userFolder,
	port: state.port,
	brokerPort: state.port + 1000,
	encryptionKey: state.encryptionKey,
});
if (fresh) {
	console.log('First start: importing demo credentials and workflows…');
	n8n.importCredentials(state.credentials);
	n8n.importWorkflows(state.workflows);
	writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
}

let stopping = false;
async function shutdown(code = 0) {
	if (stopping) return;
	stopping = true;
	console.log('\nStopping n8n…');
	await n8n.stop();
	await meetergoApi.close();
	process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
	console.log(`Starting n8n on ${n8n.baseUrl} (log: ${n8n.logFile})…`);
	await n8n.start();
	const [meetBit, meetGeek, meetergo] = state.workflows;
	await n8n.waitForWebhooks(state.workflows.map((workflow) => n8n.webhookUrl(workflow.webhookId)));
	await new N8nRest(n8n.baseUrl).signIn(state.owner);
	const meetergoEndpoint = await registeredEndpoint(meetergoApi);
	const send = (provider, url, secret) =>
		`npm run send -- ${provider} --url '${url}'${secret ? ` --secret '${secret}'` : ''}`;
	console.log(`
n8n is running with n8n-nodes-meeting-webhooks installed as a community package.

  Editor         ${n8n.baseUrl}   (sign in: ${state.owner.email} / ${state.owner.password})

  MeetBit Trigger   ${n8n.webhookUrl(meetBit.webhookId)}
                    signing secret: ${state.secrets.meetBit}
  MeetGeek Trigger  ${n8n.webhookUrl(meetGeek.webhookId)}
                    signing secret: ${state.secrets.meetGeek}
  meetergo Trigger  ${meetergoEndpoint ?? '(not registered: see the n8n log)'}
                    registered with the local stand-in of meetergo's API at ${meetergoApi.url}
                    (not the real meetergo); the URL carries the trigger's token

Send a signed test delivery (from this folder, in another terminal):
  ${send('meetbit', n8n.webhookUrl(meetBit.webhookId), state.secrets.meetBit)}
  ${send('meetgeek', n8n.webhookUrl(meetGeek.webhookId), state.secrets.meetGeek)}
  ${meetergoEndpoint ? send('meetergo', meetergoEndpoint) : '(meetergo: no registered URL)'}
Add --repeat 3 to see duplicates acknowledged without new executions, --tamper or --stale to see
rejections. Executions appear in the editor under each workflow's Executions tab.

Ctrl-C stops n8n. Demo data: ${demoDir} (npm start -- --reset starts over).`);
	await n8n.exited;
	if (!stopping) {
		console.error(`n8n exited unexpectedly; see ${n8n.logFile}`);
		await shutdown(1);
	}
} catch (error) {
	console.error(error.message);
	await shutdown(1);
}

async function registeredEndpoint(api) {
	for (let waited = 0; waited < 30_000; waited += 200) {
		const hook = api.state.webhooks[0];
		if (hook) return hook.endpoint;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return undefined;
}

function newDemoState() {
	const userFolder = join(demoDir, 'user');
	mkdirSync(userFolder, { recursive: true });
	const port = 5678;
	const secrets = {
		meetBit: `demo-${randomBytes(12).toString('hex')}`,
		meetGeek: `demo-${randomBytes(12).toString('hex')}`,
	};
	const meetergoToken = `rgo-${randomBytes(16).toString('hex')}`;
	const meetergoApiPort = 5690;
	const meetBitCredential = credential('meetBitWebhookApi', 'MeetBit (demo)', {
		secret: secrets.meetBit,
	});
	const meetGeekCredential = credential('meetGeekWebhookApi', 'MeetGeek webhook (demo)', {
		secret: secrets.meetGeek,
	});
	const meetergoCredential = credential('meetergoApi', 'meetergo (local stand-in API)', {
		credentialKind: 'personalAccessToken',
		token: meetergoToken,
		baseUrl: `http://127.0.0.1:${meetergoApiPort}`,
	});
	return {
		userFolder,
		port,
		meetergoApiPort,
		meetergoToken,
		encryptionKey: randomId(32),
		owner: { email: 'demo@example.com', password: `Demo-${randomBytes(6).toString('hex')}1` },
		secrets,
		credentials: [meetBitCredential, meetGeekCredential, meetergoCredential],
		workflows: [
			triggerWorkflow({
				name: 'Demo: MeetBit Trigger',
				nodeType: 'meetBitTrigger',
				nodeName: 'MeetBit Trigger',
				parameters: { events: ['*'], options: { includeHeaders: false } },
				credentials: { meetBitWebhookApi: meetBitCredential },
			}),
			triggerWorkflow({
				name: 'Demo: MeetGeek Trigger',
				nodeType: 'meetGeekTrigger',
				nodeName: 'MeetGeek Trigger',
				parameters: {
					authentication: 'signingSecret',
					events: ['analysis.succeeded', 'analysis.failed'],
					options: {},
				},
				credentials: { meetGeekWebhookApi: meetGeekCredential },
			}),
			triggerWorkflow({
				name: 'Demo: meetergo Trigger',
				nodeType: 'meetergoTrigger',
				nodeName: 'meetergo Trigger',
				parameters: {
					events: ['booking_created', 'booking_cancelled', 'booking_rescheduled'],
					options: {},
				},
				credentials: { meetergoApi: meetergoCredential },
			}),
		],
	};
}
