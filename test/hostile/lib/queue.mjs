// n8n in queue mode on loopback, as users run it when one process is not enough: PostgreSQL and
// Redis (Debian's packages, throw-away instances on free ports), an n8n main, `n8n webhook`
// processes and an `n8n worker`. Every process is started here and stopped here, by PID.
import { execFileSync, spawn } from 'node:child_process';
import {
	chmodSync,
	chownSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	assignmentsOf,
	freePort,
	installPackage,
	N8nInstance,
	requireFromN8n,
	tail,
	webhookUrlEnv,
} from '../../../scripts/lib/n8n.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Installs PostgreSQL and Redis if missing (scripts/install-system-packages.sh); their binaries. */
export function ensureQueueServices() {
	const output = execFileSync(
		'bash',
		[
			new URL('../../../scripts/install-system-packages.sh', import.meta.url).pathname,
			'postgresql',
			'redis-server',
		],
		{
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	);
	return assignmentsOf(output);
}

/** A child process we own: spawned with its output in `log`, stopped by PID. */
class Owned {
	constructor(name, command, args, { env, log }) {
		this.name = name;
		this.log = log;
		const fd = openSync(log, 'a');
		this.child = spawn(command, args, { env, stdio: ['ignore', fd, fd] });
		this.exited = new Promise((resolve) =>
			this.child.once('exit', (code, signal) => resolve({ code, signal })),
		);
		const child = this.child;
		this.killOnExit = () => child.kill('SIGKILL');
		process.once('exit', this.killOnExit);
	}

	get pid() {
		return this.child.pid;
	}

	get running() {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	async stop(signal = 'SIGTERM', graceMs = 20_000) {
		if (this.running) {
			this.child.kill(signal);
			const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
			await this.exited;
			clearTimeout(timer);
		}
		process.removeListener('exit', this.killOnExit);
	}

	async waitForLog(pattern, timeoutMs = 120_000) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (!this.running)
				throw new Error(`${this.name} exited; see ${this.log}:\n${tail(this.log)}`);
			if (pattern.test(readFileSync(this.log, 'utf8'))) return;
			await sleep(200);
		}
		throw new Error(
			`${this.name} not ready within ${timeoutMs} ms; see ${this.log}:\n${tail(this.log)}`,
		);
	}
}

/**
 * PostgreSQL from the Debian binaries, in a throw-away data directory. PostgreSQL refuses to run
 * as root: as root it runs as the `postgres` user (setpriv), otherwise as the current user.
 */
export async function startPostgres({ pgBin, dir }) {
	const data = join(dir, 'pgdata');
	const sockets = join(dir, 'pgsock');
	mkdirSync(data, { recursive: true });
	mkdirSync(sockets, { recursive: true });
	const log = join(dir, 'postgres.log');
	execFileSync('touch', [log]);
	const asRoot = process.getuid?.() === 0;
	if (asRoot) {
		const { uid, gid } = userIds('postgres');
		for (const path of [dir, data, sockets, log]) chownSync(path, uid, gid);
	}
	const run = (binary, args) =>
		asRoot
			? [
					'setpriv',
					['--reuid=postgres', '--regid=postgres', '--init-groups', join(pgBin, binary), ...args],
				]
			: [join(pgBin, binary), args];
	execFileSync(
		...run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']),
		{ stdio: ['ignore', 'ignore', 'pipe'] },
	);
	const port = await freePort();
	// A test database: no fsync (nothing here is about surviving a power cut).
	const [command, args] = run('postgres', [
		'-D',
		data,
		'-p',
		String(port),
		'-k',
		sockets,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'max_connections=300',
	]);
	const server = new Owned('postgres', command, args, {
		env: { PATH: process.env.PATH ?? '' },
		log,
	});
	await server.waitForLog(/database system is ready to accept connections/);
	return { server, port, stop: () => server.stop('SIGINT') };
}

export async function startRedis({ redisServer, dir }) {
	const port = await freePort();
	const server = new Owned(
		'redis',
		redisServer,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--protected-mode',
			'yes',
		],
		{ env: { PATH: process.env.PATH ?? '' }, log: join(dir, 'redis.log') },
	);
	await server.waitForLog(/Ready to accept connections/);
	return { server, port, stop: () => server.stop('SIGTERM') };
}

function userIds(name) {
	const line = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith(`${name}:`));
	if (!line) throw new Error(`no user ${name} (the postgresql package creates it)`);
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/** One n8n process (`start`, `webhook` or `worker`) of a queue-mode installation. */
export class N8nProcess extends N8nInstance {
	constructor({ command, ...options }) {
		super(options);
		this.command = command;
	}

