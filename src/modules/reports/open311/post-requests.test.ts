import { beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../../../test/helpers/factories.js';
import { besanconWithKey, countReports, type FormInput, parseOpen311Xml, postForm } from '../../../../test/helpers/open311.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { importAddresses } from '../../../platform/geocoding/import-addresses.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { rateLimitKey } from '../rate-limit.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-28T22:00:00Z' });

let tenant: Tenant;
let apiKey: string;
beforeAll(async () => {
  ({ tenant, apiKey } = await besanconWithKey(database));
  const file = new URL('../../../../test/fixtures/ban-sample.csv', import.meta.url).pathname;
  await importAddresses(systemContext(database.db, tenant), file);
});

const townHall = { lat: '47.238', long: '6.0243' };
const post = (fields: FormInput, format = 'json') =>
  postForm(t.app, `/open311/v2/requests.${format}`, { jurisdiction_id: '25056', api_key: apiKey, ...fields });
const stored = (id: string) =>
  withTenant(database.db, tenant.id, (tx) =>
    tx
      .selectFrom('reports as r')
      .innerJoin('report_categories as c', 'c.id', 'r.category_id')
      .select([
        'c.code',
        'c.tenant_id',
        'r.source',
        'r.attributes',
        'r.contact_email',
        'r.contact_name',
        'r.address',
        'r.description',
      ])
      .select((eb) => [eb.fn<number>('ST_X', ['r.geom']).as('lon'), eb.fn<number>('ST_Y', ['r.geom']).as('lat')])
      .where('r.id', '=', id)
      .executeTakeFirstOrThrow(),
  );

