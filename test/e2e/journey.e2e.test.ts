import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { withTenant } from '../../src/db/tenant-transaction.js';
import { DEMO_GROUP_NAME } from '../../src/modules/coordination/groups/seed-demo-groups.js';
import { uaiWithKey } from '../../src/modules/prevention/sessions/seed-demo-sessions.js';
import { submitReport } from '../../src/modules/reports/submit-report.js';
import { publicActor } from '../../src/platform/access/actor.js';
import { demoEmail } from '../../src/platform/demo/demo-tenants.js';
import { requireTenant } from '../../src/platform/tenants/tenant-queries.js';
import { desktop, newContext, phone, skipWithoutBrowser } from '../helpers/browser.js';
import { expectAccessible, withBrowserApp } from '../helpers/browser-app.js';
import { expectAccessibleWithoutScript, expectEmergencyNumbers, signedIn } from '../helpers/browser-steps.js';
import type { TestApp } from '../helpers/test-app.js';

// Issue 12, « One journey across every programme »: on the demo data, a Besançon resident's report of an « outrage
// sexiste » goes from the public form (without JavaScript) to the municipal police's main courante and back to the
// resident as a generic state, and into the observatory's figures; then the other programmes' reports each show
// what their field staff recorded. The steps run in order on one app and share what they found.

const besancon = 'besancon';
const gip = 'gip-mediation-bordeaux';
const strasbourg = 'strasbourg';
const vandoeuvre = 'vandoeuvre-les-nancy';
// Friday 27 November 2026, 22:30 in Besançon: the night buses run, some safe places are open.
const evening = '2026-11-27T21:30:00Z';
// 23:15 the same night: the police have answered.
const later = '2026-11-27T22:15:00Z';
const description = 'Un homme m’a suivie et insultée à l’arrêt de tram Révolution (parcours de test).';
const findings = 'Auteur identifié sur place et verbalisé (parcours de test).';