	async start({ timeoutMs = 180_000 } = {}) {
		if (this.owned?.running) throw new Error(`n8n ${this.command} is already running`);
		this.owned = new Owned(
			`n8n ${this.command}`,
			this.install.node,
			[this.install.n8n, this.command],
			{ env: this.env(), log: this.logFile },
		);
		this.process = this.owned.child;
		if (this.command === 'worker') {
			await this.owned.waitForLog(/n8n worker is now ready|Worker ready|worker.*ready/i, timeoutMs);
			return;
		}
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (!this.owned.running)
				throw new Error(
					`n8n ${this.command} exited while starting; see ${this.logFile}:\n${tail(this.logFile)}`,
				);
			const response = await fetch(`${this.baseUrl}/healthz/readiness`).catch(() => undefined);
			if (response?.ok) return;
			await sleep(250);
		}
		throw new Error(
			`n8n ${this.command} not ready within ${timeoutMs} ms; see ${this.logFile}:\n${tail(this.logFile)}`,
		);
	}

	async stop() {
		this.process = undefined;
		await this.owned?.stop();
	}
}

/**
 * The whole installation. `webhooks` webhook processes; `workers` workers (each with `concurrency`
 * parallel jobs, n8n's default 10). Credentials and workflows are imported and published before
 * any process starts.
 */
export async function startQueueMode({
	install,
	tarball,
	credentials,
	workflows,
	webhooks = 2,
	workers = 1,
	concurrency = 10,
}) {
	const services = ensureQueueServices();
	const dir = mkdtempSync(join(tmpdir(), 'meeting-webhooks-queue-'));
	// PostgreSQL runs as its own user and must be able to reach its data directory inside.
	chmodSync(dir, 0o711);
	const started = [];
	const stopAll = async () => {
		for (const item of started.reverse()) await item.stop().catch(() => undefined);
	};
	try {
		const postgres = await startPostgres({ pgBin: services.PG_BIN, dir: join(dir, 'pg') });
		started.push(postgres);
		const redis = await startRedis({
			redisServer: services.REDIS_SERVER,
			dir: mkdirAndReturn(join(dir, 'redis')),
		});
		started.push(redis);
		const { Client } = requireFromN8n(install, 'pg');
		const admin = new Client({
			host: '127.0.0.1',
			port: postgres.port,
			user: 'postgres',
			database: 'postgres',
		});
		await admin.connect();
		await admin.query('CREATE DATABASE n8n');
		await admin.end();

		const encryptionKey = `queue-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
		const mainPort = await freePort();
		const shared = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: 'unused-trust-auth',
			// n8n's default pool of 2 connections answers 503 "Database is not ready" under this load.
			DB_POSTGRESDB_POOL_SIZE: '10',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			// Production webhooks go to the webhook processes, as in a scaled setup.
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			...webhookUrlEnv(install, `http://127.0.0.1:${mainPort}/`),
			N8N_LOG_LEVEL: 'info',
		};
		const processOf = async (command, name, port) => {
			const userFolder = mkdirAndReturn(join(dir, name));
			installPackage(userFolder, tarball, { node: install.node });
			return new N8nProcess({
				command,
				install,
				userFolder,
				port: port ?? (await freePort()),
				brokerPort: await freePort(),
				encryptionKey,
				extraEnv: {
					...shared,
					...(command === 'worker'
						? { N8N_CONCURRENCY_PRODUCTION_LIMIT: String(concurrency) }
						: {}),
				},
			});
		};
		const main = await processOf('start', 'main', mainPort);
		main.importCredentials(credentials);
		const database = new Client({
			host: '127.0.0.1',
			port: postgres.port,
			user: 'postgres',
			database: 'n8n',
		});
		main.publish = async (ids) => {
			for (const id of ids) {
				const result = await database.query(
					'UPDATE workflow_entity SET active = true, "activeVersionId" = "versionId" WHERE id = $1 AND "versionId" IN (SELECT "versionId" FROM workflow_history WHERE "workflowId" = $1)',
					[id],
				);
				if (result.rowCount !== 1) throw new Error(`workflow ${id} has no version to publish`);
			}
		};
		await database.connect();
		started.push({ stop: () => database.end() });
		// importWorkflows publishes synchronously in N8nInstance; here publishing is a query.
		const toPublish = workflows
			.filter((workflow) => workflow.publish !== false)
			.map((workflow) => workflow.id);
		main.importWorkflows(workflows.map((workflow) => ({ ...workflow, publish: false })));
		await main.publish(toPublish);

		await main.start();
		started.push(main);
		const workerProcesses = [];
		for (let index = 0; index < workers; index++) {
			const worker = await processOf('worker', `worker${index}`);
			await worker.start();
			started.push(worker);
			workerProcesses.push(worker);
		}
		const webhookProcesses = [];
		for (let index = 0; index < webhooks; index++) {
			const webhook = await processOf('webhook', `webhook${index}`);
			await webhook.start();
			started.push(webhook);
			webhookProcesses.push(webhook);
		}
		return {
			dir,
			postgres,
			redis,
			main,
			workers: workerProcesses,
			webhooks: webhookProcesses,
			database,
			async query(sql, params = []) {
				return (await database.query(sql, params)).rows;
			},
			async close({ keep = false } = {}) {
				await stopAll();
				if (!keep) rmSync(dir, { recursive: true, force: true });
			},
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}

function mkdirAndReturn(path) {
	mkdirSync(path, { recursive: true });
	return path;
}
