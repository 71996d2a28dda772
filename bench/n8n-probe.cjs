// Preloaded into the benchmark's n8n (NODE_OPTIONS=--require) to count, per delivery, what n8n
// itself does that costs: expression isolates it creates (IsolatedVmBridge.initialize) and
// JSON.parse / JSON.stringify calls on texts over 100 KB (the workflow's static data when it holds
// a full ledger). Inert until the process receives SIGUSR2, which the benchmark sends after its
// measured rounds; the counts are then written to $BENCH_PROBE_FILE.<pid> twice a second.
'use strict';
const fs = require('fs');
const Module = require('module');

const file = process.env.BENCH_PROBE_FILE;
const counts = { isolates: 0, bigParses: 0, bigStringifies: 0 };
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
		const initialize = loaded.IsolatedVmBridge.prototype.initialize;
		loaded.IsolatedVmBridge.prototype.initialize = function (...args) {
			if (enabled) counts.isolates += 1;
			return initialize.apply(this, args);
		};
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
