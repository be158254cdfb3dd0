import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { besanconWithKey, type FormInput, parseOpen311Xml, postForm, setReport } from '../../../../test/helpers/open311.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { actAsTenant } from '../../../db/tenant-transaction.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';

let database: Database;
let t: TestApp;
const NOW = '2026-11-28T22:00:00Z';
withTestApp((opened) => ({ database, t } = opened), { now: NOW });

let tenant: Tenant;
let apiKey: string;
const get = (path: string) => t.app.inject({ method: 'GET', url: `/open311/v2/${path}` });
const days = (n: number) => new Date(Date.parse(NOW) - n * 86_400_000).toISOString();
const contact = { email: 'personne.secrete@example.org', phone: '+33 6 98 76 54 32', first_name: 'Dominique' };

/** Posts a report at a given time through the API, as a client would. */
async function report(at: string, fields: FormInput): Promise<string> {
  t.clock.set(at);
  const response = await postForm(t.app, '/open311/v2/requests.json', {
    jurisdiction_id: 'besancon',
    api_key: apiKey,
    ...fields,
  });
  t.clock.set(NOW);
  expect(response.statusCode).toBe(200);
  return response.json()[0].service_request_id;
}

const ids: Record<string, string> = {};
beforeAll(async () => {
  ({ tenant, apiKey } = await besanconWithKey(database));
  const here = { lat: '47.23812', long: '6.02437', ...contact };
  ids.published = await report(days(10), {
    service_code: 'degradation',
    ...here,
    description: 'Texte du témoin à ne pas montrer',
  });
  await setReport(database.db, tenant.id, ids.published, { moderation: 'published', published_description: 'Abribus tagué' });
  ids.resolved = await report(days(5), { service_code: 'eclairage', ...here, 'attribute[etendue]': 'rue' });
  await setReport(database.db, tenant.id, ids.resolved, { status: 'resolved' });
  ids.private = await report(days(2), { service_code: 'point-de-deal', ...here });
  ids.old = await report(days(120), { service_code: 'degradation', ...here });
  ids.hidden = await report(days(1), { service_code: 'degradation', ...here });
  await setReport(database.db, tenant.id, ids.hidden, { moderation: 'hidden' });
});

