import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWithoutReports } from '../../../../test/helpers/demo.js';
import { Browser } from '../../../../test/helpers/staff.js';
import { outbox, type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { publicActor } from '../../../platform/access/actor.js';
import { requireTenant, type Tenant } from '../../../platform/tenants/tenant-queries.js';
import { submitReport } from '../../reports/submit-report.js';

let database: Database;
let t: TestApp;
const mail = outbox();
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-28T22:00:00Z', mailer: mail });

let tenant: Tenant;
let base: string;
const demo = (role: string) => `${role}.lyon@demo.invalid`;

beforeAll(async () => {
  await seedDemoWithoutReports(database.db);
  tenant = await requireTenant(database.db, 'lyon');
  base = `/t/${tenant.slug}/espace/main-courante`;
});

async function signedIn(role: string) {
  const browser = new Browser(t.app);
  expect((await browser.signIn(demo(role), 'quietude-demo')).statusCode).toBe(303);
  return browser;
}
const reportRow = (id: string) =>
  withTenant(database.db, tenant.id, (tx) => tx.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
const entryCount = () =>
  withTenant(database.db, tenant.id, async (tx) =>
    Number(
      (
        await tx
          .selectFrom('main_courante_entries')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  );

describe('an intervention that answers a resident’s report', () => {
  it('an agent logs it from the report (which moves to in progress), a supervisor validates it (resolved), the entry is then locked', async () => {
    const report = await submitReport(
      { db: database.db, clock: t.clock, actor: publicActor, tenant },
      {
        categoryCode: 'outrage-sexiste',
        description: 'Remarques insistantes à l’arrêt de bus.',
        lat: 45.764,
        lon: 4.8357,
        source: 'web',
        contact: { email: 'habitante@example.test' },
        notifyReporter: true,
      },
    );
    const toReporter = () => mail.sent.filter((m) => m.to === 'habitante@example.test');
    const agent = await signedIn('police_agent');
    const list = await agent.get(base);
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    const answer = `${base}/nouvelle?signalement=${report.id}`;
    expect(list.body).toContain(answer.replaceAll('&', '&amp;'));
    const form = await agent.get(answer);
    expect(form.body).toContain(`<option value="${report.id}" selected`);
    const me = /<input type="checkbox" id="agent-[^"]+" name="agents" value="([^"]+)" checked/.exec(form.body)?.[1];
    expect(me).toBeDefined();

    const fields = {
      kind: 'judicial',
      nature: 'outrage-sexiste',
      natinfCode: '90005',
      source: 'report',
      reportId: report.id,
      calledAt: '2026-11-28T22:05',
      arrivedAt: '2026-11-28T22:14',
      endedAt: '2026-11-28T22:40',
      lat: '45.764',
      lon: '4.8357',
      agents: me as string,
      findings: 'Personne mise en cause identifiée, rappel à la loi.',
      followUp: 'rapport',
      'people[0].role': 'victim',
      'people[0].givenName': 'Camille',
    };
    // Bad input first: the page names the field, nothing is saved, the report does not move.
    const before = await entryCount();
    const bad = await agent.post(`${base}/nouvelle`, { ...fields, endedAt: '2026-11-28T22:00' }, answer);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('la fin ne peut pas précéder le début');
    expect(bad.body).toContain('href="#field-endedAt"');
    expect(await entryCount()).toBe(before);
    expect((await reportRow(report.id)).status).toBe('new');

    const created = await agent.post(`${base}/nouvelle`, fields, answer);
    expect(created.statusCode).toBe(303);
    const entryPage = created.headers.location as string;
    const entryId = /main-courante\/([0-9a-f-]{36})/.exec(entryPage)?.[1] as string;
    expect((await reportRow(report.id)).status).toBe('in_progress');
    const shown = await agent.get(entryPage);
    expect(shown.body).toContain('Camille');
    expect(shown.body).toMatch(/Main courante 2026-\d{6}/);
    // An agent neither validates nor sees who consulted.
    expect(shown.body).not.toContain('Valider l’entrée');
    expect(shown.body).not.toContain('Consultations de cette entrée');
    expect((await agent.post(`${base}/${entryId}/valider`, {}, entryPage)).statusCode).toBe(403);

    const supervisor = await signedIn('police_supervisor');
    const review = await supervisor.get(`${base}/${entryId}`);
    expect(review.body).toContain('Consultations de cette entrée');
    expect(review.body).toContain('(démo lyon)');
    const validated = await supervisor.post(`${base}/${entryId}/valider`, {}, `${base}/${entryId}`);
    expect(validated.statusCode).toBe(303);
    const after = await reportRow(report.id);
    expect(after.status).toBe('resolved');
    // The resident who asked is told the generic states (« forwarded », then « handled »), never the intervention.
    const told = toReporter();
    expect(told).toHaveLength(2);
    expect(JSON.stringify(told)).not.toMatch(/rappel à la loi|Camille|main courante|2026-\d{6}/i);
    expect(after.closed_at).not.toBeNull();

    // Locked: a direct edit answers 409 with the way forward; the amendment is kept.
    const edit = await supervisor.post(
      `${base}/${entryId}/modifier`,
      { ...fields, findings: 'autre' },
      `${base}/${entryId}/modifier`,
    );
    expect(edit.statusCode).toBe(409);
    expect(edit.body).toContain('amendement');
    const amend = await supervisor.post(
      `${base}/${entryId}/amender`,
      { ...fields, followUp: 'pv', reason: 'PV dressé le lendemain' },
      `${base}/${entryId}/amender`,
    );
    expect(amend.statusCode).toBe(303);
    const amended = await supervisor.get(amend.headers.location as string);
    expect(amended.body).toContain('PV dressé le lendemain');
    expect(amended.body).toContain('Procès-verbal');
  });

  it('keeps the main courante from roles outside the police: 403 for the coordinator', async () => {
    const coordinator = await signedIn('coordinator');
    expect((await coordinator.get(base)).statusCode).toBe(403);
    const any = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('main_courante_entries').select('id').executeTakeFirstOrThrow(),
    );
    expect((await coordinator.get(`${base}/${any.id}`)).statusCode).toBe(403);
    const home = await coordinator.get(`/t/${tenant.slug}/espace/`);
    expect(home.body).not.toContain('/main-courante"');
  });

  it('shows figures: raw counts to police roles, protected ones to the coordinator (police.figures only)', async () => {
    const stats = `${base}/statistiques`;
    const total = await entryCount();
    const supervisor = await signedIn('police_supervisor');
    const raw = await supervisor.get(stats);
    expect(raw.statusCode).toBe(200);
    expect(raw.body).toContain(`Total : ${total}`);
    expect(raw.body).toMatch(/Délai médian d’intervention : \d+(\.\d)? min/);
    expect(raw.body).not.toContain('secret stat.');

    const coordinator = await signedIn('coordinator');
    const home = await coordinator.get(`/t/${tenant.slug}/espace/`);
    expect(home.body).toContain(`href="${stats}"`);
    const shown = await coordinator.get(stats);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('protection des petits effectifs');
    // Every figure is either hidden or at least 5 (zero is shown: it concerns nobody).
    const cells = [...shown.body.matchAll(/<td class="num">([^<]+)<\/td>/g)].map((m) => m[1]!);
    expect(cells.length).toBeGreaterThan(40);
    for (const cell of cells) expect(cell === 'secret stat.' || cell === '0' || Number(cell) >= 5).toBe(true);
    // The hour table: the demo has calls at some hours only, a few of them rare enough to be hidden.
    expect(shown.body).toContain('secret stat.');
    // Never a point, an entry link or a person.
    expect(shown.body).not.toMatch(/main-courante\/[0-9a-f-]{36}/);
    expect(shown.body).not.toContain('Camille');
  });
});
