import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createTenant } from '../../../../test/helpers/factories.js';
import { Browser, createStaff, csrfFrom } from '../../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import type { Role } from '../../../platform/access/roles.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { demoCommunalCsv, demoCommunes } from './demo-ssmsi.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened));

const pageOf = (tenant: Tenant) => `/t/${tenant.slug}/espace/observatoire/import`;
const observatory = () => createTenant(database.db, { programmes: ['observatory'] });

async function signedIn(tenant: Tenant, role: Role): Promise<Browser> {
  const { email } = await createStaff(database.db, tenant, role);
  const browser = new Browser(t.app);
  await browser.signIn(email);
  return browser;
}

/** Posts a file as the browser's form does: the page first (CSRF token), then the multipart body. */
async function upload(
  browser: Browser,
  tenant: Tenant,
  path: string,
  field: string,
  bytes: Buffer | undefined,
  from = pageOf(tenant),
) {
  const page = await browser.get(from);
  const form = new FormData();
  form.append('_csrf', csrfFrom(page.body));
  if (bytes) form.append(field, new Blob([new Uint8Array(bytes)], { type: 'text/csv' }), 'fichier.csv');
  const encoded = new Response(form);
  return t.app.inject({
    method: 'POST',
    url: path,
    headers: { cookie: browser.cookies, 'content-type': encoded.headers.get('content-type') as string },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
}

describe('the SSMSI import page', () => {
  it('puts a gzip communal file in service (post/redirect/get) and lists the edition, in French and English', async () => {
    const tenant = await observatory();
    const browser = await signedIn(tenant, 'coordinator');
    const empty = await browser.get(pageOf(tenant));
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Aucune édition n’est en service.');
    const sent = await upload(
      browser,
      tenant,
      pageOf(tenant),
      'ssmsi',
      gzipSync(demoCommunalCsv('current', demoCommunes.slice(0, 2))),
    );
    expect(sent.statusCode).toBe(303);
    const shown = await browser.get(sent.headers.location as string);
    expect(shown.body).toContain(
      'Le fichier a été vérifié et mis en service : 160 lignes importées, dont 0 valeurs non diffusées.',
    );
    expect(shown.body).toContain('communal (CODGEO_2025)');
    expect(shown.body).toContain('en service');
    expect(shown.body).toContain('2016–2025');
    const english = await browser.get(`${pageOf(tenant)}?lang=en`);
    expect(english.body).toContain('Editions in service');
    const audit = await database.db
      .selectFrom('audit_events')
      .select(['action', 'fields'])
      .where('tenant_id', '=', tenant.id)
      .where('action', '=', 'observatory.import-ssmsi')
      .execute();
    expect(audit).toEqual([{ action: 'observatory.import-ssmsi', fields: ['status'] }]);
  });

  it('refuses a malformed file with a 400 page naming the line, a missing file plainly, and changes nothing', async () => {
    const tenant = await observatory();
    const browser = await signedIn(tenant, 'admin');
    const before = await database.db.selectFrom('ssmsi_editions').select('id').where('status', '=', 'active').execute();
    const bad = demoCommunalCsv('current', demoCommunes.slice(0, 1)).replace(/\n69123;2016;/, '\n69123;1850;');
    const refused = await upload(browser, tenant, pageOf(tenant), 'ssmsi', Buffer.from(bad));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Le fichier est refusé, rien n’a changé.');
    expect(refused.body).toContain('ligne 2, colonne annee : « 1850 » n’est pas une année');
    const none = await upload(browser, tenant, pageOf(tenant), 'ssmsi', undefined);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choisissez un fichier.');
    const after = await database.db.selectFrom('ssmsi_editions').select('id').where('status', '=', 'active').execute();
    expect(after).toEqual(before);
  });

  it('is closed to roles without observatory.import (403) and to the public', async () => {
    const tenant = await observatory();
    const analyst = await signedIn(tenant, 'analyst');
    expect((await analyst.get(pageOf(tenant))).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: pageOf(tenant) });
    expect([302, 303, 401]).toContain(anonymous.statusCode);
    // A tenant without the observatory has no such page, even for its administrator.
    const other = await createTenant(database.db, { programmes: ['reports'] });
    const admin = await signedIn(other, 'admin');
    expect((await admin.get(pageOf(other))).statusCode).toBe(404);
    const home = `/t/${other.slug}/espace/`;
    expect((await upload(admin, other, pageOf(other), 'ssmsi', Buffer.from('x'), home)).statusCode).toBe(404);
  });
});

describe('local confidential figures', () => {
  const csv =
    'mois;indicateur;nombre;source\n2026-09;Violences intrafamiliales;14;police_nationale\n2026-10;Violences intrafamiliales;0;police_nationale\n';

  it('are imported from CSV and shown to the coordinator, the read audited; a bad row names its line and imports nothing', async () => {
    const tenant = await observatory();
    const browser = await signedIn(tenant, 'coordinator');
    const sent = await upload(browser, tenant, `${pageOf(tenant)}/chiffres-locaux`, 'local', Buffer.from(csv));
    expect(sent.statusCode).toBe(303);
    const shown = await browser.get(sent.headers.location as string);
    expect(shown.body).toContain('2 chiffres locaux importés.');
    expect(shown.body).toContain('<td>2026-09</td><td>Violences intrafamiliales</td><td>14</td><td>Police nationale</td>');
    const api = await browser.get(`/api/v1/t/${tenant.slug}/observatory/local-figures?from=2026-10`);
    expect(api.statusCode).toBe(200);
    expect(JSON.parse(api.body)).toEqual({
      figures: [{ month: '2026-10', indicator: 'Violences intrafamiliales', count: 0, source: 'police_nationale' }],
    });
    const reads = await database.db
      .selectFrom('audit_events')
      .select('action')
      .where('tenant_id', '=', tenant.id)
      .where('action', '=', 'observatory.read-local-figures')
      .execute();
    expect(reads.length).toBeGreaterThanOrEqual(2);

    const bad = await upload(
      browser,
      tenant,
      `${pageOf(tenant)}/chiffres-locaux`,
      'local',
      Buffer.from(`${csv}2026-13;Vols;3;douane\n`),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('ligne 4, colonne mois : « 2026-13 » n’est pas un mois (AAAA-MM)');
    expect(bad.body).toContain('ligne 4, colonne source : « douane » n’est ni police_nationale ni gendarmerie');
    const count = await database.db
      .selectFrom('audit_events')
      .select('seq')
      .where('tenant_id', '=', tenant.id)
      .where('action', '=', 'observatory.import-local-figures')
      .execute();
    expect(count.length).toBe(1);
  });

  it('are hidden from roles the tenant does not allow (404), and from other tenants', async () => {
    const tenant = await observatory();
    const coordinator = await signedIn(tenant, 'coordinator');
    expect((await upload(coordinator, tenant, `${pageOf(tenant)}/chiffres-locaux`, 'local', Buffer.from(csv))).statusCode).toBe(
      303,
    );
    for (const role of ['analyst', 'police_manager'] as const) {
      const browser = await signedIn(tenant, role);
      const api = await browser.get(`/api/v1/t/${tenant.slug}/observatory/local-figures`);
      expect(api.statusCode).toBe(404);
      expect(api.body).not.toContain('Violences intrafamiliales');
    }
    const other = await observatory();
    const otherCoordinator = await signedIn(other, 'coordinator');
    const page = await otherCoordinator.get(pageOf(other));
    expect(page.body).toContain('Aucun chiffre local.');
    expect(page.body).not.toContain('Violences intrafamiliales');
    const api = await otherCoordinator.get(`/api/v1/t/${other.slug}/observatory/local-figures`);
    expect(JSON.parse(api.body)).toEqual({ figures: [] });
  });
});
