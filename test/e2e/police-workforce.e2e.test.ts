import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { desktop, newContext, skipWithoutBrowser } from '../helpers/browser.js';
import { expectAccessible, withBrowserApp } from '../helpers/browser-app.js';

// Issue 8, the workforce: Lyon's police manager reads the APM trajectory to 365 and who needs the victim-welcome training.

const slug = 'lyon';

describe.skipIf(skipWithoutBrowser('Police workforce in a browser'))('police workforce in a browser', () => {
  let browser: Browser | undefined;
  let baseURL: string;

  withBrowserApp((opened) => ({ browser, baseURL } = opened), {
    now: '2026-11-25T10:00:00Z',
    seedAtClock: true,
  });

  it('the manager follows the APM trajectory to 365 and the training compliance (axe)', async () => {
    const context = await newContext(browser!, baseURL, { ...desktop, bypassCSP: true });
    const page = await context.newPage();
    try {
      await page.goto('/connexion');
      await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill(`police_manager.${slug}@demo.invalid`);
      await page.getByLabel(/^Mot de passe/).fill('quietude-demo');
      await Promise.all([page.waitForURL(`**/t/${slug}/espace/`), page.keyboard.press('Enter')]);
      await Promise.all([
        page.waitForURL(`**/t/${slug}/espace/police`),
        page.getByRole('link', { name: 'Police municipale', exact: true }).click(),
      ]);
      await expectAccessible(page, desktop);
      await Promise.all([
        page.waitForURL('**/police/trajectoire'),
        page.getByRole('link', { name: 'Trajectoire des effectifs' }).first().click(),
      ]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Trajectoire des effectifs');
      expect(await page.locator('svg.trajectory-chart polyline').count()).toBe(1);
      expect(await page.locator('#growth').textContent()).toMatch(/Évolution depuis le début du mandat : \+\d+/);
      expect(await page.getByText(/Objectif : 365 agents au 31 décembre 2026/).isVisible()).toBe(true);
      const rows = await page.locator('#trajectoire tbody tr').count();
      expect(rows).toBe(77);
      await expectAccessible(page, desktop);

      await Promise.all([
        page.waitForURL('**/formations/conformite'),
        page.getByRole('link', { name: 'Conformité des formations' }).first().click(),
      ]);
      expect(
        await page
          .getByRole('heading', { level: 2, name: 'Accueil des victimes de violences sexistes et sexuelles' })
          .isVisible(),
      ).toBe(true);
      expect(
        await page
          .getByRole('heading', { level: 2, name: 'Discriminations et harcèlement envers les personnes LGBTI+' })
          .isVisible(),
      ).toBe(true);
      await expectAccessible(page, desktop);
      const ics = await page.request.get(`/t/${slug}/espace/police/formations/sessions.ics`);
      expect(ics.status()).toBe(200);
      expect(await ics.text()).toContain('SUMMARY:Accueil des victimes de violences sexistes et sexuelles');

      // The agents page with its CSV export and upload form, and the mandate and target forms.
      await Promise.all([
        page.waitForURL('**/police/agents'),
        page.getByRole('link', { name: 'Agents', exact: true }).first().click(),
      ]);
      expect(await page.getByLabel('Fichier CSV', { exact: true }).count()).toBe(1);
      const csv = await page.request.get(`/t/${slug}/espace/police/agents.csv`);
      expect(csv.status()).toBe(200);
      expect((await csv.text()).split('\n').length).toBeGreaterThan(300);
      await expectAccessible(page, desktop);
      await page.goto(`/t/${slug}/espace/police/trajectoire`);
      expect(await page.getByLabel(/^Date de début du mandat/).inputValue()).toBe('2020-07-01');
      await expectAccessible(page, desktop);
    } finally {
      await context.close();
    }
  });
});
