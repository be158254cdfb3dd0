import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { seedDemo } from '../../src/platform/demo/seed-demo.js';
import {
  describeViolations,
  desktop,
  launchBrowser,
  newContext,
  phone,
  seriousAxeViolations,
  skipWithoutBrowser,
} from '../helpers/browser.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { openTestDatabase } from '../helpers/test-database.js';

// Issue 6, the operator's log: the Ginko operator enters a night on a phone; the transport authority's
// coordinator reads the statistics on a desktop.

const slug = 'grand-besancon-metropole';

describe.skipIf(skipWithoutBrowser('Night-stops log in a browser'))('night-stops log in a browser', () => {
  let database: Database | undefined;
  let testApp: TestApp | undefined;
  let browser: Browser | undefined;
  let baseURL: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    database = await openTestDatabase();
    testApp = await buildTestApp(database, { now: '2026-11-28T22:00:00Z' });
    // The demo log is dated from the app's clock, as the statistics read it.
    await seedDemo(database.db, 'development', testApp.clock);
    baseURL = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
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
    await Promise.all([page.waitForURL(`**/t/${slug}/espace/`), page.keyboard.press('Enter')]);
    return { context, page };
  }

  it('the operator enters a night on a phone: big targets, a refused sum named, then saved in place of the earlier entry (axe)', async () => {
    const { context, page } = await signedIn(`transit_operator.${slug}@demo.invalid`, phone);
    try {
      await Promise.all([
        page.waitForURL(`**/t/${slug}/espace/descente/journal`),
        page.getByRole('link', { name: 'Journal des descentes à la demande' }).click(),
      ]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Journal des descentes à la demande');
      await expectAccessible(page, phone);
      expect(await page.getByLabel(/^Date de service/).inputValue()).toBe('2026-11-27');
      for (const target of [page.getByLabel(/^Demandes de descente/), page.getByRole('button', { name: 'Enregistrer' })])
        expect((await target.boundingBox())!.height).toBeGreaterThanOrEqual(44);

      // The demo feed is active: its lines are offered.
      await page.getByLabel(/^Ligne/).selectOption('GBM-N1');
      await page.getByLabel(/^Tranche horaire/).selectOption({ label: '01 h – 02 h' });
      await page.getByLabel(/^Demandes de descente/).fill('6');
      await page.getByLabel('Accordées à l’endroit demandé').fill('5');
      await page.getByLabel('Accordées un peu plus loin').fill('1');
      await page.getByLabel('Circulation à ce moment').fill('1');
      // The form posts to the same address: wait for the POST's answer, then for that page (a bare 'load' wait
      // is already satisfied by the page before, and the checks would read it while it goes).
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Enregistrer' }).click(),
      ]);
      await page.waitForLoadState('load');
      expect(await page.getByRole('alert').textContent()).toContain(
        '6 demandes, mais 5 accordées + 1 déplacées + 1 refusées = 7',
      );
      expect(await page.getByLabel('Accordées à l’endroit demandé').inputValue()).toBe('5');
      await expectAccessible(page, phone);

      // The demo log already holds Friday's 01 h band on N1: the page says the entry was replaced.
      await page.getByLabel('Accordées à l’endroit demandé').fill('4');
      await Promise.all([page.waitForURL('**/journal?fait=remplace'), page.getByRole('button', { name: 'Enregistrer' }).click()]);
      expect(await page.getByRole('status').textContent()).toContain('elle remplace celle qui existait');
      expect(await page.getByRole('row', { name: /N1 2026-11-27 01 h – 02 h/ }).textContent()).toContain('6');
      await expectAccessible(page, phone);
    } finally {
      await context.close();
    }
  });

  it('the authority’s coordinator reads the statistics on a desktop and downloads the same figures (axe)', async () => {
    const { context, page } = await signedIn(`coordinator.${slug}@demo.invalid`, desktop);
    try {
      await Promise.all([
        page.waitForURL(`**/t/${slug}/espace/descente/statistiques`),
        page.getByRole('link', { name: 'Descente à la demande : statistiques' }).click(),
      ]);
      expect(await page.getByRole('heading', { level: 2, name: 'Par ligne' }).isVisible()).toBe(true);
      expect(await page.getByRole('heading', { level: 2, name: 'Motifs de refus' }).isVisible()).toBe(true);
      const n1 = page.locator('#par_ligne').getByRole('row', { name: /^N1/ });
      const requests = (await n1.locator('td').first().textContent())!;
      expect(Number(requests)).toBeGreaterThan(100);
      await expectAccessible(page, desktop);
      const csv = await page.request.get(`/t/${slug}/espace/descente/statistiques.csv`);
      expect(csv.status()).toBe(200);
      expect(await csv.text()).toMatch(new RegExp(`par_ligne,"GBM-N1","N1[^"]*",${requests},`));
    } finally {
      await context.close();
    }
  });

  it('the authority draws a forbidden zone by tapping the map without JavaScript, each tap where it was made', async () => {
    const { context, page } = await signedIn(`coordinator.${slug}@demo.invalid`, { ...desktop, javaScriptEnabled: false });
    try {
      await page.goto(`/t/${slug}/espace/descente/regles?ligne=${encodeURIComponent('GBM-N1|0')}`);
      const map = page.locator('input.draw-map');
      // The browser sends a tap in the element's own pixels: the map must be shown at the size it was drawn.
      const drawnWidth = Number(await map.getAttribute('width'));
      const shown = (await map.boundingBox())!;
      expect(Math.round(shown.width)).toBe(drawnWidth);
      const vertices = () => page.locator('input[name="vertices"]').inputValue();
      const tap = async (x: number, y: number) => {
        const drawn = page.waitForResponse((r) => r.url().includes('/zones/dessin'));
        await page.locator('input.draw-map').click({ position: { x, y } });
        await drawn;
        await page.waitForLoadState('load');
      };
      await tap(drawnWidth - 20, 20);
      await tap(20, 20);
      const corners = (await vertices()).split(';').map((c) => c.split(',').map(Number));
      expect(corners).toHaveLength(2);
      const [east, west] = corners as [number[], number[]];
      expect(east[0], 'the first tap, on the right of the map, is east of the second').toBeGreaterThan(west[0] as number);
      expect(Math.abs((east[1] as number) - (west[1] as number)), 'both taps at the same height').toBeLessThan(1e-6);
    } finally {
      await context.close();
    }
    // axe runs as a script: the same page, in a browser with JavaScript.
    const withScripts = await signedIn(`coordinator.${slug}@demo.invalid`, desktop);
    try {
      await withScripts.page.goto(`/t/${slug}/espace/descente/regles?ligne=${encodeURIComponent('GBM-N1|0')}`);
      await expectAccessible(withScripts.page, desktop);
    } finally {
      await withScripts.context.close();
    }
  });
});
