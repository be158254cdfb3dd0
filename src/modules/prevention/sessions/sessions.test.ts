import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { systemContext } from '../../../../test/helpers/factories.js';
import { runCli } from '../../../../test/helpers/run-cli.js';
import { Browser, createStaff } from '../../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import { connectionUrl } from '../../../../test/helpers/test-database.js';
import type { Database } from '../../../db/database.js';
import { ManualClock } from '../../../platform/clock/clock.js';
import { findTenantBySlug, type Tenant } from '../../../platform/tenants/tenant-queries.js';
import { addAssociation } from './add-association.js';
import { createProgramme } from './create-programme.js';
import { uaiWithKey } from './seed-demo-sessions.js';

let database: Database;
let t: TestApp;
// Friday 27 November 2026, 11:00 in Strasbourg: school year 2026-2027.
const NOW = '2026-11-27T10:00:00Z';
withTestApp((opened) => ({ database, t } = opened), { demo: true, now: NOW });

const STRASBOURG = 'strasbourg';
const page = (slug: string) => `/t/${slug}/espace/prevention`;
const college = uaiWithKey('0679901');
const ecole = uaiWithKey('0679903');

async function coordinator(slug = STRASBOURG): Promise<{ tenant: Tenant; browser: Browser }> {
  const tenant = (await findTenantBySlug(database.db, slug)) as Tenant;
  const browser = new Browser(t.app);
  await browser.signIn((await createStaff(database.db, tenant, 'coordinator')).email);
  return { tenant, browser };
}

