import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, skipWithoutBrowser } from '../helpers/browser.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { openDemoDatabase } from '../helpers/test-database.js';

// A rider on N1 towards Palente, between Rivotte and Chaprais, on a Wednesday at 22:30, on a phone.
const betweenRivotteAndChaprais = {
  latitude: 47.238 + 320 / 111_195,
  longitude: 6.0243 + 1250 / (111_195 * Math.cos((47.238 * Math.PI) / 180)),
};

async function expectAccessible(page: Page) {
  const violations = await seriousAxeViolations(page);
  if (violations.length > 0) console.error(`${page.url()}\n${describeViolations(violations)}`);
  expect(violations.map((v) => v.id)).toEqual([]);
  const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  expect(width, 'no sideways scrolling on a phone').toBeLessThanOrEqual(page.viewportSize()!.width);
}

/** Taps the line's map halfway between Rivotte and Chaprais (the 8th and 9th stops drawn), and waits for the answer. */
async function tapBetweenRivotteAndChaprais(page: Page) {
  const map = page.locator('input.tap-map');
  const svg = await (await page.request.get((await map.getAttribute('src')) as string)).text();
  const stops = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="3"/g)].map((m) => [Number(m[1]), Number(m[2])]);
  const [rivotte, chaprais] = [stops[7]!, stops[8]!];
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    map.click({ position: { x: (rivotte[0]! + chaprais[0]!) / 2, y: (rivotte[1]! + chaprais[1]!) / 2 } }),
  ]);
  await page.waitForLoadState('load');
  await page.getByRole('heading', { name: 'Oui, c’est possible' }).waitFor();
  expect(await page.getByRole('status').first().textContent()).toContain(
    'Entre les arrêts « Rivotte » et « Chaprais Mairie annexe ».',
  );
}

describe.skipIf(skipWithoutBrowser('Night stops rider page in a browser'))('descente à la demande on a phone', () => {
  let database: Database | undefined;
  let testApp: TestApp | undefined;
  let browser: Browser | undefined;
  let baseURL: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    database = await openDemoDatabase();
    testApp = await buildTestApp(database, { now: '2026-12-02T21:30:00Z' });
    baseURL = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await browser?.close();
    await testApp?.app.close();
    await database?.close();
  });

  it('without JavaScript: from the city’s address, tonight’s sections in words, then an address checked', async () => {
    const context = await newContext(browser as Browser, baseURL, { javaScriptEnabled: false, bypassCSP: true });
    const page = await context.newPage();
    await page.goto('/t/besancon/descente');
    expect(new URL(page.url()).pathname).toBe('/t/grand-besancon-metropole/descente');
    expect(await page.getByRole('button', { name: 'Utiliser ma position' }).isVisible()).toBe(false);
    await expect(page.getByText('Entre « Chamars » et « Palente Terminus », de 22:00 à 01:30').count()).resolves.toBe(1);
    await page.getByLabel('Ligne et sens').selectOption({ label: 'Ligne N1 → Palente Terminus' });
    await page.getByLabel('Adresse où vous voulez descendre').fill('40 rue de Belfort, Besançon');
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await page.getByRole('heading', { name: /^(Oui, c’est possible|Pas à cet endroit)$/ }).waitFor();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Entre les arrêts');
    expect(page.url()).not.toMatch(/lat|lon|Belfort/);
    // Then a tap on the line's map, which the browser sends as the tap's place in the map's pixels.
    await tapBetweenRivotteAndChaprais(page);
    expect(page.url()).not.toMatch(/carte|lat|lon/);
    // axe runs in the page's JavaScript: the same pages are checked in the next test.
    await context.close();
  });

  it('with the phone’s location: « possible ici à partir de 22:00 », the point on the line’s map', async () => {
    const context = await newContext(browser as Browser, baseURL, {
      geolocation: betweenRivotteAndChaprais,
      permissions: ['geolocation'],
      bypassCSP: true,
    });
    const page = await context.newPage();
    await page.goto('/t/grand-besancon-metropole/descente');
    await expectAccessible(page);
    await page.getByLabel('Ligne et sens').selectOption({ label: 'Ligne N1 → Palente Terminus' });
    await page.getByRole('button', { name: 'Utiliser ma position' }).click();
    await page.getByRole('heading', { name: 'Oui, c’est possible' }).waitFor();
    const answer = await page.getByRole('status').textContent();
    expect(answer).toContain('Possible ici à partir de 22:00 — prévenez le conducteur au moins un arrêt avant.');
    expect(answer).toContain('Entre les arrêts « Rivotte » et « Chaprais Mairie annexe ».');
    expect(await page.getByRole('img', { name: /Plan de la ligne/ }).count()).toBe(1);
    expect(page.url()).not.toMatch(/lat|lon/);
    await expectAccessible(page);
    // With JavaScript the tap is read by the page's script, in the map's own pixels.
    await tapBetweenRivotteAndChaprais(page);
    await expectAccessible(page);
    await context.close();
  });
});
