import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { seedDemo } from '../../src/platform/demo/seed-demo.js';
import { describeViolations, launchBrowser, seriousAxeViolations } from './browser.js';
import { buildTestApp, type TestApp } from './test-app.js';
import { openDemoDatabase, openTestDatabase } from './test-database.js';

export interface BrowserApp {
  browser: Browser;
  database: Database;
  testApp: TestApp;
  baseURL: string;
}

/**
 * Chromium, a database with the demo tenants and the app listening on 127.0.0.1, opened before the file's
 * browser tests and closed after: `withBrowserApp((opened) => ({ browser, database, testApp, baseURL } = opened))`.
 * The demo comes from the demo template, or is seeded at the test clock with `seedAtClock` (for demo data dated
 * from « now »); `prepare` runs before the app listens.
 */
export function withBrowserApp(
  assign: (opened: BrowserApp) => void,
  options: { now?: string; seedAtClock?: boolean; prepare?: (database: Database) => Promise<void> } = {},
) {
  let opened: Partial<BrowserApp> = {};
  beforeAll(async () => {
    opened = { browser: await launchBrowser() };
    opened.database = options.seedAtClock ? await openTestDatabase() : await openDemoDatabase();
    opened.testApp = await buildTestApp(opened.database, { now: options.now });
    if (options.seedAtClock) await seedDemo(opened.database.db, 'development', opened.testApp.clock);
    await options.prepare?.(opened.database);
    opened.baseURL = await opened.testApp.app.listen({ port: 0, host: '127.0.0.1' });
    assign(opened as BrowserApp);
  });
  afterAll(async () => {
    await opened.browser?.close();
    await opened.testApp?.app.close();
    await opened.database?.close();
  });
}

/** No sideways scrolling at the screen's width, and no serious or critical axe violation on the page. */
export async function expectAccessible(page: Page, options?: BrowserContextOptions) {
  const screen = options?.viewport?.width ?? page.viewportSize()?.width ?? 1280;
  const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  expect(width, `${page.url()} is no wider than the screen`).toBeLessThanOrEqual(screen);
  const violations = await seriousAxeViolations(page);
  if (violations.length > 0) console.error(`${page.url()}\n${describeViolations(violations)}`);
  expect(violations.map((v) => v.id)).toEqual([]);
}
