import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newContext, phone, skipWithoutBrowser } from '../helpers/browser.js';
import { expectAccessible, withBrowserApp } from '../helpers/browser-app.js';
import { seedDemoWithoutReports } from '../helpers/demo.js';

// Issue 7, the mediator's side on a phone: the field page (a round and an encounter, no JavaScript needed)
// and the demo's neighbour dispute, whose parties show only behind « Voir les coordonnées ».

const slug = 'gip-mediation-bordeaux';

describe.skipIf(skipWithoutBrowser('Mediation pages in a browser'))('mediation pages in a browser', () => {
  let browser: Browser | undefined;
  let baseURL: string;

  withBrowserApp((opened) => ({ browser, baseURL } = opened), {
    now: '2026-11-28T19:00:00Z',
    prepare: (database) => seedDemoWithoutReports(database.db),
  });

  /** Submits a form that answers with a redirect, and waits for the page it leads to. */
  async function submit(page: Page, button: string) {
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: button }).click(),
    ]);
    await page.waitForLoadState('load');
  }

  it('a mediator on a phone starts a round, records an encounter, and reads a situation (axe)', async () => {
    const context = await newContext(browser!, baseURL, { ...phone, bypassCSP: true });
    // The phone's clock agrees with the server's (the field script dates entries on the device).
    await context.clock.setFixedTime(new Date('2026-11-28T19:00:00Z'));
    const page = await context.newPage();
    try {
      await page.goto('/connexion');
      await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill(`mediator.${slug}@demo.invalid`);
      await page.getByLabel(/^Mot de passe/).fill('quietude-demo');
      await Promise.all([page.waitForURL(`**/t/${slug}/espace/`), page.getByRole('button', { name: /Se connecter/ }).click()]);
      await Promise.all([
        page.waitForURL('**/mediation/terrain'),
        page.getByRole('link', { name: 'Terrain : tournées et rencontres' }).click(),
      ]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Terrain — médiation');
      await expectAccessible(page, phone);

      await page.getByLabel('Équipe et secteur').selectOption({ label: 'Équipe Sud — Talence — Thouars, Raba (démo)' });
      await page.getByLabel('Heure de début').fill('19:30');
      // With JavaScript the field script keeps the entry on the phone, sends it, then shows the page anew.
      await submit(page, 'Commencer la tournée');
      await page.getByRole('heading', { name: /Tournée en cours : Équipe Sud, Talence/ }).waitFor();

      await page.getByLabel('Heure de la rencontre').fill('19:50');
      await page.getByLabel('Nombre de personnes rencontrées').fill('2');
      await page.getByLabel('Jeunesse', { exact: true }).check();
      await page.getByLabel('Conflit de voisinage', { exact: true }).check();
      await page.getByLabel('Gestion des conflits', { exact: true }).check();
      await page.getByLabel('Écoute', { exact: true }).check();
      await page.getByLabel(/faire avec/).check();
      await submit(page, 'Enregistrer la rencontre');
      await page.locator('[data-outbox-sent] li').waitFor();
      await page.reload();
      expect(await page.getByText(/19:30–en cours, 1 rencontre\(s\)/).isVisible()).toBe(true);
      await expectAccessible(page, phone);

      await page.goto(`/t/${slug}/espace/mediation/situations`);
      await expectAccessible(page, phone);
      await Promise.all([page.waitForURL('**/situations/*'), page.getByRole('link', { name: /résidence du Thouars/ }).click()]);
      expect(await page.getByText('Issue : Résolue').isVisible()).toBe(true);
      expect(await page.getByText('Camille Exemple (démo)').count()).toBe(0);
      await expectAccessible(page, phone);
      await submit(page, 'Voir les coordonnées');
      expect(await page.getByText('Camille Exemple (démo)').isVisible()).toBe(true);
      await expectAccessible(page, phone);
    } finally {
      await context.close();
    }
  });
});
