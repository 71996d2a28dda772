// The package as a user sees it in n8n's editor (headless Debian Chromium driven by
// playwright-core): nodes in the nodes panel with their icons, each trigger's parameters,
// each credential's form. Screenshots go to docs/screenshots/ (linked from the README).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
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

const catalogue = await editorCatalogue();

describe('the package in the n8n editor', { timeout: 600_000 }, () => {
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
			extraEnv: catalogue.env ?? {},
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
		page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
		await page.goto(`${env.n8n.baseUrl}/signin`);
		await page.fill('input[name="emailOrLdapLoginId"]', owner.email);
		await page.fill('input[name="password"]', owner.password);
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
	});
	after(async () => {
		await browser?.close();
		await env?.close();
		await catalogue.close?.();
	});

	it('lists every node in the nodes panel, with its icon', async () => {
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
			await page.screenshot({ path: join(screenshots, shot) });
		}
	});

	for (const { workflow, labels, shot } of catalogue.triggerViews) {
		it(`renders the parameters of the ${workflow.nodeName} node`, async () => {
			await page.goto(`${env.n8n.baseUrl}/workflow/${workflow.id}`);
			const node = page.locator('[data-test-id="canvas-node"]').first();
			await node.waitFor({ timeout: 60_000 });
			await node.dblclick();
			for (const label of labels)
				await page.getByText(label, { exact: false }).first().waitFor({ timeout: 15_000 });
			await page.screenshot({ path: join(screenshots, shot) });
			await page.keyboard.press('Escape');
		});
	}

	for (const { credential, labels, shot } of catalogue.credentialViews) {
		it(`shows the fields of the ${credential.type} credential`, async () => {
			await page.goto(`${env.n8n.baseUrl}/home/credentials/${credential.id}`);
			for (const label of labels) {
				await page
					.getByText(new RegExp(`^\\s*${label}\\s*\\*?\\s*$`))
					.first()
					.waitFor({ timeout: 30_000 });
			}
			await page.screenshot({ path: join(screenshots, shot) });
			await page.keyboard.press('Escape');
		});
	}
});
