import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../../test/helpers/factories.js';
import { Browser, createStaff } from '../../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { ManualClock } from '../../../platform/clock/clock.js';
import { AppError } from '../../../platform/errors.js';
import { findTenantBySlug, type Tenant } from '../../../platform/tenants/tenant-queries.js';
import { submitReport } from '../../reports/submit-report.js';
import { addIndicator } from './add-indicator.js';
import { changeTaskState } from './change-task-state.js';
import { createTask } from './create-task.js';
import { indicatorFigures, indicatorRowsOf } from './indicator-figures.js';
import { recordMinutes } from './record-minutes.js';
import { saveFundingFile } from './save-funding-file.js';
import { scheduleSession } from './schedule-session.js';

let database: Database;
let t: TestApp;
// Thursday 26 November 2026, 11:00 in Vandœuvre-lès-Nancy: the strategy 2025–2027 is in its second year.
const NOW = '2026-11-26T10:00:00Z';
withTestApp((opened) => ({ database, t } = opened), { demo: true, now: NOW });

const SLUG = 'vandoeuvre-les-nancy';
const base = (slug = SLUG) => `/t/${slug}/espace/coordination`;
const vandoeuvre = async () => (await findTenantBySlug(database.db, SLUG)) as Tenant;

async function signedIn(role: Parameters<typeof createStaff>[2], slug = SLUG) {
  const tenant = (await findTenantBySlug(database.db, slug)) as Tenant;
  const staff = await createStaff(database.db, tenant, role);
  const browser = new Browser(t.app);
  await browser.signIn(staff.email);
  return { tenant, browser, staff };
}

