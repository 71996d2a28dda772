'use strict';
// npm, run from the repo for test/package/release.test.ts, and a stand-in npm registry on loopback
// for it to talk to. Plain CommonJS on purpose: the package's .ts files may not import
// node:child_process, node:fs or node:http, nor use process or __dirname (n8n's lint rules).
//
// Every npm runs with an environment built here, not the test's: no npm_config_* settings handed
// down by `npm run`, no CI variables (npm asks GitHub Actions for an OIDC token when it sees
// GITHUB_ACTIONS), a throw-away HOME and user config (never the machine's ~/.npmrc), and no update
// check. The project's own .npmrc still applies, as it does for anyone publishing from the repo.
//
// The registry answers 404 to every GET (an unknown package, as this one is before its first
// release) and 403 to anything else (a 4xx, which npm does not retry), and records each request;
// nothing sent to it goes anywhere.

const { spawn } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const http = require('node:http');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const repoRoot = join(__dirname, '..', '..');

/** A file of the repo as text, or null when it does not exist. */
function readRepoFile(relativePath) {
	const path = join(repoRoot, relativePath);
	return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/** Starts the stand-in registry on a free loopback port. */
function startRegistry() {
	const requests = [];
	const server = http.createServer((req, res) => {
		let bytes = 0;
		req.on('data', (chunk) => (bytes += chunk.length));
		req.on('end', () => {
			requests.push({ method: req.method, url: req.url, bytes });
			res.statusCode = req.method === 'GET' ? 404 : 403;
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ error: req.method === 'GET' ? 'not found' : 'not accepted here' }));
		});
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			resolve({
				url: `http://127.0.0.1:${port}/`,
				requests,
				close: () => new Promise((done) => server.close(() => done())),
			});
		});
	});
}

/**
 * Runs `npm <args>` in the repo; resolves with its exit code and its stdout and stderr together.
 * `options.env`: variables added to the clean environment. `options.placeholderAuthFor`: a
 * registry URL for which the user config gets a made-up credential, so that npm gets past its
 * "are you logged in" check and shows what it does next (only ever the stand-in registry's URL).
 */
function runNpm(args, options = {}) {
	const home = mkdtempSync(join(tmpdir(), 'meeting-webhooks-npm-'));
	const userconfig = join(home, '.npmrc');
	const authLine = options.placeholderAuthFor
		? `${options.placeholderAuthFor.replace(/^https?:/, '')}:_authToken=placeholder-not-a-credential\n`
		: '';
	writeFileSync(userconfig, authLine);
	const env = {
		PATH: process.env.PATH,
		HOME: home,
		npm_config_userconfig: userconfig,
		npm_config_cache: join(home, '.npm'),
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		...options.env,
	};
	return new Promise((resolve, reject) => {
		const child = spawn('npm', args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 45_000);
		child.once('error', (error) => {
			clearTimeout(timer);
			rmSync(home, { recursive: true, force: true });
			reject(error);
		});
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			rmSync(home, { recursive: true, force: true });
			resolve({ code, signal, output });
		});
	});
}

module.exports = { readRepoFile, startRegistry, runNpm };