describe('discovery', () => {
  it('describes the GeoReport v2 endpoint in JSON and XML', async () => {
    const json = await get('discovery.json?jurisdiction_id=25056');
    expect(json.statusCode).toBe(200);
    const document = json.json();
    expect(Object.keys(document).sort()).toEqual(['changeset', 'contact', 'endpoints', 'key_service']);
    expect(document.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(document.key_service).toContain('/t/besancon/espace/jetons');
    expect(document.endpoints).toEqual([
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: expect.stringMatching(/\/open311\/v2$/),
        changeset: document.changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ]);
    const xml = await get('discovery.xml?jurisdiction_id=besancon');
    expect(xml.headers['content-type']).toMatch(/^text\/xml; charset=utf-8/);
    const parsed = parseOpen311Xml(xml.body).discovery;
    expect(parsed.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
    expect(parsed.endpoints.endpoint[0].specification).toBe('http://wiki.open311.org/GeoReport_v2');
  });

  it('needs a jurisdiction_id naming a tenant that runs reports', async () => {
    expect((await get('discovery.json')).statusCode).toBe(400);
    expect((await get('discovery.json?jurisdiction_id=nowhere')).statusCode).toBe(404);
    const aom = await get('services.xml?jurisdiction_id=242500361');
    expect(aom.statusCode).toBe(404);
    expect(parseOpen311Xml(aom.body).errors.error[0].code).toBe('404');
  });
});

describe('services', () => {
  it('lists the public active categories only, with their fields, in JSON and XML', async () => {
    const json = await get('services.json?jurisdiction_id=25056');
    const services = json.json();
    expect(services.map((s: { service_code: string }) => s.service_code).sort()).toEqual([
      'degradation',
      'eclairage',
      'protoxyde-azote',
    ]);
    const nitrous = services.find((s: { service_code: string }) => s.service_code === 'protoxyde-azote');
    expect(Object.keys(nitrous).sort()).toEqual([
      'description',
      'group',
      'keywords',
      'metadata',
      'service_code',
      'service_name',
      'type',
    ]);
    expect(nitrous).toMatchObject({ metadata: true, type: 'realtime' });
    expect(typeof nitrous.keywords).toBe('string');
    expect(services.find((s: { service_code: string }) => s.service_code === 'degradation').metadata).toBe(false);
    for (const hidden of ['point-de-deal', 'outrage-sexiste', 'lgbtiphobie', 'nuisances'])
      expect(json.body).not.toContain(hidden);

    const xml = parseOpen311Xml((await get('services.xml?jurisdiction_id=25056')).body);
    expect(xml.services.service.map((s: { service_code: string }) => s.service_code).sort()).toEqual([
      'degradation',
      'eclairage',
      'protoxyde-azote',
    ]);
    const xmlNitrous = xml.services.service.find((s: { service_code: string }) => s.service_code === 'protoxyde-azote');
    expect(xmlNitrous).toMatchObject({
      metadata: 'true',
      type: 'realtime',
      service_name: nitrous.service_name,
      group: nitrous.group,
    });
  });

  it('gives a public service’s definition, and 404 for a private or unknown one', async () => {
    const json = (await get('services/protoxyde-azote.json?jurisdiction_id=besancon')).json();
    expect(json.service_code).toBe('protoxyde-azote');
    const quantity = json.attributes.find((a: { code: string }) => a.code === 'quantite');
    expect(Object.keys(quantity).sort()).toEqual([
      'code',
      'datatype',
      'datatype_description',
      'description',
      'order',
      'required',
      'values',
      'variable',
    ]);
    expect(quantity).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: true });
    expect(quantity.values.length).toBeGreaterThan(1);
    expect(Object.keys(quantity.values[0]).sort()).toEqual(['key', 'name']);

    const xml = parseOpen311Xml((await get('services/protoxyde-azote.xml?jurisdiction_id=besancon')).body).service_definition;
    const xmlQuantity = xml.attributes.attribute.find((a: { code: string }) => a.code === 'quantite');
    expect(xmlQuantity).toMatchObject({ variable: 'true', required: 'true', datatype: 'singlevaluelist' });
    expect(xmlQuantity.values.value.map((v: { key: string }) => v.key)).toEqual(
      quantity.values.map((v: { key: string }) => v.key),
    );

    for (const path of [
      'services/point-de-deal.json',
      'services/lgbtiphobie.xml',
      'services/nid-de-poule.json',
      'services/degradation.html',
    ]) {
      const response = await get(`${path}?jurisdiction_id=besancon`);
      expect(response.statusCode, path).toBe(404);
      expect(response.body).not.toContain('Point de deal');
    }
  });
});