const count = (
  tenant: Tenant,
  table: 'coordination_tasks' | 'coordination_sessions' | 'coordination_indicators' | 'coordination_funding_files',
) =>
  withTenant(database.db, tenant.id, async (tx) =>
    Number(
      (
        await tx
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  );

/** The demo's nitrous-oxide sheet and its action's id. */
const nitrousSheet = (tenant: Tenant) =>
  withTenant(database.db, tenant.id, (tx) =>
    tx
      .selectFrom('coordination_action_sheets')
      .select(['id', 'title'])
      .where('title', 'like', 'Protoxyde%')
      .executeTakeFirstOrThrow(),
  );

async function refusal(write: Promise<unknown>): Promise<string[]> {
  const error = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(400);
  return (error as AppError).details.map((d) => d.field);
}

describe('council operations refuse bad input whole, naming each field', () => {
  it('a task without owner (and with a bad date) names both fields and writes nothing', async () => {
    const tenant = await vandoeuvre();
    const before = await count(tenant, 'coordination_tasks');
    const fields = await refusal(
      createTask(systemContext(database.db, tenant), { title: 'Relancer le bailleur', ownerUserId: '', dueOn: '2026-02-30' }),
    );
    expect(fields).toEqual(['ownerUserId', 'dueOn']);
    // Someone of another tenant is no owner here either.
    const other = await createTenant(database.db, { programmes: ['coordination'] });
    const stranger = await createStaff(database.db, other, 'coordinator');
    expect(
      await refusal(
        createTask(systemContext(database.db, tenant), { title: 'Relancer', ownerUserId: stranger.userId, dueOn: '2026-12-01' }),
      ),
    ).toEqual(['ownerUserId']);
    expect(await count(tenant, 'coordination_tasks')).toBe(before);
  });

  it('a session ending before it starts names endsAt and writes nothing', async () => {
    const tenant = await vandoeuvre();
    const before = await count(tenant, 'coordination_sessions');
    const fields = await refusal(
      scheduleSession(systemContext(database.db, tenant), {
        kind: 'plenary',
        title: 'Plénière',
        startsAt: '2026-12-03T16:00',
        endsAt: '2026-12-03T14:00',
        place: 'Mairie',
      }),
    );
    expect(fields).toEqual(['endsAt']);
    expect(
      await refusal(
        scheduleSession(systemContext(database.db, tenant), { kind: 'secret', title: '', startsAt: 'demain', place: '' }),
      ),
    ).toEqual(['kind', 'title', 'startsAt', 'endsAt', 'place']);
    expect(await count(tenant, 'coordination_sessions')).toBe(before);
  });

  it('an indicator with an unknown source or option, or a target outside the strategy, is refused naming the field', async () => {
    const tenant = await vandoeuvre();
    const sheet = await nitrousSheet(tenant);
    const before = await count(tenant, 'coordination_indicators');
    const ctx = systemContext(database.db, tenant);
    const base = { sheetId: sheet.id, label: 'Indicateur', targetValue: '10', targetYear: '2027', direction: 'up' };
    expect(await refusal(addIndicator(ctx, { ...base, sourceId: 'reports.nope' }))).toEqual(['source']);
    expect(
      await refusal(addIndicator(ctx, { ...base, sourceId: 'reports.received', sourceOption: 'pas-une-categorie' })),
    ).toEqual(['source_option']);
    // Vandœuvre does not run the police module: its figures are no source here.
    expect(await refusal(addIndicator(ctx, { ...base, sourceId: 'police.interventions' }))).toEqual(['source']);
    expect(
      await refusal(
        addIndicator(ctx, { ...base, sourceId: 'manual', targetYear: '2031', targetValue: '-3', direction: 'sideways' }),
      ),
    ).toEqual(['targetValue', 'targetYear', 'direction']);
    expect(await count(tenant, 'coordination_indicators')).toBe(before);
  });

  it('funding amounts are never negative and spending never exceeds the grant', async () => {
    const tenant = await vandoeuvre();
    const sheet = await nitrousSheet(tenant);
    const before = await count(tenant, 'coordination_funding_files');
    const ctx = systemContext(database.db, tenant);
    const file = { funder: 'fipd', actionSheetId: sheet.id, year: '2027', state: 'granted' };
    expect(await refusal(saveFundingFile(ctx, { ...file, asked: '-100', granted: '5 000', spent: '6 000,50' }))).toEqual([
      'asked',
      'spent',
    ]);
    expect(await refusal(saveFundingFile(ctx, { ...file, asked: '1000', funder: 'other', funderName: '' }))).toEqual([
      'funderName',
      'granted',
    ]);
    expect(await count(tenant, 'coordination_funding_files')).toBe(before);
    const saved = await saveFundingFile(ctx, { ...file, asked: '12 500,50', granted: '10000', spent: '2500' });
    const row = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('coordination_funding_files').selectAll().where('id', '=', saved.id).executeTakeFirstOrThrow(),
    );
    expect([row.asked_cents, row.granted_cents, row.spent_cents, row.funder_name]).toEqual([
      1_250_050,
      1_000_000,
      250_000,
      'FIPD — Fonds interministériel de prévention de la délinquance',
    ]);
  });

  it('the page answers a refused form with 400, the field named and linked, and nothing saved', async () => {
    const { tenant, browser } = await signedIn('coordinator');
    const before = await count(tenant, 'coordination_tasks');
    const response = await browser.post(
      `${base()}/taches`,
      { title: 'Sans responsable', ownerUserId: '', dueOn: '2026-12-10' },
      `${base()}/taches`,
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#task-ownerUserId"');
    expect(response.body).toContain('choisissez une personne responsable');
    expect(await count(tenant, 'coordination_tasks')).toBe(before);
  });
});

describe('editing an action sheet', () => {
  it('refuses an end before the start naming the field, then saves the new title', async () => {
    const { tenant, browser } = await signedIn('coordinator');
    const sheet = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('coordination_action_sheets').selectAll().where('title', 'like', 'Permanence%').executeTakeFirstOrThrow(),
    );
    const url = `${base()}/strategie/fiches/${sheet.id}`;
    const fields = {
      axisId: sheet.axis_id,
      title: 'Permanence d’aide aux victimes, deux fois par semaine',
      objective: sheet.objective,
      leadOrganisationId: sheet.lead_organisation_id,
      startsOn: '2026-01-01',
      endsOn: '2025-12-31',
      state: 'active',
    };
    const refused = await browser.post(url, fields, url);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#sheet-endsOn"');
    const saved = await browser.post(url, { ...fields, endsOn: '2027-12-31' }, url);
    expect(saved.statusCode).toBe(303);
    expect((await browser.get(url)).body).toContain('<h1>Fiche 3.1 — Permanence d’aide aux victimes, deux fois par semaine</h1>');
  });
});

describe('live indicators', () => {
  it('reads the nitrous-oxide reports of each year of the strategy; a report submitted now raises this year’s figure', async () => {
    const tenant = await vandoeuvre();
    const sheet = await nitrousSheet(tenant);
    const now = new Date(NOW);
    const read = () =>
      withTenant(database.db, tenant.id, async (tx) =>
        indicatorFigures(tx, tenant, now, await indicatorRowsOf(tx, sheet.id), [2025, 2026, 2027]),
      );
    const before = (await read()).find((f) => f.sourceId === 'reports.received')!;
    expect(before.sourceOption).toBe('protoxyde-azote');
    expect(before.years.map((y) => [y.year, y.soFar, y.future])).toEqual([
      [2025, false, false],
      [2026, true, false],
      [2027, false, true],
    ]);
    expect(before.years[2]!.value).toBeNull();
    const ctx = systemContext(database.db, tenant, new ManualClock(new Date('2026-11-25T09:00:00Z')));
    await submitReport(ctx, {
      categoryCode: 'protoxyde-azote',
      lat: 48.6567,
      lon: 6.1711,
      description: 'Cartouches sur le parking.',
      source: 'web',
      attributes: { quantite: 'dizaines' },
    });
    // Another category does not count.
    await submitReport(ctx, {
      categoryCode: 'eclairage',
      lat: 48.6567,
      lon: 6.1711,
      description: 'Lampadaire éteint.',
      source: 'web',
      attributes: { etendue: 'un' },
    });
    const after = (await read()).find((f) => f.sourceId === 'reports.received')!;
    expect(after.years[1]!.value).toBe((before.years[1]!.value ?? 0) + 1);
    expect(after.years[0]!.value).toBe(before.years[0]!.value);

    // The sheet page shows it to the coordinator, exactly, in the table beside the chart.
    const { browser } = await signedIn('coordinator');
    const page = (await browser.get(`${base()}/strategie/fiches/${sheet.id}`)).body;
    expect(page).toContain('<svg class="indicator-chart"');
    expect(page).toContain('Signalements reçus — Cartouches de protoxyde d’azote');
    expect(page).toMatch(
      new RegExp(
        `data-year="2026"><th scope="row">2026 \\(en cours, au 26 novembre 2026\\)</th><td class="num">${after.years[1]!.value}</td>`,
      ),
    );
    // The API gives the same figures.
    const api = await browser.get(`/api/v1/t/${SLUG}/coordination/action-sheets/${sheet.id}/indicators`);
    expect(api.statusCode).toBe(200);
    const indicator = api.json().indicators.find((i: { source: string }) => i.source === 'reports.received');
    expect(indicator.years[1]).toEqual({ year: 2026, value: after.years[1]!.value, so_far: true });
  });
});

describe('choosing an indicator’s source', () => {
  it('offers every figure with its choices by name, and a choice made there is read live', async () => {
    const { tenant, browser } = await signedIn('coordinator');
    const sheet = await nitrousSheet(tenant);
    const page = (await browser.get(`${base()}/strategie/fiches/${sheet.id}`)).body;
    expect(page).toContain('<option value="reports.received|eclairage">Signalements reçus — ');
    expect(page).toContain('<option value="prevention.sessions-held">Séances de prévention tenues — tout</option>');
    expect(page).not.toContain('name="source_option"');
    const before = await count(tenant, 'coordination_indicators');
    const added = await browser.post(
      `${base()}/strategie/fiches/${sheet.id}/indicateurs`,
      {
        label: 'Lampadaires signalés',
        source: 'reports.received|eclairage',
        targetValue: '10',
        targetYear: '2027',
        direction: 'down',
      },
      `${base()}/strategie/fiches/${sheet.id}`,
    );
    expect(added.statusCode).toBe(303);
    expect(await count(tenant, 'coordination_indicators')).toBe(before + 1);
    const refused = await browser.post(
      `${base()}/strategie/fiches/${sheet.id}/indicateurs`,
      { label: 'Intrus', source: 'reports.received|pas-une-categorie', targetValue: '1', targetYear: '2027', direction: 'up' },
      `${base()}/strategie/fiches/${sheet.id}`,
    );
    expect(refused.statusCode).toBe(400);
    expect(await count(tenant, 'coordination_indicators')).toBe(before + 1);
  });
});

describe('access', () => {
  it('a reader with coordination.view reads the strategy but cannot write, nor open the funding files', async () => {
    const { tenant, browser } = await signedIn('educator');
    const sheet = await nitrousSheet(tenant);
    expect((await browser.get(`${base()}/strategie`)).statusCode).toBe(200);
    const sheetPage = await browser.get(`${base()}/strategie/fiches/${sheet.id}`);
    expect(sheetPage.statusCode).toBe(200);
    expect(sheetPage.body).not.toContain('Ajouter un indicateur');
    expect(sheetPage.body).toContain('ne sont pas affichés (secret statistique)');
    const before = await count(tenant, 'coordination_indicators');
    const write = await browser.post(
      `${base()}/strategie/fiches/${sheet.id}/indicateurs`,
      { label: 'Intrus', source: 'manual', targetValue: '1', targetYear: '2027', direction: 'up' },
      `${base()}/strategie`,
    );
    expect(write.statusCode).toBe(403);
    expect(await count(tenant, 'coordination_indicators')).toBe(before);
    expect((await browser.get(`${base()}/financements`)).statusCode).toBe(403);
    // English is there too.
    const english = (await browser.get(`${base()}/strategie?lang=en`)).body;
    expect(english).toContain('<h1>The territorial strategy (STSPD)</h1>');
    expect(english).toContain('Axis 2 — ');
  });

  it('a partner venue or a funding member gets 403; another tenant’s records read as 404', async () => {
    const tenant = await vandoeuvre();
    const sheet = await nitrousSheet(tenant);
    for (const role of ['partner_venue', 'funding_member'] as const) {
      const { browser } = await signedIn(role);
      expect((await browser.get(`${base()}/strategie`)).statusCode, role).toBe(403);
      expect((await browser.get(`${base()}/strategie/fiches/${sheet.id}`)).statusCode, role).toBe(403);
    }
    const lyon = await signedIn('coordinator', 'lyon');
    expect((await lyon.browser.get(`${base('lyon')}/strategie/fiches/${sheet.id}`)).statusCode).toBe(404);
    const file = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('coordination_funding_files').select('id').executeTakeFirstOrThrow(),
    );
    expect((await lyon.browser.get(`${base('lyon')}/financements/${file.id}/rapport.csv`)).statusCode).toBe(404);
    // A tenant that does not run the programme has no coordination pages.
    const noCouncil = await createTenant(database.db, { programmes: ['reports'] });
    const admin = await createStaff(database.db, noCouncil, 'admin');
    const browser = new Browser(t.app);
    await browser.signIn(admin.email);
    expect((await browser.get(`${base(noCouncil.slug)}/strategie`)).statusCode).toBe(404);
  });

  it('restricted minutes open to the coordination and to attending members with an account only', async () => {
    const tenant = await vandoeuvre();
    const ctx = systemContext(database.db, tenant);
    const attendee = await signedIn('partner_organisation');
    const reader = await signedIn('educator');
    const session = await scheduleSession(ctx, {
      kind: 'restricted',
      title: 'Cellule de veille restreinte',
      startsAt: '2026-11-20T09:00',
      endsAt: '2026-11-20T10:30',
      place: 'Mairie',
      agenda: 'Situations nominatives',
    });
    const memberId = await withTenant(database.db, tenant.id, async (tx) => {
      const row = await tx
        .selectFrom('coordination_council_members')
        .select('id')
        .where('person_name', 'is', null)
        .executeTakeFirstOrThrow();
      return row.id;
    });
    const { addCouncilMember } = await import('./add-council-member.js');
    const { recordAttendance } = await import('./record-attendance.js');
    const added = await addCouncilMember(ctx, {
      personName: 'Référent·e de l’association',
      councilRole: 'member',
      userId: attendee.staff.userId,
      fromOn: '2026-01-01',
    });
    await recordAttendance(ctx, { sessionId: session.id, presence: { [added.id]: 'present', [memberId]: 'excused' } });
    await recordMinutes(ctx, { sessionId: session.id, text: 'Compte rendu confidentiel de la cellule.', published: '1' });
    const url = `${base()}/conseil/seances/${session.id}`;
    expect((await attendee.browser.get(url)).body).toContain('Compte rendu confidentiel de la cellule.');
    const other = (await reader.browser.get(url)).body;
    expect(other).toContain('Cellule de veille restreinte');
    expect(other).not.toContain('Compte rendu confidentiel');
    // A minutes file that is not a PDF is refused, naming the field.
    expect(await refusal(recordMinutes(ctx, { sessionId: session.id, pdf: Buffer.from('not a pdf') }))).toEqual(['pdf']);
  });

  it('the owner marks a task done; another reader cannot touch it', async () => {
    const owner = await signedIn('educator');
    const other = await signedIn('educator');
    const task = await createTask(systemContext(database.db, owner.tenant), {
      title: 'Envoyer la liste des séances',
      ownerUserId: owner.staff.userId,
      dueOn: '2026-12-04',
    });
    // The other reader has a task of their own (their page then carries a form, hence a CSRF token).
    await createTask(systemContext(database.db, owner.tenant), {
      title: 'Relire le bilan',
      ownerUserId: other.staff.userId,
      dueOn: '2026-12-05',
    });
    const mine = (await owner.browser.get(`${base()}/taches`)).body;
    expect(mine).toContain('Envoyer la liste des séances');
    expect((await other.browser.get(`${base()}/taches`)).body).not.toContain('Envoyer la liste des séances');
    const denied = await other.browser.post(`${base()}/taches/${task.id}/etat`, { state: 'done' }, `${base()}/taches`);
    expect(denied.statusCode).toBe(404);
    await expect(
      changeTaskState(
        {
          ...systemContext(database.db, owner.tenant),
          actor: { kind: 'user', label: 'x', userId: owner.staff.userId, grants: new Map([['coordination.view', 'tenant']]) },
        },
        { taskId: task.id, state: 'cancelled' },
      ),
    ).rejects.toMatchObject({ details: [{ field: 'state' }] });
    const done = await owner.browser.post(`${base()}/taches/${task.id}/etat`, { state: 'done' }, `${base()}/taches`);
    expect(done.statusCode).toBe(303);
    const state = await withTenant(database.db, owner.tenant.id, (tx) =>
      tx.selectFrom('coordination_tasks').select('state').where('id', '=', task.id).executeTakeFirstOrThrow(),
    );
    expect(state.state).toBe('done');
  });
});

