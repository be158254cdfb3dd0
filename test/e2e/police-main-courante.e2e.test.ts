import type { Browser, BrowserContextOptions } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { withTenant } from '../../src/db/tenant-transaction.js';
import { submitReport } from '../../src/modules/reports/submit-report.js';
import { publicActor } from '../../src/platform/access/actor.js';
import { requireTenant } from '../../src/platform/tenants/tenant-queries.js';
import { desktop, newContext, phone, skipWithoutBrowser } from '../helpers/browser.js';
import { expectAccessible, withBrowserApp } from '../helpers/browser-app.js';
import type { TestApp } from '../helpers/test-app.js';

// Issue 8, « Done means »: on the demo tenant Lyon, an agent logs an intervention that answers a resident's
// report (on a phone), and a supervisor validates it (on a desktop); the report moves with it.

const slug = 'lyon';

describe.skipIf(skipWithoutBrowser('Main courante in a browser'))('main courante in a browser', () => {
  let database: Database | undefined;
  let testApp: TestApp | undefined;
  let browser: Browser | undefined;
  let baseURL: string;

  withBrowserApp((opened) => ({ browser, database, testApp, baseURL } = opened), {
    now: '2026-11-28T22:00:00Z',
    seedAtClock: true,
  });

  async function signedIn(email: string, options: BrowserContextOptions) {
    const context = await newContext(browser!, baseURL, { ...options, bypassCSP: true });
    const page = await context.newPage();
    await page.goto('/connexion');
    await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill(email);
    await page.getByLabel(/^Mot de passe/).fill('quietude-demo');
    await Promise.all([page.waitForURL(`**/t/${slug}/espace/`), page.keyboard.press('Enter')]);
    return { context, page };
  }

  it('an agent logs the intervention answering a resident’s report; a supervisor validates it (axe)', async () => {
    const tenant = await requireTenant(database!.db, slug);
    const report = await submitReport(
      { db: database!.db, clock: testApp!.clock, actor: publicActor, tenant },
      {
        categoryCode: 'outrage-sexiste',
        description: 'Remarques insistantes à la sortie du métro.',
        lat: 45.7597,
        lon: 4.8422,
        source: 'web',
      },
    );
    const status = async () =>
      (
        await withTenant(database!.db, tenant.id, (tx) =>
          tx.selectFrom('reports').select('status').where('id', '=', report.id).executeTakeFirstOrThrow(),
        )
      ).status;

    const agent = await signedIn(`police_agent.${slug}@demo.invalid`, phone);
    let entryUrl = '';
    try {
      const { page } = agent;
      await Promise.all([
        page.waitForURL(`**/t/${slug}/espace/main-courante`),
        page.getByRole('link', { name: 'Main courante (interventions)' }).click(),
      ]);
      await expectAccessible(page, phone);
      await Promise.all([
        page.waitForURL(`**/main-courante/nouvelle?signalement=${report.id}`),
        page.locator(`a[href$="signalement=${report.id}"]`).click(),
      ]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Nouvelle intervention');
      await expectAccessible(page, phone);
      expect(await page.getByLabel('Signalement auquel l’intervention répond').inputValue()).toBe(report.id);
      await page.getByLabel('Police judiciaire').check();
      await page.getByLabel('Nature').selectOption('outrage-sexiste');
      await page.getByLabel('Code NATINF').fill('90005');
      await page.getByLabel('Arrivée sur place').fill('2026-11-28T22:50');
      await page.getByLabel('Fin', { exact: true }).fill('2026-11-28T22:30');
      await page.getByLabel('Constatations').fill('Auteur identifié et verbalisé.');
      await page.getByLabel('Procès-verbal').check();
      // The end before the start is refused, naming the field; what was typed stays.
      await page.getByLabel('Appel ou début').fill('2026-11-28T22:40');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toContain('la fin ne peut pas précéder le début');
      expect(await page.getByLabel('Constatations').inputValue()).toBe('Auteur identifié et verbalisé.');
      await expectAccessible(page, phone);
      expect(await status()).toBe('new');

      await page.getByLabel('Fin', { exact: true }).fill('2026-11-28T22:58');
      await Promise.all([
        page.waitForURL(/main-courante\/[0-9a-f-]{36}\?fait=cree$/),
        page.getByRole('button', { name: 'Enregistrer' }).click(),
      ]);
      expect(await page.getByRole('status').textContent()).toBe('Entrée enregistrée.');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Main courante 2026-\d{6}$/);
      await expectAccessible(page, phone);
      entryUrl = page.url().replace(/\?.*$/, '');
      expect(await status()).toBe('in_progress');
    } finally {
      await agent.context.close();
    }

    const supervisor = await signedIn(`police_supervisor.${slug}@demo.invalid`, desktop);
    try {
      const { page } = supervisor;
      await page.goto(entryUrl);
      expect(await page.getByRole('heading', { name: 'Consultations de cette entrée' }).isVisible()).toBe(true);
      await Promise.all([page.waitForURL(/\?fait=validee$/), page.getByRole('button', { name: 'Valider l’entrée' }).click()]);
      expect(await page.getByRole('status').textContent()).toBe('Entrée validée et verrouillée.');
      expect(await page.getByRole('link', { name: 'Amender' }).isVisible()).toBe(true);
      await expectAccessible(page, desktop);
      expect(await status()).toBe('resolved');
    } finally {
      await supervisor.context.close();
    }
  });
});
