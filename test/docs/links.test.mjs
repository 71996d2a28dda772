// Link check for the Markdown docs (README.md and the other top-level *.md, docs/**/*.md) and the
// codex files' links into this repository: every relative link points at a file that exists, every
// #anchor names a heading of its target, computed as GitHub computes heading ids (github-slugger:
// lower case, punctuation dropped, spaces to '-', a repeated heading gets -1, -2, …). External
// http(s) links are only checked for syntax: no network. Runs on the machine's Node (`npm run
// test:docs`, part of `npm test`).
import assert from 'node:assert/strict';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** github-slugger's slug: lower case, everything but letters, marks, numbers, '_', '-' and ' ' dropped, ' ' to '-'. */
export function slug(text) {
	return text
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/** github-slugger's occurrence counting: the second "Usage" is usage-1, the third usage-2. */
export function slugger() {
	const occurrences = new Map();
	return (text) => {
		const base = slug(text);
		let result = base;
		while (occurrences.has(result)) {
			occurrences.set(base, occurrences.get(base) + 1);
			result = `${base}-${occurrences.get(base)}`;
		}
		occurrences.set(result, 0);
		return result;
	};
}

/** The text GitHub renders for a heading's inline Markdown (what its id is made from). */
function headingText(markdown) {
	return markdown
		.replace(/!\[[^\]]*\]\([^)]*\)/g, '') // images render no text
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // links render their text
		.replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
		.replace(/<[^>]+>/g, '') // HTML tags
		.replace(/`+([^`]*?)`+/g, '$1') // code spans render their content
		.replace(/(\*+|\b_+|_+\b)/g, '') // emphasis markers
		.trim();
}

/** Lines outside fenced code blocks, with their 1-based line numbers. */
function proseLines(markdown) {
	const out = [];
	let fence = null;
	markdown.split('\n').forEach((line, index) => {
		const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line);
		if (fence) {
			if (marker && marker[1][0] === fence[0] && marker[1].length >= fence.length) fence = null;
			return;
		}
		if (marker) {
			fence = marker[1];
			return;
		}
		out.push({ line, number: index + 1 });
	});
	return out;
}

/** Every anchor a Markdown file defines: heading ids (ATX and setext) and HTML id/name attributes. */
export function anchorsOf(markdown) {
	const next = slugger();
	const anchors = new Set();
	const lines = proseLines(markdown);
	lines.forEach(({ line }, i) => {
		const atx = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
		if (atx) {
			anchors.add(next(headingText(atx[1] ?? '')));
		} else if (/^ {0,3}(=+|-+)[ \t]*$/.test(line) && i > 0) {
			const previous = lines[i - 1];
			const text = previous.line;
			if (
				previous.number === lines[i].number - 1 &&
				text.trim() !== '' &&
				!/^ {0,3}([-*+>|#]|\d+[.)])/.test(text)
			) {
				anchors.add(next(headingText(text)));
			}
		}
		for (const m of line.matchAll(/<[a-z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']/gi)) {
			anchors.add(m[1]);
		}
	});
	return anchors;
}

/** Every link target in a Markdown file (outside code), with its line number. */
export function linksOf(markdown) {
	const links = [];
	for (const { line, number } of proseLines(markdown)) {
		// Code spans are not links; blank them out but keep the columns.
		const text = line.replace(/(`+)[^`]*?\1/g, (span) => ' '.repeat(span.length));
		const add = (target) => links.push({ target: target.trim(), line: number });
		for (const m of text.matchAll(
			/!?\[[^\]]*\]\(\s*(<[^>]*>|[^)\s]*)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g,
		)) {
			add(m[1].replace(/^<|>$/g, ''));
		}
		const definition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(text);
		if (definition) add(definition[1].replace(/^<|>$/g, ''));
		for (const m of text.matchAll(/<((?:https?|mailto):[^>\s]+)>/g)) add(m[1]);
		for (const m of text.matchAll(/\s(?:href|src)\s*=\s*["']([^"']+)["']/g)) add(m[1]);
	}
	return links;
}

/** package.json's repository URL, as https://github.com/owner/name. */
function repositoryUrl(root) {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
	return url
		?.replace(/^git\+/, '')
		.replace(/\.git$/, '')
		.replace(/\/$/, '');
}

function walk(dir, found = []) {
	if (!existsSync(dir)) return found;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) walk(path, found);
		else found.push(path);
	}
	return found;
}

/** The Markdown files checked: every *.md at the top level and under docs/. */
export function markdownFiles(root) {
	const top = readdirSync(root).filter((name) => name.endsWith('.md'));
	const docs = walk(join(root, 'docs')).filter((path) => path.endsWith('.md'));
	return [...top.map((name) => join(root, name)), ...docs].sort();
}

/**
 * Checks links; returns one { where, target, reason } per broken link. `sources` are { file, line, target } where
 * file is the absolute path the link is relative to (or null for a codex URL, which must be an
 * absolute URL).
 */
export function checkLinks(root, sources) {
	const repo = repositoryUrl(root);
	const anchorCache = new Map();
	const anchorsIn = (path) => {
		if (!anchorCache.has(path)) anchorCache.set(path, anchorsOf(readFileSync(path, 'utf8')));
		return anchorCache.get(path);
	};
	const problems = [];

	/** A local target (absolute path) and fragment: the file exists, the anchor is in it. */
	const checkLocal = (where, target, path, fragment) => {
		if (relative(root, path).startsWith('..')) {
			problems.push({ where, target, reason: `points outside the repository` });
			return;
		}
		if (!existsSync(path)) {
			problems.push({ where, target, reason: `${relative(root, path) || '.'} does not exist` });
			return;
		}
		if (fragment === null) return;
		const isMarkdown = path.endsWith('.md') && statSync(path).isFile();
		if (!isMarkdown) {
			// GitHub's line anchors on source files are the only anchors a non-Markdown file has.
			if (!/^L\d+(-L\d+)?$/.test(fragment)) {
				problems.push({ where, target, reason: `#${fragment} on a file that is not Markdown` });
			}
			return;
		}
		if (fragment === '' || !anchorsIn(path).has(fragment)) {
			problems.push({
				where,
				target,
				reason: `no heading with anchor #${fragment} in ${relative(root, path)}`,
			});
		}
	};

	for (const { file, line, target } of sources) {
		const where = file ? `${relative(root, file)}:${line}` : line;
		if (target === '') {
			problems.push({ where, target, reason: 'empty link' });
			continue;
		}
		const hash = target.indexOf('#');
		const beforeHash = hash === -1 ? target : target.slice(0, hash);
		let fragment = null;
		if (hash !== -1) {
			try {
				fragment = decodeURIComponent(target.slice(hash + 1));
			} catch {
				problems.push({ where, target, reason: `malformed fragment` });
				continue;
			}
		}
		const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target);
		if (scheme) {
			const name = scheme[1].toLowerCase();
			if (name === 'mailto') {
				if (!/^mailto:[^@\s]+@[^@\s]+$/i.test(target))
					problems.push({ where, target, reason: `malformed mailto link` });
				continue;
			}
			if (name !== 'http' && name !== 'https') {
				problems.push({ where, target, reason: `unexpected link scheme ${name}:` });
				continue;
			}
			let url;
			try {
				url = new URL(target);
			} catch {
				problems.push({ where, target, reason: `not a valid URL` });
				continue;
			}
			if (!url.hostname.includes('.') || /\s/.test(target)) {
				problems.push({ where, target, reason: `not a valid URL` });
				continue;
			}
			// Links into this repository on GitHub are checked against the working tree.
			const base = beforeHash.replace(/\/$/, '');
			if (repo && (base === repo || base.startsWith(`${repo}/`))) {
				const rest = base.slice(repo.length);
				if (rest === '') {
					// The repository page shows README.md; GitHub's own #readme anchor is always there.
					if (fragment !== null && fragment !== 'readme') {
						checkLocal(where, target, join(root, 'README.md'), fragment);
					}
				} else {
					const inTree = /^\/(?:blob|tree)\/[^/]+\/(.+)$/.exec(rest);
					if (inTree)
						checkLocal(where, target, join(root, decodeURIComponent(inTree[1])), fragment);
				}
			}
			continue;
		}
		if (!file) {
			problems.push({ where, target, reason: `not an absolute URL` });
			continue;
		}
		let pathPart;
		try {
			pathPart = decodeURIComponent(beforeHash.replace(/\?.*$/, ''));
		} catch {
			problems.push({ where, target, reason: `malformed path` });
			continue;
		}
		const path =
			pathPart === ''
				? file
				: pathPart.startsWith('/')
					? join(root, pathPart)
					: resolve(dirname(file), pathPart.split('/').join(sep));
		checkLocal(where, target, path, fragment);
	}
	return problems;
}

