import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../test/helpers/factories.js';
import { openTestDatabase } from '../../../test/helpers/test-database.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { type Actor, grantsFromMemberships } from '../../platform/access/actor.js';
import { defineOperation } from '../../platform/access/operation.js';
import { verifyAudit } from '../../platform/audit/verify-audit.js';
import { AppError } from '../../platform/errors.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import {
  addressFromTags,
  comparableName,
  describeOsmImport,
  importOsmFile,
  importOsmPlaces,
  kindFromTags,
  parseOsmPlaces,
} from './import-osm-places.js';
import { insertPlace, type PlaceInput } from './place-writes.js';
import { placeKinds } from './tables.js';

const fixture = readFileSync(new URL('../../../test/fixtures/overpass-besancon-sample.geojson', import.meta.url), 'utf8');

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const safePlacesTenant = () => createTenant(database.db, { programmes: ['safe-places'] });

const places = (tenant: Tenant) =>
  withTenant(database.db, tenant.id, (tx) =>
    tx
      .selectFrom('safe_places')
      .select(['id', 'name', 'kind', 'address', 'status', 'osm_id', 'opening_hours', 'phone', 'wheelchair', 'languages'])
      .select([sql<number>`ST_X(geom)`.as('lon'), sql<number>`ST_Y(geom)`.as('lat')])
      .orderBy('name')
      .execute(),
  );

const events = (tenant: Tenant) =>
  withTenant(database.db, tenant.id, (tx) => tx.selectFrom('audit_events').selectAll().orderBy('seq').execute());

/** A place entered by hand before the import (a real operation: tenant tables accept no other writes). */
const addPlaceByHand = defineOperation({
  name: 'test.add-place',
  permission: 'safe-places.manage',
  async run({ tx, tenant, clock, audit }, input: PlaceInput) {
    const id = await insertPlace(tx, tenant.id, input, 'active', clock.now());
    audit({ entityType: 'safe-place', entityId: id, fields: ['name'] });
    return id;
  },
});

/** A one-feature collection with flat (overpass-turbo) properties. */
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const point = (properties: Record<string, unknown>, coordinates: unknown = [6.0243, 47.238], id: unknown = 'node/1') => ({
  type: 'Feature',
  id,
  properties,
  geometry: { type: 'Point', coordinates },
});
const open = { name: 'Le Test', opening_hours: '24/7', 'addr:street': 'Grande Rue', 'addr:city': 'Besançon' };

