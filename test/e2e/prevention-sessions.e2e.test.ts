import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openEvaluation } from '../../src/modules/prevention/sessions/evaluation-operations.js';
import { recordSession } from '../../src/modules/prevention/sessions/record-session.js';
import { ManualClock } from '../../src/platform/clock/clock.js';
import { findTenantBySlug, type Tenant } from '../../src/platform/tenants/tenant-queries.js';
import { desktop, newContext, phone, skipWithoutBrowser } from '../helpers/browser.js';
import { expectAccessible, withBrowserApp } from '../helpers/browser-app.js';
import { systemContext } from '../helpers/factories.js';

// Friday 27 November 2026, 11:00 in Strasbourg: the session of the day before is being evaluated.
const NOW = '2026-11-27T10:00:00Z';
const slug = 'strasbourg';
let code = '';

describe.skipIf(skipWithoutBrowser('Prevention sessions in a browser'))('prevention sessions: evaluation and calendar', () => {
  let browser: Browser | undefined;
  let baseURL: string;

  withBrowserApp((opened) => ({ browser, baseURL } = opened), {
    now: NOW,
    async prepare(database) {
      const tenant = (await findTenantBySlug(database.db, slug)) as Tenant;
      const ctx = systemContext(database.db, tenant, new ManualClock(new Date(NOW)));
      const programme = await database.db
        .selectFrom('prevention_programmes')
        .select('id')
        .where('tenant_id', '=', tenant.id)
        .executeTakeFirstOrThrow();
      const session = await recordSession(ctx, {
        programmeId: programme.id,
        startsAt: '2026-11-26T14:00',
        placeKind: 'youth_centre',
        placeName: 'Centre socioculturel de la Meinau (démo)',
        audienceLevel: '15-17 ans',
        reached: '18',
        otherFacilitators: 'Médiateurs de la ville',
        theme: 'Respect et consentement',
      });
      ({ code } = await openEvaluation(ctx, session.id));
    },
  });

  it('a participant answers on a phone, without JavaScript, from the code on the board (axe)', async () => {
    const context = await newContext(browser as Browser, baseURL, { ...phone, javaScriptEnabled: false, bypassCSP: true });
    const page = await context.newPage();
    try {
      await page.goto(`/t/${slug}/avis`);
      await page.getByLabel('Code de la séance').fill(`${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`.toLowerCase());
      await Promise.all([page.waitForURL(`**/t/${slug}/avis/${code}`), page.getByRole('button', { name: 'Continuer' }).click()]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Votre avis sur la séance');
      await expect(page.locator('main').textContent()).resolves.toContain('Respect et consentement');
      expect(await page.locator('script:not([src$="quick-exit.js"])').count()).toBe(0);
      const question = (name: string) => page.getByRole('group', { name });
      await question('J’ai appris quelque chose.').getByLabel('Tout à fait d’accord').check();
      await question('Je sais à qui m’adresser si j’en ai besoin.').getByLabel('Plutôt d’accord').check();
      await question('Je me suis senti·e respecté·e pendant la séance.').getByLabel('Tout à fait d’accord').check();
      await question('Dans l’ensemble, cette séance m’a été utile.').getByLabel('Plutôt pas d’accord').check();
      await page.getByLabel('Un commentaire ? (facultatif)').fill('Les exemples étaient clairs.');
      await Promise.all([
        page.waitForURL(`**/t/${slug}/avis/merci`),
        page.getByRole('button', { name: 'Envoyer mon avis' }).click(),
      ]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Merci pour votre avis !');
    } finally {
      await context.close();
    }
    // axe needs JavaScript: the same pages, checked on the same phone with it.
    const checked = await newContext(browser as Browser, baseURL, { ...phone, bypassCSP: true });
    const again = await checked.newPage();
    try {
      for (const path of [`/t/${slug}/avis`, `/t/${slug}/avis/${code}`, `/t/${slug}/avis/merci`]) {
        await again.goto(path);
        await expectAccessible(again, phone);
      }
      // The form with its problems named (an answer sent out of the scale is refused).
      await again.goto(`/t/${slug}/avis/${code}`);
      await again.evaluate(`for (const r of document.querySelectorAll('input[type=radio]')) { r.required = false; }`);
      await again.getByRole('button', { name: 'Envoyer mon avis' }).click();
      await again.getByRole('alert').waitFor();
      expect(await again.getByRole('alert').textContent()).toContain('choisissez une réponse');
      await expectAccessible(again, phone);
    } finally {
      await checked.close();
    }
  });

  it('the coordinator finds the sessions in the month’s calendar and reads an evaluation’s protected results (axe)', async () => {
    const context = await newContext(browser as Browser, baseURL, { ...desktop, bypassCSP: true });
    const page = await context.newPage();
    try {
      await page.goto('/connexion');
      await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill(`coordinator.${slug}@demo.invalid`);
      await page.getByLabel(/^Mot de passe/).fill('quietude-demo');
      await Promise.all([page.waitForURL(`**/t/${slug}/espace/`), page.keyboard.press('Enter')]);
      await page.goto(`/t/${slug}/espace/prevention/calendrier?mois=2026-11`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Calendrier des séances — novembre 2026');
      expect(await page.getByRole('heading', { name: 'jeudi 26 novembre' }).isVisible()).toBe(true);
      await expectAccessible(page, desktop);
      // The personal feed's link, shown once.
      await page.getByRole('button', { name: 'Créer mon lien d’abonnement' }).click();
      expect(await page.getByLabel(/Votre lien d’abonnement/).inputValue()).toMatch(/\/prevention\/calendrier\/[\w-]{43}\.ics$/);
      await expectAccessible(page, desktop);
      // Yesterday's session: a new code for its evaluation, with its link and QR code.
      await Promise.all([
        page.waitForURL('**/espace/prevention/seances/*'),
        page.getByRole('link', { name: 'Respect et consentement' }).click(),
      ]);
      await page.getByRole('button', { name: 'Créer un nouveau code' }).click();
      await page.locator('#evaluation-code').waitFor();
      expect(await page.getByRole('img', { name: 'Code QR du lien' }).isVisible()).toBe(true);
      await expectAccessible(page, desktop);
      await page.goto(`/t/${slug}/espace/prevention/calendrier?mois=2026-11`);
      // The demo session with evaluations was in October.
      await Promise.all([
        page.waitForURL('**/calendrier?mois=2026-10'),
        page.getByRole('link', { name: /Mois précédent/ }).click(),
      ]);
      await Promise.all([
        page.waitForURL('**/espace/prevention/seances/*'),
        page.getByRole('link', { name: 'Harcèlement et cyberharcèlement LGBTIphobes' }).click(),
      ]);
      const results = page.getByRole('table', { name: 'Résultats' });
      expect(await results.getByRole('row', { name: /J’ai appris quelque chose/ }).textContent()).toContain('secret stat.');
      await expect(page.locator('#evaluation-answers').textContent()).resolves.toBe('Réponses reçues : 23.');
      await expectAccessible(page, desktop);
    } finally {
      await context.close();
    }
  });
});
