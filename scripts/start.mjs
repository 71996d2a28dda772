// npm start [-- --port N] [-- --reset]
// Builds the package, installs it into a demo n8n (n8n 2.41.1 on Node 24, SQLite, 127.0.0.1) the
// way a user's install does, with one active example workflow per trigger and demo credentials, and
// prints how to send a signed test delivery to each. The demo lives in the cache folder and is
// reused, so a second start only rebuilds and starts. Ctrl-C stops everything.
// meetergo's trigger registers itself with meetergo's API when activated: here it runs against the
// local stand-in of that API the tests use (test/fakes/meetergo-api.cjs), never the real one.
import { randomBytes } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import {
	buildAndPack,
	ensureN8nInstalled,
	isPortFree,
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
const pidFile = join(demoDir, 'n8n.pid');
// meetergo keeps webhook registrations; its stand-in here keeps them in this file between starts.
const meetergoWebhooksFile = join(demoDir, 'meetergo-webhooks.json');
const resetHint = 'npm start -- --reset starts the demo over (new secrets and webhook URLs)';
const fakeMeetergoApi = createRequire(import.meta.url)('../test/fakes/meetergo-api.cjs');

if (args.reset) rmSync(demoDir, { recursive: true, force: true });
stopLeftoverN8n();
const install = ensureN8nInstalled();
console.log('Building and packing the package…');
const tarball = buildAndPack({ quiet: true });
if (!existsSync(stateFile)) createDemo(tarball);
const state = readState();
const userFolder = join(demoDir, 'user');
if (args.port) state.port = Number(args.port);
installPackage(userFolder, tarball, { node: install.node, way: 'community-ui' });

const meetergoApi = await fakeMeetergoApi
	.start({
		port: state.meetergoApiPort,
		token: state.meetergoToken,
		webhooks: existsSync(meetergoWebhooksFile)
			? JSON.parse(readFileSync(meetergoWebhooksFile, 'utf8'))
			: [],
	})
	.catch((error) => {
		console.error(
			`The local stand-in of meetergo's API cannot listen on 127.0.0.1:${state.meetergoApiPort} (${error.code ?? error.message}).`,
		);
		process.exit(1);
	});
if (!(await isPortFree(state.port))) {
	console.error(
		`Port ${state.port} is in use on 127.0.0.1: stop what holds it, or choose another with npm start -- --port N.`,
	);
	await meetergoApi.close();
	process.exit(1);
}
const n8n = new N8nInstance({
	install,
	userFolder,
	port: state.port,
	brokerPort: state.port + 1000,
	encryptionKey: state.encryptionKey,
});

let stopping = false;
async function shutdown(code = 0) {
	if (stopping) return;
	stopping = true;
	console.log('\nStopping n8n…');
	await n8n.stop();
	rmSync(pidFile, { force: true });
	saveMeetergoWebhooks();
	await meetergoApi.close();
	process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
	console.log(`Starting n8n on ${n8n.baseUrl} (log: ${n8n.logFile})…`);
	await n8n.start();
	writeFileSync(pidFile, String(n8n.process.pid));
	const [meetBit, meetGeek, meetergo] = state.workflows;
	await n8n.waitForWebhooks(state.workflows.map((workflow) => n8n.webhookUrl(workflow.webhookId)));
	await new N8nRest(n8n.baseUrl).signIn(state.owner);
	const meetergoEndpoint = await registeredEndpoint(meetergoApi);
	saveMeetergoWebhooks();
	const send = (provider, url, secret) =>
		`npm run send -- ${provider} --url '${url}'${secret ? ` --secret '${secret}'` : ''}`;
	console.log(`
n8n is running with n8n-nodes-meeting-webhooks installed as a community package.

  Editor         ${n8n.baseUrl}   (sign in: ${state.owner.email} / ${state.owner.password})

  MeetBit Trigger   ${n8n.webhookUrl(meetBit.webhookId)}
                    signing secret: ${state.secrets.meetBit}
  MeetGeek Trigger  ${n8n.webhookUrl(meetGeek.webhookId)}
                    signing secret: ${state.secrets.meetGeek}
  meetergo Trigger  ${meetergoEndpoint ?? `(not registered: see ${n8n.logFile}; deactivating and activating the workflow in the editor registers it again, ${resetHint})`}
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
		console.error(
			`n8n exited unexpectedly; see ${n8n.logFile}. If it keeps failing, ${resetHint}.`,
		);
		await shutdown(1);
	}
} catch (error) {
	console.error(error.message);
	console.error(`\nIf the demo itself is broken, ${resetHint}.`);
	await shutdown(1);
}

function saveMeetergoWebhooks() {
	writeFileSync(meetergoWebhooksFile, JSON.stringify(meetergoApi.state.webhooks, null, 2));
}

async function registeredEndpoint(api) {
	for (let waited = 0; waited < 30_000; waited += 200) {
		const hook = api.state.webhooks[0];
		if (hook) return hook.endpoint;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return undefined;
}

/**
 * A first start builds the demo in a folder of its own and renames it into place only once the
 * credentials and workflows are imported, so an interrupted or failed first start leaves nothing
 * that the next one would trip over (a user folder whose encryption key no state file knows).
 */
function createDemo(tarball) {
	for (const entry of existsSync(cacheDir) ? readdirSync(cacheDir) : []) {
		if (entry.startsWith('demo.partial-'))
			rmSync(join(cacheDir, entry), { recursive: true, force: true });
	}
	if (existsSync(demoDir)) {
		console.log(
			`Removing ${demoDir}: it has no ${stateFile}, so an earlier first start did not finish.`,
		);
		rmSync(demoDir, { recursive: true, force: true });
	}
	console.log('First start: creating the demo (credentials and one workflow per trigger)…');
	const partial = join(cacheDir, `demo.partial-${process.pid}`);
	const state = newDemoState();
	const partialUserFolder = join(partial, 'user');
	mkdirSync(partialUserFolder, { recursive: true });
	installPackage(partialUserFolder, tarball, { node: install.node, way: 'community-ui' });
	const cli = new N8nInstance({
		install,
		userFolder: partialUserFolder,
		port: state.port,
		brokerPort: state.port + 1000,
		encryptionKey: state.encryptionKey,
	});
	cli.importCredentials(state.credentials);
	cli.importWorkflows(state.workflows);
	writeFileSync(join(partial, 'demo.json'), JSON.stringify(state, null, 2), { mode: 0o600 });
	renameSync(partial, demoDir);
}

function readState() {
	try {
		return JSON.parse(readFileSync(stateFile, 'utf8'));
	} catch (error) {
		console.error(
			`The demo's state in ${stateFile} cannot be read (${error.message}). ${resetHint}.`,
		);
		process.exit(1);
	}
}

