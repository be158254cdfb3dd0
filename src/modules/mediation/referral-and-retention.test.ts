import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seedDemoWithoutReports } from '../../../test/helpers/demo.js';
import { systemContext } from '../../../test/helpers/factories.js';
import { mediationTenant } from '../../../test/helpers/mediation.js';
import { Browser } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { publicActor } from '../../platform/access/actor.js';
import { ManualClock } from '../../platform/clock/clock.js';
import { DEMO_PASSWORD, demoEmail } from '../../platform/demo/demo-tenants.js';
import { applyRetention } from '../../platform/privacy/apply-retention.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';
import { submitReport } from '../reports/submit-report.js';
import { openSituation } from './open-situation.js';
import { addSituationParty } from './situation-parties.js';
import { addSituationStep } from './situation-steps.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-28T22:00:00Z', demo: true });

describe('a report passed on to the GIP', () => {
  it('opens one situation once its referral is taken in hand, without the report’s description', async () => {
    await seedDemoWithoutReports(database.db);
    const bordeaux = await requireTenant(database.db, 'bordeaux');
    const gip = await requireTenant(database.db, 'gip-mediation-bordeaux');
    const signedIn = async (role: Parameters<typeof demoEmail>[0], slug: string) => {
      const browser = new Browser(t.app);
      expect((await browser.signIn(demoEmail(role, slug), DEMO_PASSWORD)).statusCode).toBe(303);
      return browser;
    };
    const sent = await submitReport(
      { db: database.db, clock: t.clock, actor: publicActor, tenant: bordeaux },
      {
        categoryCode: 'nuisances',
        lat: 44.866,
        lon: -0.57,
        description: 'Les voisins du 3e, M. Martin, font du bruit.',
        source: 'web',
      },
    );
    const coordinator = await signedIn('coordinator', 'bordeaux');
    const report = `/t/bordeaux/espace/signalements/${sent.id}`;
    expect((await coordinator.post(`${report}/partenaire`, { targetTenantId: gip.id }, report)).statusCode).toBe(303);

    const manager = await signedIn('mediation_manager', gip.slug);
    const inboxUrl = `/t/${gip.slug}/espace/signalements-recus`;
    const inbox = await manager.get(inboxUrl);
    const referralId = /signalements-recus\/([0-9a-f-]{36})"/.exec(inbox.body)?.[1] as string;
    expect(inbox.body).not.toContain('Ouvrir une situation de médiation');
    const openUrl = `/t/${gip.slug}/espace/mediation/situations/depuis-signalement/${referralId}`;
    const team = await withTenant(database.db, gip.id, (tx) =>
      tx.selectFrom('mediation_teams').select('id').where('name', '=', 'Équipe Bordeaux Nord').executeTakeFirstOrThrow(),
    );
    const early = await manager.post(openUrl, { teamId: team.id, kind: 'neighbour_dispute' }, openUrl);
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('prenez d’abord ce signalement en charge');

    await manager.submit(`${inboxUrl}/${referralId}`, { answer: 'taken', note: 'Tournée jeudi.' }, inboxUrl);
    expect((await manager.get(inboxUrl)).body).toContain(`href="${openUrl}"`);
    const opened = await manager.post(openUrl, { teamId: team.id, kind: 'neighbour_dispute' }, openUrl);
    expect(opened.statusCode).toBe(303);
    const situationPage = await manager.get(opened.headers.location as string);
    expect(situationPage.body).toContain('Ouverte à partir d’un signalement transmis.');
    expect(situationPage.body).toContain('Nuisances');
    expect(situationPage.body).not.toContain('Martin');
    // Opening it again leads to the same situation.
    expect((await manager.post(openUrl, { teamId: team.id, kind: 'neighbour_dispute' }, openUrl)).headers.location).toBe(
      opened.headers.location,
    );
    const situations = await withTenant(database.db, gip.id, (tx) =>
      tx
        .selectFrom('mediation_situations as s')
        .innerJoin('territories as z', 'z.id', 's.sector_id')
        .select(['s.referral_id', 's.kind', 'z.code'])
        .where('s.referral_id', 'is not', null)
        .execute(),
    );
    // The team's sector covering the report's place is found.
    expect(situations).toEqual([{ referral_id: referralId, kind: 'neighbour_dispute', code: 'BDX-NORD' }]);

    // The demo mediator of the south team does not see it; the Talence funding member reads no record.
    const mediator = await signedIn('mediator', gip.slug);
    expect((await mediator.get(opened.headers.location as string)).statusCode).toBe(404);
    const funder = await signedIn('funding_member', gip.slug);
    expect((await funder.get(`/t/${gip.slug}/espace/mediation/situations`)).statusCode).toBe(403);
    // The demo's neighbour dispute, followed to agreement, is the south team's.
    const list = await mediator.get(`/t/${gip.slug}/espace/mediation/situations`);
    expect(list.body).toContain('Bruit entre voisins, résidence du Thouars, bât. B (démo) — Conflit de voisinage, Résolue');
  });
});

describe('retention of the parties’ names and contacts', () => {
  it('erases them 12 months (by default) after the last contact, and keeps the situation', async () => {
    const m = await mediationTenant(database.db);
    const clock = new ManualClock(new Date('2026-11-28T10:00:00Z'));
    const ctx = systemContext(database.db, m.tenant, clock);
    const old = randomUUID();
    const recent = randomUUID();
    await openSituation(ctx, { id: old, teamId: m.teamA, kind: 'neighbour_dispute', label: 'Ancienne', openedOn: '2026-11-02' });
    await openSituation(ctx, { id: recent, teamId: m.teamA, kind: 'neighbour_dispute', label: 'Suivie', openedOn: '2026-11-02' });
    await addSituationParty(ctx, { situationId: old, name: 'Alex Voisin', email: 'alex@example.test' });
    await addSituationParty(ctx, { situationId: recent, name: 'Sam Voisine' });
    await addSituationStep(ctx, { id: randomUUID(), situationId: old, kind: 'first_contact', occurredOn: '2026-11-10' });
    const purge = async (at: string) => {
      clock.set(at);
      return (await applyRetention(systemContext(database.db, m.tenant, clock), undefined))['mediation-parties'];
    };
    // A later contact with the second situation's parties keeps them longer.
    clock.set('2027-10-01T10:00:00Z');
    await addSituationStep(ctx, { id: randomUUID(), situationId: recent, kind: 'follow_up', occurredOn: '2027-10-01' });
    expect(await purge('2027-11-05T10:00:00Z')).toBe(0);
    expect(await purge('2027-11-12T10:00:00Z')).toBe(1);
    const left = await withTenant(database.db, m.tenant.id, async (tx) => ({
      parties: await tx.selectFrom('mediation_situation_parties').select('name').execute(),
      situations: await tx.selectFrom('mediation_situations').select('label').orderBy('label').execute(),
    }));
    expect(left).toEqual({ parties: [{ name: 'Sam Voisine' }], situations: [{ label: 'Ancienne' }, { label: 'Suivie' }] });
    const audited = await withTenant(database.db, m.tenant.id, (tx) =>
      tx
        .selectFrom('audit_events')
        .select(['entity_id', 'count'])
        .where('action', '=', 'platform.apply-retention')
        .where('entity_id', '=', 'mediation-parties')
        .orderBy('seq')
        .execute(),
    );
    expect(audited.map((a) => a.count)).toEqual([0, 1]);
  });
});
