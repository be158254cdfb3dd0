import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/test-database.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { DEMO_NIGHT_ROUTES } from '../../modules/night-stops/demo-night-feed.js';
import { feedHistory } from '../../modules/night-stops/gtfs-queries.js';
import { DEMO_NIGHT_FEED_SOURCE } from '../../modules/night-stops/seed-demo-night-feed.js';
import { seedDemo } from './seed-demo.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const tenantBySlug = (slug: string) =>
  database.db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();

describe('demo data', () => {
  it('creates the seven demo tenants with official codes, once', async () => {
    expect(await seedDemo(database.db, 'development')).toBe(7);
    expect(await seedDemo(database.db, 'development')).toBe(0);
    const tenants = await database.db
      .selectFrom('tenants')
      .select(['slug', 'insee_code', 'kind', 'is_demo'])
      .orderBy('slug')
      .execute();
    expect(tenants.map((t) => [t.slug, t.insee_code, t.kind])).toEqual([
      ['besancon', '25056', 'commune'],
      ['bordeaux', '33063', 'commune'],
      ['gip-mediation-bordeaux', null, 'gip'],
      ['grand-besancon-metropole', null, 'aom'],
      ['lyon', '69123', 'commune'],
      ['strasbourg', '67482', 'commune'],
      ['vandoeuvre-les-nancy', '54547', 'commune'],
    ]);
    expect(tenants.every((t) => t.is_demo)).toBe(true);
    const vandoeuvre = await tenantBySlug('vandoeuvre-les-nancy');
    expect(vandoeuvre.name).toBe('Vandœuvre-lès-Nancy');
    expect((await tenantBySlug('grand-besancon-metropole')).siren).toBe('242500361');
  });

  it('gives Lyon its nine arrondissements, within the commune outline', async () => {
    const lyon = await tenantBySlug('lyon');
    const rows = await withTenant(database.db, lyon.id, (tx) =>
      tx
        .selectFrom('territories as a')
        .innerJoin('territories as c', (join) => join.on('c.kind', '=', 'commune'))
        .select(['a.code', 'a.name', sql<number>`ST_Area(ST_Intersection(a.geom, c.geom)) / ST_Area(a.geom)`.as('inside')])
        .where('a.kind', '=', 'arrondissement')
        .orderBy('a.code')
        .execute(),
    );
    expect(rows.map((r) => r.code)).toEqual(['69381', '69382', '69383', '69384', '69385', '69386', '69387', '69388', '69389']);
    expect(rows[0]?.name).toBe('Lyon 1er Arrondissement');
    // Drawn shapes: each wedge lies (almost entirely) within the drawn commune.
    for (const row of rows) expect(row.inside).toBeGreaterThan(0.95);
  });

  it('links the mediation GIP to its members: four communes, the métropole, the département, two landlords', async () => {
    const gip = await tenantBySlug('gip-mediation-bordeaux');
    const members = await withTenant(database.db, gip.id, (tx) =>
      tx
        .selectFrom('tenant_organisations as l')
        .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
        .select(['o.name', 'o.kind'])
        .where('l.role', '=', 'member')
        .orderBy('o.kind')
        .orderBy('o.name')
        .execute(),
    );
    expect(members.map((m) => `${m.kind}:${m.name}`)).toEqual([
      'commune:Bordeaux',
      'commune:Bègles',
      'commune:Mérignac',
      'commune:Talence',
      'departement:Département de la Gironde',
      'epci:Bordeaux Métropole',
      'social_landlord:Bailleur social girondin n° 1 (démo)',
      'social_landlord:Bailleur social girondin n° 2 (démo)',
    ]);
  });

  it('gives Grand Besançon Métropole its night feed (N1, N2) through the GTFS import, once', async () => {
    const aom = await tenantBySlug('grand-besancon-metropole');
    const versions = await withTenant(database.db, aom.id, (tx) => feedHistory(tx));
    // seedDemo ran twice above: still one version, active, without warnings (all stops within the territory).
    expect(versions.map((v) => [v.status, v.source, v.warnings])).toEqual([['active', DEMO_NIGHT_FEED_SOURCE, []]]);
    expect(versions[0]?.counts).toMatchObject({ 'routes.txt': 2, 'stops.txt': 20, 'trips.txt': 36, 'stop_times.txt': 378 });
    const last = await withTenant(database.db, aom.id, (tx) =>
      tx
        .selectFrom('gtfs_stop_times as st')
        .innerJoin('gtfs_trips as t', (j) => j.onRef('t.feed_id', '=', 'st.feed_id').onRef('t.trip_id', '=', 'st.trip_id'))
        .select([(eb) => eb.fn.max('st.arrival_s').as('last'), (eb) => eb.fn.min('st.departure_s').as('first')])
        .where('t.route_id', '=', DEMO_NIGHT_ROUTES.N1)
        .executeTakeFirstOrThrow(),
    );
    expect(last).toEqual({ first: 21 * 3600, last: 25 * 3600 + 30 * 60 });
    const shapes = await withTenant(database.db, aom.id, (tx) =>
      tx
        .selectFrom('gtfs_shape_points')
        .select(['shape_id', (eb) => eb.fn.countAll<number>().as('points')])
        .groupBy('shape_id')
        .orderBy('shape_id')
        .execute(),
    );
    expect(shapes.map((s) => s.shape_id)).toEqual(['GBM-N1-0', 'GBM-N1-1', 'GBM-N2-0', 'GBM-N2-1']);
    for (const shape of shapes) expect(Number(shape.points)).toBeGreaterThanOrEqual(50);
  });

  it('gives the transport authority a fictional drop-off log of the last four months on N1 and N2, consistent row by row', async () => {
    const aom = await tenantBySlug('grand-besancon-metropole');
    const rows = await withTenant(database.db, aom.id, (tx) =>
      tx
        .selectFrom('night_stop_log')
        .select([
          'route_id',
          sql<string>`to_char(service_date, 'YYYY-MM-DD')`.as('date'),
          'hour_band',
          'requests',
          'granted',
          'moved',
          'refused',
        ])
        .execute(),
    );
    expect(rows.length).toBeGreaterThan(200);
    expect(rows.length).toBeLessThan(600);
    expect([...new Set(rows.map((r) => r.route_id))].sort()).toEqual([DEMO_NIGHT_ROUTES.N1, DEMO_NIGHT_ROUTES.N2]);
    const today = new Date().toISOString().slice(0, 10);
    const fourMonthsAgo = new Date(Date.now() - 125 * 86_400_000).toISOString().slice(0, 10);
    for (const r of rows) {
      expect(r.hour_band).toBeGreaterThanOrEqual(18);
      expect(r.hour_band).toBeLessThanOrEqual(29);
      expect(r.date < today && r.date > fourMonthsAgo).toBe(true);
      expect(r.granted + r.moved + Object.values(r.refused).reduce((a, b) => a + (b ?? 0), 0)).toBe(r.requests);
    }
    // Only the transport authority runs night-stops.
    const besancon = await tenantBySlug('besancon');
    expect(await withTenant(database.db, besancon.id, (tx) => tx.selectFrom('night_stop_log').select('id').execute())).toEqual(
      [],
    );
  });

  it('is refused in production', async () => {
    await expect(seedDemo(database.db, 'production')).rejects.toThrow(/never loaded in production/);
  });
});
