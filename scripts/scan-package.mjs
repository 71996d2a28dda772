#!/usr/bin/env node
// Runs the rules of @n8n/scan-community-package (the gate for verified community nodes) on
// what we would publish: the `npm pack` tarball, and the source files the scanner reads from the
// attested repository. The scanner itself only fetches published packages from the registry.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = new URL('..', import.meta.url).pathname;
const workDir = mkdtempSync(join(tmpdir(), 'scan-package-'));
let failed = false;
try {
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', workDir], {
		cwd: root,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['-xzf', join(workDir, tarball), '-C', workDir]);
	for (const [label, dir, patterns] of [
		[`tarball ${tarball}`, join(workDir, 'package'), undefined],
		['source (package.json, nodes/, credentials/)', root, SOURCE_FILE_PATTERNS],
	]) {
		const result = await analyzePackage(dir, patterns);
		console.log(`scan ${label}: ${result.passed ? 'passed' : `FAILED (${result.message})`}`);
		if (!result.passed) {
			failed = true;
			if (result.details) console.log(result.details);
		}
	}
} finally {
	rmSync(workDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
