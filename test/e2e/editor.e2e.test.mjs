// The package as a user sees it in n8n's editor (headless Debian Chromium driven by
// playwright-core), used for real: the nodes in the nodes panel with their icons; each trigger
// listening for a test event and showing the item of a genuine delivery, then of a refused one
// (the item that says why); each action node run on that item, with its output; each credential's
// dialog once its connection test has settled. Screenshots go to docs/screenshots/ (linked from the
// README); none may show a loopback address, a stand-in API or a test's name.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { chromium } from 'playwright-core';

import { repoRoot } from '../../scripts/lib/n8n.mjs';
import { N8nRest } from '../../scripts/lib/rest.mjs';
import { startN8n } from './harness.mjs';
import { editorCatalogue } from './catalogue.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const screenshots = join(repoRoot, 'docs', 'screenshots');
const owner = { email: 'owner@example.com', password: 'Editor-check-1' };
/** What no screenshot may show. */
const UNSHOWABLE = /127\.0\.0\.1|localhost|\bfake\b|\be2e\b|editor check|\btest name\b/i;

const catalogue = await editorCatalogue();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the package in the n8n editor', { timeout: 900_000 }, () => {
	let env;
	let browser;
	let page;

	before(async () => {
		assert.ok(
			existsSync(CHROMIUM),
			`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`,
		);
		mkdirSync(screenshots, { recursive: true });
		// Installed as Settings → Community Nodes installs it.
		env = await startN8n({
			credentials: catalogue.credentials,
			workflows: catalogue.workflows,
			installWay: 'community-ui',
		});
		await new N8nRest(env.n8n.baseUrl).signIn(owner);
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		});
		const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
		// As for a user who has seen them once: the editor's tips "You can pin this output" (output
		// panel and canvas) stay closed instead of covering the output a screenshot is for.
		await context.addInitScript(() => {
			localStorage.setItem('N8N_PIN_DATA_DISCOVERY_NDV', 'true');
			localStorage.setItem('N8N_PIN_DATA_DISCOVERY_CANVAS', 'true');
		});
		page = await context.newPage();
		await page.goto(`${env.n8n.baseUrl}/signin`);
		await page.fill('input[name="emailOrLdapLoginId"]', owner.email);
		await page.fill('input[name="password"]', owner.password);
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
	});
	after(async () => {
		await browser?.close();
		await env?.close();
		await catalogue.close();
	});

	/** Waits until no CSS animation or transition runs (dialogs fade and slide in). */
	async function settled() {
		await page.waitForFunction(
			() => document.getAnimations().every((animation) => animation.playState !== 'running'),
			undefined,
			{ timeout: 15_000 },
		);
		// …and the browser has painted the frame after they ended.
		await page.evaluate(
			() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
		);
	}

	/**
	 * Fails if what the picture would show holds an address or a name it must not: the page's
	 * text and the values of the fields inside `clip` (the whole viewport without one).
	 */
	async function assertShowable(shot, clip) {
		const shown = await page.evaluate((area) => {
			const inside = (element) => {
				const box = element.getBoundingClientRect();
				if (box.width === 0 || box.height === 0) return false;
				if (!area) return box.bottom > 0 && box.top < window.innerHeight;
				return box.bottom > area.y && box.top < area.y + area.height;
			};
			const fields = [...document.querySelectorAll('input, textarea')]
				.filter((field) => field.type !== 'password' && inside(field))
				.map((field) => field.value);
			const text = area ? '' : document.body.innerText;
			return [text, ...fields].join('\n');
		}, clip);
		const found = UNSHOWABLE.exec(shown);
		assert.equal(found, null, `${shot} would show "${found?.[0]}"`);
	}

	/** Lets the toasts of a run ("Node executed successfully") go, and the pointer rest off the panel. */
	async function quiet() {
		await page.mouse.move(700, 4);
		const toasts = page.locator('.el-notification:visible');
		for (const close of await toasts.locator('.el-notification__closeBtn').all())
			await close.click({ timeout: 2_000 }).catch(() => {}); // it may have closed itself meanwhile
		await toasts.first().waitFor({ state: 'hidden', timeout: 15_000 });
		const tip = page.locator(':text("You can pin this output"):visible');
		assert.equal(await tip.count(), 0, 'the tip "You can pin this output" is open');
	}

	async function shoot(shot, clip) {
		await quiet();
		await settled();
		await assertShowable(shot, clip);
		await page.screenshot({ path: join(screenshots, shot), ...(clip ? { clip } : {}) });
	}

	async function openWorkflow(workflow) {
		await page.goto(`${env.n8n.baseUrl}/workflow/${workflow.id}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
	}

	async function openNode(name) {
		await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
		await page.locator('[data-test-id="ndv"]').waitFor({ timeout: 15_000 });
	}

	async function closeNode() {
		await page.keyboard.press('Escape');
		await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden', timeout: 15_000 });
	}

	/** The output panel shows `text` as JSON (the view that shows an item as the API returns it). */
	async function outputShows(text) {
		const output = page.locator('[data-test-id="output-panel"]');
		const modes = output.locator('[data-test-id="ndv-run-data-display-mode"]');
		await modes.waitFor({ timeout: 60_000 });
		await modes.getByText('JSON', { exact: true }).first().click();
		await output.getByText(text, { exact: false }).first().waitFor({ timeout: 15_000 });
	}

	const testUrl = (workflow) => `${env.n8n.baseUrl}/webhook-test/${workflow.webhookId}/webhook`;

	/** Clicks `button` (*Execute step* on the open trigger); resolves once n8n listens at the Test URL. */
	async function listen(useCase, button = '[data-test-id="node-execute-button"]') {
		await page.locator(button).first().click();
		const deadline = Date.now() + 30_000;
		for (;;) {
			if (useCase.listening) {
				if (useCase.listening()) return;
			} else {
				// A registered POST-only test webhook answers GET with a method error, not "not registered".
				const response = await fetch(testUrl(useCase.workflow));
				const text = await response.text();
				if (!/is not registered\b(?! for GET)/.test(text) || response.status !== 404) return;
			}
			assert.ok(Date.now() < deadline, `n8n did not start listening for ${useCase.workflow.name}`);
			await sleep(200);
		}
	}

	/** `it`, plus a screenshot of the page when it fails (its path in the error). */
	function step(name, body) {
		it(name, async () => {
			try {
				await body();
			} catch (error) {
				const file = join(tmpdir(), `editor-check-${name.replace(/\W+/g, '-')}.png`);
				await page?.screenshot({ path: file }).catch(() => {});
				error.message += ` (the page: ${file})`;
				throw error;
			}
		});
	}

	step('lists every node in the nodes panel, with its icon', async () => {
		await page.goto(`${env.n8n.baseUrl}/workflow/new`);
		await page.getByText('Add first step').waitFor({ timeout: 60_000 });
		// "N" opens the nodes panel (n8n 2.x's shortcut), as the editor's own hint says.
		await page.mouse.click(300, 600);
		await page.keyboard.press('n');
		const search = page.locator('input[data-test-id="node-creator-search-bar"]');
		await search.waitFor({ timeout: 15_000 });
		for (const { search: term, displayNames, icon, shot } of catalogue.panelSearches) {
			await search.fill(term);
			for (const displayName of displayNames) {
				await page.getByText(displayName, { exact: true }).first().waitFor({ timeout: 15_000 });
			}
			// The icon is an <img> served by n8n from the installed package; wait until it has loaded.
			const loaded = await page
				.waitForFunction(
					(fragment) =>
						[...document.querySelectorAll('img')].some(
							(img) => img.src.includes(fragment) && img.complete && img.naturalWidth > 0,
						),
					icon,
					{ timeout: 15_000 },
				)
				.then(() => true)
				.catch(() => false);
			assert.ok(loaded, `no loaded icon matching ${icon} for ${term}`);
			await shoot(shot);
		}
	});

	for (const useCase of catalogue.useCases) {
		const { workflow, action, shows, shots } = useCase;
		describe(workflow.name, () => {
			step(`${workflow.nodeName} shows the item of a genuine test delivery`, async () => {
				// *Execute workflow*: n8n listens, and the delivery runs the trigger and the action node.
				await openWorkflow(workflow);
				const manualRuns = () =>
					env.store.executions(workflow.id).filter((execution) => execution.mode === 'manual');
				const before = manualRuns().length;
				await listen(useCase, '[data-test-id="execute-workflow-button"]');
				const answer = await useCase.genuine(testUrl(workflow));
				assert.equal(answer?.status, 200, JSON.stringify(answer));
				for (let waited = 0; ; waited += 250) {
					const runs = manualRuns();
					if (runs.length > before && !['new', 'running'].includes(runs.at(-1).status)) {
						assert.equal(runs.at(-1).status, 'success');
						break;
					}
					assert.ok(waited < 60_000, 'the test run did not finish');
					await sleep(250);
				}
				await openNode(workflow.nodeName);
				await outputShows(shows.trigger);
				await shoot(shots.trigger);
				await closeNode();
			});

			step(`${action} runs on that item and shows its output`, async () => {
				await openNode(action);
				await outputShows(shows.action);
				await shoot(shots.action);
				await closeNode();
			});

			step(
				`${workflow.nodeName} shows a refused test delivery as the item that says why`,
				async () => {
					await openWorkflow(workflow);
					await openNode(workflow.nodeName);
					await listen(useCase);
					const answer = await useCase.refused(testUrl(workflow));
					assert.equal(answer.status, 401, answer.body);
					await outputShows('rejected');
					await outputShows(shows.refused);
					await shoot(shots.refused);
					await closeNode();
				},
			);
		});
	}

	for (const { credential, labels, cropAbove, shot } of catalogue.credentialViews) {
		step(`shows the ${credential.type} credential, its connection test settled`, async () => {
			await page.goto(`${env.n8n.baseUrl}/home/credentials/${credential.id}`);
			for (const label of labels) {
				await page
					.getByText(new RegExp(`^\\s*${label}\\s*\\*?\\s*$`))
					.first()
					.waitFor({ timeout: 30_000 });
			}
			// n8n tests a saved credential when its dialog opens: wait for the answer.
			await page
				.getByText(/Retesting|Testing/)
				.first()
				.waitFor({ state: 'hidden', timeout: 30_000 })
				.catch(() => {});
			let clip;
			if (cropAbove) {
				const field = await page
					.locator('[data-test-id="credential-connection-parameter"]')
					.filter({ hasText: cropAbove })
					.first()
					.boundingBox();
				assert.ok(field, `no ${cropAbove} field to crop above`);
				clip = { x: 0, y: 0, width: page.viewportSize().width, height: Math.floor(field.y) - 4 };
			}
			await shoot(shot, clip);
			assert.ok(
				!(await page.getByText(/Couldn.t connect/).count()),
				`${shot}: the connection test failed`,
			);
			await page.keyboard.press('Escape');
		});
	}
});
