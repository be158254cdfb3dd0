import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { withTenant } from '../../src/db/tenant-transaction.js';
import { requireTenant } from '../../src/platform/tenants/tenant-queries.js';
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, skipWithoutBrowser } from '../helpers/browser.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { openDemoDatabase } from '../helpers/test-database.js';

// A resident on an old phone, JavaScript off, reports a broken bus shelter with a photo taken on the spot.

describe.skipIf(skipWithoutBrowser('Report form in a browser'))('the report form on a phone without JavaScript', () => {
  let database: Database | undefined;
  let testApp: TestApp | undefined;
  let browser: Browser | undefined;
  let baseURL: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    database = await openDemoDatabase();
    testApp = await buildTestApp(database, { now: '2026-11-28T22:00:00Z' });
    baseURL = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await browser?.close();
    await testApp?.app.close();
    await database?.close();
  });

  it('sends a report with a photo, reaches the cleaning service, and is followed with a generic state', async () => {
    const context = await newContext(browser as Browser, baseURL, { javaScriptEnabled: false, bypassCSP: true });
    const page = await context.newPage();
    // axe runs as a script: each page is checked again in a context where scripts run.
    const checker = await newContext(browser as Browser, baseURL, { bypassCSP: true });
    const expectAccessible = async () => {
      const checked = await checker.newPage();
      await checked.goto(page.url());
      const violations = await seriousAxeViolations(checked);
      await checked.close();
      if (violations.length > 0) console.error(describeViolations(violations));
      expect(violations.map((v) => v.id)).toEqual([]);
    };
    await page.goto('/t/besancon/signaler');
    await expect(page.getByText('Ceci n’est pas un appel d’urgence').first().isVisible()).resolves.toBe(true);
    await expectAccessible();
    await page.getByRole('link', { name: /Dégradation, tag, mobilier cassé/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Dégradation, tag, mobilier cassé' }).waitFor();
    // Without JavaScript there is no location button: the address is typed.
    expect(await page.getByRole('button', { name: 'Utiliser ma position' }).isVisible()).toBe(false);
    await expectAccessible();
    await page.getByLabel('Adresse ou lieu').fill('rue Battant');
    await page.getByLabel('Que se passe-t-il ? (facultatif)').fill('Abribus cassé, éclats de verre sur le trottoir.');
    const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#446688' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'PhoneMaker' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '47/1 14/1 17/1' } })
      .toBuffer();
    await page
      .getByLabel('Photos (facultatif, 3 au plus)')
      .setInputFiles({ name: 'abribus.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByText('Témoin', { exact: true }).click();
    await Promise.all([
      page.waitForURL(/\/t\/besancon\/suivi\/[A-Za-z0-9_-]{43}\?nouveau=1$/),
      page.getByRole('button', { name: 'Envoyer le signalement' }).click(),
    ]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Signalement envoyé. Merci.');
    await expect(page.getByText('Reçu', { exact: true }).isVisible()).resolves.toBe(true);
    expect(page.url()).not.toMatch(/lat|lon|Battant/);
    await expectAccessible();

    const tenant = await requireTenant((database as Database).db, 'besancon');
    const stored = await withTenant((database as Database).db, tenant.id, (tx) =>
      tx
        .selectFrom('reports as r')
        .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
        .innerJoin('report_photos as p', 'p.report_id', 'r.id')
        .select(['o.name', 'r.reporter_role', 'p.content'])
        .execute(),
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]?.name).toMatch(/^Service propreté/);
    expect(stored[0]?.reporter_role).toBe('witness');
    expect((await sharp(stored[0]?.content).metadata()).exif).toBeUndefined();
    await context.close();
    await checker.close();
  });
});
