import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { withTenant } from '../src/db/tenant-transaction.js';
import { createTenant } from './helpers/factories.js';
import { Browser, createStaff } from './helpers/staff.js';
import { type TestApp, withTestApp } from './helpers/test-app.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened));

/** Makes a token through the staff page, as an admin would, and reads it from the page. */
async function tokenFor(slug: string, browser: Browser, permission: string): Promise<string> {
  const created = await browser.post(
    `/t/${slug}/espace/jetons`,
    { name: 'Logiciel partenaire', permissions: permission },
    `/t/${slug}/espace/jetons`,
  );
  expect(created.statusCode).toBe(200);
  return /<code>(qt_[A-Za-z0-9_-]+)<\/code>/.exec(created.body)?.[1] ?? '';
}

describe('API tokens', () => {
  it('are shown once, stored hashed, work for their tenant and permissions only, and stop when revoked', async () => {
    const tenant = await createTenant(database.db);
    const other = await createTenant(database.db);
    const admin = await createStaff(database.db, tenant, 'admin');
    const browser = new Browser(t.app);
    await browser.signIn(admin.email);
    const token = await tokenFor(tenant.slug, browser, 'platform.audit-read');
    expect(token).toMatch(/^qt_/);
    const stored = await withTenant(database.db, tenant.id, (tx) => tx.selectFrom('api_tokens').selectAll().execute());
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await browser.get(`/t/${tenant.slug}/espace/jetons`)).body).not.toContain(token);

    const audit = (slug: string, auth?: string) =>
      t.app.inject({ method: 'GET', url: `/api/v1/t/${slug}/audit`, headers: auth ? { authorization: auth } : {} });
    const ok = await audit(tenant.slug, `Bearer ${token}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().events.map((e: { action: string }) => e.action)).toContain('platform.create-api-token');
    expect((await audit(tenant.slug)).statusCode).toBe(401);
    expect((await audit(other.slug, `Bearer ${token}`)).statusCode).toBe(401);
    expect((await audit(tenant.slug, 'Bearer qt_forged')).statusCode).toBe(401);
    const used = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('api_tokens').select('last_used_at').executeTakeFirstOrThrow(),
    );
    expect(used.last_used_at).not.toBeNull();

    const id = stored[0]?.id as string;
    const revoked = await browser.post(`/t/${tenant.slug}/espace/jetons/${id}/revoquer`, {}, `/t/${tenant.slug}/espace/jetons`);
    expect(revoked.statusCode).toBe(200);
    expect((await audit(tenant.slug, `Bearer ${token}`)).statusCode).toBe(401);
  });

  it('refuses a token without the route’s permission, and one that would give more than its creator holds', async () => {
    const tenant = await createTenant(database.db);
    const admin = await createStaff(database.db, tenant, 'admin');
    const browser = new Browser(t.app);
    await browser.signIn(admin.email);
    const token = await tokenFor(tenant.slug, browser, 'platform.staff-home');
    const denied = await t.app.inject({
      method: 'GET',
      url: `/api/v1/t/${tenant.slug}/audit`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('forbidden');
    const escalation = await browser.post(
      `/t/${tenant.slug}/espace/jetons`,
      { name: 'Trop puissant', permissions: 'reports.everything' },
      `/t/${tenant.slug}/espace/jetons`,
    );
    expect(escalation.statusCode).toBe(400);
    expect(escalation.body).toContain('n’est pas une permission');
  });
});
