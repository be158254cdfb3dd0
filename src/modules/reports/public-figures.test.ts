import { describe, expect, it } from 'vitest';
import { seedDemoWithoutReports } from '../../../test/helpers/demo.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { publicActor } from '../../platform/access/actor.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';
import { submitReport } from './submit-report.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-28T22:00:00Z', demo: true });

describe('the public map of reports', () => {
  it('counts public categories by cell and territory, hides small numbers, and never names a private category', async () => {
    await seedDemoWithoutReports(database.db);
    const tenant = await requireTenant(database.db, 'besancon');
    const ctx = { db: database.db, clock: t.clock, actor: publicActor, tenant };
    const send = (categoryCode: string, lat: number, lon: number, times: number, attributes = {}) =>
      Promise.all(
        Array.from({ length: times }, () =>
          submitReport(ctx, { categoryCode, lat, lon, description: 'Mme Dupont, 3 rue X', attributes, source: 'web' }),
        ),
      );
    await send('degradation', 47.238, 6.0243, 6);
    await send('eclairage', 47.2465, 6.0115, 6, { etendue: 'rue' });
    await send('point-de-deal', 47.238, 6.0243, 7);
    const cells = async () =>
      (
        (await t.app.inject({ method: 'GET', url: '/t/besancon/signalements.geojson' })).json() as {
          features: { properties: Record<string, number | boolean | string | null> }[];
        }
      ).features.map((f) => f.properties);
    // Enough reports everywhere: the figures show, and the private deal points are not among them.
    const before = await cells();
    expect(before.map((c) => [c.degradation, c.eclairage, c.total]).sort()).toEqual([
      [0, 6, 6],
      [6, 0, 6],
    ]);
    await send('eclairage', 47.226, 6.035, 2, { etendue: 'un' });

    const page = await t.app.inject({ method: 'GET', url: '/t/besancon/signalements' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Signalements : la carte publique');
    const csv = (await t.app.inject({ method: 'GET', url: '/t/besancon/signalements.csv' })).body;
    const geojson = (await t.app.inject({ method: 'GET', url: '/t/besancon/signalements.geojson' })).json() as {
      features: { properties: Record<string, number | boolean | string | null> }[];
    };
    for (const body of [page.body, csv, JSON.stringify(geojson)]) {
      expect(body).not.toContain('point-de-deal');
      expect(body).not.toContain('Point de deal');
      expect(body).not.toContain('Dupont');
    }
    // Every figure published is 0 or at least k = 5; the two lights of the third cell are hidden.
    const shown = geojson.features.flatMap((f) =>
      Object.entries(f.properties)
        .filter(([key, v]) => key !== 'h3' && typeof v === 'number')
        .map(([, v]) => v as number),
    );
    expect(shown.every((v) => v === 0 || v >= 5)).toBe(true);
    expect(geojson.features.some((f) => f.properties.suppressed === true)).toBe(true);
    const csvNumbers = csv
      .split('\r\n')
      .slice(1)
      .flatMap((line) => line.split(',').slice(1))
      .filter((cell) => /^\d+$/.test(cell))
      .map(Number);
    expect(csvNumbers.every((v) => v === 0 || v >= 5)).toBe(true);
    expect(csv.split('\r\n')[0]).toBe('"territoire","protoxyde-azote","degradation","eclairage","total"');
  });
});
