import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { seedDemoWithoutReports } from '../../../test/helpers/demo.js';
import { systemContext } from '../../../test/helpers/factories.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { publicActor } from '../../platform/access/actor.js';
import { ManualClock } from '../../platform/clock/clock.js';
import { applyRetention } from '../../platform/privacy/apply-retention.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';
import { changeReportStatus } from './change-report-status.js';
import { submitReport } from './submit-report.js';

let database: Database;
withTestApp((opened: { database: Database; t: TestApp }) => ({ database } = opened), { now: '2026-01-10T10:00:00Z', demo: true });

const DAY = 86_400_000;

describe('retention of reports', () => {
  it('erases the contact 3 months after closing, coarsens private points after a year, deletes after 3 years', async () => {
    await seedDemoWithoutReports(database.db);
    const tenant = await requireTenant(database.db, 'besancon');
    const clock = new ManualClock(new Date('2026-01-10T10:00:00Z'));
    const ctx = { ...systemContext(database.db, tenant, clock), actor: publicActor };
    const contact = { name: 'Camille', email: 'camille@exemple.test', phone: '06 00 00 00 00' };
    const closed = await submitReport(ctx, {
      categoryCode: 'point-de-deal',
      lat: 47.238123,
      lon: 6.024345,
      description: 'hall 3',
      contact,
      source: 'web',
    });
    clock.advance(60_000);
    const open = await submitReport(ctx, {
      categoryCode: 'nuisances',
      lat: 47.2391,
      lon: 6.0251,
      description: '',
      contact,
      source: 'web',
    });
    const system = systemContext(database.db, tenant, clock);
    await changeReportStatus(system, { id: closed.id, to: 'triaged' });
    await changeReportStatus(system, { id: closed.id, to: 'closed', reason: 'transmis à la police nationale' });

    const read = () =>
      withTenant(database.db, tenant.id, (tx) =>
        tx
          .selectFrom('reports')
          .select(['id', 'contact_name', 'contact_email', 'contact_phone', sql<number>`ST_Y(geom)`.as('lat')])
          .where('id', 'in', [closed.id, open.id])
          .orderBy('created_at')
          .execute(),
      );
    const purge = (days: number) => {
      clock.set(new Date(new Date('2026-01-10T10:00:00Z').getTime() + days * DAY));
      return applyRetention(systemContext(database.db, tenant, clock), undefined);
    };

    expect(await purge(80)).toMatchObject({ 'report-contacts': 0, 'report-precise-points': 0, reports: 0 });
    expect(await purge(95)).toMatchObject({ 'report-contacts': 1 });
    const [afterContact, stillOpen] = await read();
    expect(afterContact).toMatchObject({ contact_name: null, contact_email: null, contact_phone: null, lat: 47.238123 });
    // An open report keeps its contact: the organisation may still need to call back.
    expect(stillOpen).toMatchObject({ contact_email: 'camille@exemple.test' });

    expect(await purge(370)).toMatchObject({ 'report-precise-points': 1 });
    const [coarse] = await read();
    expect(coarse?.lat).toBeCloseTo(47.238, 3);
    expect(coarse?.lat).not.toBe(47.238123);
    expect(await purge(371)).toMatchObject({ 'report-precise-points': 0 });

    expect(await purge(1100)).toMatchObject({ reports: 1 });
    expect((await read()).map((r) => r.id)).toEqual([open.id]);
    const left = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('report_events').select('id').where('report_id', '=', closed.id).execute(),
    );
    expect(left).toEqual([]);
  });
});
