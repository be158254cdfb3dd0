import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { demoCommunalCsv, demoCommunes } from '../../src/modules/observatory/ssmsi/demo-ssmsi.js';
import { newContext, skipWithoutBrowser } from '../helpers/browser.js';
import { expectAccessible, withBrowserApp } from '../helpers/browser-app.js';

const dir = mkdtempSync(join(tmpdir(), 'ssmsi-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(skipWithoutBrowser('Observatory import page in a browser'))('the SSMSI import page, with a keyboard', () => {
  let browser: Browser | undefined;
  let baseURL: string;
  withBrowserApp((opened) => ({ browser, baseURL } = opened));

  it('shows the demo editions, takes a file chosen with the keyboard, and is accessible before and after', async () => {
    const context = await newContext(browser as Browser, baseURL, { bypassCSP: true });
    const page = await context.newPage();
    await page.goto('/connexion');
    await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill('coordinator.lyon@demo.invalid');
    await page.getByLabel(/^Mot de passe/).fill('quietude-demo');
    await Promise.all([page.waitForURL('**/t/lyon/espace/'), page.keyboard.press('Enter')]);
    await page.goto('/t/lyon/espace/observatoire/import');
    await expect(page.locator('main').textContent()).resolves.toContain('communal (CODGEO_2025)');
    await expectAccessible(page);
    const file = join(dir, 'communes.csv');
    writeFileSync(file, demoCommunalCsv('older', demoCommunes.slice(0, 3)));
    await page.getByLabel(/^Fichier SSMSI/).setInputFiles(file);
    await Promise.all([
      page.waitForURL('**/observatoire/import?importe=1**'),
      page.getByRole('button', { name: 'Vérifier et mettre en service' }).click(),
    ]);
    await expect(page.getByRole('status').textContent()).resolves.toContain('168 lignes importées');
    await expect(page.locator('main').textContent()).resolves.toContain('ancien (jusqu’à 2023)');
    await expectAccessible(page);
    await context.close();
  });
});
