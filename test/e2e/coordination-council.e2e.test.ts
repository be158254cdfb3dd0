import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { desktop, newContext, skipWithoutBrowser } from '../helpers/browser.js';
import { expectAccessible, withBrowserApp } from '../helpers/browser-app.js';

// Issue 10, the council: Vandœuvre-lès-Nancy's coordinator reads the strategy, writes an action sheet whose
// indicator reads the reports module's figures live, and follows the FIPD file to its report.

const slug = 'vandoeuvre-les-nancy';
const base = `/t/${slug}/espace/coordination`;

describe.skipIf(skipWithoutBrowser('Coordination council in a browser'))('the CLSPD coordinator in a browser', () => {
  let browser: Browser | undefined;
  let baseURL: string;

  withBrowserApp((opened) => ({ browser, baseURL } = opened), { now: '2026-11-26T10:00:00Z' });

  it('writes an action sheet with a live indicator, and follows the FIPD file to its report (axe)', async () => {
    const context = await newContext(browser!, baseURL, { ...desktop, bypassCSP: true });
    const page = await context.newPage();
    try {
      await page.goto('/connexion');
      await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill(`coordinator.${slug}@demo.invalid`);
      await page.getByLabel(/^Mot de passe/).fill('quietude-demo');
      await Promise.all([page.waitForURL(`**/t/${slug}/espace/`), page.keyboard.press('Enter')]);

      await page.goto(`${base}/strategie`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('La stratégie territoriale (STSPD)');
      expect(
        await page.getByRole('heading', { level: 3, name: /Axe 2 — Prévention de la délinquance des jeunes/ }).isVisible(),
      ).toBe(true);
      await expectAccessible(page, desktop);

      // A new sheet on the second axis, led by the commune.
      const form = page.getByRole('form', { name: 'Nouvelle fiche action' });
      const axis = await form.getByLabel('Axe').locator('option', { hasText: 'Axe 2' }).getAttribute('value');
      await form.getByLabel('Axe').selectOption(axis as string);
      await form.getByLabel(/^Intitulé/).fill('Prévention aux abords du collège (test)');
      await form.getByLabel('Objectif').fill('Réduire les signalements de protoxyde d’azote aux abords du collège.');
      await form.getByLabel(/^Début/).fill('2026-09-01');
      await form.getByLabel(/^Fin/).fill('2027-06-30');
      await Promise.all([
        page.waitForURL('**/strategie/fiches/**'),
        form.getByRole('button', { name: 'Nouvelle fiche action' }).click(),
      ]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(
        /^Fiche 2\.2 — Prévention aux abords du collège/,
      );

      // Its indicator reads the reports received in the nitrous-oxide category.
      const indicator = page.getByRole('form', { name: 'Ajouter un indicateur' });
      await indicator.getByLabel(/^Intitulé de l’indicateur/).fill('Signalements de protoxyde d’azote');
      await indicator.getByLabel('Source').selectOption('reports.received|protoxyde-azote');
      await indicator.getByLabel(/^Valeur visée/).fill('4');
      await indicator.getByLabel('Sens souhaité').selectOption('down');
      await Promise.all([page.waitForURL('**?fait=1'), indicator.getByRole('button', { name: 'Ajouter un indicateur' }).click()]);
      const block = page.getByRole('region', { name: 'Signalements de protoxyde d’azote' });
      expect(await block.locator('svg.indicator-chart').count()).toBe(1);
      expect(await block.locator('tr[data-year="2026"] th').textContent()).toBe('2026 (en cours, au 26 novembre 2026)');
      expect(Number(await block.locator('tr[data-year="2026"] td').textContent())).toBeGreaterThan(0);
      await expectAccessible(page, desktop);

      // The funding files, the 2025 FIPD file and its report to the funder.
      await page.goto(`${base}/financements`);
      await expectAccessible(page, desktop);
      await Promise.all([
        page.waitForURL('**/financements/**'),
        page.getByRole('row', { name: /2025/ }).getByRole('link').click(),
      ]);
      expect(await page.getByRole('region', { name: 'Comptes rendus dus au financeur' }).textContent()).toContain(
        'Remis le 20 mars 2026',
      );
      await expectAccessible(page, desktop);
      await Promise.all([page.waitForURL('**/rapport'), page.getByRole('link', { name: 'Version imprimable' }).click()]);
      expect(await page.locator('#rapport tbody tr').count()).toBeGreaterThan(0);
      await expectAccessible(page, desktop);

      // The council and its plenary session: agenda, attendance, published minutes, decisions and their tasks.
      await page.goto(`${base}/conseil`);
      await expectAccessible(page, desktop);
      await Promise.all([
        page.waitForURL('**/conseil/seances/**'),
        page.getByRole('link', { name: /Séance plénière du CLSPD/ }).click(),
      ]);
      expect(await page.getByRole('region', { name: 'Compte rendu' }).textContent()).toContain(
        'Les dossiers FIPD 2026 sont validés.',
      );
      expect(await page.getByRole('region', { name: 'Décisions' }).textContent()).toContain(
        'Cartographier les lieux de ramassage',
      );
      await expectAccessible(page, desktop);
    } finally {
      await context.close();
    }
  });
});