/** An n8n that an earlier `npm start` started and could not stop (it was killed): stopped by its PID. */
function stopLeftoverN8n() {
	const pid = Number(existsSync(pidFile) ? readFileSync(pidFile, 'utf8') : NaN);
	rmSync(pidFile, { force: true });
	if (!Number.isInteger(pid) || pid <= 0) return;
	let commandLine = '';
	try {
		commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
	} catch {
		return; // not running
	}
	if (
		!commandLine.includes('n8n') ||
		!readFileSync(`/proc/${pid}/environ`, 'utf8').includes(demoDir)
	)
		return;
	console.log(`Stopping the demo n8n left running by an earlier npm start (PID ${pid})…`);
	process.kill(pid, 'SIGTERM');
	const pause = new Int32Array(new SharedArrayBuffer(4));
	for (let waited = 0; existsSync(`/proc/${pid}`) && waited < 20_000; waited += 100)
		Atomics.wait(pause, 0, 0, 100);
	if (existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
}

function newDemoState() {
	const port = 5678;
	const secrets = {
		meetBit: `demo-${randomBytes(12).toString('hex')}`,
		meetGeek: `demo-${randomBytes(12).toString('hex')}`,
	};
	const meetergoToken = `rgo-${randomBytes(16).toString('hex')}`;
	const meetergoApiPort = 5690;
	const meetBitCredential = credential('meetingWebhooksMeetBitWebhookApi', 'MeetBit (demo)', {
		secret: secrets.meetBit,
	});
	const meetGeekCredential = credential(
		'meetingWebhooksMeetGeekWebhookApi',
		'MeetGeek webhook (demo)',
		{
			secret: secrets.meetGeek,
		},
	);
	const meetergoCredential = credential(
		'meetingWebhooksMeetergoApi',
		'meetergo (local stand-in API)',
		{
			credentialKind: 'personalAccessToken',
			token: meetergoToken,
			baseUrl: `http://127.0.0.1:${meetergoApiPort}`,
		},
	);
	return {
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
				credentials: { meetingWebhooksMeetBitWebhookApi: meetBitCredential },
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
				credentials: { meetingWebhooksMeetGeekWebhookApi: meetGeekCredential },
			}),
			triggerWorkflow({
				name: 'Demo: meetergo Trigger',
				nodeType: 'meetergoTrigger',
				nodeName: 'meetergo Trigger',
				parameters: {
					events: ['booking_created', 'booking_cancelled', 'booking_rescheduled'],
					options: {},
				},
				credentials: { meetingWebhooksMeetergoApi: meetergoCredential },
			}),
		],
	};
}
