import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, skipWithoutBrowser } from '../helpers/browser.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { openDemoDatabase } from '../helpers/test-database.js';

// A person near Besançon's town hall on a Saturday at 23:00, on a phone.
const townHall = { latitude: 47.238, longitude: 6.0243 };
const saturdayNight = '2026-11-28T23:00:00+01:00';

describe.skipIf(skipWithoutBrowser('Safe-places finder in a browser'))('« Où est Angela ? » finder on a phone', () => {
  let database: Database | undefined;
  let testApp: TestApp | undefined;
  let browser: Browser | undefined;
  let baseURL: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    database = await openDemoDatabase();
    testApp = await buildTestApp(database);
    baseURL = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await browser?.close();
    await testApp?.app.close();
    await database?.close();
  });

  it('works without JavaScript: no locate button, and a clear message when no location is given', async () => {
    const context = await newContext(browser as Browser, baseURL, { javaScriptEnabled: false, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`/t/besancon/angela?at=${encodeURIComponent(saturdayNight)}`);
    expect(await page.getByRole('button', { name: 'Utiliser ma position' }).isVisible()).toBe(false);
    await page.getByLabel('Ou tapez une adresse').fill('');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Indiquez votre position');
    expect(page.url()).not.toMatch(/lat=|lon=/);
    await context.close();
  });

  it('finds the nearest open places with the browser’s location, and is accessible', async () => {
    const context = await newContext(browser as Browser, baseURL, {
      geolocation: townHall,
      permissions: ['geolocation'],
      bypassCSP: true,
    });
    const page = await context.newPage();
    await page.goto(`/t/besancon/angela?at=${encodeURIComponent(saturdayNight)}`);
    const locate = page.getByRole('button', { name: 'Utiliser ma position' });
    await locate.click();
    await page.getByRole('heading', { name: 'Lieux ouverts les plus proches' }).waitFor();
    // The location went in the body of a POST: the address bar shows none.
    expect(page.url()).not.toMatch(/lat|lon/);
    const results = page.getByRole('region', { name: 'Lieux ouverts les plus proches' });
    const items = results.getByRole('listitem');
    expect(await items.count()).toBeGreaterThanOrEqual(5);
    await expect(items.first().textContent()).resolves.toMatch(/à vol d’oiseau/);
    expect(await page.locator('header').getByRole('link', { name: '17', exact: true }).isVisible()).toBe(true);
    const violations = await seriousAxeViolations(page);
    if (violations.length > 0) console.error(describeViolations(violations));
    expect(violations.map((v) => v.id)).toEqual([]);
    await context.close();
  });
});