/** One line per problem: where, the link as written, what is wrong. */
function report(problems) {
	return problems.map(({ where, target, reason }) => `${where}: ${target}: ${reason}`).join('\n');
}

/** The codex files' documentation URLs (nodes/**\/*.node.json, resources.*[].url). */
export function codexUrls(root) {
	const found = [];
	for (const path of walk(join(root, 'nodes')).filter((p) => p.endsWith('.node.json'))) {
		const codex = JSON.parse(readFileSync(path, 'utf8'));
		for (const list of Object.values(codex.resources ?? {})) {
			for (const entry of Array.isArray(list) ? list : []) {
				if (typeof entry?.url === 'string') {
					found.push({ file: null, line: relative(root, path), target: entry.url });
				}
			}
		}
	}
	return found;
}

/** Every link of every checked Markdown file. */
export function markdownLinks(root) {
	return markdownFiles(root).flatMap((file) =>
		linksOf(readFileSync(file, 'utf8')).map(({ target, line }) => ({ file, line, target })),
	);
}

describe('GitHub heading anchors', () => {
	it('are computed as GitHub computes them', () => {
		assert.equal(
			slug('First steps: `npm start` and `npm test`'),
			'first-steps-npm-start-and-npm-test',
		);
		assert.equal(slug('meetergo (action node)'), 'meetergo-action-node');
		assert.equal(slug('Hostile input, load and faults'), 'hostile-input-load-and-faults');
		assert.equal(slug('Version history'), 'version-history');
		assert.equal(slug('0.1.0 — unreleased'), '010--unreleased');
		assert.equal(slug('snake_case & Co.'), 'snake_case--co');
	});
	it('number repeated headings -1, -2', () => {
		const anchors = anchorsOf('# Usage\n\n## Usage\n\ntext\n\n### Usage\n\n```\n# Usage\n```\n');
		assert.deepEqual([...anchors], ['usage', 'usage-1', 'usage-2']);
	});
	it('come from the rendered text of a heading', () => {
		const anchors = anchorsOf(
			'## **Bold** [link](x.md) `code`\n\nSetext\n------\n\n<a id="custom"></a>\n',
		);
		assert.deepEqual([...anchors], ['bold-link-code', 'setext', 'custom']);
	});
});