const countSessions = async (tenantId: string) =>
  Number(
    (
      await database.db
        .selectFrom('prevention_sessions')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A new programme with its goal and an approved association, written by the test. */
async function newProgramme(tenant: Tenant, title: string, goal: { classes: string; young: string }) {
  const ctx = systemContext(database.db, tenant, new ManualClock(new Date(NOW)));
  const programme = await createProgramme(ctx, {
    title,
    schoolYear: '2026-2027',
    goalClasses: goal.classes,
    goalYoungPeople: goal.young,
  });
  const association = await addAssociation(ctx, {
    name: `${title} — association agréée`,
    agrementReference: 'AGR-TEST-1',
    agrementOn: '2025-03-01',
    programmeIds: [programme.id],
  });
  return { programmeId: programme.id, associationId: association.id };
}

const schoolSession = (ids: { programmeId: string; associationId: string }) => ({
  programmeId: ids.programmeId,
  startsAt: '2026-11-20T09:00',
  placeKind: 'school',
  uai: college,
  headAgreementOn: '2026-11-02',
  audienceLevel: '4e',
  classes: '2',
  reached: '47',
  associationId: ids.associationId,
  otherFacilitators: '',
  theme: 'Stéréotypes et discriminations',
});

/** The programme's row of the progress table, as text. */
function progressRow(html: string, programmeId: string): string {
  const row = new RegExp(`<tr data-programme="${programmeId}">(.*?)</tr>`, 's').exec(html)?.[1] ?? '';
  return row.replace(/<[^>]+>/g, '|').replace(/\|+/g, '|');
}

describe('prevention programmes and sessions (staff pages)', () => {
  it('shows the demo programme with its association, schools and this school year’s sessions', async () => {
    const { browser } = await coordinator();
    const home = await browser.get('/t/strasbourg/espace/');
    expect(home.body).toContain('href="/t/strasbourg/espace/prevention"');
    const shown = await browser.get(page(STRASBOURG));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Zone de liberté LGBTI+ — interventions en milieu scolaire');
    expect(shown.body).toContain('Association Arc-en-ciel Éducation (démo)');
    expect(shown.body).toContain('année scolaire 2026-2027');
  });

  it('computes the year’s progress against the goals from the sessions written, and ignores last year’s', async () => {
    const { tenant, browser } = await coordinator();
    const ids = await newProgramme(tenant, 'Programme de test — progression', { classes: '5', young: '100' });
    const before = progressRow((await browser.get(page(STRASBOURG))).body, ids.programmeId);
    expect(before).toContain('|0|0|0 / 5 (0 %)|0 / 100 (0 %)|');
    const first = await browser.submit(page(STRASBOURG), schoolSession(ids), page(STRASBOURG));
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Séance enregistrée.');
    // An école needs no head's agreement; a youth centre is named, with mediators only.
    await browser.submit(
      page(STRASBOURG),
      { ...schoolSession(ids), uai: ecole, headAgreementOn: '', classes: '1', reached: '24', startsAt: '2026-10-05T14:00' },
      page(STRASBOURG),
    );
    await browser.submit(
      page(STRASBOURG),
      {
        ...schoolSession(ids),
        placeKind: 'youth_centre',
        uai: '',
        headAgreementOn: '',
        placeName: 'Centre socioculturel (test)',
        classes: '',
        reached: '9',
        associationId: '',
        otherFacilitators: 'Médiateurs',
      },
      page(STRASBOURG),
    );
    // Last school year (June 2026): recorded, not counted in 2026-2027.
    await browser.submit(
      page(STRASBOURG),
      { ...schoolSession(ids), startsAt: '2026-06-10T09:00', headAgreementOn: '2026-06-01' },
      page(STRASBOURG),
    );
    // Planned for December: shown as planned, not counted towards the goal until it is held.
    await browser.submit(
      page(STRASBOURG),
      { ...schoolSession(ids), startsAt: '2026-12-14T10:00', reached: '30' },
      page(STRASBOURG),
    );
    const after = progressRow((await browser.get(page(STRASBOURG))).body, ids.programmeId);
    // 3 held, 1 planned; 2 + 1 + 0 classes of 5; 47 + 24 + 9 young people of 100.
    expect(after).toContain('|3|1|3 / 5 (60 %)|80 / 100 (80 %)|');
    // Once the day has passed, it counts.
    // (Three weeks later the staff session has expired: sign in again.)
    t.clock.set(new Date('2026-12-15T10:00:00Z'));
    const later = await coordinator()
      .then(({ browser: again }) => again.get(page(STRASBOURG)))
      .then((shown) => progressRow(shown.body, ids.programmeId))
      .finally(() => t.clock.set(new Date(NOW)));
    expect(later).toContain('|4|0|5 / 5 (100 %)|110 / 100 (110 %)|');
    const lastYear = progressRow((await browser.get(`${page(STRASBOURG)}?annee=2025-2026`)).body, ids.programmeId);
    expect(lastYear).toContain('|1|0|2 (pas d’objectif)|47 (pas d’objectif)|');
  });

  it('refuses a negative number reached and an unknown UAI with 400, naming each field, and saves nothing', async () => {
    const { tenant, browser } = await coordinator();
    const ids = await newProgramme(tenant, 'Programme de test — erreurs', { classes: '3', young: '' });
    const count = await countSessions(tenant.id);
    const refused = await browser.post(
      page(STRASBOURG),
      { ...schoolSession(ids), reached: '-4', uai: '0670000X' },
      page(STRASBOURG),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#field-reached"');
    expect(refused.body).toContain('ne peut pas être négatif');
    expect(refused.body).toContain('href="#field-uai"');
    expect(refused.body).toContain('code UAI 0670000X inconnu');
    // The form keeps what was typed.
    expect(refused.body).toContain('value="-4"');
    const malformed = await browser.post(page(STRASBOURG), { ...schoolSession(ids), uai: '67-ABC' }, page(STRASBOURG));
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('un code UAI : 7 chiffres et une lettre');
    expect(await countSessions(tenant.id)).toBe(count);
  });

  it('requires the head’s agreement for a collège or a lycée, not for an école', async () => {
    const { tenant, browser } = await coordinator();
    const ids = await newProgramme(tenant, 'Programme de test — accord', { classes: '', young: '50' });
    const count = await countSessions(tenant.id);
    for (const uai of [college, uaiWithKey('0679902')]) {
      const refused = await browser.post(page(STRASBOURG), { ...schoolSession(ids), uai, headAgreementOn: '' }, page(STRASBOURG));
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('href="#field-headAgreementOn"');
      expect(refused.body).toContain('l’accord du chef d’établissement (avec sa date) est obligatoire');
    }
    const late = await browser.post(page(STRASBOURG), { ...schoolSession(ids), headAgreementOn: '2026-12-01' }, page(STRASBOURG));
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('l’accord doit précéder la séance');
    expect(await countSessions(tenant.id)).toBe(count);
    const ok = await browser.post(page(STRASBOURG), { ...schoolSession(ids), uai: ecole, headAgreementOn: '' }, page(STRASBOURG));
    expect(ok.statusCode).toBe(303);
    expect(await countSessions(tenant.id)).toBe(count + 1);
  });

  it('refuses an association without agrément in a school, a session with no facilitator, and an unknown programme', async () => {
    const { tenant, browser } = await coordinator();
    const ids = await newProgramme(tenant, 'Programme de test — intervenants', { classes: '2', young: '' });
    const ctx = systemContext(database.db, tenant, new ManualClock(new Date(NOW)));
    const unapproved = await addAssociation(ctx, { name: 'Association sans agrément (test)', programmeIds: [ids.programmeId] });
    const count = await countSessions(tenant.id);
    const refused = await browser.post(
      page(STRASBOURG),
      { ...schoolSession(ids), associationId: unapproved.id },
      page(STRASBOURG),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#field-associationId"');
    const nobody = await browser.post(
      page(STRASBOURG),
      { ...schoolSession(ids), associationId: '', otherFacilitators: '', programmeId: '00000000-0000-0000-0000-000000000000' },
      page(STRASBOURG),
    );
    expect(nobody.statusCode).toBe(400);
    expect(nobody.body).toContain('href="#field-otherFacilitators"');
    expect(nobody.body).toContain('href="#field-programmeId"');
    expect(await countSessions(tenant.id)).toBe(count);
  });

  it('a coordinator adds a programme with its goal and an approved association through the page; bad fields are named', async () => {
    const { browser } = await coordinator();
    const from = page(STRASBOURG);
    const badYear = await browser.post(
      `${from}/programmes`,
      { title: 'Programme mal daté (test)', schoolYear: '2026-2028', goalClasses: '-2' },
      from,
    );
    expect(badYear.statusCode).toBe(400);
    expect(badYear.body).toContain('href="#programme-schoolYear"');
    expect(badYear.body).toContain('href="#programme-goalClasses"');
    expect(badYear.body).not.toContain('Programme mal daté (test)</th>');
    const created = await browser.submit(
      `${from}/programmes`,
      {
        title: 'Programme créé par la page (test)',
        summary: '',
        schoolYear: '2026-2027',
        goalClasses: '',
        goalYoungPeople: '12',
      },
      from,
    );
    expect(created.statusCode).toBe(200);
    expect(created.body).toContain('Programme enregistré.');
    const programmeId = /<tr data-programme="([^"]+)"><th scope="row">Programme créé par la page \(test\)/.exec(
      created.body,
    )?.[1] as string;
    expect(programmeId).toBeDefined();
    expect(progressRow(created.body, programmeId)).toContain('|0|0|0 (pas d’objectif)|0 / 12 (0 %)|');
    const undated = await browser.post(
      `${from}/associations`,
      { name: 'Association sans date (test)', agrementReference: 'AGR-X', programmeIds: programmeId },
      from,
    );
    expect(undated.statusCode).toBe(400);
    expect(undated.body).toContain('href="#association-agrementOn"');
    const added = await browser.submit(
      `${from}/associations`,
      {
        name: 'Association agréée par la page (test)',
        agrementReference: 'AGR-67-T',
        agrementOn: '2025-09-01',
        programmeIds: programmeId,
      },
      from,
    );
    expect(added.body).toContain('Association enregistrée.');
    expect(progressRow(added.body, programmeId)).toContain('Association agréée par la page (test)');
    expect(added.body).toContain('Association agréée par la page (test) (agrément du 2025-09-01)');
  });

  it('an educator records sessions but neither sees nor may use the programme and association forms', async () => {
    const tenant = (await findTenantBySlug(database.db, STRASBOURG)) as Tenant;
    const browser = new Browser(t.app);
    await browser.signIn((await createStaff(database.db, tenant, 'educator')).email);
    const shown = await browser.get(page(STRASBOURG));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Ajouter une séance');
    expect(shown.body).not.toContain('Ajouter un programme');
    const refused = await browser.post(
      `${page(STRASBOURG)}/programmes`,
      { title: 'Programme interdit (test)', schoolYear: '2026-2027', goalClasses: '1' },
      page(STRASBOURG),
    );
    expect(refused.statusCode).toBe(403);
  });

  it('exports the school year’s sessions as CSV and as an iCalendar feed', async () => {
    const { tenant, browser } = await coordinator();
    const ids = await newProgramme(tenant, 'Programme de test — export', { classes: '2', young: '' });
    await browser.submit(
      page(STRASBOURG),
      { ...schoolSession(ids), theme: 'Thème exporté (test)', startsAt: '2026-11-23T15:30' },
      page(STRASBOURG),
    );
    await browser.submit(
      page(STRASBOURG),
      {
        ...schoolSession(ids),
        theme: 'Thème de l’an dernier (test)',
        startsAt: '2026-05-04T09:00',
        headAgreementOn: '2026-04-01',
      },
      page(STRASBOURG),
    );
    const csv = await browser.get(`${page(STRASBOURG)}/seances.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const line = csv.body.split('\n').find((l) => l.includes('Thème exporté (test)'));
    expect(line).toBe(
      `2026-11-23 15:30;Programme de test — export;Établissement scolaire;${college};Collège des Tilleuls (démo);2026-11-02;4e;2;47;Programme de test — export — association agréée;;Thème exporté (test)`,
    );
    expect(csv.body).not.toContain('Thème de l’an dernier (test)');
    const lastYear = await browser.get(`${page(STRASBOURG)}/seances.csv?annee=2025-2026`);
    expect(lastYear.body).toContain('Thème de l’an dernier (test)');
    const feed = await browser.get(`${page(STRASBOURG)}/seances.ics`);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    expect(feed.body).toContain('BEGIN:VCALENDAR');
    expect(feed.body).toContain('SUMMARY:Thème exporté (test) — Programme de test — export');
    // 15:30 in Strasbourg in November is 14:30 UTC.
    expect(feed.body).toContain('DTSTART:20261123T143000Z');
    const anonymous = await t.app.inject({ method: 'GET', url: `${page(STRASBOURG)}/seances.csv` });
    expect(anonymous.statusCode).not.toBe(200);
  });

  it('another tenant’s programme, association or school is unknown here: 400 naming the field, nothing saved', async () => {
    const strasbourg = (await findTenantBySlug(database.db, STRASBOURG)) as Tenant;
    const ids = await newProgramme(strasbourg, 'Programme de test — cloisonnement', { classes: '1', young: '' });
    const { tenant, browser } = await coordinator('vandoeuvre-les-nancy');
    const here = page('vandoeuvre-les-nancy');
    const shown = await browser.get(here);
    expect(shown.body).not.toContain('Programme de test — cloisonnement');
    expect(shown.body).not.toContain('Association Arc-en-ciel');
    const count = await countSessions(tenant.id);
    // Strasbourg's programme, association and collège (its UAI) sent to Vandœuvre's page.
    const refused = await browser.post(here, schoolSession(ids), here);
    expect(refused.statusCode).toBe(400);
    for (const name of ['programmeId', 'uai', 'associationId']) expect(refused.body).toContain(`href="#field-${name}"`);
    expect(await countSessions(tenant.id)).toBe(count);
  });

  it('Vandœuvre: the nitrous-oxide programme with its sessions in a collège, a youth centre and public space', async () => {
    const { browser } = await coordinator('vandoeuvre-les-nancy');
    const shown = await browser.get(page('vandoeuvre-les-nancy'));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Protoxyde d’azote — prévention jeunesse');
    expect(shown.body).toContain('Maison des jeunes des Nations (démo)');
    expect(shown.body).toContain('Parc du Charmois');
  });
});

const fixtures = new URL('../../../../test/fixtures/', import.meta.url).pathname;
const schoolsOf = (tenantId: string) =>
  database.db
    .selectFrom('prevention_schools')
    .select(['uai', 'name', 'kind', 'sector', 'commune_code', sql<string | null>`ST_AsText(geom)`.as('point')])
    .where('tenant_id', '=', tenantId)
    .orderBy('uai')
    .execute();

describe('quietude import-schools', () => {
  it('refuses a bad file, naming each bad row by line and column, and imports nothing', async () => {
    const tenant = (await findTenantBySlug(database.db, STRASBOURG)) as Tenant;
    const before = await schoolsOf(tenant.id);
    const refused = await runCli(['import-schools', STRASBOURG, join(fixtures, 'annuaire-education-bad.csv')], {
      DATABASE_URL: connectionUrl(database),
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 3, column Identifiant_de_l_etablissement');
    expect(refused.stderr).toContain('line 4, column Statut_public_prive');
    expect(refused.stderr).toContain('line 5, column longitude');
    expect(refused.stderr).not.toContain('line 2');
    // Line 2 was good, but nothing of the file is imported.
    expect(await schoolsOf(tenant.id)).toEqual(before);
  });

  it('imports the colleges, lycées and écoles of a good file (other establishments skipped), then a session may name them', async () => {
    const tenant = (await findTenantBySlug(database.db, STRASBOURG)) as Tenant;
    const done = await runCli(['import-schools', STRASBOURG, join(fixtures, 'annuaire-education-sample.csv')], {
      DATABASE_URL: connectionUrl(database),
    });
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(done.stdout.trim()).toBe('3 schools imported, 1 other establishments skipped');
    const imported = (await schoolsOf(tenant.id)).filter((s) => s.uai.startsWith('067991'));
    expect(imported).toEqual([
      {
        uai: '0679911V',
        name: 'Collège Fictif des Remparts',
        kind: 'college',
        sector: 'public',
        commune_code: '67482',
        point: 'POINT(7.7502 48.5801)',
      },
      {
        uai: '0679912W',
        name: "Lycée Fictif de l'Ill",
        kind: 'lycee',
        sector: 'private',
        commune_code: '67482',
        point: 'POINT(7.7389 48.5768)',
      },
      {
        uai: '0679913X',
        name: 'École élémentaire Fictive du Jardin',
        kind: 'ecole',
        sector: 'public',
        commune_code: '67482',
        point: null,
      },
    ]);
    // Imported again: updated in place, not doubled.
    const again = await runCli(['import-schools', STRASBOURG, join(fixtures, 'annuaire-education-sample.csv')], {
      DATABASE_URL: connectionUrl(database),
    });
    expect(again.code).toBe(0);
    expect((await schoolsOf(tenant.id)).filter((s) => s.uai.startsWith('067991'))).toHaveLength(3);
    const { browser } = await coordinator();
    const ids = await newProgramme(tenant, 'Programme de test — import', { classes: '1', young: '' });
    const ok = await browser.post(page(STRASBOURG), { ...schoolSession(ids), uai: '0679912W' }, page(STRASBOURG));
    expect(ok.statusCode).toBe(303);
  });
});
