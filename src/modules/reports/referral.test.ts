import { describe, expect, it } from 'vitest';
import { seedDemoWithoutReports } from '../../../test/helpers/demo.js';
import { Browser } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { publicActor } from '../../platform/access/actor.js';
import { verifyAudit } from '../../platform/audit/verify-audit.js';
import { DEMO_PASSWORD, demoEmail } from '../../platform/demo/demo-tenants.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';
import { submitReport } from './submit-report.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-28T22:00:00Z', demo: true });

const signedIn = async (role: Parameters<typeof demoEmail>[0], slug: string) => {
  const browser = new Browser(t.app);
  expect((await browser.signIn(demoEmail(role, slug), DEMO_PASSWORD)).statusCode).toBe(303);
  return browser;
};

describe('a report passed on to another tenant', () => {
  it('reaches the GIP’s mediators with only what they need, each side audited in its own chain', async () => {
    await seedDemoWithoutReports(database.db);
    const bordeaux = await requireTenant(database.db, 'bordeaux');
    const gip = await requireTenant(database.db, 'gip-mediation-bordeaux');
    const sent = await submitReport(
      { db: database.db, clock: t.clock, actor: publicActor, tenant: bordeaux },
      {
        categoryCode: 'nuisances',
        lat: 44.8378,
        lon: -0.5792,
        description: 'Rassemblements bruyants tous les soirs sous les fenêtres.',
        contact: { name: 'Dominique', email: 'dominique@exemple.test' },
        source: 'web',
      },
    );

    const coordinator = await signedIn('coordinator', 'bordeaux');
    const page = `/t/bordeaux/espace/signalements/${sent.id}`;
    const before = await coordinator.get(page);
    expect(before.body).toContain('Transmettre à un partenaire d’un autre territoire');
    const option = new RegExp(`<option value="${gip.id}">GIP Bordeaux Médiation \\(démo\\)</option>`);
    expect(before.body).toMatch(option);
    // Another tenant that does not cover the place, or does not exist, is refused, and nothing changes.
    const lyon = await requireTenant(database.db, 'lyon');
    expect((await coordinator.post(`${page}/partenaire`, { targetTenantId: lyon.id }, page)).statusCode).toBe(400);

    const passed = await coordinator.submit(`${page}/partenaire`, { targetTenantId: gip.id }, page);
    expect(passed.statusCode).toBe(200);
    expect(passed.body).toContain('Transmis à GIP Bordeaux Médiation (démo)');
    expect((await coordinator.post(`${page}/partenaire`, { targetTenantId: gip.id }, page)).body).toContain(
      'déjà transmis à ce partenaire',
    );
    // The reporter reads « transmis ».
    const state = await withTenant(database.db, bordeaux.id, (tx) =>
      tx.selectFrom('reports').select('status').where('id', '=', sent.id).executeTakeFirstOrThrow(),
    );
    expect(state.status).toBe('assigned');

    const manager = await signedIn('mediation_manager', 'gip-mediation-bordeaux');
    expect((await manager.get('/t/gip-mediation-bordeaux/espace/')).body).toContain(
      '/t/gip-mediation-bordeaux/espace/signalements-recus',
    );
    const inbox = await manager.get('/t/gip-mediation-bordeaux/espace/signalements-recus');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain('Nuisances, tensions entre personnes');
    expect(inbox.body).toContain('Rassemblements bruyants tous les soirs');
    expect(inbox.body).toContain('Transmis par Bordeaux');
    expect(inbox.body).not.toContain('dominique@exemple.test');
    expect(inbox.body).not.toContain('Dominique');
    const referral = /action="\/t\/gip-mediation-bordeaux\/espace\/signalements-recus\/([0-9a-f-]{36})"/.exec(
      inbox.body,
    )?.[1] as string;
    const declined = await manager.post(
      `/t/gip-mediation-bordeaux/espace/signalements-recus/${referral}`,
      { answer: 'declined', note: '' },
      '/t/gip-mediation-bordeaux/espace/signalements-recus',
    );
    expect(declined.statusCode).toBe(400);
    expect(declined.body).toContain('indiquez pourquoi');
    const taken = await manager.submit(
      `/t/gip-mediation-bordeaux/espace/signalements-recus/${referral}`,
      { answer: 'taken', note: 'Tournée prévue jeudi soir.' },
      '/t/gip-mediation-bordeaux/espace/signalements-recus',
    );
    expect(taken.body).toContain('Pris en charge — Tournée prévue jeudi soir.');
    // The sender sees the answer on its report.
    expect((await coordinator.get(page)).body).toContain(
      'GIP Bordeaux Médiation (démo) — Pris en charge — Tournée prévue jeudi soir.',
    );

    // Bordeaux cannot read the GIP's rows, nor the GIP Bordeaux's report.
    const seenFromBordeaux = await withTenant(database.db, bordeaux.id, (tx) =>
      tx.selectFrom('report_referrals').selectAll().execute(),
    );
    expect(seenFromBordeaux).toEqual([]);
    const seenFromGip = await withTenant(database.db, gip.id, (tx) => tx.selectFrom('reports').select('id').execute());
    expect(seenFromGip).toEqual([]);
    // Each tenant's audit chain holds its side and still verifies.
    for (const tenant of [bordeaux, gip]) expect((await verifyAudit(database.db, tenant.id)).ok).toBe(true);
    const received = await withTenant(database.db, gip.id, (tx) =>
      tx.selectFrom('audit_events').select(['action', 'fields']).where('action', '=', 'reports.receive-referral').execute(),
    );
    expect(received).toEqual([
      { action: 'reports.receive-referral', fields: ['category_name', 'description', 'geom', 'occurred_at'] },
    ]);

    // A handling organisation of Bordeaux may not pass reports on.
    const partner = await signedIn('partner_organisation', 'bordeaux');
    expect(
      (await partner.post(`${page}/partenaire`, { targetTenantId: gip.id }, '/t/bordeaux/espace/')).statusCode,
    ).toBeGreaterThanOrEqual(403);
  });
});
