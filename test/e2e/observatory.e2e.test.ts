import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { desktop, newContext, phone, skipWithoutBrowser } from '../helpers/browser.js';
import { expectAccessible, withBrowserApp } from '../helpers/browser-app.js';

// Issue 11, the dashboards: Lyon's coordinator reads recorded crime against 2019 beside the platform's figures,
// chooses another year without JavaScript, and a resident reads the public dashboard on a phone.

describe.skipIf(skipWithoutBrowser('Observatory dashboards in a browser'))('observatory dashboards in a browser', () => {
  let browser: Browser | undefined;
  let baseURL: string;
  withBrowserApp((opened) => ({ browser, baseURL } = opened), { now: '2026-11-26T10:00:00Z' });

  it('the staff dashboard shows the caveats, the series break and the targets, and is accessible (axe)', async () => {
    const context = await newContext(browser as Browser, baseURL, { ...desktop, bypassCSP: true });
    const page = await context.newPage();
    try {
      await page.goto('/connexion');
      await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill('coordinator.lyon@demo.invalid');
      await page.getByLabel(/^Mot de passe/).fill('quietude-demo');
      await Promise.all([page.waitForURL('**/t/lyon/espace/'), page.keyboard.press('Enter')]);
      await page.goto('/t/lyon/espace/observatoire');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Observatoire de la tranquillité publique');
      await expect(page.getByRole('heading', { name: 'À lire avant les chiffres' }).isVisible()).resolves.toBe(true);
      await expect(page.locator('[data-series-break="2025"]').first().isVisible()).resolves.toBe(true);
      await expect(page.getByText('-10 % de violences physiques hors cadre familial').first().isVisible()).resolves.toBe(true);
      // The map by territory (Lyon's arrondissements) with its legend and table, checked by axe with the rest.
      await expect(page.locator('[data-map="carte-signalements"] svg title').first().textContent()).resolves.toContain(
        'Signalements par territoire',
      );
      await expect(page.locator('[data-map="carte-signalements"] tr[data-map-area="69381"]').count()).resolves.toBe(1);
      await expectAccessible(page, desktop);
      // The year form is a plain GET form.
      await page.getByLabel('Année affichée').fill('2023');
      await Promise.all([
        page.waitForURL('**/observatoire?**annee=2023**'),
        page.getByRole('button', { name: 'Afficher' }).click(),
      ]);
      await expect(page.locator('[data-indicator="destructions-degradations"] caption').first().textContent()).resolves.toContain(
        '2023',
      );
    } finally {
      await context.close();
    }
  });

  it('the public dashboard works without JavaScript on a phone and is accessible (axe)', async () => {
    const context = await newContext(browser as Browser, baseURL, { ...phone, javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto('/t/lyon/observatoire');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Observatoire : les chiffres publiés');
      await expect(page.locator('[data-indicator="violences-physiques-hors-famille"]').count()).resolves.toBe(1);
      // Not published by Lyon: not shown.
      await expect(page.locator('[data-indicator="usage-stupefiants"]').count()).resolves.toBe(0);
      await expect(page.getByRole('link', { name: 'Les chiffres publiés en CSV' }).isVisible()).resolves.toBe(true);
      await expect(page.locator('[data-map="carte-signalements"] svg[role="img"]').isVisible()).resolves.toBe(true);
    } finally {
      await context.close();
    }
    // axe needs scripts in the page: the same page, JavaScript on.
    const axeContext = await newContext(browser as Browser, baseURL, { ...phone, bypassCSP: true });
    const axePage = await axeContext.newPage();
    try {
      await axePage.goto('/t/lyon/observatoire');
      await expectAccessible(axePage, phone);
    } finally {
      await axeContext.close();
    }
  });
});