describe('the link checker', () => {
	it('finds broken files and anchors, and accepts good ones', () => {
		const root = mkdtempSync(join(tmpdir(), 'links-'));
		try {
			writeFileSync(
				join(root, 'package.json'),
				JSON.stringify({ repository: { url: 'git+https://github.com/o/r.git' } }),
			);
			mkdirSync(join(root, 'docs'));
			writeFileSync(
				join(root, 'docs', 'a.md'),
				'# A\n\n## Part\n\n## Part\n\nBack to [readme](../README.md#top).\n',
			);
			writeFileSync(
				join(root, 'README.md'),
				[
					'# Top',
					'',
					'[ok](docs/a.md#part-1) [ok](#top) [ok](docs/) [ok](https://example.com/x#y) `[code](nope.md)`',
					'[missing file](docs/b.md) [missing anchor](docs/a.md#part-2) [bad](#nowhere) [bad url](https://)',
					'```',
					'[in a fence](nope.md)',
					'```',
				].join('\n'),
			);
			const sources = [
				...markdownLinks(root),
				{ file: null, line: 'codex', target: 'https://github.com/o/r#top' },
				{ file: null, line: 'codex', target: 'https://github.com/o/r#gone' },
			];
			const problems = checkLinks(root, sources);
			assert.deepEqual(
				problems.map((p) => p.target),
				['docs/b.md', 'docs/a.md#part-2', '#nowhere', 'https://', 'https://github.com/o/r#gone'],
				report(problems),
			);
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});
});

describe('the docs of this repository', () => {
	it('check README.md, CONTRIBUTING.md and docs/**/*.md', () => {
		const files = markdownFiles(repoRoot).map((path) => relative(repoRoot, path));
		assert.ok(files.includes('README.md'), files.join(', '));
	});
	it('have no broken relative link or anchor', () => {
		const problems = checkLinks(repoRoot, markdownLinks(repoRoot));
		assert.deepEqual(problems, [], `broken links:\n${report(problems)}`);
	});
	it('link from the codex files to anchors that exist in README.md', () => {
		const urls = codexUrls(repoRoot);
		const repo = repositoryUrl(repoRoot);
		assert.ok(
			urls.some(({ target }) => target.startsWith(`${repo}#`)),
			`no codex URL points at ${repo}#…`,
		);
		const problems = checkLinks(repoRoot, urls);
		assert.deepEqual(problems, [], `broken codex links:\n${report(problems)}`);
	});
});
