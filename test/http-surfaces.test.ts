import Fastify from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { createDatabase } from '../src/db/database.js';
import { enforceRouteAccess } from '../src/platform/http/route-access.js';
import type { Tenant } from '../src/platform/tenants/tenant-queries.js';
import { createTenant } from './helpers/factories.js';
import { Browser, createStaff } from './helpers/staff.js';
import { buildTestApp, type TestApp, withTestApp } from './helpers/test-app.js';

let database: Database;
let t: TestApp;
let tenant: Tenant;
withTestApp((opened) => ({ database, t } = opened));
beforeAll(async () => {
  tenant = await createTenant(database.db);
});

const geocode = (payload: string, contentType = 'application/json') =>
  t.app.inject({ method: 'POST', url: `/api/v1/t/${tenant.slug}/geocode`, payload, headers: { 'content-type': contentType } });

describe('API errors', () => {
  it('answers malformed JSON with 400 in the error envelope', async () => {
    const response = await geocode('{"q": "12 rue');
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('invalid_input');
    expect(error.requestId).toBe(response.headers['x-request-id'] ?? error.requestId);
    expect(typeof error.message).toBe('string');
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('names an unknown field', async () => {
    const response = await geocode(JSON.stringify({ q: 'rue de la Paix', colour: 'blue' }));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([{ field: 'body.colour', message: 'is not an accepted field' }]);
  });

  it('names a field of the wrong type', async () => {
    const response = await geocode(JSON.stringify({ q: 'rue de la Paix', limit: '5' }));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].field).toBe('body.limit');
  });

  it('refuses a body over the limit with 413', async () => {
    const response = await geocode(JSON.stringify({ q: 'x'.repeat(2_000_000) }));
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });

  it('answers an unknown route with 404 on each surface', async () => {
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not_found');

    const open311 = await t.app.inject({ method: 'GET', url: '/open311/v2/nothing.json' });
    expect(open311.statusCode).toBe(404);
    expect(open311.json()).toEqual([{ code: 404, description: expect.any(String) }]);

    const xml = await t.app.inject({ method: 'GET', url: '/open311/v2/nothing.xml' });
    expect(xml.headers['content-type']).toMatch(/xml/);
    expect(xml.body).toContain('<errors><error><code>404</code>');

    const page = await t.app.inject({ method: 'GET', url: '/t/nowhere-at-all/' });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('Cette page n’existe pas.');
    expect(page.body).toContain('tel:17');
  });
});

describe('health and readiness', () => {
  it('says ready when the database answers', async () => {
    const ready = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', engine: database.engine });
  });

  it('says 503 when the database is down, and requests fail cleanly without stopping the process', async () => {
    // A database whose server is gone: nothing listens on this socket.
    const down = createDatabase(database.engine, {
      host: '/nonexistent-quietude-socket',
      port: 5432,
      connectionTimeoutMillis: 500,
    });
    const broken = await buildTestApp(down);
    try {
      const ready = await broken.app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      const api = await broken.app.inject({ method: 'GET', url: '/api/v1/tenants' });
      expect(api.statusCode).toBe(503);
      expect(api.json().error.code).toBe('unavailable');
      const page = await broken.app.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain('momentanément indisponible');
      expect((await broken.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await broken.app.close();
      await down.close();
    }
  });
});

describe('OpenAPI', () => {
  it('documents the API routes with their schemas', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/v1/tenants'].get.responses['200']).toBeDefined();
    expect(doc.paths['/api/v1/t/{slug}/geocode'].post.requestBody).toBeDefined();
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });
});

describe('route access', () => {
  it('lists every registered route with the access it declares', () => {
    const urls = t.app.declaredRoutes.map((r) => r.url);
    expect(urls).toEqual(expect.arrayContaining(['/health', '/api/v1/tenants', '/t/:slug/', '/api/v1/t/:slug/geocode']));
    expect(t.app.declaredRoutes.every((r) => r.access === 'public' || r.access.length > 0)).toBe(true);
  });

  it('refuses to start with a route that declares neither public access nor a permission', async () => {
    const bare = Fastify();
    enforceRouteAccess(bare);
    expect(() => bare.get('/api/v1/forgotten', async () => 'oops')).toThrow(/declares neither public access nor a permission/);
    expect(() => bare.get('/api/v1/declared', { config: { public: true } }, async () => 'ok')).not.toThrow();
    await bare.close();
  });
});

describe('malformed identifiers', () => {
  it('answer 404, not an error, when a URL holds something that is not an identifier', async () => {
    const tenant = await createTenant(database.db);
    const admin = await createStaff(database.db, tenant, 'admin');
    const browser = new Browser(t.app);
    await browser.signIn(admin.email);
    const response = await browser.post(
      `/t/${tenant.slug}/espace/jetons/not-a-uuid/revoquer`,
      {},
      `/t/${tenant.slug}/espace/jetons`,
    );
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Cette page n’existe pas.');
  });
});
