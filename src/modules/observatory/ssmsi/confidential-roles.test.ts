import { describe, expect, it } from 'vitest';
import { createTenant } from '../../../../test/helpers/factories.js';
import { Browser, createStaff, csrfFrom } from '../../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import type { Role } from '../../../platform/access/roles.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-26T10:00:00Z' });

const importPage = (tenant: Tenant) => `/t/${tenant.slug}/espace/observatoire/import`;
const api = (tenant: Tenant) => `/api/v1/t/${tenant.slug}/observatory/local-figures`;
const csv = 'mois;indicateur;nombre;source\n2026-09;Violences intrafamiliales;14;police_nationale\n';

async function signedIn(tenant: Tenant, role: Role): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.signIn((await createStaff(database.db, tenant, role)).email);
  return browser;
}

/** Posts the roles form as a browser does: one `roles` field per ticked box. */
async function postRoles(browser: Browser, tenant: Tenant, roles: string[]) {
  const page = await browser.get(importPage(tenant));
  const body = new URLSearchParams([['_csrf', csrfFrom(page.body)], ...roles.map((r) => ['roles', r])]);
  return t.app.inject({
    method: 'POST',
    url: `${importPage(tenant)}/roles-confidentiels`,
    headers: { cookie: browser.cookies, 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
}

/** Imports the local figures as the coordinator does, on the import page (multipart). */
async function importFigures(browser: Browser, tenant: Tenant) {
  const page = await browser.get(importPage(tenant));
  const form = new FormData();
  form.append('_csrf', csrfFrom(page.body));
  form.append('local', new Blob([csv], { type: 'text/csv' }), 'chiffres.csv');
  const encoded = new Response(form);
  return t.app.inject({
    method: 'POST',
    url: `${importPage(tenant)}/chiffres-locaux`,
    headers: { cookie: browser.cookies, 'content-type': encoded.headers.get('content-type') as string },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
}

describe('the roles that read the local figures', () => {
  it('are admin and coordinator until the tenant lets the police manager in, who then reads them on the API and the dashboard', async () => {
    const tenant = await createTenant(database.db, { programmes: ['observatory'] });
    const [admin, coordinator, police] = [
      await signedIn(tenant, 'admin'),
      await signedIn(tenant, 'coordinator'),
      await signedIn(tenant, 'police_manager'),
    ];
    expect((await importFigures(coordinator, tenant)).statusCode).toBe(303);
    const dashboard = `/t/${tenant.slug}/espace/observatoire?annee=2026`;

    expect((await police.get(api(tenant))).statusCode).toBe(404);
    const before = await police.get(dashboard);
    expect(before.statusCode).toBe(200);
    expect(before.body).not.toContain('data-local-figures');
    expect(before.body).not.toContain('Violences intrafamiliales');
    // Only who manages the tenant's settings changes the list; the coordinator reads it.
    const coordinatorPage = await coordinator.get(importPage(tenant));
    expect(coordinatorPage.body).toContain('Rôles autorisés : Administrateur·rice, Coordinateur·rice CLSPD.');
    expect((await postRoles(coordinator, tenant, ['coordinator', 'police_manager'])).statusCode).toBe(403);

    const saved = await postRoles(admin, tenant, ['admin', 'police_manager']);
    expect(saved.statusCode).toBe(303);
    expect((await admin.get(saved.headers.location as string)).body).toContain('Rôles autorisés enregistrés.');

    const read = await police.get(api(tenant));
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body)).toEqual({
      figures: [{ month: '2026-09', indicator: 'Violences intrafamiliales', count: 14, source: 'police_nationale' }],
    });
    const after = await police.get(dashboard);
    expect(after.body).toContain('Chiffres locaux confidentiels de 2026');
    expect(after.body).toContain('<td>2026-09</td><td>Violences intrafamiliales</td><td>14</td><td>Police nationale</td>');
    expect(after.headers['cache-control']).toContain('no-store');
    // The coordinator, no longer listed, loses them at once: API, dashboard, import page and import.
    expect((await coordinator.get(api(tenant))).statusCode).toBe(404);
    expect((await coordinator.get(dashboard)).body).not.toContain('data-local-figures');
    expect((await coordinator.get(importPage(tenant))).body).not.toContain('Violences intrafamiliales');
    expect((await importFigures(coordinator, tenant)).statusCode).toBe(404);
    const events = await database.db
      .selectFrom('audit_events')
      .select('action')
      .where('tenant_id', '=', tenant.id)
      .where('action', '=', 'observatory.set-confidential-roles')
      .execute();
    expect(events.length).toBe(1);
  });

  it('refuses a name that is not a role reaching the observatory, naming it, and saves nothing', async () => {
    const tenant = await createTenant(database.db, { programmes: ['observatory'] });
    const admin = await signedIn(tenant, 'admin');
    const refused = await postRoles(admin, tenant, ['coordinator', 'chef_de_police', 'mediator']);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Les rôles ne sont pas enregistrés, rien n’a changé.');
    expect(refused.body).toContain('« chef_de_police » n’est pas un rôle qui accède à l’observatoire');
    expect(refused.body).toContain('« mediator » n’est pas un rôle qui accède à l’observatoire');
    expect((await postRoles(admin, tenant, [])).body).toContain('choisissez au moins un rôle');
    const rows = await database.db
      .selectFrom('observatory_settings')
      .select('tenant_id')
      .where('tenant_id', '=', tenant.id)
      .execute();
    expect(rows).toEqual([]);
    // Still the default: the coordinator reads them.
    const coordinator = await signedIn(tenant, 'coordinator');
    expect((await coordinator.get(api(tenant))).statusCode).toBe(200);
  });
});
