import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { demoOrderPdf } from '../src/modules/prevention/orders/demo-order-pdf.js';
import { saveOrder } from '../src/modules/prevention/orders/save-order.js';
import { jobs } from '../src/platform/jobs/job-list.js';
import { tick } from '../src/platform/jobs/scheduler.js';
import { findTenantBySlug, type Tenant } from '../src/platform/tenants/tenant-queries.js';
import { createTenant, systemContext } from './helpers/factories.js';
import { Browser, createStaff, csrfFrom } from './helpers/staff.js';
import { buildTestApp, type TestApp } from './helpers/test-app.js';
import { onPostgres, openDemoDatabase, secondInstance } from './helpers/test-database.js';

// Two instances of the application (two apps, each with its own connection pool and index listener) on
// one PostgreSQL database, as behind a load balancer. The embedded engine is one process: nothing to share.
if (!onPostgres)
  console.warn(
    'Two instances on one database: skipped, it needs PostgreSQL (set TEST_DATABASE_URL; the CI PostgreSQL run does).',
  );

// Friday 27 November 2026, 23:00 in France.
const NOW = '2026-11-27T22:00:00Z';
/** Shared by the instances, as the deployment guide requires: it signs the CSRF tokens and rate-limit keys. */
const SESSION_SECRET = randomBytes(32).toString('hex');
/** How long another instance may take to see an edit before the test gives up (it is usually milliseconds). */
const DEADLINE_MS = 10_000;

/** Reads until `done` holds or the deadline passes, then returns the last reading (the caller asserts on it). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const end = Date.now() + DEADLINE_MS;
  let value = await read();
  while (!done(value) && Date.now() < end) {
    await sleep(50);
    value = await read();
  }
  return value;
}

/** Posts a form to `app` with the cookies and CSRF token a browser got from a page (possibly of another instance). */
function postForm(app: FastifyInstance, cookies: string, csrf: string, url: string, fields: Record<string, string>) {
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}