describe.skipIf(skipWithoutBrowser('The journey across the programmes'))('one journey across every programme', () => {
  let database: Database | undefined;
  let testApp: TestApp | undefined;
  let browser: Browser | undefined;
  let baseURL: string;
  // The demo is seeded at the test's clock (its reports, rounds and sessions dated from « now »), so that the
  // figures read below do not depend on the day the suite runs.
  withBrowserApp((opened) => ({ browser, database, testApp, baseURL } = opened), { now: evening, seedAtClock: true });
  // The app loaded its safe-place index at start, before the demo was seeded.
  beforeAll(() => testApp!.app.safePlaces.load());

  // What the steps hand on to the next ones.
  let resident: BrowserContext | undefined;
  let checker: BrowserContext | undefined;
  let followPath = '';
  let reportId = '';
  let figureBefore = 0;
  afterAll(async () => {
    await resident?.close();
    await checker?.close();
  });

  /** Besançon's count of « outrage sexiste » reports this month (to date) in the coordinator's observatory. */
  async function outrageReportsThisMonth(page: Page): Promise<number> {
    await page.goto(`/t/${besancon}/espace/observatoire`);
    const month = page.locator('table[data-own-month="2026-11"]');
    expect(await month.locator('caption').textContent()).toBe('Ce mois-ci : novembre 2026, à date');
    return Number(await month.locator('tr[data-figure="reports.received:outrage-sexiste"] td').last().textContent());
  }

  it('the observatory’s figure before the report (the coordinator, axe)', async () => {
    const { context, page } = await signedIn(browser!, baseURL, demoEmail('coordinator', besancon), desktop);
    try {
      figureBefore = await outrageReportsThisMonth(page);
      expect(Number.isInteger(figureBefore)).toBe(true);
      await expectAccessible(page, desktop);
    } finally {
      await context.close();
    }
  });

  it('a resident without JavaScript reports an « outrage sexiste » at a tram stop, typed as its address (axe)', async () => {
    resident = await newContext(browser!, baseURL, { ...phone, javaScriptEnabled: false });
    checker = await newContext(browser!, baseURL, { ...phone, bypassCSP: true });
    const page = await resident.newPage();
    await page.goto(`/t/${besancon}/signaler`);
    await expectAccessibleWithoutScript(page, checker);
    await Promise.all([
      page.waitForURL('**/signaler?categorie=outrage-sexiste'),
      page.getByRole('link', { name: /Outrage sexiste et sexuel, harcèlement de rue/ }).click(),
    ]);
    await expectAccessibleWithoutScript(page, checker);
    // No location button without JavaScript: the stop is given by its address (the demo's address index).
    expect(await page.getByRole('button', { name: 'Utiliser ma position' }).isVisible()).toBe(false);
    await page.getByLabel('Adresse ou lieu').fill('6 place de la Révolution');
    await page.getByLabel('Que se passe-t-il ? (facultatif)').fill(description);
    await page.getByText('Victime', { exact: true }).click();
    await Promise.all([
      page.waitForURL(/\/t\/besancon\/suivi\/[A-Za-z0-9_-]{43}\?nouveau=1$/),
      page.getByRole('button', { name: 'Envoyer le signalement' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Signalement envoyé. Merci.');
    followPath = new URL(page.url()).pathname;
    expect(await page.getByLabel('Lien de suivi').inputValue()).toMatch(new RegExp(`${followPath}$`));
    await expectAccessibleWithoutScript(page, checker);
    await page.close();
  });

  it('from the confirmation, the nearest open safe place and the night drop-off page are one link away', async () => {
    expect(followPath, 'the report was sent in the step before').not.toBe('');
    const page = await resident!.newPage();
    await page.goto(`${followPath}?nouveau=1`);
    const support = page.getByRole('region', { name: 'Vous avez été victime ?' });
    // At the stop's own address: the tram station, open at 22:30.
    await Promise.all([
      page.waitForURL(/\/t\/besancon\/angela\/lieux\/[0-9a-f-]{36}$/),
      support.getByRole('link', { name: 'Station tram Révolution' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Station tram Révolution');
    expect(await page.locator('.hours').textContent()).toMatch(/^ouvert jusqu’à /);
    await expectEmergencyNumbers(page);
    await expectAccessibleWithoutScript(page, checker!);

    await page.goto(`${followPath}?nouveau=1`);
    // The night drop-off is the transport authority's page, which serves Besançon.
    await Promise.all([
      page.waitForURL('**/t/grand-besancon-metropole/descente'),
      support.getByRole('link', { name: 'où et à quelle heure (descente à la demande)' }).click(),
    ]);
    expect(await page.getByText('Entre « Chamars » et « Palente Terminus », de 22:00 à 01:30').count()).toBe(1);
    expect(await page.getByLabel('Adresse où vous voulez descendre').isVisible()).toBe(true);
    await expectEmergencyNumbers(page);
    await expectAccessibleWithoutScript(page, checker!);
    await page.close();
  });

  it('the report is routed to Besançon’s municipal police', async () => {
    const tenant = await requireTenant(database!.db, besancon);
    const stored = await withTenant(database!.db, tenant.id, (tx) =>
      tx
        .selectFrom('reports as r')
        .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
        .innerJoin('report_categories as c', 'c.id', 'r.category_id')
        .select(['r.id', 'r.status', 'r.reporter_role', 'c.code', 'o.name', sql<number>`ST_Y(r.geom)`.as('lat')])
        .where('r.description', '=', description)
        .execute(),
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: 'new', reporter_role: 'victim', code: 'outrage-sexiste' });
    expect(stored[0]!.name).toBe('Police municipale — Besançon (démo)');
    // The typed address was placed at the station's point (47.2402 N).
    expect(Number(stored[0]!.lat)).toBeCloseTo(47.2402, 4);
    reportId = stored[0]!.id;
  });

  it('a police agent logs the intervention that answers it; a supervisor validates it (axe)', async () => {
    expect(reportId, 'the report was found in the step before').not.toBe('');
    testApp!.clock.set(later);
    const agent = await signedIn(browser!, baseURL, demoEmail('police_agent', besancon), phone);
    let entryUrl = '';
    try {
      const { page } = agent;
      await Promise.all([
        page.waitForURL(`**/t/${besancon}/espace/main-courante`),
        page.getByRole('link', { name: 'Main courante (interventions)' }).click(),
      ]);
      await expectAccessible(page, phone);
      await Promise.all([
        page.waitForURL(`**/main-courante/nouvelle?signalement=${reportId}`),
        page.locator(`a[href$="signalement=${reportId}"]`).click(),
      ]);
      await expectAccessible(page, phone);
      expect(await page.getByLabel('Signalement auquel l’intervention répond').inputValue()).toBe(reportId);
      await page.getByLabel('Police judiciaire').check();
      await page.getByLabel('Nature').selectOption('outrage-sexiste');
      await page.getByLabel('Code NATINF').fill('90005');
      await page.getByLabel('Appel ou début').fill('2026-11-27T22:32');
      await page.getByLabel('Arrivée sur place').fill('2026-11-27T22:40');
      await page.getByLabel('Fin', { exact: true }).fill('2026-11-27T22:58');
      await page.getByLabel('Constatations').fill(findings);
      await page.getByLabel('Procès-verbal').check();
      await Promise.all([
        page.waitForURL(/main-courante\/[0-9a-f-]{36}\?fait=cree$/),
        page.getByRole('button', { name: 'Enregistrer' }).click(),
      ]);
      expect(await page.getByRole('status').textContent()).toBe('Entrée enregistrée.');
      await expectAccessible(page, phone);
      entryUrl = page.url().replace(/\?.*$/, '');
    } finally {
      await agent.context.close();
    }

    const supervisor = await signedIn(browser!, baseURL, demoEmail('police_supervisor', besancon), desktop);
    try {
      const { page } = supervisor;
      await page.goto(entryUrl);
      expect(await page.locator('main').textContent()).toContain(findings);
      await Promise.all([page.waitForURL(/\?fait=validee$/), page.getByRole('button', { name: 'Valider l’entrée' }).click()]);
      expect(await page.getByRole('status').textContent()).toBe('Entrée validée et verrouillée.');
      await expectAccessible(page, desktop);
    } finally {
      await supervisor.context.close();
    }
  });

  it('the resident’s follow-up link shows a generic state, without the police’s details (axe)', async () => {
    const page = await resident!.newPage();
    await page.goto(followPath);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Suivi de votre signalement');
    const summary = await page.locator('.report-summary').textContent();
    expect(summary).toContain('Traité');
    const main = (await page.locator('main').textContent()) ?? '';
    for (const detail of [findings, 'Main courante', '90005', 'Procès-verbal', 'Démo 1', 'Agent·e'])
      expect(main, `the follow-up page does not show « ${detail} »`).not.toContain(detail);
    await expectAccessibleWithoutScript(page, checker!);
    await page.close();
  });

  it('the observatory counts it in the month’s figures (November to date, axe)', async () => {
    const { context, page } = await signedIn(browser!, baseURL, demoEmail('coordinator', besancon), desktop);
    try {
      expect(await outrageReportsThisMonth(page)).toBe(figureBefore + 1);
      await expectAccessible(page, desktop);
    } finally {
      await context.close();
    }
  });

  /** The number of encounters in the funding member's (Talence's) mediation report, this year to date. */
  async function talenceEncounters(page: Page): Promise<number> {
    await page.goto(`/t/${gip}/espace/mediation/rapport`);
    const row = page.locator('table#ensemble tr', { has: page.getByRole('rowheader', { name: 'Rencontres', exact: true }) });
    return Number(((await row.locator('td').textContent()) ?? '').replace(/\s/g, ''));
  }

  it('a GIP mediator’s encounter recorded offline shows in the funding member’s report (axe)', async () => {
    testApp!.clock.set(later);
    const funder = await signedIn(browser!, baseURL, demoEmail('funding_member', gip), desktop);
    const mediator = await signedIn(browser!, baseURL, demoEmail('mediator', gip), {
      ...phone,
      geolocation: { latitude: 44.8, longitude: -0.59 }, // in the demo QPV « Thouars », Talence
      permissions: ['geolocation'],
    });
    try {
      const before = await talenceEncounters(funder.page);
      expect(before).toBeGreaterThanOrEqual(5);
      const { context, page } = mediator;
      // The phone's clock agrees with the server's: entries carry the day they were made on the device.
      await context.clock.setFixedTime(new Date(later));
      await page.goto(`/t/${gip}/espace/mediation/terrain`);
      await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
      await page.getByLabel('Équipe et secteur').selectOption({ label: 'Équipe Sud — Talence — Thouars, Raba (démo)' });
      await page.getByLabel('Heure de début').fill('22:50');
      await page.getByRole('button', { name: 'Commencer la tournée' }).click();
      await page.getByRole('heading', { name: /Tournée en cours : Équipe Sud, Talence/ }).waitFor();

      await context.setOffline(true);
      expect((await page.reload())?.fromServiceWorker()).toBe(true);
      await page.getByRole('button', { name: 'Utiliser ma position' }).click();
      await page.getByText('Position ajoutée à la rencontre.').waitFor();
      await page.getByLabel('Heure de la rencontre').fill('23:05');
      await page.getByLabel('Nombre de personnes rencontrées').fill('2');
      await page.getByLabel('Jeunesse', { exact: true }).check();
      await page.getByLabel('Écoute', { exact: true }).check();
      await page.getByRole('button', { name: 'Enregistrer la rencontre' }).click();
      await page.locator('[data-outbox-list] li[data-state="pending"]').first().waitFor();

      await context.setOffline(false);
      await page.getByRole('status').filter({ hasText: 'Tout est envoyé.' }).waitFor({ timeout: 45_000 });
      expect(await page.locator('[data-outbox-list] li').count()).toBe(0);
      await expectAccessible(page, phone);

      expect(await talenceEncounters(funder.page)).toBe(before + 1);
      await expectAccessible(funder.page, desktop);
    } finally {
      await mediator.context.close();
      await funder.context.close();
    }
  });

  it('a Strasbourg school session recorded by the coordinator shows in the programme’s figures and calendar (axe)', async () => {
    const { context, page } = await signedIn(browser!, baseURL, demoEmail('coordinator', strasbourg), desktop);
    const programme = 'Zone de liberté LGBTI+ — interventions en milieu scolaire';
    const theme = 'Égalité et respect au collège (parcours de test)';
    const sessionsHeld = async () =>
      Number(await page.locator('tr[data-programme]', { hasText: programme }).locator('td.num').first().textContent());
    try {
      await page.goto(`/t/${strasbourg}/espace/prevention`);
      const before = await sessionsHeld();
      const form = page.getByRole('form', { name: 'Ajouter une séance' });
      await form.getByLabel('Programme', { exact: true }).selectOption({ label: programme });
      await form.getByLabel('Date et heure').fill('2026-11-26T14:00');
      await form.getByLabel('Type de lieu').selectOption('school');
      await form.getByLabel('Code UAI de l’établissement').fill(uaiWithKey('0679901')); // Collège des Tilleuls (démo)
      await form.getByLabel('Date de l’accord du chef d’établissement').fill('2026-11-02');
      await form.getByLabel('Public (niveau)').fill('4e');
      await form.getByLabel('Nombre de classes').fill('1');
      await form.getByLabel('Nombre de personnes touchées').fill('26');
      await form.getByLabel('Association intervenante').selectOption({ index: 1 });
      await form.getByLabel('Thème').fill(theme);
      await Promise.all([
        page.waitForURL('**/espace/prevention?fait=1'),
        form.getByRole('button', { name: 'Ajouter une séance' }).click(),
      ]);
      expect(await sessionsHeld()).toBe(before + 1);
      await expectAccessible(page, desktop);

      await page.goto(`/t/${strasbourg}/espace/prevention/calendrier?mois=2026-11`);
      expect(await page.getByRole('heading', { name: 'jeudi 26 novembre' }).isVisible()).toBe(true);
      expect(await page.getByRole('link', { name: theme }).isVisible()).toBe(true);
      await expectAccessible(page, desktop);
    } finally {
      await context.close();
    }
  });

  it('a member of a Vandœuvre working group sees a new report of the group’s kind on the group’s map (axe)', async () => {
    const db = database!.db;
    const tenant = await requireTenant(db, vandoeuvre);
    // Read as the database's owner: a group's rows are for its members only, even within the tenant.
    const group = await db
      .selectFrom('coordination_groups')
      .select('id')
      .where('tenant_id', '=', tenant.id)
      .where('name', '=', DEMO_GROUP_NAME)
      .executeTakeFirstOrThrow();
    const place = await db
      .selectFrom('coordination_group_places')
      .select(['name', sql<number>`ST_Y(geom)`.as('lat'), sql<number>`ST_X(geom)`.as('lon')])
      .where('group_id', '=', group.id)
      .executeTakeFirstOrThrow();
    const { context, page } = await signedIn(browser!, baseURL, demoEmail('partner_organisation', vandoeuvre), desktop);
    const groupPath = `/t/${vandoeuvre}/espace/coordination/groupes/${group.id}`;
    const seen = async () => {
      await page.goto(groupPath);
      const row = page.getByRole('row', { name: place.name });
      const count = Number(await row.locator('td.num').first().textContent());
      const svg = await (await page.request.get(`${groupPath}/carte.svg`)).text();
      return { count, dots: (svg.match(/<circle [^>]*r="3"/g) ?? []).length };
    };
    try {
      const before = await seen();
      // A resident reports a deal point at the foot of the tower (the group follows that category).
      await submitReport(
        { db, clock: testApp!.clock, actor: publicActor, tenant },
        {
          categoryCode: 'point-de-deal',
          description: 'Guetteurs au pied de la tour le soir (parcours de test).',
          lat: Number(place.lat),
          lon: Number(place.lon),
          source: 'web',
        },
      );
      const after = await seen();
      expect(after).toEqual({ count: before.count + 1, dots: before.dots + 1 });
      expect(await page.getByRole('img', { name: /Carte du groupe/ }).isVisible()).toBe(true);
      await expectAccessible(page, desktop);
    } finally {
      await context.close();
    }
  });
});
