// The installer as `npm start` and `npm test` run it: under `npm run`, so with the project's .npmrc
// (ignore-scripts=true) handed down as npm_config_* variables. A rebuild that inherits that setting
// builds nothing and still reports success; these tests load n8n's native modules themselves
// rather than trust the installer's word. In CI the cache folder starts empty, so the first test is
// the fresh-machine install. Runs on the machine's Node (20); n8n runs on the Node 24 it installs.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const N8N_VERSION = '2.41.1';

/** `npm run install:n8n` from the repo, as a child of npm; its stdout values and stderr. */
function runInstaller() {
	const result = spawnSync('npm', ['run', '--silent', 'install:n8n'], {
		cwd: repoRoot,
		encoding: 'utf8',
		timeout: 1_800_000,
	});
	assert.equal(result.status, 0, `installer failed:\n${result.stderr}`);
	const values = Object.fromEntries(
		result.stdout
			.trim()
			.split('\n')
			.map((line) => line.split('='))
			.filter((pair) => pair.length === 2),
	);
	return { node: values.NODE24_BIN, n8n: values.N8N_BIN, stderr: result.stderr };
}

/** Under Node 24, from n8n's own folder: loads sqlite3 and isolated-vm where n8n resolves them. */
function loadNativeModules({ node, n8n }) {
	const script = `
		const { createRequire } = require('node:module');
		const fromN8n = createRequire(${JSON.stringify(n8n)});
		const fromWorkflow = createRequire(fromN8n.resolve('n8n-workflow'));
		const sqlite3 = createRequire(fromN8n.resolve('@n8n/typeorm'))('sqlite3');
		new sqlite3.Database(':memory:').close();
		const ivm = fromWorkflow('isolated-vm');
		const isolate = new ivm.Isolate({ memoryLimit: 8 });
		process.stdout.write(String(isolate.compileScriptSync('6 * 7').runSync(isolate.createContextSync())));
	`;
	return execFileSync(node, ['-e', script], { encoding: 'utf8' });
}

/** An n8n command that opens its SQLite database: it fails at once if sqlite3 was not built. */
function n8nUsesItsDatabase({ node, n8n }) {
	const userFolder = mkdtempSync(join(tmpdir(), 'meeting-webhooks-install-'));
	try {
		return spawnSync(
			node,
			[n8n, 'export:workflow', '--all', `--output=${join(userFolder, 'out.json')}`],
			{
				env: {
					PATH: process.env.PATH,
					HOME: userFolder,
					N8N_USER_FOLDER: userFolder,
					DB_TYPE: 'sqlite',
					N8N_DIAGNOSTICS_ENABLED: 'false',
				},
				encoding: 'utf8',
				timeout: 180_000,
			},
		);
	} finally {
		rmSync(userFolder, { recursive: true, force: true });
	}
}

function findFile(dir, name) {
	for (const entry of readdirSync(dir)) {
		const path = join(dir, entry);
		if (entry === name) return path;
		if (statSync(path).isDirectory()) {
			const found = findFile(path, name);
			if (found) return found;
		}
	}
	return undefined;
}

describe('installing Node 24 and n8n under npm run', { timeout: 2_400_000 }, () => {
	it('leaves an n8n whose native modules load under Node 24', () => {
		const install = runInstaller();
		assert.match(execFileSync(install.node, ['--version'], { encoding: 'utf8' }), /^v24\./);
		assert.equal(loadNativeModules(install), '42');
		const exported = n8nUsesItsDatabase(install);
		assert.doesNotMatch(
			`${exported.stdout}${exported.stderr}`,
			/SQLite package has not been found/,
		);
		assert.equal(
			execFileSync(install.node, [install.n8n, '--version'], { encoding: 'utf8' })
				.trim()
				.split('\n')
				.pop(),
			N8N_VERSION,
		);
	});

	it('repairs a cache whose sqlite3 binding is missing instead of trusting it', () => {
		const { n8n } = runInstaller();
		const n8nDir = dirname(dirname(dirname(dirname(n8n))));
		const sqlite3Dir = join(n8nDir, 'node_modules', 'sqlite3');
		const binding = findFile(join(sqlite3Dir, 'build'), 'node_sqlite3.node');
		assert.ok(binding && existsSync(binding), 'sqlite3 was built into build/');
		rmSync(join(sqlite3Dir, 'build'), { recursive: true, force: true });

		const repaired = runInstaller();
		assert.match(repaired.stderr, /repairing the cached n8n/);
		assert.equal(loadNativeModules(repaired), '42');
		const exported = n8nUsesItsDatabase(repaired);
		assert.doesNotMatch(
			`${exported.stdout}${exported.stderr}`,
			/SQLite package has not been found/,
		);
	});
});
