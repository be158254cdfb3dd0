import type { Browser, BrowserContextOptions } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { DEMO_GROUP_NAME } from '../../src/modules/coordination/groups/seed-demo-groups.js';
import { desktop, newContext, phone, skipWithoutBrowser } from '../helpers/browser.js';
import { expectAccessible, withBrowserApp } from '../helpers/browser-app.js';

// Issue 10, « Done means »: on the demo tenant Vandœuvre-lès-Nancy, the coordinator runs a working group that follows
// a place of concern through meetings and actions.

const slug = 'vandoeuvre-les-nancy';

describe.skipIf(skipWithoutBrowser('Working groups in a browser'))('a working group in a browser', () => {
  let database: Database | undefined;
  let browser: Browser | undefined;
  let baseURL: string;

  withBrowserApp((opened) => ({ browser, database, baseURL } = opened));

  async function signedIn(options: BrowserContextOptions) {
    const context = await newContext(browser!, baseURL, { ...options, bypassCSP: true });
    const page = await context.newPage();
    await page.goto('/connexion');
    await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill(`coordinator.${slug}@demo.invalid`);
    await page.getByLabel(/^Mot de passe/).fill('quietude-demo');
    await Promise.all([page.waitForURL(`**/t/${slug}/espace/`), page.keyboard.press('Enter')]);
    return { context, page };
  }

  it('the coordinator opens the group and its place, records an action there, on a desktop and a phone (axe)', async () => {
    const group = await database!.db
      .selectFrom('coordination_groups')
      .select('id')
      .where('name', '=', DEMO_GROUP_NAME)
      .executeTakeFirstOrThrow();
    for (const options of [desktop, phone]) {
      const { context, page } = await signedIn(options);
      await page.goto(`/t/${slug}/espace/coordination/groupes/`);
      await page.getByRole('link', { name: DEMO_GROUP_NAME }).click();
      await page.waitForURL(`**/groupes/${group.id}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(DEMO_GROUP_NAME);
      expect(await page.getByRole('img', { name: /Carte du groupe/ }).isVisible()).toBe(true);
      await expectAccessible(page, options);
      await page.getByRole('link', { name: 'Pied de la tour, allée des Tilleuls (démo)' }).click();
      await page.getByRole('heading', { name: 'Le lieu s’améliore-t-il ?' }).waitFor();
      await expectAccessible(page, options);
      await page.getByLabel('Action', { exact: true }).selectOption('presence');
      await page
        .getByLabel(/^Par \(organisation\)/)
        .fill(options === desktop ? 'Centre social (démo)' : 'Police municipale (démo)');
      await Promise.all([page.waitForURL('**?fait=1'), page.getByRole('button', { name: 'Noter une action' }).click()]);
      expect(await page.getByRole('status').textContent()).toContain('Enregistré');
      expect(await page.locator('main').textContent()).toContain(
        options === desktop ? 'Centre social (démo)' : 'Police municipale (démo)',
      );
      await context.close();
    }
  });
});
