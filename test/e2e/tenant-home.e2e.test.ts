import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import type { Tenant } from '../../src/platform/tenants/tenant-queries.js';
import {
  describeViolations,
  launchBrowser,
  newContext,
  phone,
  seriousAxeViolations,
  skipWithoutBrowser,
} from '../helpers/browser.js';
import { createTenant } from '../helpers/factories.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { openTestDatabase } from '../helpers/test-database.js';

// What a person in trouble relies on, on a small phone, with and without JavaScript.
const helpLines = [
  { number: '17', href: 'tel:17' },
  { number: '112', href: 'tel:112' },
  { number: '15', href: 'tel:15' },
  { number: '18', href: 'tel:18' },
  { number: '114', href: 'sms:114' },
  { number: '119', href: 'tel:119' },
  { number: '3919', href: 'tel:3919' },
];

const words = {
  fr: { quickExit: 'Quitter rapidement', skip: 'Aller au contenu', listening: /écoute/ },
  en: { quickExit: 'Leave quickly', skip: 'Skip to content', listening: /listening line/ },
};

describe.skipIf(skipWithoutBrowser('Tenant home in a browser'))('tenant home page in a browser, on a phone', () => {
  let database: Database | undefined;
  let testApp: TestApp | undefined;
  let browser: Browser | undefined;
  let baseURL: string;
  let tenant: Tenant;

  beforeAll(async () => {
    browser = await launchBrowser();
    database = await openTestDatabase();
    tenant = await createTenant(database.db, { programmes: ['safe-places', 'reports'] });
    testApp = await buildTestApp(database);
    baseURL = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.app.close();
    await database?.close();
  });

  /**
   * Every help line is one link of the help-numbers box, with the right scheme,
   * that a screen reader names by its number; 17 and 112 are also on the first screen.
   */
  async function expectHelpLines(page: Page, listening: RegExp) {
    const box = page.locator('aside.emergency');
    for (const { number, href } of helpLines) {
      const link = box.getByRole('link', { name: new RegExp(`(^|\\D)${number}(\\D|$)`) });
      expect(await link.count(), `one link for ${number}`).toBe(1);
      expect(await link.getAttribute('href')).toBe(href);
      expect(await link.isVisible()).toBe(true);
    }
    for (const urgent of ['17', '112']) {
      const link = page.locator('header').getByRole('link', { name: urgent, exact: true });
      const position = await link.boundingBox();
      expect(position, `${urgent} on the first screen`).not.toBeNull();
      expect(position!.y + position!.height).toBeLessThanOrEqual(phone.viewport!.height);
      expect(await link.getAttribute('href')).toBe(`tel:${urgent}`);
    }
    const listeningLine = box.getByRole('link', { name: /3919/ });
    expect(await listeningLine.getAttribute('aria-label')).toMatch(listening);
    expect(await listeningLine.textContent()).toMatch(listening);
  }

  async function expectOnFirstScreen(page: Page, name: string) {
    const link = page.getByRole('link', { name, exact: true });
    expect(await link.isVisible(), `« ${name} » visible`).toBe(true);
    const box = await link.boundingBox();
    const viewport = phone.viewport!;
    expect(box, `« ${name} » has a box`).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
    expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
    // A thumb must be able to hit it (WCAG 2.5.5 asks 44 px).
    expect(box!.height).toBeGreaterThanOrEqual(44);
  }

  describe.each([
    { mode: 'with JavaScript', javaScriptEnabled: true },
    { mode: 'without JavaScript', javaScriptEnabled: false },
  ])('$mode', ({ javaScriptEnabled }) => {
    let context: BrowserContext;
    let current: Page | undefined;
    const problems: string[] = [];

    beforeAll(async () => {
      context = await newContext(browser!, baseURL, { javaScriptEnabled });
    });
    afterAll(async () => {
      await context?.close();
    });

    /** A new tab on a page of the app; console errors (a CSP refusal, a script error) are kept. */
    async function visit(path: string): Promise<Page> {
      await current?.close();
      const page = await context.newPage();
      current = page;
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      return page;
    }

    it('names the local authority and offers every help line as a tap-to-call link', async () => {
      const page = await visit(`/t/${tenant.slug}/`);
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(tenant.name);
      await expectHelpLines(page, words.fr.listening);
    });

    it('shows « Quitter rapidement » on the first screen, big enough to tap', async () => {
      const page = await visit(`/t/${tenant.slug}/`);
      await expectOnFirstScreen(page, words.fr.quickExit);
    });

    it('puts the skip link first in the keyboard order', async () => {
      const page = await visit(`/t/${tenant.slug}/`);
      await page.keyboard.press('Tab');
      const focused = page.locator(':focus');
      expect(await focused.textContent()).toBe(words.fr.skip);
      expect(await focused.getAttribute('href')).toBe('#main');
      expect(await focused.isVisible(), 'the skip link shows when focused').toBe(true);
    });

    it('speaks English with ?lang=en', async () => {
      const page = await visit(`/t/${tenant.slug}/?lang=en`);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(tenant.name);
      await expectOnFirstScreen(page, words.en.quickExit);
      await expectHelpLines(page, words.en.listening);
      await page.keyboard.press('Tab');
      expect(await page.locator(':focus').textContent()).toBe(words.en.skip);
    });

    it('leaves for a neutral page when « Quitter rapidement » is tapped', async () => {
      const page = await visit(`/t/${tenant.slug}/`);
      // The request is aborted by newContext: seeing it leave is enough.
      const leaving = page.waitForRequest((request) => request.url().startsWith('https://meteofrance.com/'));
      await page.getByRole('link', { name: words.fr.quickExit, exact: true }).tap();
      await leaving;
    });

    // quick-exit.js adds the Escape key; without JavaScript the link alone must do.
    if (javaScriptEnabled)
      it('leaves on the Escape key', async () => {
        const page = await visit(`/t/${tenant.slug}/`);
        const leaving = page.waitForRequest((request) => request.url().startsWith('https://meteofrance.com/'));
        await page.keyboard.press('Escape');
        await leaving;
      });

    it('logged no script error nor CSP refusal', () => {
      expect(problems).toEqual([]);
    });
  });

  describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
    let context: BrowserContext;

    beforeAll(async () => {
      // The page's CSP (script-src 'self') would refuse the injected axe script.
      context = await newContext(browser!, baseURL, { bypassCSP: true });
    });
    afterAll(async () => {
      await context?.close();
    });

    it.each([
      { lang: 'fr', path: () => `/t/${tenant.slug}/` },
      { lang: 'en', path: () => `/t/${tenant.slug}/?lang=en` },
      { lang: 'fr (accessibility statement)', path: () => '/accessibilite' },
    ])('has no serious or critical violation on the tenant home and the statement ($lang)', async ({ path }) => {
      const page = await context.newPage();
      try {
        await page.goto(path());
        const violations = await seriousAxeViolations(page);
        if (violations.length > 0) console.error(describeViolations(violations));
        expect(violations.map((v) => v.id)).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });
});