describe('GET requests', () => {
  const codes = (body: { service_request_id: string }[]) => body.map((r) => r.service_request_id);

  it('lists the last 90 days of public categories, newest first, coarse, without any contact or reporter text', async () => {
    const response = await get('requests.json?jurisdiction_id=besancon');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(codes(body)).toEqual([ids.resolved, ids.published]);
    const published = body[1];
    expect(published).toEqual({
      service_request_id: ids.published,
      status: 'open',
      service_name: expect.any(String),
      service_code: 'degradation',
      description: 'Abribus tagué',
      requested_datetime: '2026-11-18T23:00:00+01:00',
      updated_datetime: expect.stringMatching(/\+01:00$/),
      lat: 47.238,
      long: 6.024,
    });
    expect(body[0]).toMatchObject({ status: 'closed', service_code: 'eclairage' });
    expect(body[0]).not.toHaveProperty('description');
    for (const secret of [contact.email, contact.phone, contact.first_name, 'témoin', '47.23812', '6.02437'])
      expect(response.body).not.toContain(secret);

    const xml = await get('requests.xml?jurisdiction_id=besancon');
    for (const secret of [contact.email, contact.phone, contact.first_name, 'témoin']) expect(xml.body).not.toContain(secret);
    const requests = parseOpen311Xml(xml.body).service_requests.request;
    expect(requests.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([ids.resolved, ids.published]);
    expect(requests[1]).toMatchObject({ status: 'open', description: 'Abribus tagué', lat: '47.238', long: '6.024' });
  });

  it('filters by status, service_code, dates and ids — never showing a private category', async () => {
    const list = async (query: string) => codes((await get(`requests.json?jurisdiction_id=besancon&${query}`)).json());
    expect(await list('status=closed')).toEqual([ids.resolved]);
    expect(await list('status=open')).toEqual([ids.published]);
    expect(await list('status=open,closed')).toEqual([ids.resolved, ids.published]);
    expect(await list('service_code=eclairage')).toEqual([ids.resolved]);
    expect(await list('service_code=point-de-deal')).toEqual([]);
    expect(await list(`start_date=${days(200)}&end_date=${days(100)}`)).toEqual([ids.old]);
    expect(await list('start_date=2026-11-20T00:00:00%2B01:00')).toEqual([ids.resolved]);
    expect(await list(`service_request_id=${ids.old},${ids.private},${ids.published},${ids.hidden},not-an-id`)).toEqual([
      ids.published,
      ids.old,
    ]);
  });

  it('refuses bad dates and statuses, naming the parameter', async () => {
    for (const [query, field] of [
      ['start_date=yesterday', 'start_date'],
      ['end_date=2026-13-45T00:00:00Z', 'end_date'],
      ['start_date=2026-11-28T10:00:00', 'start_date'],
      [`start_date=${days(1)}&end_date=${days(2)}`, 'start_date'],
      ['status=pending', 'status'],
    ]) {
      const response = await get(`requests.json?jurisdiction_id=besancon&${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json()[0].description.startsWith(`${field}: `), query).toBe(true);
    }
    // Text the database could not hold never reaches it; a repeated parameter is named.
    expect((await get('requests.json?jurisdiction_id=besancon&service_code=%00')).statusCode).toBe(400);
    expect((await get('requests.json?jurisdiction_id=%00')).statusCode).toBe(404);
    const twice = await get('requests.json?jurisdiction_id=besancon&jurisdiction_id=25056');
    expect(twice.statusCode).toBe(400);
    expect(twice.json()[0].description).toMatch(/jurisdiction_id/);
    const xml = await get('requests.xml?jurisdiction_id=besancon&status=nope');
    expect(parseOpen311Xml(xml.body).errors.error[0]).toEqual({ code: '400', description: expect.stringMatching(/^status: /) });
  });

  it('gives one request by id, 404 for a private category, and no token lookup', async () => {
    const one = await get(`requests/${ids.published}.xml?jurisdiction_id=besancon`);
    expect(parseOpen311Xml(one.body).service_requests.request).toHaveLength(1);
    const json = (await get(`requests/${ids.resolved}.json?jurisdiction_id=25056`)).json();
    expect(json).toEqual([expect.objectContaining({ service_request_id: ids.resolved, status: 'closed' })]);
    for (const id of [ids.private, ids.hidden, 'nope', '00000000-0000-4000-8000-000000000000']) {
      const response = await get(`requests/${id}.json?jurisdiction_id=besancon`);
      expect(response.statusCode, id).toBe(404);
      expect(response.body).not.toContain('point-de-deal');
    }
    const token = await get('tokens/abc.json?jurisdiction_id=besancon');
    expect(token.statusCode).toBe(404);
    expect(token.json()[0].description).toMatch(/issues no tokens/);
  });

  it('answers at most 1000 requests', async () => {
    // 1005 reports in January 2026, written at once (the submit operation is tested elsewhere).
    await database.db.transaction().execute(async (tx) => {
      await actAsTenant(tx, tenant.id, { operation: 'test.bulk-reports' });
      await sql`INSERT INTO reports (tenant_id, category_id, follow_token_hash, description, attributes, geom, source,
          created_at, updated_at)
        SELECT ${tenant.id}, c.id, 'bulk-' || i, '', '{}', ST_SetSRID(ST_MakePoint(6.02, 47.24), 4326), 'open311',
          timestamptz '2026-01-01T00:00:00Z' + i * interval '1 minute', timestamptz '2026-01-01T00:00:00Z'
        FROM generate_series(1, 1005) AS i, report_categories c
        WHERE c.tenant_id = ${tenant.id} AND c.code = 'degradation'`.execute(tx);
    });
    const response = await get('requests.json?jurisdiction_id=besancon&start_date=2026-01-01&end_date=2026-01-31');
    const body = response.json();
    expect(body).toHaveLength(1000);
    expect(body[0].requested_datetime).toBe('2026-01-01T17:45:00+01:00');
  });
});