describe('POST requests', () => {
  it('creates a report from a form with list answers in brackets, and answers with its id (JSON)', async () => {
    const response = await post({
      service_code: 'protoxyde-azote',
      ...townHall,
      'attribute[quantite]': 'quelques',
      description: 'Cartouches sur le parking.',
      email: 'temoin@example.org',
      first_name: 'Camille',
      last_name: 'Martin',
      phone: '+33 6 12 34 56 78',
      media_url: 'https://images.example.org/photo.jpg',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toHaveLength(1);
    expect(Object.keys(body[0]).sort()).toEqual(['account_id', 'service_notice', 'service_request_id']);
    expect(body[0].service_request_id).toMatch(/^[0-9a-f-]{36}$/);
    const row = await stored(body[0].service_request_id);
    expect(row).toMatchObject({
      code: 'protoxyde-azote',
      // Every demo tenant has a public category of this code: the report takes its own tenant's.
      tenant_id: tenant.id,
      source: 'open311',
      attributes: { quantite: 'quelques' },
      contact_email: 'temoin@example.org',
      contact_name: 'Camille Martin',
      description: 'Cartouches sur le parking.',
    });
    // media_url is accepted and ignored: stored nowhere.
    expect(JSON.stringify(row)).not.toContain('images.example.org');
  });

  it('answers in XML, takes attribute[code][] lists, and accepts a private category it never lists', async () => {
    const response = await post(
      { service_code: 'point-de-deal', ...townHall, 'attribute[moment][]': ['soir', 'nuit'], description: 'Hall 3.' },
      'xml',
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    expect(response.body.startsWith('<?xml version="1.0" encoding="utf-8"?><service_requests><request>')).toBe(true);
    const id = parseOpen311Xml(response.body).service_requests.request[0].service_request_id;
    expect((await stored(id)).attributes).toEqual({ moment: ['soir', 'nuit'] });
  });

  it('finds the point of an address_string with the platform geocoder', async () => {
    const response = await post({ service_code: 'degradation', address_string: '12 grande rue besancon' });
    expect(response.statusCode).toBe(200);
    const row = await stored(response.json()[0].service_request_id);
    expect(row).toMatchObject({ address: '12 grande rue besancon', lon: 6.0254, lat: 47.2371 });
    const nowhere = await post({ service_code: 'degradation', address_string: 'rue qui n’existe pas' });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json()[0].description).toMatch(/^address_string: /);
  });

  it('refuses a missing or wrong api_key, or a token without reports.intake, with 403 — and writes nothing', async () => {
    const before = await countReports(database.db, tenant.id);
    const fields = { jurisdiction_id: 'besancon', service_code: 'degradation', ...townHall };
    const missing = await postForm(t.app, '/open311/v2/requests.json', fields);
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const wrong = await postForm(t.app, '/open311/v2/requests.xml', { ...fields, api_key: 'qt_forged' });
    expect(wrong.statusCode).toBe(403);
    expect(parseOpen311Xml(wrong.body).errors.error[0].code).toBe('403');
    const { apiKey: readOnly } = await besanconWithKey(database, ['platform.audit-read']);
    expect((await postForm(t.app, '/open311/v2/requests.json', { ...fields, api_key: readOnly })).statusCode).toBe(403);
    // Another tenant's jurisdiction does not take this tenant's key.
    const bordeaux = await postForm(t.app, '/open311/v2/requests.json', {
      ...fields,
      jurisdiction_id: 'bordeaux',
      api_key: apiKey,
    });
    expect(bordeaux.statusCode).toBe(403);
    expect(await countReports(database.db, tenant.id)).toBe(before);
  });

  it('refuses an unknown service, a missing required attribute, a point outside the territory — naming the field', async () => {
    const before = await countReports(database.db, tenant.id);
    const unknown = await post({ service_code: 'nid-de-poule', ...townHall });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()[0]).toEqual({ code: 400, description: expect.stringMatching(/^service_code: unknown category/) });
    const missing = await post({ service_code: 'eclairage', ...townHall });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()[0].description).toMatch(/^attribute\[etendue\]: etendue is required/);
    const outside = await post({ service_code: 'degradation', lat: '48.8566', long: '2.3522' }, 'xml');
    expect(outside.statusCode).toBe(400);
    const error = parseOpen311Xml(outside.body).errors.error[0];
    expect(error.code).toBe('400');
    expect(error.description).toContain('hors du territoire de Besançon');
    const noPlace = await post({ service_code: 'degradation' });
    expect(noPlace.json()[0].description).toMatch(/^lat: lat and long, or address_string, are required/);
    const badLat = await post({ service_code: 'degradation', lat: '47,2', long: '6.02' });
    expect(badLat.json()[0].description).toMatch(/^lat: /);
    const long = await post({ service_code: 'degradation', ...townHall, description: 'x'.repeat(4001) });
    expect(long.json()[0].description).toMatch(/^description: must be at most 4000/);
    expect(await countReports(database.db, tenant.id)).toBe(before);
  });

  it('needs a known jurisdiction_id: missing 400, unknown or without reports 404', async () => {
    const fields = { api_key: apiKey, service_code: 'degradation', ...townHall };
    expect((await postForm(t.app, '/open311/v2/requests.json', fields)).statusCode).toBe(400);
    expect((await postForm(t.app, '/open311/v2/requests.json', { ...fields, jurisdiction_id: '99999' })).statusCode).toBe(404);
    // The transport authority of Grande Besançon runs no reports programme.
    const aom = await postForm(t.app, '/open311/v2/requests.json', { ...fields, jurisdiction_id: '242500361' });
    expect(aom.statusCode).toBe(404);
  });

  it('limits each api_key to 60 posts a minute across instances, with 429 and Retry-After', async () => {
    const tokens = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('api_tokens').select(['id', 'permissions']).execute(),
    );
    const token = tokens.find((row) => row.permissions.includes('reports.intake')) as { id: string };
    // Another instance already counted 60 posts of this token in this minute.
    await database.db
      .insertInto('rate_limit_hits')
      .values({
        key_hash: rateLimitKey(t.deps.config.sessionSecret, 'open311', token.id),
        window_start: new Date('2026-11-28T22:05:00Z'),
        hits: 60,
      })
      .execute();
    t.clock.set('2026-11-28T22:05:20Z');
    const before = await countReports(database.db, tenant.id);
    const limited = await post({ service_code: 'degradation', ...townHall });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('40');
    expect(limited.json()).toEqual([{ code: 429, description: expect.stringContaining('60') }]);
    expect(await countReports(database.db, tenant.id)).toBe(before);
    t.clock.set('2026-11-28T22:06:00Z');
    expect((await post({ service_code: 'degradation', ...townHall })).statusCode).toBe(200);
    t.clock.set('2026-11-28T22:00:00Z');
  });
});
