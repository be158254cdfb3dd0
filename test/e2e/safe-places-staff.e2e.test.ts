import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { withTenant } from '../../src/db/tenant-transaction.js';
import { inviteVenueReferent } from '../../src/modules/safe-places/venue-operations.js';
import { publicActor } from '../../src/platform/access/actor.js';
import { acceptInvitation } from '../../src/platform/accounts/invitations.js';
import type { Tenant } from '../../src/platform/tenants/tenant-queries.js';
import {
  describeViolations,
  desktop,
  launchBrowser,
  newContext,
  phone,
  seriousAxeViolations,
  skipWithoutBrowser,
} from '../helpers/browser.js';
import { systemContext } from '../helpers/factories.js';
import { createStaff, STAFF_PASSWORD } from '../helpers/staff.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { openDemoDatabase } from '../helpers/test-database.js';

// Issue 4, « done means », on the demo tenant (Besançon, 52 places): the coordinator keeps a
// place's record, reads the coverage map for Saturday 23:00 and prints the partner kit; a partner
// venue, on a phone, confirms its hours and records a help request in three taps.

/** The demo "now" of the data set: Wednesday 2026-11-25, 23:30 in Besançon. */
const NOW = '2026-11-25T22:30:00Z';
const TODAY = '2026-11-25';

const screens = [
  { screen: 'a desktop', options: desktop, place: 'Le Zinc de Battant', newPhone: '03 53 01 09 01' },
  { screen: 'a phone', options: phone, place: 'La Chouette du Quai', newPhone: '03 53 01 09 02' },
];
const VENUE_PLACE = 'Les Trois Tonneaux';

