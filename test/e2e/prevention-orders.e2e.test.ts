import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeViolations, newContext, seriousAxeViolations, skipWithoutBrowser } from '../helpers/browser.js';
import { withBrowserApp } from '../helpers/browser-app.js';

// A young person in Vandœuvre-lès-Nancy, inside the demo order's perimeter, on Friday 27 November 2026 at 23:00.
const inPerimeter = { latitude: 48.6567, longitude: 6.1711 };
const path = '/t/vandoeuvre-les-nancy/arretes';

describe.skipIf(skipWithoutBrowser('Orders page in a browser'))('« Est-ce interdit ici, maintenant ? » on a phone', () => {
  let browser: Browser | undefined;
  let baseURL: string;

  withBrowserApp((opened) => ({ browser, baseURL } = opened), { now: '2026-11-27T22:00:00Z' });

  it('works without JavaScript: the orders in force with their text, and a clear message without a place', async () => {
    const context = await newContext(browser as Browser, baseURL, { javaScriptEnabled: false, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(path);
    expect(await page.getByRole('button', { name: 'Utiliser ma position' }).isVisible()).toBe(false);
    await expect(page.locator('main').textContent()).resolves.toContain('2025-DEMO-117');
    expect(await page.getByRole('link', { name: 'Lire le texte publié (PDF)' }).first().isVisible()).toBe(true);
    await page.getByLabel('Date et heure (laisser vide : maintenant)').fill('2026-11-27T23:00');
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Indiquez une adresse ou utilisez votre position');
    expect(page.url()).not.toMatch(/lat=|lon=/);
    await context.close();
  });

  it('with the phone’s location, says the nitrous-oxide order applies here and now, with its text, and is accessible', async () => {
    const context = await newContext(browser as Browser, baseURL, {
      geolocation: inPerimeter,
      permissions: ['geolocation'],
      bypassCSP: true,
    });
    const page = await context.newPage();
    await page.goto(path);
    await page.getByRole('button', { name: 'Utiliser ma position' }).click();
    const answer = page.getByRole('region', { name: /Oui : à cet endroit et à cette heure/ });
    await answer.waitFor();
    // The location went in the body of a POST: the address bar shows none.
    expect(page.url()).not.toMatch(/lat|lon/);
    const text = (await answer.textContent()) ?? '';
    expect(text).toContain('protoxyde d’azote');
    expect(text).toContain('Interdit : détention, usage');
    expect(text).toContain('toute la journée');
    expect(text).toContain('Seul le texte publié fait foi.');
    expect(await answer.getByRole('link', { name: 'Lire le texte publié (PDF)' }).isVisible()).toBe(true);
    expect(await page.locator('header').getByRole('link', { name: '17', exact: true }).isVisible()).toBe(true);
    const violations = await seriousAxeViolations(page);
    if (violations.length > 0) console.error(describeViolations(violations));
    expect(violations.map((v) => v.id)).toEqual([]);
    await context.close();
  });
});
