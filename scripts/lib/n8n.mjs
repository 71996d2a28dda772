// Runs a real n8n (the version we test against) with this package installed the way a user's
// install leaves it: unpacked from `npm pack` into <user folder>/.n8n/nodes/node_modules.
// Used by `npm start`, the end-to-end suite and the benchmarks. Node 24 + n8n come from
// scripts/install-n8n.sh (cached outside the repo).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const packageName = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).name;

/**
 * Installs (or finds and checks in the cache) Node 24 and n8n; returns their paths. The shell entry
 * points (npm start, the e2e suite, the benchmarks) run the installer before Node 24 exists and
 * export its answer as NODE24_BIN / N8N_BIN: then it is not run and checked a second time.
 */
export function ensureN8nInstalled({ quiet = false } = {}) {
	let values = process.env;
	if (!values.NODE24_BIN || !values.N8N_BIN) {
		const output = execFileSync('bash', [join(repoRoot, 'scripts', 'install-n8n.sh')], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'],
		});
		values = assignmentsOf(output);
	}
	const n8nDir = dirname(dirname(dirname(dirname(values.N8N_BIN))));
	const version = JSON.parse(
		readFileSync(join(n8nDir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	).version;
	return { node: values.NODE24_BIN, n8n: values.N8N_BIN, n8nDir, version };
}

/** The `NAME=value` lines the install scripts print on stdout, as an object. */
export function assignmentsOf(output) {
	return Object.fromEntries(
		output
			.trim()
			.split('\n')
			.map((line) => line.split('='))
			.filter((pair) => pair.length === 2),
	);
}

/** The n8n major version an install runs (1 or 2): where the two differ, the harness follows it. */
export const n8nMajor = (install) => Number(install.version.split('.')[0]);

/** The env variable that sets n8n's public webhook base URL: N8N_WEBHOOK_URL since n8n 2.35. */
export function webhookUrlEnv(install, url) {
	return n8nMajor(install) >= 2 ? { N8N_WEBHOOK_URL: url } : { WEBHOOK_URL: url };
}

/** Builds the package and packs it as npm would publish it; returns the tarball path. */
export function buildAndPack({ quiet = false } = {}) {
	const stdio = ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'];
	execFileSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio });
	const outDir = mkdtempSync(join(tmpdir(), 'meeting-webhooks-pack-'));
	const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', outDir], {
		cwd: repoRoot,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	return join(outDir, name);
}

/**
 * The ways users install the package into n8n's user folder (`<userFolder>/.n8n/nodes`), each done
 * here exactly as the user's tool does it, on Node 24 (`node` is the Node 24 binary):
 * - 'npm': the README's command for self-hosters, `npm install --omit=peer <package>`;
 * - 'npm-with-peers': a plain `npm install <package>`, which also installs the `n8n-workflow` peer
 *   (about 133 packages, 144 MB: a second copy beside n8n's own);
 * - 'community-ui': what Settings → Community Nodes does in n8n 2.41.1
 *   (CommunityPackagesService.downloadPackage): unpack the tarball into node_modules/<name>, drop
 *   its dev, peer and optional dependencies, `npm install` inside it with scripts off, and list it
 *   in nodes/package.json.
 * Returns the installed package's folder.
 */