describe('parseOsmPlaces', () => {
  it('reads the fixture: candidates mapped from their tags, refused features numbered with their reason', () => {
    const { candidates, rejected } = parseOsmPlaces(fixture);
    expect(candidates.map((c) => [c.feature, c.osmId, c.name, c.kind, c.address])).toEqual([
      [1, 'node/9100000001', 'Le Bar à Lucioles', 'bar', '12 Rue Bersot, 25000 Besançon'],
      [2, 'node/9100000002', 'L’Ours Brasseur', 'bar', '31 Rue Battant, 25000 Besançon'],
      [3, 'node/9100000003', 'Pharmacie des Glycines', 'pharmacy', '58 Grande Rue, 25000 Besançon'],
      [4, 'node/9100000004', 'Librairie La Plume Vagabonde', 'shop', '20 Rue des Granges, Besançon'],
      [5, 'way/9200000001', 'Le Hangar à Nuit', 'bar', '7 Rue Rivotte, 25000 Besançon'],
      [9, 'node/9100000008', 'LE BAR A LUCIOLES', 'bar', 'Rue Bersot, Besançon'],
    ]);
    expect(rejected).toEqual([
      { feature: 6, osmId: 'node/9100000005', reason: 'opening_hours: missing' },
      { feature: 7, osmId: 'node/9100000006', reason: expect.stringMatching(/^opening_hours: .*25:00/) },
      { feature: 8, osmId: 'node/9100000007', reason: 'name: missing' },
    ]);
    const [bar, pub, pharmacy] = candidates;
    expect(bar).toMatchObject({ phone: '+33 3 53 01 90 01', wheelchair: 'limited', languages: [], lon: 6.02905, lat: 47.24105 });
    // Nested osmtogeojson tags, numeric id + type, contact:phone and language:xx tags.
    expect(pub).toMatchObject({ phone: '+33 3 53 01 90 02', wheelchair: null, languages: ['de', 'en'] });
    expect(pharmacy).toMatchObject({ openingHours: 'Mo-Fr 08:30-19:30; Sa 09:00-19:00', wheelchair: 'yes' });
  });

  it('places a way at the average of its outer ring (closing vertex counted once)', () => {
    const hangar = parseOsmPlaces(fixture).candidates.find((c) => c.osmId === 'way/9200000001');
    expect(hangar?.lon).toBeCloseTo(6.0322, 9);
    expect(hangar?.lat).toBeCloseTo(47.23385, 9);
  });

  it('maps OSM tags to kinds, the first rule that applies winning', () => {
    const cases: [Record<string, string>, string][] = [
      [{ amenity: 'bar' }, 'bar'],
      [{ amenity: 'pub' }, 'bar'],
      [{ amenity: 'nightclub' }, 'bar'],
      [{ amenity: 'restaurant' }, 'restaurant'],
      [{ amenity: 'cafe' }, 'restaurant'],
      [{ amenity: 'fast_food' }, 'restaurant'],
      [{ amenity: 'pharmacy' }, 'pharmacy'],
      [{ shop: 'chemist' }, 'pharmacy'],
      [{ amenity: 'library' }, 'library'],
      [{ shop: 'bakery' }, 'shop'],
      [{ shop: 'yes' }, 'shop'],
      [{ public_transport: 'station' }, 'transit_station'],
      [{ railway: 'station' }, 'transit_station'],
      [{ amenity: 'bus_station' }, 'transit_station'],
      [{ office: 'transport' }, 'transit_agency'],
      [{ shop: 'ticket', network: 'Ginko' }, 'transit_agency'],
      [{ office: 'company', network: 'Ginko' }, 'transit_agency'],
      [{ network: 'Ginko' }, 'other'],
      [{ amenity: 'townhall' }, 'other'],
      [{ tourism: 'hotel' }, 'other'],
      [{}, 'other'],
    ];
    for (const [tags, kind] of cases) expect([tags, kindFromTags(tags)]).toEqual([tags, kind]);
  });

  it('builds the address from the addr:* tags, leaving out the parts that are missing', () => {
    const full = { 'addr:housenumber': '3', 'addr:street': 'Rue Battant', 'addr:postcode': '25000', 'addr:city': 'Besançon' };
    expect(addressFromTags(full)).toBe('3 Rue Battant, 25000 Besançon');
    expect(addressFromTags({ 'addr:street': 'Rue Battant', 'addr:city': 'Besançon' })).toBe('Rue Battant, Besançon');
    expect(addressFromTags({ 'addr:housenumber': '3', 'addr:street': 'Rue Battant' })).toBe('3 Rue Battant');
    expect(addressFromTags({ 'addr:postcode': '25000', 'addr:city': 'Besançon' })).toBe('25000 Besançon');
    expect(addressFromTags({ 'addr:place': 'Place Pasteur', 'addr:city': 'Besançon' })).toBe('Place Pasteur, Besançon');
    expect(addressFromTags({})).toBe('');
  });

  it('reads ids and tags in both export shapes', () => {
    const nested = { type: 'Feature', properties: { type: 'way', id: 42, tags: { ...open, amenity: 'cafe' } }, geometry: null };
    const flat = {
      type: 'Feature',
      properties: { '@id': 'relation/7', ...open },
      geometry: { type: 'Point', coordinates: [6, 47] },
    };
    const short = point({ ...open, shop: 'florist' }, [6, 47], 'n99');
    const { candidates, rejected } = parseOsmPlaces(collection(nested, flat, short, point(open, [6, 47], null)));
    expect(rejected).toEqual([{ feature: 1, osmId: 'way/42', reason: 'geometry is missing' }]);
    expect(candidates.map((c) => [c.osmId, c.kind])).toEqual([
      ['relation/7', 'other'],
      ['node/99', 'shop'],
      [null, 'other'],
    ]);
  });

  it('refuses what checkPlaceInput refuses, naming the OSM tag, and keeps the other features', () => {
    const { candidates, rejected } = parseOsmPlaces(
      collection(
        point({ ...open, name: 'X' }),
        point({ name: 'Sans adresse', opening_hours: '24/7' }),
        point(open, [200, 47]),
        point({ ...open, opening_hours: 'Mo-Fr sunset-sunrise' }),
        { type: 'Feature', properties: open, geometry: { type: 'LineString', coordinates: [[6, 47]] } },
        'not a feature',
        point(open),
      ),
    );
    expect(rejected.map((r) => [r.feature, r.reason])).toEqual([
      [1, 'name: must be 2 to 120 characters'],
      [2, 'addr:*: is required'],
      [3, 'geometry: must be a longitude'],
      [4, expect.stringMatching(/^opening_hours: Times tied to the sun/)],
      [5, 'geometry must be a Point or a Polygon (got LineString)'],
      [6, 'not a GeoJSON Feature'],
    ]);
    expect(candidates.map((c) => c.feature)).toEqual([7]);
  });

  it('keeps a well-formed phone, and leaves out one the place check would refuse', () => {
    const read = (phone: string) => parseOsmPlaces(collection(point({ ...open, phone }))).candidates[0]?.phone;
    expect(read('+33 3 53 01 90 01')).toBe('+33 3 53 01 90 01');
    expect(read('+33-3-53-01-90-01;+33 3 53 01 90 02')).toBe('+33 3 53 01 90 01');
    expect(read('appelez-nous')).toBeNull();
  });

  it('refuses text that is not a GeoJSON FeatureCollection with invalid_input', () => {
    for (const text of ['', 'not json', '[]', '{"type":"Feature"}', '{"type":"FeatureCollection"}', 'null']) {
      expect(() => parseOsmPlaces(text)).toThrow(AppError);
      try {
        parseOsmPlaces(text);
      } catch (error) {
        expect((error as AppError).code).toBe('invalid_input');
      }
    }
  });

  it('compares names without case, accents or punctuation', () => {
    expect(comparableName('L’Écluse  Enchantée')).toBe(comparableName("l'ecluse enchantee"));
    expect(comparableName('LE BAR A LUCIOLES')).toBe(comparableName('Le Bar à Lucioles'));
    expect(comparableName('Кафе')).not.toBe(comparableName('Бар'));
  });

  it('never throws on arbitrary JSON-ish input: it returns rejections, or an AppError invalid_input for non-GeoJSON text', () => {
    const tagKey = fc.constantFrom(
      'name',
      'opening_hours',
      'amenity',
      'shop',
      'office',
      'network',
      'phone',
      'contact:phone',
      'wheelchair',
      'addr:street',
      'addr:housenumber',
      'addr:postcode',
      'addr:city',
      'language:fr',
      '@id',
      'id',
      'type',
      'tags',
    );
    const tagValue = fc.oneof(
      fc.constantFrom('bar', 'pharmacy', 'Le Test', 'Mo-Fr 09:00-18:00', '24/7', 'Mo-Fr 25:00-26:00', 'yes', 'node/1', 'way', ''),
      fc.string(),
      fc.jsonValue(),
    );
    const properties = fc.oneof(
      fc.dictionary(tagKey, tagValue),
      fc.record({ tags: fc.dictionary(tagKey, tagValue) }),
      fc.jsonValue(),
    );
    const coordinate = fc.oneof(fc.double(), fc.integer({ min: -200, max: 200 }), fc.jsonValue());
    const position = fc.array(coordinate, { maxLength: 3 });
    const geometry = fc.oneof(
      fc.record({ type: fc.constant('Point'), coordinates: fc.oneof(position, fc.jsonValue()) }),
      fc.record({
        type: fc.constantFrom('Polygon', 'MultiPolygon', 'LineString'),
        coordinates: fc.oneof(
          fc.array(fc.array(position, { maxLength: 5 }), { maxLength: 2 }),
          fc.array(fc.array(fc.array(position, { maxLength: 5 }), { maxLength: 2 }), { maxLength: 2 }),
          fc.jsonValue(),
        ),
      }),
      fc.jsonValue(),
    );
    const feature = fc.oneof(
      fc.record(
        {
          type: fc.oneof(fc.constant('Feature'), fc.jsonValue()),
          id: fc.oneof(fc.constantFrom('node/1', 'w2', 'relation/x'), fc.integer(), fc.jsonValue()),
          properties,
          geometry,
        },
        { requiredKeys: ['type'] },
      ),
      fc.jsonValue(),
    );
    const text = fc.oneof(
      fc.string(),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.array(feature, { maxLength: 6 }).map((features) => JSON.stringify({ type: 'FeatureCollection', features })),
    );
    fc.assert(
      fc.property(text, (input) => {
        let result: ReturnType<typeof parseOsmPlaces>;
        try {
          result = parseOsmPlaces(input);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('invalid_input');
          return;
        }
        const count = (JSON.parse(input) as { features: unknown[] }).features.length;
        expect(result.candidates.length + result.rejected.length).toBe(count);
        for (const r of result.rejected) {
          expect(r.feature).toBeGreaterThanOrEqual(1);
          expect(r.reason).not.toBe('');
          expect(r.reason).not.toMatch(/^could not be read/);
        }
        for (const c of result.candidates) expect(placeKinds).toContain(c.kind);
      }),
      { numRuns: 400 },
    );
  });
});

