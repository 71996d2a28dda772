// How this package gets published. Since 1 May 2026 n8n verifies only community packages published
// from GitHub Actions with npm provenance; @n8n/node-cli's path for that is `npm run release`
// (n8n-node release), which in Actions lints, builds and runs `npm publish` with RELEASE_MODE and
// NPM_CONFIG_PROVENANCE set. `prepublishOnly: n8n-node prerelease` refuses any publish without
// RELEASE_MODE, but npm runs no lifecycle scripts under this repo's .npmrc (ignore-scripts=true,
// kept for installs), so the guard only acts where scripts are on; what stops a publish from a
// machine here is package.json's publishConfig.provenance, which npm cannot honour outside CI.
import { parse } from 'yaml';

import manifest from '../../package.json';
import { readRepoFile, runNpm, startRegistry, type StandInRegistry } from './npm.cjs';

const WORKFLOW_PATH = '.github/workflows/publish.yml';
/**
 * What `n8n-node release` adds to the environment of the `npm publish` it runs in GitHub Actions
 * (@n8n/node-cli 0.48.3, dist/commands/release.js); `n8n-node prerelease` lets a publish through
 * when RELEASE_MODE is set (dist/commands/prerelease.js).
 */
const RELEASE_PATH_ENV = { RELEASE_MODE: 'true', NPM_CONFIG_PROVENANCE: 'true' };
const GUARD_REFUSAL = 'Run `npm run release` to publish the package';
const GUARD_RAN = '> n8n-node prerelease';
const PUBLISH_COMMAND = /\bnpm (?:publish|run release)\b/;

interface Step {
	name?: string;
	run?: string;
	env?: Record<string, unknown>;
}
interface Job {
	permissions?: Record<string, string>;
	env?: Record<string, unknown>;
	steps?: Step[];
}
interface Workflow {
	on?: unknown;
	env?: Record<string, unknown>;
	jobs?: Record<string, Job>;
}

function loadWorkflow(): Workflow {
	const text = readRepoFile(WORKFLOW_PATH);
	if (text === null) throw new Error(`${WORKFLOW_PATH} does not exist`);
	return parse(text) as Workflow;
}

/** GitHub's filter pattern for branches and tags as a RegExp (`*`: any run of characters but `/`). */
function tagFilter(pattern: string): RegExp {
	const source = pattern
		.split(/(\*\*|\*)/)
		.map((part) =>
			part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
		)
		.join('');
	return new RegExp(`^${source}$`);
}

/** The one job that publishes, and the index of its publishing step. */
function publishingJob(workflow: Workflow): { job: Job; publishAt: number } {
	const found = Object.values(workflow.jobs ?? {}).flatMap((job) => {
		const publishAt = (job.steps ?? []).findIndex((step) => PUBLISH_COMMAND.test(step.run ?? ''));
		return publishAt === -1 ? [] : [{ job, publishAt }];
	});
	expect(found).toHaveLength(1);
	return found[0];
}

describe(`the publish workflow (${WORKFLOW_PATH})`, () => {
	it('exists and is valid YAML with jobs', () => {
		expect(readRepoFile(WORKFLOW_PATH)).not.toBeNull();
		expect(Object.keys(loadWorkflow().jobs ?? {}).length).toBeGreaterThan(0);
	});

	it('runs on version tag pushes or GitHub releases only, and on a tag named like the version', () => {
		const on = loadWorkflow().on;
		expect(on).toEqual(expect.any(Object));
		const triggers = on as Record<string, { tags?: string[]; branches?: string[] } | null>;
		for (const [event, filter] of Object.entries(triggers)) {
			if (event === 'release') continue;
			expect(event).toBe('push');
			expect(filter?.branches).toBeUndefined();
			expect(filter?.tags?.length).toBeGreaterThan(0);
		}
		const tags = triggers.push?.tags ?? [];
		if (!('release' in triggers)) {
			expect(tags.some((pattern) => tagFilter(pattern).test(manifest.version))).toBe(true);
		}
	});

	it('gives the publishing job id-token: write (the OIDC token provenance is signed with)', () => {
		expect(publishingJob(loadWorkflow()).job.permissions?.['id-token']).toBe('write');
	});

	it('publishes with provenance', () => {
		const workflow = loadWorkflow();
		const { job, publishAt } = publishingJob(workflow);
		const step = job.steps![publishAt];
		const env = { ...workflow.env, ...job.env, ...step.env };
		const provenanceVariable = Object.entries(env).find(([name]) =>
			/^npm_config_provenance$/i.test(name),
		);
		const provenanceFlag = /\bnpm publish\b[^\n]*--provenance\b/.test(step.run ?? '');
		expect(provenanceFlag || String(provenanceVariable?.[1]) === 'true').toBe(true);
	});

	it('lints, builds and runs the unit tests before it publishes', () => {
		const { job, publishAt } = publishingJob(loadWorkflow());
		const before = (job.steps ?? [])
			.slice(0, publishAt)
			.map((step) => step.run ?? '')
			.join('\n');
		for (const command of ['npm run lint', 'npm run build', 'npm run test:unit']) {
			expect(before).toContain(command);
		}
	});

	it('installs exactly the lockfile (npm ci) before it lints', () => {
		const { job } = publishingJob(loadWorkflow());
		const runs = (job.steps ?? []).map((step) => step.run ?? '');
		const install = runs.findIndex((run) => /^npm ci\b/m.test(run));
		expect(install).toBeGreaterThanOrEqual(0);
		expect(install).toBeLessThan(runs.findIndex((run) => run.includes('npm run lint')));
	});
});