export function installPackage(userFolder, tarball, { node, way = 'npm' }) {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const target = join(nodesDir, 'node_modules', packageName);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(nodesDir, { recursive: true });
	const npm = (args, cwd) =>
		execFileSync('npm', args, {
			cwd,
			env: userShellEnv(node),
			stdio: ['ignore', 'ignore', 'pipe'],
		});
	if (way === 'npm' || way === 'npm-with-peers') {
		if (!existsSync(join(nodesDir, 'package.json')))
			writeFileSync(join(nodesDir, 'package.json'), '{}\n');
		npm(['install', ...(way === 'npm' ? ['--omit=peer'] : []), tarball], nodesDir);
		return target;
	}
	if (way !== 'community-ui') throw new Error(`unknown install way ${way}`);
	mkdirSync(target, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	const manifestFile = join(target, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		readFileSync(manifestFile, 'utf8'),
	);
	writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
	npm(
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		target,
	);
	const listFile = join(nodesDir, 'package.json');
	const list = existsSync(listFile)
		? JSON.parse(readFileSync(listFile, 'utf8'))
		: { name: 'installed-nodes', private: true };
	list.dependencies = { ...list.dependencies, [packageName]: manifest.version };
	writeFileSync(listFile, JSON.stringify(list, null, 2));
	return target;
}

/**
 * The environment of a user's shell with Node 24 first on PATH: without the npm_config_* settings
 * that `npm test` / `npm start` hand down (this project's .npmrc among them).
 */
export function userShellEnv(node) {
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !/^npm_(config|package|lifecycle)_/i.test(name)),
	);
	return { ...env, PATH: `${dirname(node)}:${process.env.PATH ?? ''}` };
}

