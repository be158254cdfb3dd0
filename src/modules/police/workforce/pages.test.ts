import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../../test/helpers/factories.js';
import { Browser, createStaff, csrfFrom } from '../../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { createApiToken } from '../../../platform/accounts/api-tokens.js';
import { ManualClock } from '../../../platform/clock/clock.js';
import { createLogger } from '../../../platform/logging/logger.js';
import { createMailer } from '../../../platform/mail/mailer.js';
import { createAgent } from './agent-operations.js';
import { agreementRenewalJob, saveAgreement } from './agreements.js';
import { createTrainingModule, createTrainingSession, recordAttendance } from './training-operations.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-25T10:00:00Z' });

async function manager() {
  const tenant = await createTenant(database.db, { programmes: ['police'] });
  const staff = await createStaff(database.db, tenant, 'police_manager');
  const browser = new Browser(t.app);
  await browser.signIn(staff.email);
  return { tenant, browser, staff, base: `/t/${tenant.slug}/espace/police` };
}

describe('the workforce pages', () => {
  it('creates an agent with post/redirect/get and refuses a departure before the arrival, naming the field', async () => {
    const { tenant, browser, base } = await manager();
    const created = await browser.post(
      `${base}/agents`,
      {
        staffNumber: 'M-001',
        familyName: 'Exemple',
        givenName: 'Camille',
        effectiveOn: '2025-02-01',
        category: 'apm',
        ftePercent: '100',
      },
      `${base}/agents`,
    );
    expect(created.statusCode).toBe(303);
    const agentPage = created.headers.location as string;
    expect((await browser.get(agentPage)).body).toContain('Exemple Camille (M-001)');
    const refused = await browser.post(
      `${agentPage.split('?')[0]}/mouvements`,
      { form: 'movement', kind: 'departure', effectiveOn: '2025-01-01' },
      agentPage,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#field-effectiveOn"');
    expect(refused.body).toContain('avant l’arrivée de l’agent');
    const count = await withTenant(database.db, tenant.id, (tx) => tx.selectFrom('police_movements').select('id').execute());
    expect(count).toHaveLength(1);
    const dashboard = (await browser.get(base)).body;
    expect(dashboard).toMatch(/Agents de police municipale \(APM\)<\/a><\/th><td class="num">1<\/td>/);
  });

  it('warns on the dashboard when the coordination agreement is missing from 3 agents, and not once a valid one is filed', async () => {
    const { tenant, browser, base } = await manager();
    for (const n of [1, 2, 3])
      await createAgent(systemContext(database.db, tenant), {
        staffNumber: `C${n}`,
        familyName: 'Fictif',
        givenName: `N${n}`,
        effectiveOn: '2024-01-01',
        category: 'apm',
      });
    expect((await browser.get(base)).body).toContain(
      'Aucune convention de coordination avec l’État n’est en vigueur alors que la police compte 3 agents',
    );
    const notPdf = await browser.submit(
      `${base}/conventions`,
      { kind: 'state_coordination', parties: 'Préfet', subject: 'Coordination', signedOn: '2026-01-01', expiresOn: '2026-06-30' },
      `${base}/conventions`,
    );
    expect(notPdf.statusCode).toBe(200);
    await saveAgreement(systemContext(database.db, tenant), {
      kind: 'state_coordination',
      parties: 'Préfet, procureur, maire',
      subject: 'Convention de coordination',
      signedOn: '2023-01-01',
      expiresOn: '2026-06-30',
      pdf: { name: 'c.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') },
    });
    expect((await browser.get(base)).body).toContain('La convention de coordination avec l’État a expiré le 30 juin 2026');
    await saveAgreement(systemContext(database.db, tenant), {
      kind: 'state_coordination',
      parties: 'Préfet, procureur, maire',
      subject: 'Convention renouvelée',
      signedOn: '2026-07-01',
      expiresOn: '2029-06-30',
    });
    expect((await browser.get(base)).body).toContain('Convention de coordination avec l’État en vigueur.');
    await expect(
      saveAgreement(systemContext(database.db, tenant), {
        kind: 'school',
        parties: 'Collège',
        subject: 'Sorties',
        signedOn: '2026-01-01',
        expiresOn: '2027-01-01',
        pdf: { name: 'x.pdf', bytes: Buffer.from('GIF89a') },
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', details: [{ field: 'pdf' }] });
  });

  it('lists the training compliance and the list to enrol, and exports the sessions as iCalendar', async () => {
    const { tenant, browser, base } = await manager();
    const ctx = systemContext(database.db, tenant);
    const a = await createAgent(ctx, {
      staffNumber: 'F1',
      familyName: 'Formé',
      givenName: 'Alex',
      effectiveOn: '2020-01-01',
      category: 'apm',
    });
    await createAgent(ctx, {
      staffNumber: 'F2',
      familyName: 'Jamais',
      givenName: 'Sam',
      effectiveOn: '2020-01-01',
      category: 'apm',
    });
    const module = await createTrainingModule(ctx, {
      title: 'Accueil des victimes de violences sexistes et sexuelles',
      provider: 'CNFPT',
      kind: 'specific',
      validityMonths: '36',
    });
    const session = await createTrainingSession(ctx, {
      moduleId: module.id,
      startsAt: '2026-03-10T09:00',
      endsAt: '2026-03-10T17:00',
      place: 'Hôtel de police',
      trainer: 'Formatrice CNFPT',
      capacity: '12',
    });
    await recordAttendance(ctx, { sessionId: session.id, agentId: a.id, status: 'attended' });
    const page = (await browser.get(`${base}/formations/conformite`)).body;
    expect(page).toMatch(/<th scope="row">Total<\/th><td class="num">1<\/td><td class="num">0<\/td><td class="num">1<\/td>/);
    expect(page).toContain('À inscrire (1)');
    expect(page).toContain('Jamais Sam');
    const ics = await browser.get(`${base}/formations/sessions.ics`);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('SUMMARY:Accueil des victimes de violences sexistes et sexuelles');
    expect(ics.body).toContain('DTSTART:20260310T080000Z');
    expect(ics.body).not.toContain('Formé');
  });

  it('exports the agents as CSV and imports an uploaded file (multipart, CSRF), refusing a bad one whole with its lines named', async () => {
    const { tenant, browser, base } = await manager();
    const upload = async (text: string, encoding = 'utf-8') => {
      const page = await browser.get(`${base}/agents`);
      expect(page.body).toContain('<label for="field-file">Fichier CSV</label>');
      const form = new FormData();
      form.append('_csrf', csrfFrom(page.body));
      form.append('encoding', encoding);
      form.append(
        'file',
        new Blob([Buffer.from(text, encoding === 'utf-8' ? 'utf8' : 'latin1')], { type: 'text/csv' }),
        'agents.csv',
      );
      const encoded = new Response(form);
      return t.app.inject({
        method: 'POST',
        url: `${base}/agents/import`,
        headers: { cookie: browser.cookies, 'content-type': encoded.headers.get('content-type') as string },
        payload: Buffer.from(await encoded.arrayBuffer()),
      });
    };
    const header = 'staff_number;family_name;given_name;movement;effective_on;category;unit';
    const refused = await upload(
      `${header}\nV1;Faure;Inès;arrival;2024-01-01;apm;Brigade cycliste\nV2;Garnier;Léo;arrival;2024-01-01;asvp;\nV2;Garnier;Léo;change;2023-01-01;apm;\n`,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Le fichier est refusé, rien n’a été importé (1 problèmes)');
    expect(refused.body).toContain(
      'ligne 4, colonne effective_on : changement le 2023-01-01 : l’agent n’est pas dans les effectifs à cette date',
    );
    expect(await withTenant(database.db, tenant.id, (tx) => tx.selectFrom('police_agents').select('id').execute())).toEqual([]);

    const done = await upload(
      `${header}\nV1;Faure;Inès;arrival;2024-01-01;apm;Brigade cycliste\nV2;Garnier;Léo;arrival;2024-01-01;asvp;\n`,
      'windows-1252',
    );
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${base}/agents?fait=1`);
    expect((await browser.get(done.headers.location as string)).body).toContain('Faure Inès');
    const file = await browser.get(`${base}/agents.csv`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.body).toContain('V1,Faure,Inès,arrival,2024-01-01,apm,,Brigade cycliste,100,active,');

    // The coordinator sees figures, never the agents' names.
    const coordinator = await createStaff(database.db, tenant, 'coordinator');
    const other = new Browser(t.app);
    await other.signIn(coordinator.email);
    expect((await other.get(`${base}/agents.csv`)).statusCode).toBe(403);
  });

  it('shows the coordinator small categories through the small-number helper, while the police manager keeps exact figures', async () => {
    const { tenant, browser: managerBrowser, base } = await manager();
    const ctx = systemContext(database.db, tenant);
    // 6 APM since 2024 (one more in March 2026), 2 gardes champêtres, no ASVP.
    for (const [n, category, on] of [
      ...[1, 2, 3, 4, 5, 6].map((n) => [n, 'apm', '2024-01-01'] as const),
      [7, 'apm', '2026-03-02'] as const,
      [8, 'garde_champetre', '2024-01-01'] as const,
      [9, 'garde_champetre', '2025-05-01'] as const,
    ])
      await createAgent(ctx, { staffNumber: `S${n}`, familyName: 'Fictif', givenName: `N${n}`, effectiveOn: on, category });
    const coordinator = await createStaff(database.db, tenant, 'coordinator');
    const browser = new Browser(t.app);
    await browser.signIn(coordinator.email);
    const row = (html: string, label: string) =>
      new RegExp(`${label.replace(/[()]/g, '\\$&')}</a></th><td class="num">([^<]+)</td><td class="num">([^<]+)</td>`)
        .exec(html)
        ?.slice(1);

    const seen = (await browser.get(base)).body;
    expect(row(seen, 'Agents de police municipale (APM)')).toEqual(['7', '7']);
    expect(row(seen, 'Gardes champêtres')).toEqual(['secret stat.', 'secret stat.']);
    expect(row(seen, 'ASVP')).toEqual(['0', '0']);
    expect(seen).toContain('secret stat. : moins de 5');
    // The coordination warning would give the APM count back: it reads « moins de 5 » when it is small.
    expect(seen).toContain('alors que la police compte 7 agents');
    const exact = (await managerBrowser.get(base)).body;
    expect(row(exact, 'Gardes champêtres')).toEqual(['2', '2']);
    // With 3 APM, the warning would say how many: it reads « moins de 5 » for the coordinator.
    const small = await createTenant(database.db, { programmes: ['police'] });
    for (const n of [1, 2, 3])
      await createAgent(systemContext(database.db, small), {
        staffNumber: `P${n}`,
        familyName: 'Fictif',
        givenName: `N${n}`,
        effectiveOn: '2024-01-01',
        category: 'apm',
      });
    const smallCoordinator = await createStaff(database.db, small, 'coordinator');
    const smallBrowser = new Browser(t.app);
    await smallBrowser.signIn(smallCoordinator.email);
    expect((await smallBrowser.get(`/t/${small.slug}/espace/police`)).body).toContain(
      'alors que la police compte moins de 5 agents (obligatoire dès 3)',
    );

    const trajectory = (await browser.get(`${base}/trajectoire?categorie=garde_champetre`)).body;
    expect(trajectory).not.toContain('trajectory-chart');
    expect(trajectory).not.toMatch(/<td class="num">[12]<\/td>/);
    const apm = (await browser.get(`${base}/trajectoire?categorie=apm`)).body;
    // A month with one recruitment hides all its movements, and the period's totals with them.
    expect(apm).toMatch(/mars 2026<\/th><td class="num">7<\/td><td class="num">7<\/td>(<td class="num">secret stat.<\/td>){4}/);
    expect(apm).toContain('(6 → 7 agents), secret stat. recrutements');

    const { token } = await createApiToken(ctx, { name: 'Analyse', permissions: ['police.figures'] });
    const figures = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/t/${tenant.slug}/police/headcount?on=2026-06-01`,
        headers: { authorization: `Bearer ${token}` },
      })
    ).json();
    expect(figures.small_number_threshold).toBe(5);
    expect(figures.headcount).toMatchObject({
      apm: { heads: 7, fte: 7 },
      garde_champetre: { heads: null, fte: null },
      asvp: { heads: 0 },
    });
  });

  it('sets the mandate start and a target from the trajectory page, and adds a session in local time (datetime-local), naming bad fields', async () => {
    const { tenant, browser, base } = await manager();
    await createAgent(systemContext(database.db, tenant), {
      staffNumber: 'T1',
      familyName: 'Fictif',
      givenName: 'Un',
      effectiveOn: '2019-01-01',
      category: 'apm',
    });
    const page = `${base}/trajectoire`;
    const badMandate = await browser.post(`${page}/mandat`, { form: 'mandate', startsOn: '2020-02-30', label: '' }, page);
    expect(badMandate.statusCode).toBe(400);
    expect(badMandate.body).toContain('href="#field-startsOn"');
    expect(badMandate.body).toContain('<label for="field-startsOn">Date de début du mandat');
    const mandate = await browser.submit(
      `${page}/mandat`,
      { form: 'mandate', startsOn: '2020-07-01', label: 'Mandat 2020-2026' },
      page,
    );
    expect(mandate.body).toContain('Début du mandat (Mandat 2020-2026) : 1 juillet 2020, 1 agents.');

    const badTarget = await browser.post(
      `${page}/objectifs`,
      { form: 'target', category: 'apm', targetOn: '2026-12-31', heads: 'beaucoup' },
      page,
    );
    expect(badTarget.statusCode).toBe(400);
    expect(badTarget.body).toContain('href="#field-heads"');
    expect(await withTenant(database.db, tenant.id, (tx) => tx.selectFrom('police_targets').select('heads').execute())).toEqual(
      [],
    );
    const target = await browser.post(
      `${page}/objectifs`,
      { form: 'target', category: 'asvp', targetOn: '2026-12-31', heads: '12' },
      page,
    );
    expect(target.statusCode).toBe(303);
    expect(target.headers.location).toBe(`${page}?categorie=asvp&fait=1`);
    expect((await browser.get(target.headers.location as string)).body).toContain('Objectif : 12 agents au 31 décembre 2026');

    const coordinator = await createStaff(database.db, tenant, 'coordinator');
    const other = new Browser(t.app);
    await other.signIn(coordinator.email);
    expect((await other.get(page)).body).not.toContain('field-startsOn');
    expect((await other.post(`${page}/mandat`, { form: 'mandate', startsOn: '2021-01-01' }, page)).statusCode).toBe(403);

    const module = await createTrainingModule(systemContext(database.db, tenant), {
      title: 'Tir',
      provider: 'CNFPT',
      kind: 'statutory',
    });
    const trainings = `${base}/formations`;
    expect((await browser.get(trainings)).body).toContain('type="datetime-local"');
    const session = { form: 'session', moduleId: module.id, place: 'Stand', trainer: 'B. Roy', capacity: '8' };
    const backwards = await browser.post(
      `${trainings}/sessions`,
      { ...session, startsAt: '2026-03-29T12:00', endsAt: '2026-03-29T09:00' },
      trainings,
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('la fin doit suivre le début');
    const added = await browser.post(
      `${trainings}/sessions`,
      { ...session, startsAt: '2026-03-29T09:00', endsAt: '2026-03-29T12:00' },
      trainings,
    );
    expect(added.statusCode).toBe(303);
    // Paris is on summer time from that night: 09:00 there is 07:00 UTC.
    const stored = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('police_training_sessions').select('starts_at').execute(),
    );
    expect(stored.map((r) => r.starts_at.toISOString())).toEqual(['2026-03-29T07:00:00.000Z']);
  });

  it('answers the API: headcount computed from movements, bad input 400 naming the field', async () => {
    const { tenant } = await manager();
    const { token } = await createApiToken(systemContext(database.db, tenant), {
      name: 'RH',
      permissions: ['police.figures', 'police.workforce'],
    });
    const auth = { authorization: `Bearer ${token}` };
    const url = `/api/v1/t/${tenant.slug}/police`;
    const made = await t.app.inject({
      method: 'POST',
      url: `${url}/agents`,
      headers: auth,
      payload: {
        staff_number: 'API1',
        family_name: 'Fictif',
        given_name: 'Api',
        effective_on: '2026-01-05',
        category: 'asvp',
        fte_percent: 50,
      },
    });
    expect(made.statusCode).toBe(201);
    const bad = await t.app.inject({
      method: 'POST',
      url: `${url}/agents/${made.json().id}/movements`,
      headers: auth,
      payload: { kind: 'departure', effective_on: '2025-12-31' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('effectiveOn');
    const headcount = await t.app.inject({ method: 'GET', url: `${url}/headcount?on=2026-02-01`, headers: auth });
    expect(headcount.json().headcount.asvp).toEqual({ heads: 1, fte: 0.5 });
    expect(
      (await t.app.inject({ method: 'GET', url: `${url}/headcount?on=2025-12-01`, headers: auth })).json().headcount.asvp,
    ).toEqual({ heads: 0, fte: 0 });
  });
});

describe('agreement renewal alerts', () => {
  const received: { to: string[]; subject?: string; text?: string }[] = [];
  let server: SMTPServer;
  let port: number;
  beforeAll(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (mail) => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: mail.subject, text: mail.text });
            callback();
          },
          (error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('mails the police managers once per expiry date, through SMTP', async () => {
    const { tenant, staff } = await manager();
    await saveAgreement(systemContext(database.db, tenant), {
      kind: 'state_coordination',
      parties: 'Préfet du Rhône',
      subject: 'Convention de coordination',
      signedOn: '2024-01-01',
      expiresOn: '2027-01-31',
    });
    await saveAgreement(systemContext(database.db, tenant), {
      kind: 'landlord',
      parties: 'Bailleur',
      subject: 'Halls d’immeubles',
      signedOn: '2024-01-01',
      expiresOn: '2028-01-31',
    });
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'securite@ville.test' }, createLogger('silent'));
    const deps = { database, clock: new ManualClock(new Date('2026-11-25T06:00:00Z')), mailer, config: t.deps.config };
    const summary = await agreementRenewalJob.run(deps);
    const mine = received.filter((m) => m.to.includes(staff.email));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.text).toContain('Convention de coordination (Préfet du Rhône) : échéance le 2027-01-31');
    expect(mine[0]?.text).not.toContain('Halls');
    expect(summary).toMatch(/^\d+ renewal alerts sent$/);
    await agreementRenewalJob.run(deps);
    expect(received.filter((m) => m.to.includes(staff.email))).toHaveLength(1);
  });
});