/** The focused element, whether a keyboard user can see it. Runs in the page. */
const focusProbe = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    description: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' « ' + (el.textContent || el.getAttribute('name') || '').replace(/\\s+/g, ' ').trim().slice(0, 50) + ' »',
    visible: el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
  };
})()`;

const isFocused = async (locator: Locator) => (await locator.and(locator.page().locator(':focus')).count()) === 1;

/** Presses Tab until `target` has focus, noting every stop where the focus could not be seen. */
async function tabTo(page: Page, target: Locator, problems: string[], limit = 60) {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    const focus = (await page.evaluate(focusProbe)) as { description: string; visible: boolean; onScreen: boolean } | null;
    if (!focus) problems.push(`${page.url()}: focus went to the page itself`);
    else if (!focus.visible || !focus.onScreen) problems.push(`${page.url()}: ${focus.description} has no visible focus`);
    if (await isFocused(target)) return;
  }
  throw new Error(`${page.url()}: ${limit} presses of Tab never reached ${target}`);
}

/** Replaces a focused text field's value the way a keyboard user does. */
async function retype(page: Page, text: string) {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

describe.skipIf(skipWithoutBrowser('Safe-places staff screens in a browser'))('safe-places staff screens in a browser', () => {
  let database: Database | undefined;
  let testApp: TestApp | undefined;
  let browser: Browser | undefined;
  let baseURL: string;
  let tenant: Tenant;
  let coordinator: { userId: string; email: string };

  beforeAll(async () => {
    browser = await launchBrowser();
    database = await openDemoDatabase();
    testApp = await buildTestApp(database, { now: NOW });
    baseURL = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    tenant = await database.db.selectFrom('tenants').selectAll().where('slug', '=', 'besancon').executeTakeFirstOrThrow();
    coordinator = await createStaff(database.db, tenant, 'coordinator');
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.app.close();
    await database?.close();
  });

  /**
   * A context for one person: axe needs the page's CSP bypassed (script-src 'self' would refuse it).
   * Script errors are collected for a final check.
   */
  async function openContext(options: BrowserContextOptions, scriptProblems: string[]) {
    const context = await newContext(browser!, baseURL, { ...options, bypassCSP: true });
    context.on('page', (page) => {
      page.on('pageerror', (error) => scriptProblems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') scriptProblems.push(`console: ${message.text()}`);
      });
    });
    return context;
  }

  /**
   * No serious or critical axe violation (WCAG 2.1 A and AA), no sideways scrolling (WCAG 1.4.10),
   * and help at hand as the layout promises on every page: 17 and 112 in the header on the first
   * screen (of a freshly loaded page), and the help numbers in the box further down. The quick exit is
   * promised on public pages only (`<Layout sensitive>`): it is checked on the place's public page.
   */
  async function expectAccessible(page: Page, options: BrowserContextOptions) {
    const viewport = options.viewport!;
    const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    expect(width, `${page.url()} is no wider than the screen`).toBeLessThanOrEqual(viewport.width);

    const violations = await seriousAxeViolations(page);
    if (violations.length > 0) console.error(`${page.url()}\n${describeViolations(violations)}`);
    expect(violations.map((v) => v.id)).toEqual([]);

    for (const urgent of ['17', '112']) {
      const link = page.locator('header').getByRole('link', { name: urgent, exact: true });
      expect(await link.getAttribute('href')).toBe(`tel:${urgent}`);
      const box = await link.boundingBox();
      expect(box, `${urgent} is shown`).not.toBeNull();
      expect(box!.y + box!.height, `${urgent} on the first screen of ${page.url()}`).toBeLessThanOrEqual(viewport.height);
    }
    const help = page.getByRole('complementary', { name: 'Urgences : appelez' });
    expect(await help.getByRole('link').count()).toBeGreaterThanOrEqual(7);
    for (const number of ['17', '112', '114', '3919'])
      expect(await help.getByRole('link', { name: new RegExp(`(^|\\D)${number}(\\D|$)`) }).isVisible()).toBe(true);
  }

  /** Signs in through the real sign-in page, with the keyboard alone. */
  async function signIn(page: Page, email: string, options: BrowserContextOptions, focusProblems: string[]) {
    expect((await page.goto('/connexion'))?.status()).toBe(200);
    await expectAccessible(page, options);
    const emailField = page.getByRole('textbox', { name: /^Adresse électronique/ });
    await tabTo(page, emailField, focusProblems);
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    expect(await isFocused(page.getByLabel(/^Mot de passe/)), 'Tab from the e-mail reaches the password').toBe(true);
    await page.keyboard.type(STAFF_PASSWORD);
    await Promise.all([page.waitForURL(`**/t/${tenant.slug}/espace/`), page.keyboard.press('Enter')]);
    expect(await heading(page)).toBe(`Espace de ${tenant.name}`);
    await expectAccessible(page, options);
  }

  describe.each(screens)('the coordinator on $screen', ({ options, place, newPhone }) => {
    let context: BrowserContext;
    let page: Page;
    let placeURL = '';
    const focusProblems: string[] = [];
    const scriptProblems: string[] = [];

    beforeAll(async () => {
      context = await openContext(options, scriptProblems);
      page = await context.newPage();
    });
    afterAll(async () => {
      await context?.close();
    });

    it('signs in and opens the network’s places, then a place', async () => {
      await signIn(page, coordinator.email, options, focusProblems);
      await Promise.all([
        page.waitForURL(`**/t/${tenant.slug}/espace/lieux`),
        page.getByRole('link', { name: 'Lieux sûrs', exact: true }).click(),
      ]);
      expect(await heading(page)).toBe('Lieux sûrs du réseau');
      // The demo network: 52 active places.
      expect(await page.getByRole('heading', { level: 3, name: /^Actif/ }).textContent()).toMatch(/\(52\)$/);
      await expectAccessible(page, options);

      await Promise.all([
        page.waitForURL(`**/t/${tenant.slug}/espace/lieux/*`),
        page.getByRole('link', { name: place, exact: true }).click(),
      ]);
      expect(await heading(page)).toBe(place);
      placeURL = page.url();
      await expectAccessible(page, options);
    });

    it('changes the place’s phone with the keyboard alone, and sees it saved (also on the public page)', async () => {
      expect(placeURL, 'the place of the previous step').not.toBe('');
      const phoneField = page.getByRole('textbox', { name: 'Téléphone', exact: true });
      await tabTo(page, phoneField, focusProblems);
      await retype(page, newPhone);
      // Enter in a text field submits its form.
      // Post/redirect/get: the form's answer sends the browser back to the place's page.
      const saved = page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === placeURL);
      await Promise.all([page.waitForURL(`${placeURL}?fait=1`), page.keyboard.press('Enter')]);
      expect((await saved).status()).toBe(303);
      expect((await page.getByRole('status').textContent())?.trim()).toBe('Modification enregistrée.');
      expect(await page.getByRole('textbox', { name: 'Téléphone', exact: true }).inputValue()).toBe(newPhone);
      await expectAccessible(page, options);

      // The public page of the place (the sticker's QR code leads there) shows the new number at once,
      // with the quick exit on the first screen, as on every public page for people in trouble.
      const id = placeURL.split('/').at(-1);
      const visitor = await context.newPage();
      expect((await visitor.goto(`/t/${tenant.slug}/angela/lieux/${id}`))?.status()).toBe(200);
      expect(await visitor.getByRole('link', { name: newPhone }).getAttribute('href')).toBe(`tel:${newPhone.replace(/ /g, '')}`);
      const quickExit = visitor.getByRole('link', { name: 'Quitter rapidement', exact: true });
      const box = await quickExit.boundingBox();
      expect(box, 'the quick exit is shown').not.toBeNull();
      expect(box!.y + box!.height).toBeLessThanOrEqual(options.viewport!.height);
      expect(box!.height).toBeGreaterThanOrEqual(44);
      await expectAccessible(visitor, options);
      await visitor.close();
    });

    it('confirms the place’s hours today', async () => {
      await page.getByRole('button', { name: 'Confirmer les horaires aujourd’hui' }).click();
      await page.getByRole('status').waitFor();
      expect(await page.getByText(`Horaires confirmés le ${TODAY}`).count()).toBe(1);
      await expectAccessible(page, options);
    });

    it('downloads the partner kit: a PDF', async () => {
      const link = page.getByRole('link', { name: /^Kit du lieu partenaire/ });
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toMatch(/^kit-[0-9a-f-]{36}\.pdf$/);
      const bytes = await readFile(await download.path());
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.length).toBeGreaterThan(1000);
      // The same address, as the browser fetches it with the coordinator's session.
      const response = await context.request.get((await link.getAttribute('href'))!);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe('application/pdf');
    });

    it('reads the coverage map for Saturday 23:00 through its form, with the keyboard', async () => {
      await page.goto(`/t/${tenant.slug}/espace/lieux`);
      await Promise.all([
        page.waitForURL('**/espace/lieux/couverture'),
        page.getByRole('link', { name: 'Couverture du réseau', exact: true }).click(),
      ]);
      expect(await heading(page)).toBe('Couverture du réseau');
      await expectAccessible(page, options);

      const share = async () => {
        const text = (await page.getByText(/% de la population à moins de 500 m/).textContent()) ?? '';
        return Number(/^([\d.]+) %/.exec(text)?.[1]);
      };
      /** Chooses a day and an hour with the keyboard, and submits with Space on the button. */
      const show = async (day: string, time: string) => {
        await tabTo(page, page.getByRole('combobox', { name: 'Jour' }), focusProblems);
        // Typing the start of an option chooses it, as on any native select.
        await page.keyboard.type(day);
        expect(await page.getByRole('combobox', { name: 'Jour' }).inputValue()).toBe(day);
        await page.keyboard.press('Tab');
        expect(await isFocused(page.getByRole('textbox', { name: 'Heure (HH:MM)' })), 'then the hour').toBe(true);
        await retype(page, time);
        await page.keyboard.press('Tab');
        expect(await isFocused(page.getByRole('button', { name: 'Afficher' })), 'then the button').toBe(true);
        await Promise.all([
          page.waitForURL(`**/couverture?jour=${day}&heure=${encodeURIComponent(time)}`),
          page.keyboard.press('Space'),
        ]);
      };

      await show('mardi', '05:00');
      const tuesdayDawn = await share();
      await show('samedi', '23:00');
      const saturdayNight = await share();
      expect(saturdayNight).toBeGreaterThan(0);
      expect(saturdayNight, 'more of the town is covered on Saturday night than on Tuesday at 5').toBeGreaterThan(tuesdayDawn);
      // How the share was reckoned, in words; and the map itself, named for screen readers.
      expect(await page.getByText('Population répartie uniformément sur la surface de la commune (estimation)').isVisible()).toBe(
        true,
      );
      expect(await page.getByRole('img', { name: 'Couverture du réseau' }).isVisible()).toBe(true);
      await expectAccessible(page, options);
    });

    it('showed a visible focus at every stop, and logged no script error', () => {
      expect(focusProblems).toEqual([]);
      expect(scriptProblems).toEqual([]);
    });
  });

  describe('the partner venue on a phone', () => {
    let context: BrowserContext;
    let page: Page;
    let placeId: string;
    let venueEmail: string;
    const focusProblems: string[] = [];
    const scriptProblems: string[] = [];

    beforeAll(async () => {
      // The coordinator invited the venue's referent (the coordinator's side is tested above and in
      // venue.test.ts); the referent accepted the mailed link.
      const db = database!.db;
      placeId = (
        await withTenant(db, tenant.id, (tx) =>
          tx.selectFrom('safe_places').select('id').where('name', '=', VENUE_PLACE).executeTakeFirstOrThrow(),
        )
      ).id;
      const ctx = systemContext(db, tenant, testApp!.clock);
      const invited = await inviteVenueReferent(ctx, { placeId, email: 'gerant@trois-tonneaux.test', publicUrl: baseURL });
      venueEmail = invited.email;
      await acceptInvitation(
        { ...ctx, actor: publicActor },
        { token: new URL(invited.link).searchParams.get('jeton') as string, displayName: 'Gérant', password: STAFF_PASSWORD },
      );
      context = await openContext(phone, scriptProblems);
      page = await context.newPage();
    });
    afterAll(async () => {
      await context?.close();
    });

    /** The box a thumb has to hit: at least 44 × 44 CSS px (WCAG 2.5.5). */
    async function expectThumbSized(target: Locator, what: string) {
      const box = await target.boundingBox();
      expect(box, `${what} is shown`).not.toBeNull();
      expect(box!.height, `${what}: height`).toBeGreaterThanOrEqual(44);
      expect(box!.width, `${what}: width`).toBeGreaterThanOrEqual(44);
    }

    it('signs in and sees its own place only', async () => {
      await signIn(page, venueEmail, phone, focusProblems);
      const mine = page.getByRole('link', { name: 'Mon lieu', exact: true });
      await expectThumbSized(mine, '« Mon lieu »');
      await Promise.all([page.waitForURL(`**/t/${tenant.slug}/espace/mon-lieu`), mine.tap()]);
      expect(await heading(page)).toBe('Mon lieu');
      expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toContain(VENUE_PLACE);
      expect(await page.getByRole('region').count()).toBe(1);
      await expectAccessible(page, phone);
    });

    it('confirms its hours', async () => {
      const region = page.getByRole('region', { name: VENUE_PLACE });
      const confirm = region.getByRole('checkbox', { name: 'Je confirme que ces horaires sont à jour' });
      expect(await confirm.isChecked()).toBe(false);
      await region.getByText('Je confirme que ces horaires sont à jour').tap();
      expect(await confirm.isChecked()).toBe(true);
      const save = region.getByRole('button', { name: 'Enregistrer', exact: true });
      await expectThumbSized(save, '« Enregistrer »');
      await Promise.all([page.waitForURL('**/mon-lieu?fait=venue.saved'), save.tap()]);
      expect((await page.getByRole('status').textContent())?.trim()).toBe('Modification enregistrée.');
      expect(await page.getByText(`Horaires confirmés le ${TODAY}`).count()).toBe(1);
      await expectAccessible(page, phone);
    });

    it('records a help request in three taps: the situation, what was done, the button', async () => {
      const region = page.getByRole('region', { name: VENUE_PLACE });
      const situation = region.getByRole('radio', { name: 'Personne suivie' });
      const action = region.getByRole('checkbox', { name: 'Mise à l’abri' });
      const record = region.getByRole('button', { name: 'Enregistrer la demande' });
      // A choice is tapped on its label (the box itself is 24 px): the label is what a thumb must hit.
      for (const label of ['Personne suivie', 'Mise à l’abri'])
        await expectThumbSized(region.locator('label', { hasText: label }), `the « ${label} » label`);
      await expectThumbSized(record, '« Enregistrer la demande »');

      await region.locator('label', { hasText: 'Personne suivie' }).tap();
      await region.locator('label', { hasText: 'Mise à l’abri' }).tap();
      expect(await situation.isChecked()).toBe(true);
      expect(await action.isChecked()).toBe(true);
      await Promise.all([page.waitForURL('**/mon-lieu?fait=venue.recorded'), record.tap()]);
      // Reloading the confirmation records nothing more.
      await page.reload();

      expect((await page.getByRole('status').textContent())?.trim()).toBe('Demande enregistrée. Merci.');
      await expectAccessible(page, phone);
      const stored = await withTenant(database!.db, tenant.id, (tx) =>
        tx.selectFrom('safe_place_help_requests').select(['place_id', 'situation', 'actions']).execute(),
      );
      expect(stored).toEqual([{ place_id: placeId, situation: 'followed', actions: ['sheltered'] }]);
    });

    it('logged no script error, and the focus was visible on the way to the sign-in form', () => {
      expect(focusProblems).toEqual([]);
      expect(scriptProblems).toEqual([]);
    });
  });
});
