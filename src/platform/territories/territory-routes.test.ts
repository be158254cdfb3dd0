import { describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../test/helpers/factories.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { demoOutline } from '../demo/demo-outlines.js';
import { saveTerritories } from './save-territories.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), {
  config: { map: { tileUrl: 'https://tiles.example.test/{z}/{x}/{y}.png', attribution: '© test' } },
});

describe('territories and map settings', () => {
  it('serves the tenant’s territories as GeoJSON, filtered by kind', async () => {
    const tenant = await createTenant(database.db);
    await saveTerritories(systemContext(database.db, tenant), [
      { kind: 'commune', code: '25056', name: 'Besançon', geometry: demoOutline(6.02, 47.24, 4) },
      { kind: 'qpv', code: 'QN02501M', name: 'Planoise', geometry: demoOutline(5.98, 47.22, 1) },
    ]);
    const all = (await t.app.inject({ method: 'GET', url: `/api/v1/t/${tenant.slug}/territories` })).json();
    expect(all.type).toBe('FeatureCollection');
    expect(all.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['25056', 'QN02501M']);
    expect(all.features[0].geometry.type).toBe('MultiPolygon');
    const qpv = (await t.app.inject({ method: 'GET', url: `/api/v1/t/${tenant.slug}/territories?kind=qpv` })).json();
    expect(qpv.features).toHaveLength(1);
    const bad = await t.app.inject({ method: 'GET', url: `/api/v1/t/${tenant.slug}/territories?kind=planet` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toMatch(/^querystring\.kind/);
  });

  it('gives the configured tile server and the area to show', async () => {
    const tenant = await createTenant(database.db);
    const empty = (await t.app.inject({ method: 'GET', url: `/api/v1/t/${tenant.slug}/map` })).json();
    expect(empty).toEqual({ tileUrl: 'https://tiles.example.test/{z}/{x}/{y}.png', attribution: '© test', bbox: null });
    await saveTerritories(systemContext(database.db, tenant), [
      { kind: 'commune', code: '1', name: 'X', geometry: demoOutline(6, 47, 1) },
    ]);
    const { bbox } = (await t.app.inject({ method: 'GET', url: `/api/v1/t/${tenant.slug}/map` })).json();
    expect(bbox[0]).toBeCloseTo(5.987, 2);
    expect(bbox[1]).toBeCloseTo(46.991, 2);
    expect(bbox[2]).toBeCloseTo(6.013, 2);
    expect(bbox[3]).toBeCloseTo(47.009, 2);
  });

  it('answers 404 for an unknown tenant', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/t/atlantis/map' })).statusCode).toBe(404);
  });
});