describe('importOsmPlaces', () => {
  it('imports the fixture as candidates with their OSM id, a same-name duplicate 15 m away matched', async () => {
    const tenant = await safePlacesTenant();
    const result = await importOsmFile(systemContext(database.db, tenant), fixture);
    expect(result.added).toBe(5);
    expect(result.matched).toBe(1);
    expect(result.rejected.map((r) => [r.feature, r.osmId, r.reason.split(':')[0]])).toEqual([
      [6, 'node/9100000005', 'opening_hours'],
      [7, 'node/9100000006', 'opening_hours'],
      [8, 'node/9100000007', 'name'],
    ]);
    const rows = await places(tenant);
    expect(rows.map((p) => [p.name, p.kind, p.status, p.osm_id])).toEqual([
      ['Le Bar à Lucioles', 'bar', 'candidate', 'node/9100000001'],
      ['Le Hangar à Nuit', 'bar', 'candidate', 'way/9200000001'],
      ['Librairie La Plume Vagabonde', 'shop', 'candidate', 'node/9100000004'],
      ['L’Ours Brasseur', 'bar', 'candidate', 'node/9100000002'],
      ['Pharmacie des Glycines', 'pharmacy', 'candidate', 'node/9100000003'],
    ]);
    const bar = rows.find((p) => p.osm_id === 'node/9100000001');
    expect(bar).toMatchObject({
      address: '12 Rue Bersot, 25000 Besançon',
      opening_hours: 'Tu-Sa 17:00-01:00',
      phone: '+33 3 53 01 90 01',
      wheelchair: 'limited',
    });
    expect(bar?.lon).toBeCloseTo(6.02905, 6);
    expect(bar?.lat).toBeCloseTo(47.24105, 6);
    expect(describeOsmImport(result).split('\n')).toEqual([
      '5 added, 1 matched, 3 rejected',
      '  feature 6 (node/9100000005): opening_hours: missing',
      expect.stringMatching(/^ {2}feature 7 \(node\/9100000006\): opening_hours: .*25:00/),
      '  feature 8 (node/9100000007): name: missing',
    ]);
  });

  it('audits each place added (field names, never values) and the import with its count', async () => {
    const tenant = await safePlacesTenant();
    await importOsmFile(systemContext(database.db, tenant), fixture);
    const log = await events(tenant);
    const rows = await places(tenant);
    const perPlace = log.filter((e) => e.entity_id !== null);
    expect(perPlace.map((e) => e.entity_id).sort()).toEqual(rows.map((p) => p.id).sort());
    for (const e of log) {
      expect(e.action).toBe('safe-places.import-osm');
      expect(e.entity_type).toBe('safe-place');
      expect(e.actor).toBe('system:test');
    }
    const bar = rows.find((p) => p.osm_id === 'node/9100000001');
    expect(perPlace.find((e) => e.entity_id === bar?.id)?.fields).toEqual([
      'name',
      'kind',
      'address',
      'geom',
      'opening_hours',
      'status',
      'phone',
      'wheelchair',
      'osm_id',
    ]);
    const summary = log.filter((e) => e.entity_id === null);
    expect(summary.map((e) => [e.count, e.fields])).toEqual([[5, []]]);
    const text = JSON.stringify(log);
    for (const value of ['Lucioles', 'Rue Bersot', '53 01', 'Tu-Sa', 'node/91']) expect(text).not.toContain(value);
    expect(await verifyAudit(database.db, tenant.id)).toMatchObject({ ok: true });
  });

  it('adds nothing when the same file is imported again: every candidate is matched', async () => {
    const tenant = await safePlacesTenant();
    const ctx = systemContext(database.db, tenant);
    await importOsmFile(ctx, fixture);
    const before = await places(tenant);
    const again = await importOsmFile(ctx, fixture);
    expect([again.added, again.matched, again.rejected.length]).toEqual([0, 6, 3]);
    expect(await places(tenant)).toEqual(before);
    // The import is still recorded (an operation that records nothing fails).
    expect((await events(tenant)).at(-1)).toMatchObject({ entity_id: null, count: 0 });
  });

  it('matches a place entered by hand with the same name 30 m away: not duplicated, only its OSM id filled', async () => {
    const tenant = await safePlacesTenant();
    const ctx = systemContext(database.db, tenant);
    // 30 m north of the fixture's pharmacy (1° of latitude ≈ 111.2 km), name typed differently.
    const byHand = await addPlaceByHand(ctx, {
      name: 'PHARMACIE DES GLYCINES',
      kind: 'pharmacy',
      address: '58 Grande Rue, Besançon',
      lat: 47.23752 + 30 / 111_200,
      lon: 6.02448,
      openingHours: 'Mo-Sa 09:00-19:00',
    });
    const distance = await withTenant(database.db, tenant.id, (tx) =>
      sql<{ m: number }>`SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(6.02448, 47.23752), 4326)::geography) AS m
        FROM safe_places WHERE id = ${byHand}`
        .execute(tx)
        .then((r) => Number(r.rows[0]?.m)),
    );
    expect(distance).toBeGreaterThan(29);
    expect(distance).toBeLessThan(31);

    const result = await importOsmFile(ctx, fixture);
    expect([result.added, result.matched]).toEqual([4, 2]);
    const rows = await places(tenant);
    expect(rows.filter((p) => comparableName(p.name) === comparableName('Pharmacie des Glycines'))).toEqual([
      expect.objectContaining({
        id: byHand,
        name: 'PHARMACIE DES GLYCINES',
        status: 'active',
        opening_hours: 'Mo-Sa 09:00-19:00',
        address: '58 Grande Rue, Besançon',
        osm_id: 'node/9100000003',
      }),
    ]);
    const filled = (await events(tenant)).filter((e) => e.entity_id === byHand && e.action === 'safe-places.import-osm');
    expect(filled.map((e) => e.fields)).toEqual([['osm_id']]);
  });

  it('adds a place with the same name farther than 50 m, and one with another name nearby', async () => {
    const tenant = await safePlacesTenant();
    const ctx = systemContext(database.db, tenant);
    const base = { kind: 'bar', address: 'Rue Bersot, Besançon', openingHours: '24/7', osmId: null, feature: 1 } as const;
    await importOsmPlaces(ctx, {
      candidates: [{ ...base, name: 'Le Bar à Lucioles', lat: 47.24105 + 80 / 111_200, lon: 6.02905 }],
    });
    await importOsmPlaces(ctx, { candidates: [{ ...base, name: 'Le Bar des Lucioles', lat: 47.24105, lon: 6.02905 }] });
    const result = await importOsmFile(ctx, fixture);
    expect([result.added, result.matched]).toEqual([5, 1]);
    expect((await places(tenant)).filter((p) => p.name.includes('Lucioles'))).toHaveLength(3);
  });

  it('matches on the OSM id even when the name has changed or the place has moved', async () => {
    const tenant = await safePlacesTenant();
    const ctx = systemContext(database.db, tenant);
    await importOsmFile(ctx, fixture);
    const renamed = fixture.replace('Pharmacie des Glycines', 'Grande Pharmacie').replace('6.02448', '6.03448');
    expect(await importOsmFile(ctx, renamed)).toMatchObject({ added: 0, matched: 6 });
  });

  it('checks the permission before writing anything', async () => {
    const tenant = await safePlacesTenant();
    const viewer: Actor = {
      kind: 'user',
      label: 'user:x',
      grants: grantsFromMemberships([{ permissions: ['safe-places.own-place'], territoryId: null, organisationId: null }]),
    };
    await expect(importOsmFile({ ...systemContext(database.db, tenant), actor: viewer }, fixture)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await places(tenant)).toEqual([]);
    expect(await events(tenant)).toEqual([]);
  });
});
