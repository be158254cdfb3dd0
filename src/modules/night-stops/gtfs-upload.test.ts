import { describe, expect, it } from 'vitest';
import { createTenant } from '../../../test/helpers/factories.js';
import { feedZip, smallFeed } from '../../../test/helpers/gtfs-feed.js';
import { Browser, createStaff, csrfFrom } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import { activeFeed } from './gtfs-queries.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened));

const authority = () => createTenant(database.db, { kind: 'aom', programmes: ['night-stops'] });
const pageOf = (tenant: Tenant) => `/t/${tenant.slug}/espace/descente/gtfs`;

/** Posts the upload form as a browser does: the page first (CSRF token), then the multipart body. */
async function upload(browser: Browser, tenant: Tenant, zip: Buffer | undefined) {
  const page = await browser.get(pageOf(tenant));
  const form = new FormData();
  form.append('_csrf', csrfFrom(page.body));
  if (zip) form.append('feed', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'reseau.zip');
  const encoded = new Response(form);
  return t.app.inject({
    method: 'POST',
    url: pageOf(tenant),
    headers: { cookie: browser.cookies, 'content-type': encoded.headers.get('content-type') as string },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
}

async function coordinatorOf(tenant: Tenant): Promise<Browser> {
  const { email } = await createStaff(database.db, tenant, 'coordinator');
  const browser = new Browser(t.app);
  await browser.signIn(email);
  return browser;
}

describe('the GTFS upload page', () => {
  it('puts a good zip in service (post/redirect/get) and shows the version, its counts and the history', async () => {
    const tenant = await authority();
    const browser = await coordinatorOf(tenant);
    const empty = await browser.get(pageOf(tenant));
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Aucun flux n’est en service.');
    const home = await browser.get(`/t/${tenant.slug}/espace/`);
    expect(home.body).toContain(`href="${pageOf(tenant)}"`);

    const sent = await upload(browser, tenant, await feedZip(smallFeed()));
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${pageOf(tenant)}?importe=1`);
    const shown = await browser.get(sent.headers.location as string);
    expect(shown.body).toContain('Le flux a été vérifié et mis en service.');
    expect(shown.body).toContain('stop_times.txt 6');
    expect(shown.body).toContain('en service');
    expect((await withTenant(database.db, tenant.id, activeFeed))?.source).toBe(`${tenant.slug}-2026-11-25.zip`);
    const english = await browser.get(`${pageOf(tenant)}?lang=en`);
    expect(english.body).toContain('Version in service');
  });

  it('refuses a bad feed with a 400 page naming file, line and column, and a non-zip or no file plainly', async () => {
    const tenant = await authority();
    const browser = await coordinatorOf(tenant);
    const feed = smallFeed();
    feed['stops.txt'] = (feed['stops.txt'] as string).replace('47.2380,6.0243', '97.2380,6.0243');
    const refused = await upload(browser, tenant, await feedZip(feed));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Le flux est refusé, rien n’a changé.');
    expect(refused.body).toContain('stops.txt, ligne 3, colonne stop_lat : 97.238 est hors limites (latitude de −90 à 90)');
    const notZip = await upload(browser, tenant, Buffer.from('route_id,route_type\nR1,3\n'));
    expect(notZip.statusCode).toBe(400);
    expect(notZip.body).toContain('ce n’est pas un fichier zip lisible');
    const none = await upload(browser, tenant, undefined);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choisissez un fichier zip.');
    expect(await withTenant(database.db, tenant.id, activeFeed)).toBeUndefined();
  });

  it('is closed to the operator (403), to another tenant’s staff and to the public', async () => {
    const tenant = await authority();
    const { email } = await createStaff(database.db, tenant, 'transit_operator');
    const operator = new Browser(t.app);
    await operator.signIn(email);
    expect((await operator.get(pageOf(tenant))).statusCode).toBe(403);
    expect((await upload(operator, tenant, await feedZip(smallFeed()))).statusCode).toBe(403);
    const stranger = await coordinatorOf(await authority());
    expect((await stranger.get(pageOf(tenant))).statusCode).toBe(404);
    const anonymous = await t.app.inject({ method: 'GET', url: pageOf(tenant) });
    expect([303, 401]).toContain(anonymous.statusCode);
    expect(anonymous.body).not.toContain('Fichier GTFS');
    expect(await withTenant(database.db, tenant.id, activeFeed)).toBeUndefined();
  });
});
