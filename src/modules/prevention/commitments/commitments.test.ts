import { describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../../test/helpers/factories.js';
import { Browser, createStaff } from '../../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { ManualClock } from '../../../platform/clock/clock.js';
import { formatProtected, protectCount } from '../../../platform/privacy/small-numbers.js';
import { findTenantBySlug, type Tenant } from '../../../platform/tenants/tenant-queries.js';
import { submitReport } from '../../reports/submit-report.js';
import { createProgramme } from '../sessions/create-programme.js';
import { schoolYearBounds } from '../sessions/school-year.js';
import { programmesProgress } from '../sessions/session-queries.js';
import { readAmount } from './add-association-funding.js';
import { exactFigures, protectedFigures } from './figure-formats.js';
import { saveCommitment } from './save-commitment.js';

let database: Database;
let t: TestApp;
// Friday 27 November 2026, 11:00 in Strasbourg: school year 2026-2027.
const NOW = '2026-11-27T10:00:00Z';
withTestApp((opened) => ({ database, t } = opened), { demo: true, now: NOW });

const STRASBOURG = 'strasbourg';
const staffPath = (slug: string) => `/t/${slug}/espace/prevention/engagements`;
const publicPath = (slug: string) => `/t/${slug}/zone-de-liberte`;
/** A page's text without its tags, spaces collapsed: what a reader sees. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, ' ');

async function signedIn(
  slug: string,
  role: 'coordinator' | 'educator' = 'coordinator',
): Promise<{ tenant: Tenant; browser: Browser }> {
  const tenant = (await findTenantBySlug(database.db, slug)) as Tenant;
  const browser = new Browser(t.app);
  await browser.signIn((await createStaff(database.db, tenant, role)).email);
  return { tenant, browser };
}

const commitmentsOf = (tenantId: string) =>
  database.db.selectFrom('prevention_commitments').selectAll().where('tenant_id', '=', tenantId).orderBy('position').execute();

const validCommitment = {
  title: 'Former les agents des bibliothèques (test)',
  description: 'Une demi-journée pour chaque équipe.',
  kind: 'staff_training',
  state: 'planned',
  stateOn: '2026-11-01',
  service: 'Ressources humaines',
  internalNote: 'Attendre le budget rectificatif (note interne de test)',
  target: 'Toutes les équipes en 2027',
  position: '20',
  programmeId: '',
  policeTrainingModuleId: '',
  reportCategory: '',
};

describe('commitments: operations and bad input', () => {
  it('adds, edits and completes a commitment from the staff pages; bad input is named and saves nothing', async () => {
    const { tenant, browser } = await signedIn(STRASBOURG);
    const before = (await commitmentsOf(tenant.id)).length;
    const bad = await browser.post(
      staffPath(STRASBOURG),
      { ...validCommitment, title: 'x', kind: 'parade', state: 'maybe', stateOn: '2026-02-30', service: '', programmeId: 'nope' },
      staffPath(STRASBOURG),
    );
    expect(bad.statusCode).toBe(400);
    for (const name of ['title', 'kind', 'state', 'stateOn', 'service', 'programmeId'])
      expect(bad.body).toContain(`href="#field-${name}"`);
    expect((await commitmentsOf(tenant.id)).length).toBe(before);

    const created = await browser.post(staffPath(STRASBOURG), validCommitment, staffPath(STRASBOURG));
    expect(created.statusCode).toBe(303);
    const row = (await commitmentsOf(tenant.id)).find((c) => c.title === validCommitment.title)!;
    expect(row).toMatchObject({ kind: 'staff_training', state: 'planned', state_on: '2026-11-01', position: 20 });

    // Same title twice: refused on the title.
    const twice = await browser.post(staffPath(STRASBOURG), validCommitment, staffPath(STRASBOURG));
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('href="#field-title"');

    const one = `${staffPath(STRASBOURG)}/${row.id}`;
    const done = await browser.post(one, { ...validCommitment, state: 'done', stateOn: '2026-11-20' }, one);
    expect(done.statusCode).toBe(303);
    expect((await commitmentsOf(tenant.id)).find((c) => c.id === row.id)).toMatchObject({
      state: 'done',
      state_on: '2026-11-20',
    });

    const badEvidence = await browser.post(
      `${one}/preuves`,
      { happenedOn: 'demain', text: 'ok', link: 'javascript:alert(1)' },
      one,
    );
    expect(badEvidence.statusCode).toBe(400);
    for (const name of ['happenedOn', 'text', 'link']) expect(badEvidence.body).toContain(`href="#field-${name}"`);
    const evidence = await browser.post(
      `${one}/preuves`,
      { happenedOn: '2026-11-18', text: 'Trois équipes formées (test).', link: 'https://example.org/bilan.pdf' },
      one,
    );
    expect(evidence.statusCode).toBe(303);
    const added = await database.db
      .selectFrom('prevention_commitment_evidence')
      .select('id')
      .where('commitment_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(text((await t.app.inject({ method: 'GET', url: publicPath(STRASBOURG) })).body)).toContain(
      'Trois équipes formées (test).',
    );

    const association = await database.db
      .selectFrom('prevention_associations')
      .select('id')
      .where('tenant_id', '=', tenant.id)
      .executeTakeFirstOrThrow();
    const badFunding = await browser.post(
      `${one}/subventions`,
      { associationId: association.id, year: '1999', amount: '-5', purpose: '' },
      one,
    );
    expect(badFunding.statusCode).toBe(400);
    for (const name of ['year', 'amount', 'purpose']) expect(badFunding.body).toContain(`href="#field-${name}"`);
    const funding = await browser.post(
      `${one}/subventions`,
      { associationId: association.id, year: '2026', amount: '12 500,50', purpose: 'Formation des bibliothécaires (test)' },
      one,
    );
    expect(funding.statusCode).toBe(303);
    const stored = await database.db
      .selectFrom('prevention_association_fundings')
      .select(['year', 'amount_eur'])
      .where('commitment_id', '=', row.id)
      .execute();
    expect(stored.map((f) => [f.year, Number(f.amount_eur)])).toEqual([[2026, 12500.5]]);

    const list = text((await browser.get(staffPath(STRASBOURG))).body);
    expect(list).toContain('Trois équipes formées (test).');
    // Evidence added by mistake is removed, through its own commitment only.
    const someOther = (await commitmentsOf(tenant.id)).find((c) => c.id !== row.id)!;
    const wrong = await browser.post(`${staffPath(STRASBOURG)}/${someOther.id}/preuves/${added.id}/retirer`, {}, one);
    expect(wrong.statusCode).toBe(404);
    const removed = await browser.post(`${one}/preuves/${added.id}/retirer`, {}, one);
    expect(removed.statusCode).toBe(303);
    expect(text((await t.app.inject({ method: 'GET', url: publicPath(STRASBOURG) })).body)).not.toContain(
      'Trois équipes formées (test).',
    );
    expect(list).toContain('Attendre le budget rectificatif (note interne de test)');
    expect(list).toContain('Service responsable : Ressources humaines');
  });

  it('answers 404 for another tenant’s commitment, and 403 to a role without prevention.manage', async () => {
    const { browser } = await signedIn(STRASBOURG);
    const other = await createTenant(database.db, { programmes: ['prevention'] });
    const { id } = await saveCommitment(systemContext(database.db, other), {
      ...validCommitment,
      title: 'Engagement d’un autre tenant',
    });
    expect((await browser.get(`${staffPath(STRASBOURG)}/${id}`)).statusCode).toBe(404);
    const edit = await browser.post(
      `${staffPath(STRASBOURG)}/${id}/preuves`,
      { happenedOn: '2026-11-01', text: 'Intrusion ?' },
      staffPath(STRASBOURG),
    );
    expect(edit.statusCode).toBe(404);
    const evidence = await database.db
      .selectFrom('prevention_commitment_evidence')
      .select('id')
      .where('commitment_id', '=', id)
      .execute();
    expect(evidence).toEqual([]);
    const { browser: educator } = await signedIn(STRASBOURG, 'educator');
    expect((await educator.get(staffPath(STRASBOURG))).statusCode).toBe(403);
  });

  it('protects a part and its whole together for the public: no share when either is hidden', () => {
    const figures = protectedFigures(5, 'fr');
    expect(figures.part(7, 12)).toEqual({ part: '7', whole: '12', share: ' (58 %)' });
    // 3 of 12: the 3 is hidden, and so is the 9 beside it, else 12 − 9 gives it back.
    expect(figures.part(3, 12)).toEqual({ part: 'secret stat.', whole: '12', share: null });
    expect(figures.one(2)).toBe('moins de 5');
    expect(figures.one(0)).toBe('0');
    expect(exactFigures.part(3, 12)).toEqual({ part: '3', whole: '12', share: ' (25 %)' });
  });

  it('reads amounts as typed in France', () => {
    expect(readAmount('12 500,50')).toBe(12500.5);
    expect(readAmount('9500 €')).toBe(9500);
    expect(readAmount('0')).toBeUndefined();
    expect(readAmount('1.2.3')).toBeUndefined();
    expect(readAmount('-4')).toBeUndefined();
  });
});

describe('commitments: evidence computed from the other parts and modules', () => {
  it('shows the demo programme’s sessions, the police training module and the reports, exact for staff', async () => {
    const { tenant, browser } = await signedIn(STRASBOURG);
    const now = new Date(NOW);
    const { from, to } = schoolYearBounds('2026-2027', tenant.time_zone);
    const programme = await database.db
      .selectFrom('prevention_commitments')
      .select('programme_id')
      .where('tenant_id', '=', tenant.id)
      .where('kind', '=', 'school_sessions')
      .executeTakeFirstOrThrow();
    const progress = (await withTenant(database.db, tenant.id, (tx) => programmesProgress(tx, '2026-2027', from, to, now))).find(
      (p) => p.id === programme.programme_id,
    )!;
    expect(progress.sessions).toBeGreaterThan(0);
    const page = text((await browser.get(staffPath(STRASBOURG))).body);
    expect(page).toContain(
      `année scolaire 2026-2027 : ${progress.sessions} séances tenues, ${progress.classes} classes, ${progress.reached} jeunes touchés.`,
    );
    // The demo police: twelve officers concerned, seven attended the session held two months before the seed.
    expect(page).toMatch(
      /Formation « Accueil des victimes d’infractions .*\(démo\) » : 7 agents formés sur 12 concernés aujourd’hui \(58 %\)/,
    );

    // Three LGBTI-phobic acts reported this month: counted for staff as they are.
    const reportCtx = systemContext(database.db, tenant, new ManualClock(new Date('2026-11-20T10:00:00Z')));
    for (let i = 0; i < 3; i++)
      await submitReport(reportCtx, {
        categoryCode: 'lgbtiphobie',
        lat: 48.5734,
        lon: 7.7521,
        description: 'Insultes homophobes à un arrêt de tram (test).',
        attributes: {},
        source: 'web',
      });
    const withReports = (await browser.get(staffPath(STRASBOURG))).body;
    expect(withReports).toMatch(/<th scope="row">novembre 2026<\/th><td class="num">3<\/td>/);

    // The public page: the same figures through the small-number helper, the reports hidden (3 < 5).
    const publicPage = await t.app.inject({ method: 'GET', url: publicPath(STRASBOURG) });
    expect(publicPage.statusCode).toBe(200);
    const shown = text(publicPage.body);
    const protectedOf = (n: number) => formatProtected(protectCount(n, 5), 'fr');
    expect(shown).toContain(
      `${protectedOf(progress.sessions)} séances tenues, ${protectedOf(progress.classes)} classes, ${protectedOf(progress.reached)} jeunes touchés.`,
    );
    expect(shown).toMatch(/7 agents formés sur 12 concernés aujourd’hui \(58 %\)/);
    expect(publicPage.body).toMatch(/<th scope="row">novembre 2026<\/th><td class="num">secret stat\.<\/td>/);
    expect(publicPage.body).not.toMatch(/<th scope="row">novembre 2026<\/th><td class="num">3<\/td>/);
  });

  it('says police training is not tracked when the tenant does not run the police module, and shows hand-added evidence', async () => {
    const tenant = await createTenant(database.db, { programmes: ['prevention'] });
    const ctx = systemContext(database.db, tenant, new ManualClock(new Date(NOW)));
    const { id: programmeId } = await createProgramme(ctx, {
      title: 'Programme de test',
      schoolYear: '2026-2027',
      goalClasses: '4',
      goalYoungPeople: '',
    });
    await saveCommitment(ctx, {
      ...validCommitment,
      title: 'Former la police municipale (test)',
      kind: 'police_training',
      state: 'in_progress',
      policeTrainingModuleId: '6a1c3b8e-2f4d-4c7a-9b1e-0d2c3e4f5a6b',
    });
    await saveCommitment(ctx, {
      ...validCommitment,
      title: 'Intervenir dans les écoles (test)',
      kind: 'school_sessions',
      programmeId,
    });
    const publicPage = text((await t.app.inject({ method: 'GET', url: publicPath(tenant.slug) })).body);
    expect(publicPage).toContain('La formation des policiers municipaux n’est pas suivie sur la plateforme');
    expect(publicPage).toContain(
      'Programme « Programme de test », année scolaire 2026-2027 : 0 séances tenues, 0 classes, 0 jeunes touchés.',
    );
    expect(publicPage).toContain('Objectif de l’année : 4 classes, — jeunes.');
  });
});

describe('commitments: the public page', () => {
  it('shows each commitment, its state and what was done, without staff-only text', async () => {
    const tenant = (await findTenantBySlug(database.db, STRASBOURG)) as Tenant;
    const response = await t.app.inject({ method: 'GET', url: publicPath(STRASBOURG) });
    expect(response.statusCode).toBe(200);
    const page = text(response.body);
    const rows = await commitmentsOf(tenant.id);
    expect(rows.length).toBeGreaterThanOrEqual(7);
    for (const c of rows) {
      expect(page).toContain(c.title);
      expect(page).not.toContain(c.service);
      if (c.internal_note) expect(page).not.toContain(c.internal_note);
    }
    expect(page).toContain('Réalisé depuis le');
    expect(page).toContain('Campagne d’affichage sur les abribus');
    expect(response.body).toContain('href="https://example.org/demo/campagne-17-mai.pdf"');
    // Grants summed by year; no association-by-association line.
    expect(page).toMatch(/Subventions accordées aux associations en 2026 : 9\s500\s€/);
    expect(page).not.toContain('formation des bénévoles (démo)');
    expect(page).not.toContain('Service responsable');
    expect(page).toContain('secret stat.');
    const english = text((await t.app.inject({ method: 'GET', url: `${publicPath(STRASBOURG)}?lang=en` })).body);
    expect(english).toContain('LGBTI+ freedom zone: what the town has done');
  });

  it('is not found for a tenant that does not run prevention', async () => {
    const tenant = await createTenant(database.db, { programmes: ['reports'] });
    expect((await t.app.inject({ method: 'GET', url: publicPath(tenant.slug) })).statusCode).toBe(404);
  });
});
