import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../../test/helpers/factories.js';
import { openDemoDatabase } from '../../../test/helpers/test-database.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { submitReport } from '../../modules/reports/submit-report.js';
import { ManualClock } from '../clock/clock.js';
import { AppError } from '../errors.js';
import { programmeIds } from '../programmes.js';
import { findTenantBySlug, type Tenant } from '../tenants/tenant-queries.js';
import { checkFigureSource, figureSourcesOf, readFigure } from './figure-registry.js';

let database: Database;
beforeAll(async () => {
  database = await openDemoDatabase();
}, 120_000);
afterAll(() => database?.close());

const wholeDecade = { from: new Date('2020-01-01T00:00:00Z'), to: new Date('2030-01-01T00:00:00Z') };
const november2026 = { from: new Date('2026-10-31T23:00:00Z'), to: new Date('2026-11-30T23:00:00Z') };

async function demoTenant(slug: string): Promise<Tenant> {
  const tenant = await findTenantBySlug(database.db, slug);
  if (!tenant) throw new Error(`demo tenant ${slug} missing`);
  return tenant;
}

describe('figure sources', () => {
  it('offers only the figures of the modules a tenant runs, each id once', async () => {
    const all = await figureSourcesOf(programmeIds);
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    for (const s of all) expect(s.id).toMatch(/^[a-z-]+\.[a-z-]+$/);
    const reportsOnly = (await figureSourcesOf(['reports'])).map((s) => s.id);
    expect(reportsOnly).toContain('reports.received');
    expect(reportsOnly.some((id) => id.startsWith('mediation.'))).toBe(false);
  });

  it('reads every source on every demo tenant running it as a whole non-negative number', async () => {
    const tenants = await database.db.selectFrom('tenants').selectAll().execute();
    let read = 0;
    for (const tenant of tenants) {
      for (const source of await figureSourcesOf(tenant.programmes)) {
        const value = await withTenant(database.db, tenant.id, async (tx) => {
          const options = source.option ? await source.option.list(tx) : [];
          const first = options[0];
          if (first) expect(Number.isInteger(await source.count(tx, wholeDecade, first.value))).toBe(true);
          return source.count(tx, wholeDecade);
        });
        expect(Number.isInteger(value) && value >= 0, `${tenant.slug} ${source.id}`).toBe(true);
        read++;
      }
    }
    expect(read).toBeGreaterThan(10);
  });

  it('counts reports received in the period and the category, duplicates aside', async () => {
    const tenant = await demoTenant('vandoeuvre-les-nancy');
    const count = (category?: string) =>
      withTenant(database.db, tenant.id, (tx) => readFigure(tx, tenant.programmes, 'reports.received', november2026, category));
    const before = (await count('protoxyde-azote')) ?? 0;
    const beforeAny = (await count()) ?? 0;
    const ctx = systemContext(database.db, tenant, new ManualClock(new Date('2026-11-20T10:00:00Z')));
    const report = {
      categoryCode: 'protoxyde-azote',
      lat: 48.6567,
      lon: 6.1711,
      description: 'Cartouches.',
      source: 'web' as const,
    };
    for (let i = 0; i < 3; i++) await submitReport(ctx, { ...report, attributes: { quantite: 'dizaines' } });
    // Outside the period: the first of December, local time.
    const december = systemContext(database.db, tenant, new ManualClock(new Date('2026-11-30T23:30:00Z')));
    await submitReport(december, { ...report, attributes: { quantite: 'dizaines' } });
    expect(await count('protoxyde-azote')).toBe(before + 3);
    expect(await count()).toBe(beforeAny + 3);
  });

  it('refuses an unknown source or option, naming the field', async () => {
    const tenant = await demoTenant('vandoeuvre-les-nancy');
    await withTenant(database.db, tenant.id, async (tx) => {
      await expect(checkFigureSource(tx, tenant.programmes, 'reports.nope', undefined, 'source')).rejects.toMatchObject({
        details: [{ field: 'source' }],
      });
      await expect(
        checkFigureSource(tx, tenant.programmes, 'reports.received', 'pas-une-categorie', 'source'),
      ).rejects.toBeInstanceOf(AppError);
      await expect(
        checkFigureSource(tx, tenant.programmes, 'reports.received', 'protoxyde-azote', 'source'),
      ).resolves.toMatchObject({
        id: 'reports.received',
      });
      // A module the tenant does not run offers nothing.
      await expect(checkFigureSource(tx, ['reports'], 'mediation.people-met', undefined, 'source')).rejects.toBeInstanceOf(
        AppError,
      );
    });
  });
});