describe.skipIf(!onPostgres)('two instances on one PostgreSQL', () => {
  let database: Database;
  let second: Database;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    database = await openDemoDatabase();
    second = secondInstance(database);
    const options = { now: NOW, config: { sessionSecret: SESSION_SECRET, rateLimits: { open311PerMinute: 60, formPerHour: 2 } } };
    a = await buildTestApp(database, options);
    b = await buildTestApp(second, options);
  });
  afterAll(async () => {
    await a?.app.close();
    await b?.app.close();
    await second?.close();
    await database?.close();
  });

  async function signedIn(tenant: Tenant, role: 'coordinator'): Promise<Browser> {
    const browser = new Browser(a.app);
    const signIn = await browser.signIn((await createStaff(database.db, tenant, role)).email);
    expect(signIn.statusCode).toBe(303);
    return browser;
  }

  it('keeps a session opened on one instance, and accepts on the other a form from the first one’s page', async () => {
    const tenant = await createTenant(database.db, { programmes: ['safe-places'] });
    const onA = await signedIn(tenant, 'coordinator');
    const home = await b.app.inject({ method: 'GET', url: `/t/${tenant.slug}/espace/`, headers: { cookie: onA.cookies } });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Lieux sûrs');

    const list = `/t/${tenant.slug}/espace/lieux`;
    const page = await onA.get(list);
    const created = await postForm(b.app, onA.cookies, csrfFrom(page.body), list, {
      name: 'Café des Deux Rives',
      kind: 'bar',
      address: '1 quai Vauban, 25000 Besançon',
      lat: '47.2400',
      lon: '6.0200',
      openingHours: 'Mo-Su 00:00-24:00',
    });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toMatch(new RegExp(`^${list}/[0-9a-f-]{36}`));
    // Without the shared secret the token would not verify: a forged one is refused on either instance.
    const forged = await postForm(b.app, onA.cookies, 'x'.repeat(43), list, { name: 'Forgé' });
    expect(forged.statusCode).toBe(403);
  });

  it('shows a safe place edited on one instance in the other’s nearest, and hides it once closed', async () => {
    const tenant = await createTenant(database.db, { programmes: ['safe-places'] });
    const onA = await signedIn(tenant, 'coordinator');
    const list = `/t/${tenant.slug}/espace/lieux`;
    const created = await onA.post(
      list,
      {
        name: 'Librairie du Pont',
        kind: 'shop',
        address: '3 rue Battant, 25000 Besançon',
        lat: '47.2395',
        lon: '6.0205',
        openingHours: 'Mo-Su 00:00-24:00',
      },
      list,
    );
    const place = created.headers.location as string;
    const nearestOnB = async () => {
      const response = await b.app.inject({
        method: 'POST',
        url: `/api/v1/t/${tenant.slug}/safe-places/nearest`,
        payload: { lat: 47.2395, lon: 6.0205 },
      });
      return (response.json() as { open: { name: string }[] }).open.map((p) => p.name);
    };
    expect(await nearestOnB()).toEqual([]);
    const heard = b.app.indexChanges.notifications;

    expect((await onA.submit(`${place}/statut`, { to: 'trained', reason: 'session avec le CIDFF' }, place)).statusCode).toBe(200);
    const activated = await onA.submit(
      `${place}/statut`,
      { to: 'active', reason: 'charte signée', charterSignedOn: '2026-11-20' },
      place,
    );
    expect(activated.statusCode).toBe(200);
    expect(await eventually(nearestOnB, (names) => names.length > 0)).toEqual(['Librairie du Pont']);
    // B learnt it from a notification (the version check would only have caught it within seconds).
    expect(b.app.indexChanges.notifications).toBeGreaterThan(heard);

    await onA.submit(`${place}/fermeture`, { from: '2026-11-27', until: '2026-12-02' }, place);
    expect(await eventually(nearestOnB, (names) => names.length === 0)).toEqual([]);
  });

  it('catches an edit whose notification was lost, by comparing versions after reconnecting', async () => {
    const tenant = await createTenant(database.db, { programmes: ['safe-places'] });
    const onA = await signedIn(tenant, 'coordinator');
    // B's listener drops for 2 s: the edits made meanwhile send notifications nobody hears; B sees them
    // through the version check made on reconnection.
    b.app.indexChanges.dropListener(2_000);
    expect(b.app.indexChanges.listening()).toBe(false);
    const heard = b.app.indexChanges.notifications;
    const list = `/t/${tenant.slug}/espace/lieux`;
    const place = (
      await onA.post(
        list,
        {
          name: 'Pharmacie du Marché',
          kind: 'pharmacy',
          address: '2 place Granvelle',
          lat: '47.237',
          lon: '6.024',
          openingHours: '24/7',
        },
        list,
      )
    ).headers.location as string;
    await onA.submit(`${place}/statut`, { to: 'trained', reason: 'formation' }, place);
    await onA.submit(`${place}/statut`, { to: 'active', reason: 'charte', charterSignedOn: '2026-11-20' }, place);
    const found = await eventually(
      async () => b.app.safePlaces.nearest(tenant.id, { lat: 47.237, lon: 6.024, at: new Date(NOW), limit: 3 }).open,
      (open) => open.length > 0,
    );
    expect(found.map((n) => n.place.name)).toEqual(['Pharmacie du Marché']);
    expect(b.app.indexChanges.listening()).toBe(true);
    expect(b.app.indexChanges.notifications).toBe(heard);
  });

  it('applies on the other instance an order withdrawn, then one published, on the first', async () => {
    const tenant = (await findTenantBySlug(database.db, 'vandoeuvre-les-nancy')) as Tenant;
    const onA = await signedIn(tenant, 'coordinator');
    // Inside the demo municipal perimeter, Friday 23:30.
    const question = { lat: 48.6567, lon: 6.1711, at: '2026-11-27T23:30:00+01:00' };
    const askB = async () => {
      const response = await b.app.inject({
        method: 'POST',
        url: `/api/v1/t/${tenant.slug}/prevention/orders/applicable`,
        payload: question,
      });
      return (response.json() as { orders: { id: string; number: string }[] }).orders;
    };
    const before = await askB();
    expect(before.length).toBeGreaterThan(0);
    const order = before[0] as { id: string; number: string };
    const path = `/t/${tenant.slug}/espace/arretes/${order.id}`;
    expect((await onA.post(`${path}/abroger`, { withdrawnOn: '2026-11-27' }, path)).statusCode).toBe(303);
    const after = await eventually(askB, (orders) => !orders.some((o) => o.id === order.id));
    expect(after.map((o) => o.number)).not.toContain(order.number);

    // A new order on the whole territory, saved with its PDF, then published through A's form.
    const { id } = await saveOrder(systemContext(database.db, tenant, a.clock), {
      number: 'INST-2026-01',
      title: 'Interdiction de test (deux instances)',
      author: 'mayor',
      subject: 'nitrous_oxide',
      prohibitions: ['possession', 'use'],
      summaryFr: 'Texte de test.',
      signedOn: '2026-11-20',
      validFrom: '2026-11-20',
      pdf: await demoOrderPdf('Arrêté de test', ['Texte de test.']),
    });
    const draft = `/t/${tenant.slug}/espace/arretes/${id}`;
    expect((await onA.post(`${draft}/publier`, { publishedOn: '2026-11-27' }, draft)).statusCode).toBe(303);
    const published = await eventually(askB, (orders) => orders.some((o) => o.id === id));
    expect(published.map((o) => o.number)).toContain('INST-2026-01');
  });

  it('runs a scheduled purge once when both instances’ schedulers tick', async () => {
    const tenant = await createTenant(database.db, { programmes: ['reports'] });
    const purge = jobs.filter((job) => job.name === 'apply-retention');
    await Promise.all([tick(a.deps, purge), tick(b.deps, purge)]);
    const runs = await database.db
      .selectFrom('job_runs')
      .select(['slot', 'outcome'])
      .where('job', '=', 'apply-retention')
      .execute();
    expect(runs).toEqual([{ slot: '2026-11-27T00:00:00.000Z', outcome: 'done' }]);
    const purges = await database.db
      .selectFrom('audit_events')
      .select('entity_id')
      .where('tenant_id', '=', tenant.id)
      .where('action', '=', 'platform.apply-retention')
      .execute();
    // One event per purge rule of the tenant, none twice.
    const rules = purges.map((p) => p.entity_id);
    expect(rules).toContain('reports');
    expect(new Set(rules).size).toBe(rules.length);
  });

  it('counts a client’s reports across both instances against one limit', async () => {
    const form = '/t/besancon/signaler';
    const browser = new Browser(a.app);
    // The first page lists the categories; a category's page holds the form.
    const category = /href="[^"]*\?categorie=([^"&]+)"/.exec((await browser.get(form)).body)?.[1] as string;
    expect(category).toBeDefined();
    const csrf = csrfFrom((await browser.get(`${form}?categorie=${category}`)).body);
    expect(csrf).not.toBe('');
    // The limit (2 an hour here) is counted before the form is read: forms without a place count too.
    const statuses: number[] = [];
    for (const app of [a.app, b.app, a.app, b.app])
      statuses.push((await postForm(app, browser.cookies, csrf, form, { category: decodeURIComponent(category) })).statusCode);
    expect(statuses).toEqual([400, 400, 429, 429]);
  });
});
