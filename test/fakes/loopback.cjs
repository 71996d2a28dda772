// What every loopback fake of a provider's API shares: listening on 127.0.0.1 only, a close()
// that also ends kept-alive connections (n8n keeps them open), and the command line that runs a
// fake on its own (`node test/fakes/<provider>-api.cjs --port 0 …`: prints one JSON line).
'use strict';

const http = require('node:http');

/** Serves `handle` on 127.0.0.1:`port` (0: any free port); resolves once listening. */
function listenLoopback(handle, port = 0) {
	const server = http.createServer(handle);
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			const bound = server.address().port;
			resolve({
				port: bound,
				url: `http://127.0.0.1:${bound}`,
				close: () =>
					new Promise((done) => {
						server.closeAllConnections?.();
						server.close(() => done());
					}),
			});
		});
	});
}

/**
 * Runs a fake from the command line: `start(option)` with `option(name)` reading `--name value`,
 * prints `describe(api)` as one JSON line, stops on SIGTERM or SIGINT.
 */
function runFromCommandLine(label, start, describe) {
	const args = process.argv.slice(2);
	const option = (name) => {
		const index = args.indexOf(`--${name}`);
		return index === -1 ? undefined : args[index + 1];
	};
	start(option).then(
		(api) => {
			process.stdout.write(`${JSON.stringify(describe(api))}\n`);
			const stop = () => api.close().then(() => process.exit(0));
			process.once('SIGTERM', stop);
			process.once('SIGINT', stop);
		},
		(error) => {
			process.stderr.write(`${label} could not start: ${error.message}\n`);
			process.exit(1);
		},
	);
}

module.exports = { listenLoopback, runFromCommandLine };
