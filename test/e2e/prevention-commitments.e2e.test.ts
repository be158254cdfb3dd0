import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { desktop, newContext, phone, skipWithoutBrowser } from '../helpers/browser.js';
import { expectAccessible, withBrowserApp } from '../helpers/browser-app.js';

// Issue 9, the freedom zone: a Strasbourg resident reads what the city did; its coordinator records evidence; and a
// coordinator in Vandœuvre draws an order's perimeter by tapping the map, without JavaScript.

async function signIn(context: BrowserContext, email: string, slug: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/connexion');
  await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill(email);
  await page.getByLabel(/^Mot de passe/).fill('quietude-demo');
  await Promise.all([page.waitForURL(`**/t/${slug}/espace/`), page.keyboard.press('Enter')]);
  return page;
}

describe.skipIf(skipWithoutBrowser('Freedom zone commitments in a browser'))('freedom zone commitments in a browser', () => {
  let browser: Browser | undefined;
  let baseURL: string;

  withBrowserApp((opened) => ({ browser, baseURL } = opened), { now: '2026-11-27T10:00:00Z', seedAtClock: true });

  it('the public page works on a phone without JavaScript, and is accessible', async () => {
    const context = await newContext(browser!, baseURL, { ...phone, javaScriptEnabled: false, bypassCSP: true });
    const page = await context.newPage();
    try {
      await page.goto('/t/strasbourg/zone-de-liberte');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Zone de liberté LGBTI+ : ce que la ville a fait');
      expect(await page.getByRole('heading', { level: 2, name: 'Intervenir dans les collèges et lycées' }).isVisible()).toBe(
        true,
      );
      const main = (await page.locator('main').textContent()) ?? '';
      expect(main).toContain('7 agents formés sur 12 concernés aujourd’hui (58 %)');
      expect(main).not.toContain('Service responsable');
    } finally {
      await context.close();
    }
    // axe runs as a script: the same page, checked with JavaScript on.
    const checking = await newContext(browser!, baseURL, { ...phone, bypassCSP: true });
    try {
      const page = await checking.newPage();
      await page.goto('/t/strasbourg/zone-de-liberte');
      await expectAccessible(page, phone);
    } finally {
      await checking.close();
    }
  });

  it('the coordinator reads the commitments, adds evidence, and both staff pages are accessible', async () => {
    const context = await newContext(browser!, baseURL, { ...desktop, bypassCSP: true });
    try {
      const page = await signIn(context, 'coordinator.strasbourg@demo.invalid', 'strasbourg');
      await page.goto('/t/strasbourg/espace/prevention/engagements');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Engagements de la zone de liberté LGBTI+');
      await expectAccessible(page, desktop);
      await Promise.all([
        page.waitForURL(/\/engagements\/[0-9a-f-]{36}$/),
        page.getByRole('link', { name: 'Modifier et compléter « Nommer un référent LGBTI+ »' }).click(),
      ]);
      await expectAccessible(page, desktop);
      const form = page.getByRole('form', { name: 'Ajouter une preuve' });
      await form.getByLabel('Ce qui a été fait').fill('Fiche de poste du référent rédigée (test e2e).');
      await Promise.all([page.waitForURL(/fait=preuve/), form.getByRole('button', { name: 'Ajouter une preuve' }).click()]);
      expect(await page.getByRole('status').textContent()).toBe('Preuve ajoutée.');
      await page.goto('/t/strasbourg/zone-de-liberte');
      expect(await page.locator('main').textContent()).toContain('Fiche de poste du référent rédigée (test e2e).');
    } finally {
      await context.close();
    }
  });

  it('an order’s perimeter is drawn by tapping the map, without JavaScript, on an accessible page', async () => {
    const context = await newContext(browser!, baseURL, { ...desktop, javaScriptEnabled: false, bypassCSP: true });
    try {
      const page = await signIn(context, 'coordinator.vandoeuvre-les-nancy@demo.invalid', 'vandoeuvre-les-nancy');
      await page.goto('/t/vandoeuvre-les-nancy/espace/arretes');
      const map = page.getByRole('button', { name: 'Plan de la commune : touchez pour placer un coin du périmètre' });
      for (const [x, y] of [
        [200, 200],
        [280, 200],
        [240, 280],
      ] as const) {
        await Promise.all([page.waitForURL('**/arretes/dessin'), map.click({ position: { x, y } })]);
      }
      expect(await page.getByText(/\(3 placés\)/).isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Fermer le polygone' }).click();
      const perimeter = JSON.parse(await page.getByLabel('Périmètre (GeoJSON, indicatif)').inputValue());
      expect(perimeter.type).toBe('Polygon');
      expect(perimeter.coordinates[0]).toHaveLength(4);
    } finally {
      await context.close();
    }
    // The orders page with its drawing map, checked by axe (a script: JavaScript on).
    const checking = await newContext(browser!, baseURL, { ...desktop, bypassCSP: true });
    try {
      const page = await signIn(checking, 'coordinator.vandoeuvre-les-nancy@demo.invalid', 'vandoeuvre-les-nancy');
      await page.goto('/t/vandoeuvre-les-nancy/espace/arretes');
      await expectAccessible(page, desktop);
    } finally {
      await checking.close();
    }
  });
});
