import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../src/platform/demo/demo-tenants.js';
import { emergencyNumbers } from '../../src/platform/emergency-numbers.js';
import { newContext } from './browser.js';
import { expectAccessible } from './browser-app.js';

/** A staff member signed in through the sign-in page, on a fresh context that axe can run in. */
export async function signedIn(
  browser: Browser,
  baseURL: string,
  email: string,
  options: BrowserContextOptions,
  password = DEMO_PASSWORD,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, baseURL, { ...options, bypassCSP: true });
  const page = await context.newPage();
  await page.goto('/connexion');
  await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill(email);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await Promise.all([page.waitForURL('**/espace/'), page.getByRole('button', { name: /Se connecter/ }).click()]);
  return { context, page };
}

/**
 * axe runs as a script in the page: a page seen without JavaScript is checked again, at the same address, in
 * `checker` (a context of the same screen where scripts run).
 */
export async function expectAccessibleWithoutScript(seen: Page, checker: BrowserContext) {
  const page = await checker.newPage();
  try {
    await page.goto(seen.url());
    await expectAccessible(page);
  } finally {
    await page.close();
  }
}

/** Every emergency number of DESIGN.md, as a link that calls (or texts, for 114) it. */
export async function expectEmergencyNumbers(page: Page) {
  for (const n of emergencyNumbers) {
    const href = `${n.channel === 'sms' ? 'sms' : 'tel'}:${n.number}`;
    expect(await page.locator(`aside.emergency a[href="${href}"]`).count(), `${page.url()} offers ${href}`).toBe(1);
  }
}
