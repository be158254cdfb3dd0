import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { submitReport } from '../../src/modules/reports/submit-report.js';
import { publicActor } from '../../src/platform/access/actor.js';
import { requireTenant, type Tenant } from '../../src/platform/tenants/tenant-queries.js';
import {
  describeViolations,
  desktop,
  launchBrowser,
  newContext,
  phone,
  seriousAxeViolations,
  skipWithoutBrowser,
} from '../helpers/browser.js';
import { seedDemoWithoutReports } from '../helpers/demo.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { openDemoDatabase } from '../helpers/test-database.js';

// Issue 5, staff side: the handling organisation on a phone and the coordinator on a desktop read the
// list and a report; only the organisation may reveal the reporter's contact.

describe.skipIf(skipWithoutBrowser('Reports staff screens in a browser'))('reports staff screens in a browser', () => {
  let database: Database | undefined;
  let testApp: TestApp | undefined;
  let browser: Browser | undefined;
  let baseURL: string;
  let tenant: Tenant;
  let reportId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    database = await openDemoDatabase();
    await seedDemoWithoutReports(database.db);
    testApp = await buildTestApp(database, { now: '2026-11-28T22:00:00Z' });
    baseURL = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    tenant = await requireTenant(database.db, 'besancon');
    const ctx = { db: database.db, clock: testApp.clock, actor: publicActor, tenant };
    await submitReport(ctx, {
      categoryCode: 'point-de-deal',
      lat: 47.238,
      lon: 6.0243,
      description: 'Vente le soir devant le hall.',
      attributes: { moment: ['soir'] },
      source: 'web',
    });
    await submitReport(ctx, { categoryCode: 'point-de-deal', lat: 47.2382, lon: 6.0245, description: '', source: 'web' });
    const mine = await submitReport(ctx, {
      categoryCode: 'outrage-sexiste',
      lat: 47.2385,
      lon: 6.025,
      description: 'Remarques à l’arrêt de bus.',
      contact: { email: 'temoin@example.test' },
      source: 'web',
    });
    reportId = mine.id;
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.app.close();
    await database?.close();
  });

  async function expectAccessible(page: Page, options: BrowserContextOptions) {
    const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    expect(width, `${page.url()} is no wider than the screen`).toBeLessThanOrEqual(options.viewport!.width);
    const violations = await seriousAxeViolations(page);
    if (violations.length > 0) console.error(`${page.url()}\n${describeViolations(violations)}`);
    expect(violations.map((v) => v.id)).toEqual([]);
  }

  async function signedIn(email: string, options: BrowserContextOptions) {
    const context = await newContext(browser!, baseURL, { ...options, bypassCSP: true });
    const page = await context.newPage();
    await page.goto('/connexion');
    await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill(email);
    await page.getByLabel(/^Mot de passe/).fill('quietude-demo');
    await Promise.all([page.waitForURL(`**/t/${tenant.slug}/espace/`), page.keyboard.press('Enter')]);
    return { context, page };
  }

  it.each([
    { who: 'the handling organisation on a phone', email: 'partner_organisation.besancon@demo.invalid', options: phone },
    { who: 'the coordinator on a desktop', email: 'coordinator.besancon@demo.invalid', options: desktop },
  ])('$who reads the list and a report (axe, no sideways scrolling)', async ({ email, options }) => {
    const { context, page } = await signedIn(email, options);
    try {
      await Promise.all([
        page.waitForURL(`**/t/${tenant.slug}/espace/signalements`),
        page.getByRole('link', { name: 'Signalements', exact: true }).click(),
      ]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Signalements');
      await expectAccessible(page, options);

      await page.goto(`/t/${tenant.slug}/espace/signalements/${reportId}`);
      expect(await page.getByRole('heading', { level: 2, name: 'Signalements proches' }).isVisible()).toBe(true);
      await expectAccessible(page, options);
      const reveal = page.getByRole('button', { name: 'Voir les coordonnées' });
      if (email.startsWith('partner')) {
        // The form posts to the same address: wait for the POST's answer, then for that page (a bare 'load' wait
        // is already satisfied by the page before, and the checks would read it while it goes).
        await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), reveal.click()]);
        await page.waitForLoadState('load');
        expect(await page.getByText('temoin@example.test').isVisible()).toBe(true);
        await expectAccessible(page, options);
        await page.goto(`/t/${tenant.slug}/espace/signalements/nouveau?categorie=eclairage`);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Saisir un signalement');
        await expectAccessible(page, options);
      } else {
        expect(await reveal.count()).toBe(0);
      }
    } finally {
      await context.close();
    }
  });

  it('the coordinator adds a question to a category from the form (axe on the list and the category)', async () => {
    const { context, page } = await signedIn('coordinator.besancon@demo.invalid', desktop);
    try {
      await page.goto(`/t/${tenant.slug}/espace/signalements/categories`);
      await expectAccessible(page, desktop);
      await page.goto(`/t/${tenant.slug}/espace/signalements/categories/eclairage`);
      await expectAccessible(page, desktop);
      await page.getByLabel(/^Code \(Open311 : lettres/).fill('duree');
      await page.getByLabel('Type de réponse').selectOption('singlevaluelist');
      await page.getByLabel(/^Question en français/).fill('Depuis quand ?');
      await page.getByLabel('Choix', { exact: true }).fill('nuit | Cette nuit\nsemaine | Depuis une semaine ou plus');
      await page.getByLabel('Réponse obligatoire').check();
      await Promise.all([
        page.waitForURL('**/eclairage?fait=1'),
        page.getByRole('button', { name: 'Enregistrer la question' }).click(),
      ]);
      const row = page.getByRole('row', { name: /duree/ });
      expect(await row.textContent()).toContain('Depuis quand ? (obligatoire)');
      await expectAccessible(page, desktop);
    } finally {
      await context.close();
    }
  });
});