export async function freePort() {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Whether nothing listens on 127.0.0.1:port. */
export async function isPortFree(port) {
	return await new Promise((resolve) => {
		const server = createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

export function randomId(length = 16) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

export class N8nInstance {
	constructor({ install, userFolder, port, brokerPort, encryptionKey, extraEnv = {}, log }) {
		this.install = install;
		this.userFolder = userFolder;
		this.port = port;
		this.brokerPort = brokerPort;
		this.encryptionKey = encryptionKey;
		this.extraEnv = extraEnv;
		this.logFile = log ?? join(userFolder, 'n8n.log');
		this.process = undefined;
	}

	get baseUrl() {
		return `http://127.0.0.1:${this.port}`;
	}

	webhookUrl(webhookId) {
		return `${this.baseUrl}/webhook/${webhookId}/webhook`;
	}

	env() {
		return {
			PATH: `${dirname(this.install.node)}:${process.env.PATH ?? ''}`,
			HOME: process.env.HOME ?? this.userFolder,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			DB_TYPE: 'sqlite',
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			...webhookUrlEnv(this.install, `${this.baseUrl}/`),
			N8N_EDITOR_BASE_URL: `${this.baseUrl}/`,
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: 'warn',
			N8N_DB_SQLITE_VACUUM_ON_STARTUP: 'false',
			DB_SQLITE_POOL_SIZE: '2',
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
			...this.extraEnv,
		};
	}

	/** Runs an n8n CLI command (import, publish, …) against this instance's data; n8n must be stopped. */
	cli(args) {
		return execFileSync(this.install.node, [this.install.n8n, ...args], {
			env: this.env(),
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		});
	}

	importCredentials(credentials) {
		const file = join(this.userFolder, `credentials-${randomId(6)}.json`);
		writeFileSync(file, JSON.stringify(credentials));
		try {
			this.cli(['import:credentials', `--input=${file}`]);
		} finally {
			rmSync(file, { force: true });
		}
	}

	importWorkflows(workflows) {
		const file = join(this.userFolder, `workflows-${randomId(6)}.json`);
		const importable = workflows.map(({ id, name, nodes, connections, settings }) => ({
			id,
			name,
			active: false,
			nodes,
			connections,
			settings,
		}));
		writeFileSync(file, JSON.stringify(importable));
		try {
			this.cli(['import:workflow', `--input=${file}`]);
		} finally {
			rmSync(file, { force: true });
		}
		const toPublish = workflows
			.filter((workflow) => workflow.publish !== false)
			.map((workflow) => workflow.id);
		if (toPublish.length > 0) this.publish(toPublish);
	}

	/**
	 * Publishes workflows (n8n must be stopped; takes effect at start). Does in one statement what
	 * `n8n publish:workflow --id=…` does per workflow (WorkflowRepository.publishVersion: set
	 * active and activeVersionId to the current version), which saves an n8n boot per workflow.
	 * n8n 1.x has no published versions: there a workflow is active when its `active` flag is set.
	 */
	publish(workflowIds) {
		const db = new DatabaseSync(this.databaseFile);
		try {
			const columns = db.prepare('PRAGMA table_info(workflow_entity)').all();
			const versioned = columns.some((column) => column.name === 'activeVersionId');
			const statement = db.prepare(
				versioned
					? 'UPDATE workflow_entity SET active = 1, activeVersionId = versionId WHERE id = ? AND versionId IN (SELECT versionId FROM workflow_history WHERE workflowId = ?)'
					: 'UPDATE workflow_entity SET active = 1 WHERE id = ?',
			);
			for (const id of workflowIds) {
				const changes = versioned ? statement.run(id, id).changes : statement.run(id).changes;
				if (changes !== 1) throw new Error(`workflow ${id} has no version to publish`);
			}
		} finally {
			db.close();
		}
	}

	/**
	 * Starts n8n and resolves once it answers /healthz/readiness (and, on n8n 1.x, whose readiness
	 * turns green before the REST routes exist, /rest/settings).
	 */
	async start({ timeoutMs = 120_000 } = {}) {
		if (this.process) throw new Error('n8n is already running');
		const { openSync } = await import('node:fs');
		const logFd = openSync(this.logFile, 'a');
		this.process = spawn(this.install.node, [this.install.n8n, 'start'], {
			env: this.env(),
			stdio: ['ignore', logFd, logFd],
		});
		const child = this.process;
		// Never leave n8n behind, even if whoever started it crashes.
		const killOnExit = () => child.kill('SIGKILL');
		process.once('exit', killOnExit);
		this.exited = new Promise((resolve) =>
			child.once('exit', (code, signal) => {
				process.removeListener('exit', killOnExit);
				resolve({ code, signal });
			}),
		);
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.process.exitCode !== null || this.process.signalCode !== null) {
				throw new Error(`n8n exited while starting; see ${this.logFile}:\n${tail(this.logFile)}`);
			}
			try {
				const response = await fetch(`${this.baseUrl}/healthz/readiness`);
				if (response.ok && (n8nMajor(this.install) >= 2 || (await this.restAnswers()))) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		await this.stop();
		throw new Error(
			`n8n did not become ready within ${timeoutMs} ms; see ${this.logFile}:\n${tail(this.logFile)}`,
		);
	}

	async restAnswers() {
		const response = await fetch(`${this.baseUrl}/rest/settings`).catch(() => undefined);
		return response?.ok === true;
	}

	/**
	 * Resolves once each production webhook URL is registered: n8n answers readiness before it
	 * has activated every workflow. Probes with an empty GET, which a POST-only webhook answers with
	 * a method error rather than 404 once its path is known, and which starts no execution.
	 */
	async waitForWebhooks(urls, { timeoutMs = 60_000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (const url of urls) {
			for (;;) {
				const response = await fetch(url, { method: 'GET' }).catch(() => undefined);
				const text = response ? await response.text() : '';
				if (response && !(response.status === 404 && text.includes('The requested webhook'))) break;
				if (Date.now() > deadline)
					throw new Error(
						`webhook ${url} was not registered within ${timeoutMs} ms; see ${this.logFile}`,
					);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		}
	}

	/** Stops n8n by PID (SIGTERM, then SIGKILL after a grace period). */
	async stop({ graceMs = 20_000 } = {}) {
		const child = this.process;
		if (!child) return;
		this.process = undefined;
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
			await this.exited;
			clearTimeout(timer);
		}
	}

	/** Kills n8n at once, as a crash would. */
	async kill() {
		const child = this.process;
		if (!child) return;
		this.process = undefined;
		child.kill('SIGKILL');
		await this.exited;
	}

	get databaseFile() {
		return join(this.userFolder, '.n8n', 'database.sqlite');
	}
}

export function tail(file, lines = 40) {
	if (!existsSync(file)) return '(no log)';
	return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Loads a module from n8n's own install (e.g. flatted), for reading what n8n stored. */
export function requireFromN8n(install, name) {
	return createRequire(join(install.n8nDir, 'node_modules', 'n8n', 'package.json'))(name);
}