describe('the report to the funder', () => {
  it('gives the action’s indicators for the funding year as a page, a CSV and a PDF, small numbers hidden', async () => {
    const { tenant, browser } = await signedIn('coordinator');
    const sheet = await nitrousSheet(tenant);
    const file = await withTenant(database.db, tenant.id, (tx) =>
      tx
        .selectFrom('coordination_funding_files')
        .select('id')
        .where('year', '=', 2025)
        .where('action_sheet_id', '=', sheet.id)
        .executeTakeFirstOrThrow(),
    );
    const figures = await withTenant(database.db, tenant.id, async (tx) =>
      indicatorFigures(tx, tenant, new Date(NOW), await indicatorRowsOf(tx, sheet.id), [2025]),
    );
    const url = `${base()}/financements/${file.id}`;
    const filePage = (await browser.get(url)).body;
    expect(filePage).toContain('Bilan d’exécution 2025');
    expect(filePage).toContain('Remis le 20 mars 2026');
    const csv = await browser.get(`${url}/rapport.csv`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('Indicateur;Source;Année;Valeur;Objectif;Année de l’objectif;Sens');
    expect(lines).toHaveLength(figures.length + 1);
    for (const figure of figures) {
      const value = figure.years[0]!.value;
      const shown = value === null ? 'non saisi' : value > 0 && value < 5 ? 'moins de 5' : String(value);
      expect(
        lines.some((l) => l.startsWith(`${figure.label};`) && l.includes(`;2025;${shown};${figure.targetValue};`)),
        figure.label,
      ).toBe(true);
    }
    const page = (await browser.get(`${url}/rapport`)).body;
    expect(page).toContain('Rapport au financeur');
    expect(page).toContain(figures[0]!.label);
    const pdf = await browser.get(`${url}/rapport.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    let text: string;
    try {
      const dir = mkdtempSync(join(tmpdir(), 'council-pdf-'));
      writeFileSync(join(dir, 'r.pdf'), pdf.rawPayload);
      text = execFileSync('pdftotext', [join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    } catch {
      console.warn('pdftotext is not installed: the PDF’s text is not checked');
      return;
    }
    expect(text).toContain('Rapport au financeur');
    expect(text).toContain('FIPD');
    expect(text).toContain(figures[0]!.label);
  });
});
