import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Polygon } from 'geojson';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../test/helpers/factories.js';
import { runCli } from '../../../test/helpers/run-cli.js';
import { Browser, createStaff } from '../../../test/helpers/staff.js';
import type { TestApp } from '../../../test/helpers/test-app.js';
import { withTestApp } from '../../../test/helpers/test-app.js';
import { connectionUrl } from '../../../test/helpers/test-database.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { type Actor, grantsFromMemberships } from '../../platform/access/actor.js';
import { verifyAudit } from '../../platform/audit/verify-audit.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import { saveTerritories } from '../../platform/territories/save-territories.js';
import { describeGridImport, importPopulationGridFile } from './import-population-grid.js';
import { haversineMetres } from './place-index.js';
import { changePlaceStatus, createPlace } from './place-operations.js';
import { laeaToWgs84, squareCentre, squareCorner, wgs84ToLaea } from './population-grid-file.js';

const FIXTURE = new URL('../../../test/fixtures/insee-grid-200m-besancon-sample.csv', import.meta.url).pathname;
// Besançon, Place du 8-Septembre.
const LAT = 47.238;
const LON = 6.0243;
const M_PER_LAT = (Math.PI / 180) * 6_371_008.8;

/** A 2 km square outline around the centre, as the coverage tests draw it. */
function outline(): Polygon {
  const dLat = 1000 / M_PER_LAT;
  const dLon = 1000 / (M_PER_LAT * Math.cos((LAT * Math.PI) / 180));
  const ring = [
    [LON - dLon, LAT - dLat],
    [LON + dLon, LAT - dLat],
    [LON + dLon, LAT + dLat],
    [LON - dLon, LAT + dLat],
    [LON - dLon, LAT - dLat],
  ];
  return { type: 'Polygon', coordinates: [ring] };
}

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened));
const dir = mkdtempSync(join(tmpdir(), 'quietude-grid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const writeCsv = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** A commune tenant with Besançon's centre as outline, 12 000 inhabitants and, optionally, one place open 24/7 at the centre. */
async function commune(options: { place?: boolean; outline?: boolean } = {}): Promise<Tenant> {
  const created = await createTenant(database.db, { programmes: ['safe-places'] });
  const tenant = await database.db
    .updateTable('tenants')
    .set({ population: 12_000 })
    .where('id', '=', created.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const ctx = systemContext(database.db, tenant);
  if (options.outline !== false)
    await saveTerritories(ctx, [{ kind: 'commune', code: '25056', name: 'Besançon', geometry: outline() }]);
  if (options.place) {
    const id = await createPlace(ctx, {
      name: 'Pharmacie du Centre',
      kind: 'pharmacy',
      address: '1 place du 8-Septembre, 25000 Besançon',
      lat: LAT,
      lon: LON,
      openingHours: '24/7',
    });
    await changePlaceStatus(ctx, { id, to: 'trained', reason: 'formation faite' });
    await changePlaceStatus(ctx, { id, to: 'active', reason: 'charte signée', charterSignedOn: '2026-11-20' });
  }
  return tenant;
}

const squares = (tenant: Tenant) =>
  withTenant(database.db, tenant.id, (tx) =>
    tx
      .selectFrom('population_grid_squares')
      .select(['id', 'source', sql<number>`population::float8`.as('population')])
      .orderBy('id')
      .execute(),
  );

const auditCount = (tenant: Tenant) =>
  withTenant(database.db, tenant.id, (tx) => tx.selectFrom('audit_events').select('seq').execute()).then((r) => r.length);

async function coveragePage(tenant: Tenant): Promise<string> {
  const coordinator = await createStaff(database.db, tenant, 'coordinator');
  const browser = new Browser(t.app);
  await browser.signIn(coordinator.email);
  const page = await browser.get(`/t/${tenant.slug}/espace/lieux/couverture?jour=samedi&heure=23:00`);
  expect(page.statusCode).toBe(200);
  return page.body;
}
const shareOf = (body: string) => Number(/(\d+(?:\.\d+)?) % de la population/.exec(body)?.[1]);

describe('EPSG:3035 → WGS 84', () => {
  it('matches the published ETRS89-LAEA example (IOGP guidance note 7-2: 50°N 5°E = E 3962799.45, N 2999718.85)', () => {
    const { lat, lon } = laeaToWgs84(3962799.45, 2999718.85);
    expect(lat).toBeCloseTo(50, 6);
    expect(lon).toBeCloseTo(5, 6);
    const { easting, northing } = wgs84ToLaea(50, 5);
    expect(easting).toBeCloseTo(3962799.45, 1);
    expect(northing).toBeCloseTo(2999718.85, 1);
  });

  it('reads a square id as its south-west corner and places its centre 100 m further, round trip included', () => {
    expect(squareCorner('CRS3035RES200mN2688400E4019800')).toEqual({ easting: 4019800, northing: 2688400 });
    for (const bad of ['CRS3035RES200mN2688410E4019800', 'CRS3035RES1000mN2688000E4019000', 'CRS3035RES200mN2688400', '']) {
      expect(squareCorner(bad)).toBeUndefined();
    }
    // The square holding Besançon's Place du 8-Septembre: its centre within the square's half-diagonal.
    const centre = squareCentre('CRS3035RES200mN2688400E4019800')!;
    expect(haversineMetres(centre.lat, centre.lon, LAT, LON)).toBeLessThan(142);
    const back = wgs84ToLaea(centre.lat, centre.lon);
    expect(back.easting).toBeCloseTo(4019900, 3);
    expect(back.northing).toBeCloseTo(2688500, 3);
  });
});

describe('quietude import-population-grid', () => {
  it('keeps the commune’s squares, says why the others were refused, and the coverage map uses them', async () => {
    const tenant = await commune({ place: true });
    const before = await coveragePage(tenant);
    expect(before).toContain('Population répartie uniformément');
    const uniformShare = shareOf(before);
    expect(uniformShare).toBeGreaterThan(10);
    expect(uniformShare).toBeLessThan(40);

    const run = await runCli(['import-population-grid', tenant.slug, FIXTURE, '--source', 'Filosofi 2015 (test)'], {
      DATABASE_URL: connectionUrl(database),
      // The import date shown on the map comes from the command's clock: fixed, so that the test holds at midnight.
      QUIETUDE_NOW: '2026-11-25T12:00:00Z',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      '18 read, 10 kept, 8 rejected (source: Filosofi 2015 (test))',
      '  bad id: 3 (lines 14, 15, 16)',
      '  bad population: 2 (lines 17, 18)',
      '  duplicate id: 1 (line 19)',
      '  outside the territory: 2 (lines 12, 13)',
    ]);

    const rows = await squares(tenant);
    expect(rows).toHaveLength(10);
    // The boundary square (centre 128 m outside the outline) is kept; its neighbour 328 m out is not.
    expect(rows.map((r) => r.id)).toContain('CRS3035RES200mN2689600E4019800');
    expect(rows.map((r) => r.id)).not.toContain('CRS3035RES200mN2689800E4019800');
    expect(rows.reduce((sum, r) => sum + r.population, 0)).toBeCloseTo(219, 6);
    expect(rows.find((r) => r.id === 'CRS3035RES200mN2688400E4019800')?.population).toBe(55.5);
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['Filosofi 2015 (test)']));

    // Everyone the grid counts lives within 500 m of the open place but the boundary square's 3 people.
    const after = await coveragePage(tenant);
    expect(after).toContain('Population répartie selon les carreaux INSEE de 200 m');
    expect(after).toContain('carreaux « Filosofi 2015 (test) », importés le 25/11/2026');
    expect(shareOf(after)).toBeGreaterThan(95);
    expect(await verifyAudit(database.db, tenant.id)).toMatchObject({ ok: true });
  });

  it('replaces the previous grid on a new import (comma-separated, 2019 column names, source from the file name)', async () => {
    const tenant = await commune();
    const ctx = systemContext(database.db, tenant);
    await importPopulationGridFile(ctx, FIXTURE);
    expect(await squares(tenant)).toHaveLength(10);
    const next = writeCsv(
      'filosofi-2019.csv',
      'idcar_200m,idcar_1km,ind,men\nCRS3035RES200mN2688400E4019800,CRS3035RES1000mN2688000E4019000,61.2,30\n' +
        'CRS3035RES200mN2688600E4019800,CRS3035RES1000mN2688000E4019000,18,8\n',
    );
    const result = await importPopulationGridFile(ctx, next);
    expect(result).toEqual({ read: 2, kept: 2, rejected: {}, source: 'filosofi-2019' });
    expect(describeGridImport(result)).toBe('2 read, 2 kept, 0 rejected (source: filosofi-2019)');
    expect(await squares(tenant)).toEqual([
      { id: 'CRS3035RES200mN2688400E4019800', source: 'filosofi-2019', population: 61.2 },
      { id: 'CRS3035RES200mN2688600E4019800', source: 'filosofi-2019', population: 18 },
    ]);
    const events = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('audit_events').select(['action', 'entity_type', 'fields', 'count']).orderBy('seq').execute(),
    );
    expect(events.filter((e) => e.action === 'safe-places.import-population-grid')).toEqual([
      {
        action: 'safe-places.import-population-grid',
        entity_type: 'population-grid',
        fields: ['geom', 'population', 'source'],
        count: 10,
      },
      {
        action: 'safe-places.import-population-grid',
        entity_type: 'population-grid',
        fields: ['geom', 'population', 'source'],
        count: 2,
      },
    ]);
  });

  it('is the tenant’s own: another tenant neither sees the squares nor gets the grid method', async () => {
    const owner = await commune();
    await importPopulationGridFile(systemContext(database.db, owner), FIXTURE);
    const other = await commune({ place: true });
    expect(await squares(other)).toEqual([]);
    const seen = await withTenant(database.db, other.id, (tx) =>
      tx.selectFrom('population_grid_squares').select('id').where('tenant_id', '=', owner.id).execute(),
    );
    expect(seen).toEqual([]);
    expect(await coveragePage(other)).toContain('Population répartie uniformément');
  });

  it('changes nothing when the file is bad, lies elsewhere, or the tenant has no outline', async () => {
    const tenant = await commune();
    const ctx = systemContext(database.db, tenant);
    await importPopulationGridFile(ctx, FIXTURE);
    const rows = await squares(tenant);
    const events = await auditCount(tenant);

    const cases: [string, string, RegExp][] = [
      ['columns.csv', 'code;population\nCRS3035RES200mN2688400E4019800;5\n', /columns Idcar_200m and Ind are needed/],
      ['quote.csv', 'Idcar_200m;Ind\n"CRS3035RES200mN2688400E4019800;5\n', /not a readable CSV/],
      ['empty.csv', '', /empty/],
      ['paris.csv', 'Idcar_200m;Ind\nCRS3035RES200mN2889400E3760600;100\n', /No square of the file lies in the commune/],
    ];
    for (const [name, text, message] of cases) {
      await expect(importPopulationGridFile(ctx, writeCsv(name, text))).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(message),
      });
    }
    await expect(importPopulationGridFile(ctx, join(dir, 'missing.csv'))).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(importPopulationGridFile(ctx, FIXTURE, { source: ' ' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await squares(tenant)).toEqual(rows);
    expect(await auditCount(tenant)).toBe(events);

    const cli = await runCli(['import-population-grid', tenant.slug, writeCsv('bad.csv', 'a,b\n1,2\n')], {
      DATABASE_URL: connectionUrl(database),
      // The import date shown on the map comes from the command's clock: fixed, so that the test holds at midnight.
      QUIETUDE_NOW: '2026-11-25T12:00:00Z',
    });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('Idcar_200m');
    expect(await squares(tenant)).toEqual(rows);

    const bare = await commune({ outline: false });
    await expect(importPopulationGridFile(systemContext(database.db, bare), FIXTURE)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/no commune outline/),
    });
  });

  it('needs the safe-places manage permission, checked before the file is read', async () => {
    const tenant = await commune();
    const venue: Actor = {
      kind: 'user',
      label: 'user:x',
      grants: grantsFromMemberships([{ permissions: ['safe-places.own-place'], territoryId: null, organisationId: null }]),
    };
    await expect(
      importPopulationGridFile({ ...systemContext(database.db, tenant), actor: venue }, join(dir, 'missing.csv')),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(await squares(tenant)).toEqual([]);
  });
});
