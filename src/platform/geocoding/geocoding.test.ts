import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../test/helpers/factories.js';
import { buildTestApp } from '../../../test/helpers/test-app.js';
import { openTestDatabase } from '../../../test/helpers/test-database.js';
import type { Database } from '../../db/database.js';
import { banGeocoder } from './ban-geocoder.js';
import { importAddresses } from './import-addresses.js';

const fixture = (name: string) => new URL(`../../../test/fixtures/${name}`, import.meta.url).pathname;

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('local address index', () => {
  it('imports a BAN file and finds an address typed without accents or case', async () => {
    const tenant = await createTenant(database.db, { inseeCode: '25056' });
    expect(await importAddresses(systemContext(database.db, tenant), fixture('ban-sample.csv'))).toBe(6);
    // Importing again replaces rather than duplicates.
    expect(await importAddresses(systemContext(database.db, tenant), fixture('ban-sample.csv'))).toBe(6);
    const { app } = await buildTestApp(database);
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/t/${tenant.slug}/geocode`,
      payload: { q: '12 grande rue besancon' },
    });
    expect(response.statusCode).toBe(200);
    const { places } = response.json();
    expect(places.map((p: { label: string }) => p.label)).toEqual([
      '12 Grande Rue 25000 Besançon',
      '12 bis Grande Rue 25000 Besançon',
    ]);
    expect(places[0]).toMatchObject({ postcode: '25000', inseeCode: '25056', lon: 6.0254, lat: 47.2371 });
    await app.close();
  });

  it('keeps each tenant’s index to itself', async () => {
    const owner = await createTenant(database.db);
    const other = await createTenant(database.db);
    await importAddresses(systemContext(database.db, owner), fixture('ban-sample.csv'));
    const { app } = await buildTestApp(database);
    const response = await app.inject({ method: 'POST', url: `/api/v1/t/${other.slug}/geocode`, payload: { q: 'Grande Rue' } });
    expect(response.json().places).toEqual([]);
    await app.close();
  });

  it('refuses a file with bad rows, naming each line, and imports nothing', async () => {
    const tenant = await createTenant(database.db);
    const error = await importAddresses(systemContext(database.db, tenant), fixture('ban-bad.csv')).catch((e) => e);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('line 3: code_postal "2500" is not 5 digits');
    expect(error.message).toContain('line 4: lon/lat are not WGS 84 coordinates');
    const { app } = await buildTestApp(database);
    const response = await app.inject({ method: 'POST', url: `/api/v1/t/${tenant.slug}/geocode`, payload: { q: 'Grande Rue' } });
    expect(response.json().places).toEqual([]);
    await app.close();
  });

  it('refuses a file that is not a BAN addresses file', async () => {
    const tenant = await createTenant(database.db);
    await expect(importAddresses(systemContext(database.db, tenant), fixture('../../package.json'))).rejects.toThrow(
      /missing column|not a readable CSV/,
    );
  });
});

describe('BAN geocoding service', () => {
  let server: Server;
  let asked: URL | undefined;
  beforeAll(async () => {
    server = createServer((req, res) => {
      asked = new URL(req.url ?? '/', 'http://localhost');
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              geometry: { type: 'Point', coordinates: [6.0254, 47.2371] },
              properties: { label: '12 Grande Rue 25000 Besançon', postcode: '25000', city: 'Besançon', citycode: '25056' },
            },
          ],
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks the configured service only, restricted to the commune, and reads its answer', async () => {
    const address = server.address() as { port: number };
    const tenant = await createTenant(database.db, { inseeCode: '25056' });
    const places = await banGeocoder(`http://127.0.0.1:${address.port}/geocodage`).search(tenant, '12 Grande Rue', 3);
    expect(asked?.pathname).toBe('/geocodage/search');
    expect(asked?.searchParams.get('citycode')).toBe('25056');
    expect(asked?.searchParams.get('limit')).toBe('3');
    expect(places).toEqual([
      {
        label: '12 Grande Rue 25000 Besançon',
        postcode: '25000',
        city: 'Besançon',
        inseeCode: '25056',
        lon: 6.0254,
        lat: 47.2371,
      },
    ]);
  });

  it('says the service is unavailable when it does not answer', async () => {
    const tenant = await createTenant(database.db);
    await expect(banGeocoder('http://127.0.0.1:9/geocodage').search(tenant, 'Grande Rue', 3)).rejects.toMatchObject({
      code: 'unavailable',
    });
  });
});
