import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { withTenant } from '../../src/db/tenant-transaction.js';
import { DEMO_PASSWORD, demoEmail } from '../../src/platform/demo/demo-tenants.js';
import { findTenantBySlug } from '../../src/platform/tenants/tenant-queries.js';
import {
  describeViolations,
  launchBrowser,
  newContext,
  phone,
  seriousAxeViolations,
  skipWithoutBrowser,
} from '../helpers/browser.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { openDemoDatabase } from '../helpers/test-database.js';

// Issue 7, « Offline first »: the field page opens without network (service worker), entries are kept on the
// phone (IndexedDB) and sent when the network returns, each recorded exactly once; a refused entry stays on
// the phone with its reason.

const slug = 'gip-mediation-bordeaux';
const now = '2026-11-28T19:00:00Z'; // 20:00 in Bordeaux
const field = `/t/${slug}/espace/mediation/terrain`;

describe.skipIf(skipWithoutBrowser('Mediation offline in a browser'))('the mediation field page offline', () => {
  let database: Database | undefined;
  let testApp: TestApp | undefined;
  let browser: Browser | undefined;
  let baseURL: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    database = await openDemoDatabase();
    testApp = await buildTestApp(database, { now });
    baseURL = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.app.close();
    await database?.close();
  });

  async function recordEncounter(page: Page, time: string, people: string) {
    const items = page.locator('[data-outbox-list] li');
    const before = await items.count();
    await page.getByLabel('Heure de la rencontre').fill(time);
    await page.getByLabel('Nombre de personnes rencontrées').fill(people);
    await page.getByLabel('Jeunesse', { exact: true }).check();
    await page.getByLabel('Écoute', { exact: true }).check();
    await page.getByRole('button', { name: 'Enregistrer la rencontre' }).click();
    await items.nth(before).waitFor();
  }

  /** The demo tenant's encounters at a local time of the test's day (Bordeaux, UTC+1 in November). */
  async function encountersAt(utc: string) {
    const tenant = await findTenantBySlug(database!.db, slug);
    return withTenant(database!.db, tenant!.id, (tx) =>
      tx
        .selectFrom('mediation_encounters')
        .select(['id', 'people_count', 'qpv_id', 'round_id'])
        .where('occurred_at', '=', new Date(utc))
        .execute(),
    );
  }

  it('records two encounters offline, across a closed tab, and sends each exactly once; a refused one stays with its reason', async () => {
    const context: BrowserContext = await newContext(browser!, baseURL, {
      ...phone,
      bypassCSP: true,
      geolocation: { latitude: 44.8, longitude: -0.59 }, // inside the demo QPV « Thouars »
      permissions: ['geolocation'],
    });
    // The phone's clock agrees with the server's: entries carry the day they were made on the device.
    await context.clock.setFixedTime(new Date(now));
    let page = await context.newPage();
    try {
      await page.goto('/connexion');
      await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill(demoEmail('mediator', slug));
      await page.getByLabel(/^Mot de passe/).fill(DEMO_PASSWORD);
      await Promise.all([page.waitForURL(`**/t/${slug}/espace/`), page.getByRole('button', { name: /Se connecter/ }).click()]);
      await page.goto(field);
      await page.evaluate('navigator.serviceWorker.ready.then(() => true)');

      // Online: the round starts (sent at once; the page then shows it as the server has it).
      await page.getByLabel('Équipe et secteur').selectOption({ label: 'Équipe Sud — Talence — Thouars, Raba (démo)' });
      await page.getByLabel('Heure de début').fill('19:30');
      await page.getByRole('button', { name: 'Commencer la tournée' }).click();
      await page.getByRole('heading', { name: /Tournée en cours : Équipe Sud, Talence/ }).waitFor();

      // Offline: the page reloads from the service worker, and two encounters are kept on the phone.
      await context.setOffline(true);
      const reloaded = await page.reload();
      expect(reloaded?.fromServiceWorker()).toBe(true);
      await page.getByRole('heading', { name: /Tournée en cours : Équipe Sud, Talence/ }).waitFor();
      await page.getByRole('button', { name: 'Utiliser ma position' }).click();
      await page.getByText('Position ajoutée à la rencontre.').waitFor();
      await recordEncounter(page, '19:40', '2');
      await recordEncounter(page, '19:45', '3');
      expect(await page.locator('[data-outbox-list] li[data-state="pending"]').count()).toBe(2);
      expect(await page.getByRole('status').filter({ hasText: 'Hors ligne : 2 entrée(s)' }).count()).toBe(1);

      // The tab is closed and another one opened, still offline: the entries are still on the phone.
      await page.close();
      page = await context.newPage();
      expect((await page.goto(field))?.fromServiceWorker()).toBe(true);
      await page.locator('[data-outbox-list] li[data-state="pending"]').nth(1).waitFor();
      expect(await encountersAt('2026-11-28T18:40:00Z')).toEqual([]);

      // The network returns: the outbox empties, each entry shows as sent.
      await context.setOffline(false);
      await page.waitForFunction(
        `document.querySelectorAll('[data-outbox-sent] li').length === 2 && !document.querySelector('[data-outbox-list] li')`,
        undefined,
        { timeout: 45_000 },
      );
      await page.getByRole('status').filter({ hasText: 'Tout est envoyé.' }).waitFor();
      const first = await encountersAt('2026-11-28T18:40:00Z');
      const second = await encountersAt('2026-11-28T18:45:00Z');
      expect(first.map((e) => e.people_count)).toEqual([2]);
      expect(second.map((e) => e.people_count)).toEqual([3]);
      expect(first[0]!.round_id).toBe(second[0]!.round_id);
      expect(first[0]!.qpv_id).not.toBeNull(); // « Utiliser ma position » → the QPV, derived by the server

      // Times out of order: before the round's start. Refused, it stays on the phone with its reason in French.
      await recordEncounter(page, '19:00', '1');
      const refused = page.locator('[data-outbox-list] li[data-state="rejected"]');
      await refused.waitFor();
      expect(await refused.textContent()).toContain('refusé : l’heure n’est pas entre le début et la fin de la tournée');
      await page.reload();
      await refused.waitFor();
      expect(await refused.textContent()).toContain('l’heure n’est pas entre le début et la fin de la tournée');
      expect(await refused.getByRole('button', { name: 'Modifier' }).isVisible()).toBe(true);
      expect(await refused.getByRole('button', { name: 'Supprimer' }).isVisible()).toBe(true);
      expect(await encountersAt('2026-11-28T18:00:00Z')).toEqual([]);
      // Nothing was sent twice by the reloads and retries.
      expect((await encountersAt('2026-11-28T18:40:00Z')).length).toBe(1);

      const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
      expect(width).toBeLessThanOrEqual(phone.viewport!.width);
      const violations = await seriousAxeViolations(page);
      if (violations.length > 0) console.error(describeViolations(violations));
      expect(violations.map((v) => v.id)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  /** The demo tenant's rounds started at an instant (UTC). */
  async function roundsAt(utc: string) {
    const tenant = await findTenantBySlug(database!.db, slug);
    return withTenant(database!.db, tenant!.id, (tx) =>
      tx.selectFrom('mediation_rounds').select(['id', 'ended_at']).where('started_at', '=', new Date(utc)).execute(),
    );
  }

  async function signInAs(page: Page, email: string) {
    await page.goto('/connexion');
    await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill(email);
    await page.getByLabel(/^Mot de passe/).fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL(`**/t/${slug}/espace/`), page.getByRole('button', { name: /Se connecter/ }).click()]);
  }

  it('ends offline a round started offline (sent in order once online); the entries on the phone are its user’s only', async () => {
    const context: BrowserContext = await newContext(browser!, baseURL, { ...phone, bypassCSP: true });
    await context.clock.setFixedTime(new Date(now));
    const page = await context.newPage();
    const owner = `mediator2.${slug}@demo.invalid`;
    try {
      await signInAs(page, owner);
      await page.goto(field);
      await page.evaluate('navigator.serviceWorker.ready.then(() => true)');

      // Offline from the start: the round starts and ends on the phone.
      await context.setOffline(true);
      expect((await page.reload())?.fromServiceWorker()).toBe(true);
      await page
        .getByLabel('Équipe et secteur')
        .selectOption({ label: 'Équipe Bordeaux Nord — Bordeaux Nord — Bacalan, Aubiers (démo)' });
      await page.getByLabel('Heure de début').fill('19:10');
      await page.getByRole('button', { name: 'Commencer la tournée' }).click();
      const pending = page.locator('[data-outbox-list] li[data-state="pending"]');
      await pending.first().waitFor();
      const end = page.getByRole('form', { name: 'Terminer la tournée' });
      await end.waitFor();
      await end.getByLabel(/^Heure de fin/).fill('19:50');
      await end.getByRole('button', { name: 'Terminer la tournée' }).click();
      await pending.nth(1).waitFor();
      expect(await pending.allTextContents()).toEqual([
        expect.stringContaining('Début de tournée à 19:10'),
        expect.stringContaining('Fin de tournée à 19:50'),
      ]);
      expect(await end.isHidden()).toBe(true);

      // Back online, but the sync route does not answer (a weak network): the entries wait on the phone.
      await context.route('**/terrain/sync', (route) => route.abort());
      await context.setOffline(false);
      // Another mediator signs in on the same phone: they do not see the first one's entries.
      await context.clearCookies();
      await signInAs(page, `mediator3.${slug}@demo.invalid`);
      await page.goto(field);
      await page.locator('[data-outbox-status]').filter({ hasText: /./ }).waitFor();
      expect(await page.locator('[data-outbox-list] li').count()).toBe(0);
      expect(await page.getByText('Début de tournée à 19:10').count()).toBe(0);

      // The first mediator again, the network answering: start then end are sent, in that order, once.
      await context.unroute('**/terrain/sync');
      await context.clearCookies();
      await signInAs(page, owner);
      await page.goto(field);
      await expect
        .poll(async () => (await roundsAt('2026-11-28T18:10:00Z')).map((r) => r.ended_at && new Date(r.ended_at).toISOString()), {
          timeout: 45_000,
        })
        .toEqual(['2026-11-28T18:50:00.000Z']);
      const rounds = await roundsAt('2026-11-28T18:10:00Z');
      expect(rounds).toHaveLength(1);
      expect(new Date(rounds[0]!.ended_at as Date).toISOString()).toBe('2026-11-28T18:50:00.000Z');
    } finally {
      await context.close();
    }
  });
});
