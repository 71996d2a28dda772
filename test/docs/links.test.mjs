// The docs check. Links in README.md, the other top-level *.md and docs/**/*.md are checked by
// remark-validate-links (files exist, #anchors name a heading as GitHub computes its id, links to
// this repository on GitHub count as local). What no package does is done here: the links that
// live outside Markdown, in the codex files (nodes/**/*.node.json, to README anchors) and in the
// node notices (docsLink(page, anchor, …) in nodes/**/*.ts), are written into one in-memory
// Markdown file so the same plugin checks them. Plus the README's size. No network.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve as resolvePath } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { remark } from 'remark';
import remarkValidateLinks from 'remark-validate-links';
import { engine } from 'unified-engine';
import { VFile } from 'vfile';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const README_LIMIT_BYTES = 12 * 1024;

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
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) walk(path, found);
		else found.push(path);
	}
	return found;
}

/** The Markdown files checked: every *.md at the top level and under docs/. */
function markdownFiles(root) {
	const top = readdirSync(root).filter((name) => name.endsWith('.md'));
	const docs = walk(join(root, 'docs')).filter((path) => path.endsWith('.md'));
	return [...top.map((name) => join(root, name)), ...docs].sort();
}

/**
 * The links that are not in Markdown, as one Markdown file at the repository root: each codex
 * URL into this repository (`<repo>#anchor` is the README on GitHub) and each notice's docsLink.
 */
function linksOutsideMarkdown(root) {
	const repo = repositoryUrl(root);
	const lines = [];
	for (const path of walk(join(root, 'nodes'))) {
		const where = relative(root, path);
		if (path.endsWith('.node.json')) {
			const codex = JSON.parse(readFileSync(path, 'utf8'));
			for (const list of Object.values(codex.resources ?? {})) {
				for (const { url } of Array.isArray(list) ? list : []) {
					if (typeof url !== 'string' || !url.startsWith(repo)) continue;
					const [page, anchor] = url.slice(repo.length).split('#');
					const file =
						page === '' || page === '/' ? 'README.md' : page.replace(/^\/blob\/[^/]+\//, '');
					lines.push(`- ${where}: [${url}](${file}${anchor === undefined ? '' : `#${anchor}`})`);
				}
			}
		} else if (path.endsWith('.ts')) {
			const source = readFileSync(path, 'utf8');
			for (const [, page, anchor] of source.matchAll(/docsLink\(\s*'([^']+)',\s*'([^']+)'/g)) {
				lines.push(`- ${where}: [${page}#${anchor}](docs/${page}#${anchor})`);
			}
		}
	}
	return new VFile({ path: join(root, 'links-outside-markdown.md'), value: lines.join('\n') });
}

/** Runs remark-validate-links over the files together; one "file:line: reason" per problem. */
function checkLinks(root, files, repository) {
	return new Promise((resolve, reject) => {
		engine(
			{
				processor: remark(),
				cwd: root,
				files,
				plugins: [[remarkValidateLinks, { repository, root }]],
				detectConfig: false,
				detectIgnore: false,
				out: false,
				output: false,
				quiet: true,
				reporter: () => '',
				streamError: new PassThrough(),
			},
			(error, _code, context) => {
				if (error) return reject(error);
				resolve(
					context.files.flatMap((file) =>
						file.messages.map(
							(message) =>
								`${relative(root, resolvePath(root, file.path))}:${message.line}: ${message.reason}`,
						),
					),
				);
			},
		);
	});
}

describe('the link check', () => {
	it('finds missing files and anchors, also in codex files and notices, and accepts good links', async () => {
		const root = mkdtempSync(join(tmpdir(), 'links-'));
		try {
			writeFileSync(
				join(root, 'package.json'),
				JSON.stringify({ repository: { url: 'git+https://github.com/o/r.git' } }),
			);
			mkdirSync(join(root, 'docs'));
			mkdirSync(join(root, 'nodes'));
			writeFileSync(
				join(root, 'docs', 'a.md'),
				'# A\n\n## Part\n\n## Part\n\nBack [up](../README.md#top).\n',
			);
			writeFileSync(
				join(root, 'README.md'),
				[
					'# Top',
					'',
					'## First steps: `npm start` and `npm test`',
					'',
					'[ok](docs/a.md#part-1) [ok](#first-steps-npm-start-and-npm-test) [ok](https://example.com/x#y)',
					'[missing file](docs/b.md) [missing anchor](docs/a.md#part-2) [bad](#nowhere)',
				].join('\n'),
			);
			writeFileSync(
				join(root, 'nodes', 'X.node.json'),
				JSON.stringify({
					resources: {
						primaryDocumentation: [
							{ url: 'https://github.com/o/r#top' },
							{ url: 'https://github.com/o/r#gone' },
						],
					},
				}),
			);
			writeFileSync(
				join(root, 'nodes', 'X.node.ts'),
				"const a = docsLink('a.md', 'part', 'Ok');\nconst b = docsLink('a.md', 'whole', 'Gone');\n",
			);
			const problems = await checkLinks(
				root,
				[...markdownFiles(root), linksOutsideMarkdown(root)],
				'https://github.com/o/r',
			);
			const wrong = problems.map((problem) => problem.replace(/:\d+: .*/, '')).sort();
			assert.deepEqual(
				wrong,
				[
					'README.md',
					'README.md',
					'README.md',
					'links-outside-markdown.md',
					'links-outside-markdown.md',
				],
				problems.join('\n'),
			);
			for (const missing of ['docs/b.md', 'part-2', 'nowhere', 'gone', 'whole']) {
				assert.ok(
					problems.some((problem) => problem.includes(missing)),
					`${missing} not reported:\n${problems.join('\n')}`,
				);
			}
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});
});

describe('the docs of this repository', () => {
	it('have no broken link or anchor, nor do the codex files and node notices', async () => {
		const outside = linksOutsideMarkdown(repoRoot);
		assert.match(String(outside.value), /README\.md#/, 'no codex URL points at a README anchor');
		assert.match(String(outside.value), /\(docs\//, 'no node notice links to the docs');
		const problems = await checkLinks(
			repoRoot,
			[...markdownFiles(repoRoot), outside],
			repositoryUrl(repoRoot),
		);
		assert.deepEqual(problems, [], `broken links:\n${problems.join('\n')}`);
	});

	it(`keep README.md within ${README_LIMIT_BYTES / 1024} KB, so it stays a page for users`, () => {
		const size = readFileSync(join(repoRoot, 'README.md')).length;
		assert.ok(size <= README_LIMIT_BYTES, `README.md is ${size} bytes`);
	});
});
