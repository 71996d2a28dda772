// Preloaded into the benchmark's n8n (NODE_OPTIONS=--require) to count, per delivery, what n8n
// itself does that costs: expression isolates it creates and
// JSON.parse / JSON.stringify calls on texts over 100 KB (the workflow's static data when it holds
// a full ledger). Inert until the process receives SIGUSR2, which the benchmark sends after its
// measured rounds; the counts are then written to $BENCH_PROBE_FILE.<pid> twice a second.
//
// An isolate is counted when a bridge is initialised, by either of n8n's two paths
// (@n8n/expression-runtime 2.41.x, evaluator/expression-evaluator.js and bridge/isolated-vm-bridge.js):
// `initialize()` (async: the pool's warm-up and replenishment, and eager acquisition's cold start)
// and `initializeSync()` (the cold start inside a synchronous evaluate() when the pool is empty,
// which is how N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE builds an isolate it needs at once). Counting
// `initialize()` alone missed the second: it reported 0.5 per delivery where one isolate was built.
'use strict';
const fs = require('fs');
const Module = require('module');

const file = process.env.BENCH_PROBE_FILE;
const counts = { isolates: 0, isolatesAsync: 0, isolatesSync: 0, bigParses: 0, bigStringifies: 0 };
let enabled = false;

const load = Module._load;
Module._load = function (request, ...rest) {
	const loaded = load.call(this, request, ...rest);
	if (
		request === '@n8n/expression-runtime' &&
		loaded &&
		loaded.IsolatedVmBridge &&
		!loaded.IsolatedVmBridge.__benchProbe
	) {
		const prototype = loaded.IsolatedVmBridge.prototype;
		for (const [method, counter] of [
			['initialize', 'isolatesAsync'],
			['initializeSync', 'isolatesSync'],
		]) {
			const original = prototype[method];
			if (typeof original !== 'function') continue;
			prototype[method] = function (...args) {
				// An initialised bridge returns at once from either method: not a new isolate.
				if (enabled && !this.initialized) {
					counts.isolates += 1;
					counts[counter] += 1;
				}
				return original.apply(this, args);
			};
		}
		loaded.IsolatedVmBridge.__benchProbe = true;
	}
	return loaded;
};

const BIG = 100 * 1024;
const parse = JSON.parse;
const stringify = JSON.stringify;
process.on('SIGUSR2', () => {
	if (enabled || !file) return;
	enabled = true;
	JSON.parse = function (text, reviver) {
		if (typeof text === 'string' && text.length > BIG) counts.bigParses += 1;
		return parse.call(JSON, text, reviver);
	};
	JSON.stringify = function (value, replacer, space) {
		const text = stringify.call(JSON, value, replacer, space);
		if (typeof text === 'string' && text.length > BIG) counts.bigStringifies += 1;
		return text;
	};
	const write = () => fs.writeFileSync(`${file}.${process.pid}`, stringify.call(JSON, counts));
	write();
	setInterval(write, 500).unref();
});
