import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeViolations, desktop, newContext, seriousAxeViolations, skipWithoutBrowser } from '../helpers/browser.js';
import { withBrowserApp } from '../helpers/browser-app.js';

// Issue 7, « Done means »: a funding member (Talence) downloads its report with charts.

const slug = 'gip-mediation-bordeaux';

describe.skipIf(skipWithoutBrowser('Mediation report in a browser'))('the mediation report in a browser', () => {
  let browser: Browser | undefined;
  let baseURL: string;

  withBrowserApp((opened) => ({ browser, baseURL } = opened), { now: '2026-11-28T19:00:00Z' });

  it('the demo funding member (Talence) opens its report with charts and tables, and downloads the PDF (axe)', async () => {
    const context = await newContext(browser!, baseURL, { ...desktop, bypassCSP: true, acceptDownloads: true });
    const page = await context.newPage();
    try {
      await page.goto('/connexion');
      await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill(`funding_member.${slug}@demo.invalid`);
      await page.getByLabel(/^Mot de passe/).fill('quietude-demo');
      await Promise.all([page.waitForURL(`**/t/${slug}/espace/`), page.getByRole('button', { name: /Se connecter/ }).click()]);
      await Promise.all([
        page.waitForURL('**/mediation/rapport'),
        page.getByRole('link', { name: 'Rapport d’activité' }).click(),
      ]);
      const heading = await page.getByRole('heading', { level: 1 }).textContent();
      expect(heading).toMatch(/territoires financés par .*Talence/);
      // Charts with their accessible names, each beside its table; only Talence's sector.
      expect(await page.getByRole('img', { name: /Graphique : Personnes rencontrées par mois/ }).isVisible()).toBe(true);
      expect(await page.locator('table#par_territoire').textContent()).toContain('Talence');
      expect(await page.locator('table#par_territoire').textContent()).not.toContain('Mérignac');
      const violations = await seriousAxeViolations(page);
      if (violations.length > 0) console.error(`${page.url()}\n${describeViolations(violations)}`);
      expect(violations.map((v) => v.id)).toEqual([]);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Télécharger le rapport (PDF)' }).click(),
      ]);
      const file = join(mkdtempSync(join(tmpdir(), 'mediation-report-e2e-')), 'rapport.pdf');
      await download.saveAs(file);
      expect(download.suggestedFilename()).toMatch(/^rapport-mediation-2026-01-01-2026-11-28\.pdf$/);
      const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      if (text.error) console.warn('Mediation report PDF text: not read, no pdftotext (apt-get install -y poppler-utils).');
      else {
        const flat = text.stdout.replace(/\s+/g, ' ');
        expect(flat).toContain('GIP Bordeaux Médiation (démo)');
        expect(flat).toMatch(/territoires financés par .*Talence/);
        expect(flat).toContain('Période du 2026-01-01 au 2026-11-28');
      }
    } finally {
      await context.close();
    }
  });
});
