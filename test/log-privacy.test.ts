import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { createTenant } from './helpers/factories.js';
import { type TestApp, withTestApp } from './helpers/test-app.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened));

describe('logs', () => {
  it('never contain a submitted location, a description, a typed address, or the client IP', async () => {
    const tenant = await createTenant(database.db);
    const clientIp = '203.0.113.77';
    const secrets = ['47.2371', '6.0254', 'Grande Rue Secrète', 'il me suit depuis la gare', clientIp];
    // A form post (urlencoded, as a browser without JavaScript sends it) to a page route…
    await t.app.inject({
      method: 'POST',
      url: `/t/${tenant.slug}/signaler`,
      remoteAddress: clientIp,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': clientIp },
      payload: 'lat=47.2371&lon=6.0254&description=il+me+suit+depuis+la+gare',
    });
    // …an address search, a rejected body that echoes a field, a location in a query string, and a failure.
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/t/${tenant.slug}/geocode`,
      remoteAddress: clientIp,
      payload: { q: '12 Grande Rue Secrète' },
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/t/${tenant.slug}/geocode`,
      remoteAddress: clientIp,
      payload: { q: 'Grande Rue Secrète', description: 'il me suit depuis la gare' },
    });
    await t.app.inject({ method: 'GET', url: `/t/${tenant.slug}/?lat=47.2371&lon=6.0254`, remoteAddress: clientIp });
    expect(t.logs.lines.length).toBeGreaterThan(4);
    for (const secret of secrets) expect(t.logs.text).not.toContain(secret);
    // The request lines are still useful: method, path, status, request id.
    const completed = t.logs.lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request completed');
    expect(completed.length).toBeGreaterThan(3);
    // Each request line carries its request id.
    for (const line of completed) expect(line.reqId).toMatch(/^[0-9a-f-]{36}$/);
    const incoming = t.logs.lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'incoming request');
    expect(incoming.req).toEqual({ id: expect.any(String), method: 'POST', path: `/t/${tenant.slug}/signaler` });
  });
});
