// Run by scripts/install-n8n.sh with Node 24, in an n8n install folder: loads every copy of n8n's
// native modules (sqlite3, isolated-vm) and uses each once. Exits non-zero with the reason when
// one is missing or was not built for this Node (a rebuild that ran without scripts builds nothing).
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { resolve } = require('node:path');

const copies = execFileSync(
	'find',
	[
		'node_modules',
		'-type',
		'd',
		'(',
		'-name',
		'sqlite3',
		'-o',
		'-name',
		'isolated-vm',
		')',
		'-path',
		'*node_modules/*',
		'-prune',
	],
	{ encoding: 'utf8' },
)
	.split('\n')
	.filter((dir) => dir && existsSync(`${dir}/package.json`));

const useOnce = {
	sqlite3(sqlite3) {
		new sqlite3.Database(':memory:').close();
	},
	'isolated-vm'(ivm) {
		const isolate = new ivm.Isolate({ memoryLimit: 8 });
		const answer = isolate.compileScriptSync('6 * 7').runSync(isolate.createContextSync());
		isolate.dispose();
		if (answer !== 42) throw new Error(`isolated-vm computed ${answer}`);
	},
};

let failed = false;
for (const name of Object.keys(useOnce)) {
	const dirs = copies.filter((dir) => dir.endsWith(`/${name}`));
	if (dirs.length === 0) {
		console.error(`${name}: not installed`);
		failed = true;
	}
	for (const dir of dirs) {
		try {
			useOnce[name](require(resolve(dir)));
		} catch (error) {
			console.error(`${dir}: ${String(error.message).split('\n')[0]}`);
			failed = true;
		}
	}
}
process.exit(failed ? 1 : 0);