describe('package.json', () => {
	it('has the release script and the prepublishOnly guard of @n8n/node-cli', () => {
		expect(manifest.scripts.release).toBe('n8n-node release');
		expect(manifest.scripts.prepublishOnly).toBe('n8n-node prerelease');
	});

	it('asks npm for provenance and public access on every publish', () => {
		expect(manifest.publishConfig).toEqual({ access: 'public', provenance: true });
	});
});

describe('npm publish from the repo (against a stand-in registry on loopback)', () => {
	let registry: StandInRegistry;
	const listed = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
	const published = `+ ${manifest.name}@${manifest.version}`;

	beforeAll(async () => {
		const build = await runNpm(['run', 'build'], { timeoutMs: 150_000 });
		if (build.code !== 0) throw new Error(`npm run build failed:\n${build.output}`);
		registry = await startRegistry();
	}, 180_000);

	afterEach(() => {
		// Reads (GET) only: nothing was ever sent for publishing.
		expect(registry.requests.filter((request) => request.method !== 'GET')).toEqual([]);
	});

	afterAll(async () => {
		await registry?.close();
	});

	function publish(extraArgs: string[], options: Parameters<typeof runNpm>[1] = {}) {
		return runNpm(['publish', `--registry=${registry.url}`, ...extraArgs], options);
	}

	it('--dry-run on the release path: the guard runs, lets it through, and dist is packed', async () => {
		const run = await publish(['--dry-run', '--ignore-scripts=false'], { env: RELEASE_PATH_ENV });
		expect(run.code).toBe(0);
		expect(run.output).toContain(GUARD_RAN);
		expect(run.output).not.toContain(GUARD_REFUSAL);
		for (const file of listed) expect(run.output).toContain(file);
		expect(run.output).toContain(published);
	}, 60_000);

	it('--dry-run without the release path: the guard refuses before anything is packed', async () => {
		const run = await publish(['--dry-run', '--ignore-scripts=false']);
		expect(run.code).not.toBe(0);
		expect(run.output).toContain(GUARD_REFUSAL);
		expect(run.output).not.toContain('Tarball Contents');
		expect(run.output).not.toContain(published);
	}, 60_000);

	it('--dry-run as the workflow runs it (this .npmrc: no lifecycle scripts) packs dist', async () => {
		const run = await publish(['--dry-run'], { env: RELEASE_PATH_ENV });
		expect(run.code).toBe(0);
		expect(run.output).not.toContain(GUARD_RAN);
		for (const file of listed) expect(run.output).toContain(file);
		expect(run.output).toContain(published);
	}, 60_000);

	it('a real publish outside CI stops at provenance, before any upload', async () => {
		// Past npm's login check with a made-up credential for the stand-in; it refuses uploads anyway.
		const requestsBefore = registry.requests.length;
		const run = await publish([], { placeholderAuthFor: registry.url });
		expect(run.code).not.toBe(0);
		expect(run.output).toContain('Automatic provenance generation not supported');
		expect(run.output).not.toContain(published);
		// It did talk to the stand-in (the version check), so this is where it would have uploaded.
		expect(registry.requests.length).toBeGreaterThan(requestsBefore);
	}, 60_000);
});
