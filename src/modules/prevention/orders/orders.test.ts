import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { systemContext } from '../../../../test/helpers/factories.js';
import { Browser, createStaff, csrfFrom } from '../../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { ManualClock } from '../../../platform/clock/clock.js';
import { normaliseForSearch } from '../../../platform/geocoding/geocoder.js';
import { saveAddresses } from '../../../platform/geocoding/import-addresses.js';
import { findTenantBySlug, type Tenant } from '../../../platform/tenants/tenant-queries.js';
import { submitReport } from '../../reports/submit-report.js';
import { demoOrderPdf } from './demo-order-pdf.js';

let database: Database;
let t: TestApp;
// Friday 27 November 2026, 23:00 in Nancy.
withTestApp((opened) => ({ database, t } = opened), { demo: true, now: '2026-11-27T22:00:00Z' });

const VANDOEUVRE = 'vandoeuvre-les-nancy';
const api = (slug: string) => `/api/v1/t/${slug}/prevention/orders/applicable`;
/** Inside the demo municipal perimeter (around the commune's centre), and inside the commune but outside it. */
const inPerimeter = { lat: 48.6567, lon: 6.1711 };
const inCommuneOnly = { lat: 48.6567, lon: 6.1711 + 0.015 };

const ask = (body: Record<string, unknown>, slug = VANDOEUVRE) => t.app.inject({ method: 'POST', url: api(slug), payload: body });

/** Posts a multipart form (fields and an optional PDF) as a browser does, with the page's CSRF token. */
async function postMultipart(browser: Browser, url: string, from: string, fields: Record<string, string>, pdf?: Buffer) {
  const page = await browser.get(from);
  const boundary = '----quietude-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries({ _csrf: csrfFrom(page.body), ...fields }))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (pdf)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="pdf"; filename="arrete.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: browser.cookies, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
}

async function coordinator(slug = VANDOEUVRE): Promise<{ tenant: Tenant; browser: Browser }> {
  const tenant = (await findTenantBySlug(database.db, slug)) as Tenant;
  const browser = new Browser(t.app);
  await browser.signIn((await createStaff(database.db, tenant, 'coordinator')).email);
  return { tenant, browser };
}

const countOrders = async (tenantId: string) =>
  Number(
    (
      await database.db
        .selectFrom('prevention_orders')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow()
    ).n,
  );

const newOrder = {
  number: 'TEST-2026-01',
  title: 'Interdiction du protoxyde d’azote près du parc (test)',
  author: 'mayor',
  subject: 'nitrous_oxide',
  'prohibition-possession': 'yes',
  'prohibition-use': 'yes',
  summaryFr: 'Détention et usage interdits près du parc, la nuit (texte de test).',
  signedOn: '2026-11-20',
  sentToPrefectOn: '2026-11-21',
  validFrom: '2026-11-20',
  validUntil: '2027-11-19',
  hoursStart: '20:00',
  hoursEnd: '06:00',
  ...Object.fromEntries(['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'].map((d) => [`day-${d}`, 'yes'])),
  // A small square around a point in the commune, away from the demo perimeter.
  perimeter: JSON.stringify({
    type: 'Polygon',
    coordinates: [
      [
        [6.181, 48.646],
        [6.184, 48.646],
        [6.184, 48.648],
        [6.181, 48.648],
        [6.181, 48.646],
      ],
    ],
  }),
};
const nearPark = { lat: 48.647, lon: 6.1825 };

describe('is it prohibited here, now? (API)', () => {
  it('answers the demo municipal nitrous-oxide order at this place and hour, with its text, hours and PDF', async () => {
    const answer = await ask({ ...inPerimeter, at: '2026-11-27T23:00:00+01:00' });
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body.prohibited).toBe(true);
    expect(body.notice).toContain('Seul le texte publié fait foi');
    expect(body.notice).toContain('Only the published text is authoritative');
    // The prefect's order ended on 15 May 2026: only the mayor's applies now.
    expect(body.orders).toHaveLength(1);
    const [order] = body.orders;
    expect(order).toMatchObject({
      number: '2025-DEMO-117',
      author: 'mayor',
      subject: 'nitrous_oxide',
      hours: '24/7',
      valid_until: '2027-10-07',
    });
    expect(order.prohibitions).toEqual(['possession', 'use', 'abandonment']);
    expect(order.summary.fr).toContain('protoxyde d’azote');
    const pdf = await t.app.inject({ method: 'GET', url: new URL(order.pdf_url).pathname });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('adds the prefect’s order 18:00–08:00 across midnight while it was in force, on the whole commune', async () => {
    const night = (await ask({ ...inCommuneOnly, at: '2026-03-11T02:30:00+01:00' })).json();
    expect(night.prohibited).toBe(true);
    expect(night.orders.map((o: { number: string }) => o.number)).toEqual(['PREF-54-2025-DEMO-1']);
    expect(night.orders[0]).toMatchObject({ author: 'prefect', hours: '18:00-08:00', valid_until: '2026-05-15' });
    const both = (await ask({ ...inPerimeter, at: '2026-03-10T19:00:00+01:00' })).json();
    expect(both.orders.map((o: { number: string }) => o.number)).toEqual(['PREF-54-2025-DEMO-1', '2025-DEMO-117']);
    const noon = (await ask({ ...inCommuneOnly, at: '2026-03-10T12:00:00+01:00' })).json();
    expect(noon).toMatchObject({ prohibited: false, orders: [] });
    // The night after its last day: the period of 15 May evening still counts, the 16th's does not exist.
    expect((await ask({ ...inCommuneOnly, at: '2026-05-16T20:00:00+02:00' })).json().prohibited).toBe(false);
    // Outside the commune: neither applies.
    expect((await ask({ lat: 48.69, lon: 6.18, at: '2026-03-10T23:00:00+01:00' })).json().prohibited).toBe(false);
  });

  it('uses the clock when `at` is absent, and rejects bad coordinates, times and fields naming them', async () => {
    expect((await ask(inPerimeter)).json().prohibited).toBe(true);
    const bad = await ask({ lat: 200, lon: 6.17 });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error)).toContain('lat');
    expect(bad.body).not.toMatch(/at .*\.ts:\d+/);
    const badAt = await ask({ ...inPerimeter, at: 'demain soir' });
    expect(badAt.statusCode).toBe(400);
    expect(badAt.json().error.details).toEqual([expect.objectContaining({ field: 'at' })]);
    const extra = await ask({ ...inPerimeter, name: 'Alice' });
    expect(extra.statusCode).toBe(400);
    const unpublished = await ask({ ...inPerimeter, order_id: '00000000-0000-4000-8000-000000000000' });
    expect(unpublished.statusCode).toBe(400);
    expect(unpublished.json().error.details).toEqual([expect.objectContaining({ field: 'order_id' })]);
  });

  it('answers Strasbourg’s demo alcohol order on Thursday to Saturday nights only', async () => {
    const kleber = { lat: 48.5833, lon: 7.7458 };
    const thursday = (await ask({ ...kleber, at: '2026-11-26T23:30:00+01:00' }, 'strasbourg')).json();
    expect(thursday.prohibited).toBe(true);
    expect(thursday.orders[0]).toMatchObject({ subject: 'alcohol', hours: 'Th,Fr,Sa 21:00-07:00', valid_until: null });
    // Sunday 02:00 is Saturday's night; Monday 02:00 is Sunday's, not listed.
    expect((await ask({ ...kleber, at: '2026-11-29T02:00:00+01:00' }, 'strasbourg')).json().prohibited).toBe(true);
    expect((await ask({ ...kleber, at: '2026-11-30T02:00:00+01:00' }, 'strasbourg')).json().prohibited).toBe(false);
  });

  it('answers 404 for a tenant without the prevention programme', async () => {
    expect((await ask(inPerimeter, 'castres')).statusCode).toBe(404);
  });
});

describe('the coordinator’s orders', () => {
  it('refuses bad input naming each field and saves nothing', async () => {
    const { tenant, browser } = await coordinator();
    const before = await countOrders(tenant.id);
    const path = `/t/${VANDOEUVRE}/espace/arretes`;
    const bowtie = JSON.stringify({
      type: 'Polygon',
      coordinates: [
        [
          [6.17, 48.65],
          [6.18, 48.66],
          [6.18, 48.65],
          [6.17, 48.66],
          [6.17, 48.65],
        ],
      ],
    });
    const bad = await browser.post(path, { ...newOrder, validUntil: '2026-01-01', hoursStart: '25:00', perimeter: bowtie }, path);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#field-validUntil"');
    expect(bad.body).toContain('href="#field-hoursStart"');
    expect(bad.body).toContain('href="#field-perimeter"');
    expect(bad.body).toContain('la fin de validité précède son début');
    expect(bad.body).toContain('périmètre invalide');
    expect(bad.body).toContain('value="TEST-2026-01"');
    const notPdf = await postMultipart(browser, path, path, newOrder, Buffer.from('<html>not a pdf</html>'));
    expect(notPdf.statusCode).toBe(400);
    expect(notPdf.body).toContain('ce fichier n’est pas un PDF');
    expect(await countOrders(tenant.id)).toBe(before);
  });

  it('adds, publishes (the very next answer shows it) and withdraws an order', async () => {
    const { tenant, browser } = await coordinator();
    const path = `/t/${VANDOEUVRE}/espace/arretes`;
    const at = '2026-11-27T23:30:00+01:00';
    expect((await ask({ ...nearPark, at })).json().prohibited).toBe(false);

    const saved = await browser.post(path, { ...newOrder, number: 'TEST-2026-02' }, path);
    expect(saved.statusCode).toBe(303);
    const row = await database.db
      .selectFrom('prevention_orders')
      .select('id')
      .where('tenant_id', '=', tenant.id)
      .where('number', '=', 'TEST-2026-02')
      .executeTakeFirstOrThrow();
    const orderPath = `${path}/${row.id}`;
    // A draft does not apply, and cannot be asked about.
    expect((await ask({ ...nearPark, at })).json().prohibited).toBe(false);
    expect((await ask({ ...nearPark, at, order_id: row.id })).statusCode).toBe(400);
    // No PDF yet: publishing is refused, naming the PDF.
    const noPdf = await browser.post(`${orderPath}/publier`, { publishedOn: '2026-11-27' }, orderPath);
    expect(noPdf.statusCode).toBe(400);
    expect(noPdf.body).toContain('joignez le PDF publié avant de publier');

    const pdf = await demoOrderPdf('Arrêté de test', ['Texte de test.']);
    const withPdf = await postMultipart(browser, orderPath, orderPath, { ...newOrder, number: 'TEST-2026-02' }, pdf);
    expect(withPdf.statusCode).toBe(303);
    const published = await browser.post(`${orderPath}/publier`, { publishedOn: '2026-11-27' }, orderPath);
    expect(published.statusCode).toBe(303);

    const answer = (await ask({ ...nearPark, at })).json();
    expect(answer.prohibited).toBe(true);
    expect(answer.orders[0]).toMatchObject({ number: 'TEST-2026-02', hours: '20:00-06:00' });
    // 06:30 the next morning: the night's period is over.
    expect((await ask({ ...nearPark, at: '2026-11-28T06:30:00+01:00' })).json().prohibited).toBe(false);
    const publicPage = await t.app.inject({ method: 'GET', url: `/t/${VANDOEUVRE}/arretes` });
    expect(publicPage.body).toContain('TEST-2026-02');

    // Published: listed as such with its sending to the préfet, and no longer editable (withdraw and publish another).
    const list = (await browser.get(path)).body;
    expect(list).toContain('Publié le 2026-11-27');
    expect(list).toContain('<td>2026-11-21</td>');
    const edit = await postMultipart(browser, orderPath, orderPath, {
      ...newOrder,
      number: 'TEST-2026-02',
      title: 'Changé après publication',
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.body).not.toMatch(/at .*\.ts:\d+/);
    const withdrawn = await browser.post(`${orderPath}/abroger`, { withdrawnOn: '2026-11-27' }, orderPath);
    expect(withdrawn.statusCode).toBe(303);
    expect((await ask({ ...nearPark, at })).json().prohibited).toBe(false);
  });

  it('is linked from the coordinator’s staff home', async () => {
    const { browser } = await coordinator();
    const home = (await browser.get(`/t/${VANDOEUVRE}/espace/`)).body;
    expect(home).toContain(`href="/t/${VANDOEUVRE}/espace/arretes"`);
    expect(home).toContain(`href="/t/${VANDOEUVRE}/espace/collectes"`);
  });

  it('is closed to a role without the orders permission', async () => {
    const tenant = (await findTenantBySlug(database.db, VANDOEUVRE)) as Tenant;
    const browser = new Browser(t.app);
    await browser.signIn((await createStaff(database.db, tenant, 'mediator')).email);
    expect((await browser.get(`/t/${VANDOEUVRE}/espace/arretes`)).statusCode).toBe(403);
  });
});

describe('the public page /arretes', () => {
  it('lists the orders in force with their summary, PDF and the emergency numbers, in French then English', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/t/${VANDOEUVRE}/arretes` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Arrêtés en vigueur');
    expect(page.body).toContain('2025-DEMO-117');
    expect(page.body).not.toContain('PREF-54-2025-DEMO-1');
    expect(page.body).toContain('Seul le texte publié fait foi.');
    expect(page.body).toContain('Lire le texte publié (PDF)');
    // A sketch of the drawn perimeter within the commune (no tiles, no script).
    expect(page.body).toContain('aria-label="Croquis indicatif du périmètre de l’arrêté n° 2025-DEMO-117 dans la commune"');
    expect(page.body).toMatch(/<path d="M[\d. LZM]+" fill="#b3261e"/);
    expect(page.body).toContain('href="tel:17"');
    expect(page.body).toContain('href="tel:3919"');
    expect(page.body).toContain('Est-ce interdit ici, maintenant ?');
    // As at a night of March 2026 (`at=`), the prefect's order was in force too.
    const march = await t.app.inject({ method: 'GET', url: `/t/${VANDOEUVRE}/arretes?at=2026-03-10T23:00:00%2B01:00` });
    expect(march.body).toContain('PREF-54-2025-DEMO-1');
    expect(march.body).toContain('value="2026-03-10T23:00"');
    const english = await t.app.inject({ method: 'GET', url: `/t/${VANDOEUVRE}/arretes?lang=en` });
    expect(english.body).toContain('Is it prohibited here, now?');
    expect(english.body).toContain('Only the published text is authoritative.');
  });

  it('answers a posted place and hour in plain words, without storing or logging the place', async () => {
    const answer = await t.app.inject({
      method: 'POST',
      url: `/t/${VANDOEUVRE}/arretes`,
      payload: { lat: String(inCommuneOnly.lat), lon: String(inCommuneOnly.lon), when: '2026-03-10T23:00' },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('Oui : à cet endroit et à cette heure, un arrêté s’applique.');
    expect(answer.body).toContain('Arrêté préfectoral');
    expect(answer.body).toContain('18:00 – 08:00 (jusqu’au lendemain)');
    expect(answer.body).toContain('Seul le texte publié fait foi.');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(t.logs.text).not.toContain(String(inCommuneOnly.lon));
    const no = await t.app.inject({
      method: 'POST',
      url: `/t/${VANDOEUVRE}/arretes`,
      payload: { lat: String(inCommuneOnly.lat), lon: String(inCommuneOnly.lon), when: '2026-11-27T23:00' },
    });
    expect(no.body).toContain('Non : aucun arrêté publié ne s’applique à cet endroit à cette heure.');
    const both = await t.app.inject({
      method: 'POST',
      url: `/t/${VANDOEUVRE}/arretes`,
      payload: { lat: String(inPerimeter.lat), lon: String(inPerimeter.lon), when: '2026-03-10T23:00' },
    });
    expect(both.body).toContain('Oui : à cet endroit et à cette heure, 2 arrêtés s’appliquent.');
    // A typed address goes through the tenant's own address index (never a third party).
    const tenant = (await findTenantBySlug(database.db, VANDOEUVRE)) as Tenant;
    const label = '3 rue de la Démonstration 54500 Vandœuvre-lès-Nancy';
    await saveAddresses(systemContext(database.db, tenant), [
      {
        id: 'demo-3',
        label,
        postcode: '54500',
        city: 'Vandœuvre-lès-Nancy',
        insee_code: '54547',
        search: normaliseForSearch(label),
        ...{ lat: inPerimeter.lat, lon: inPerimeter.lon },
      },
    ]);
    const byAddress = await t.app.inject({
      method: 'POST',
      url: `/t/${VANDOEUVRE}/arretes`,
      payload: { address: '3 rue de la Demonstration', when: '2026-11-27T23:00' },
    });
    expect(byAddress.statusCode).toBe(200);
    expect(byAddress.body).toContain('Oui : à cet endroit et à cette heure, un arrêté s’applique.');
    expect(byAddress.body).toContain('2025-DEMO-117');
    const nowhere = await t.app.inject({
      method: 'POST',
      url: `/t/${VANDOEUVRE}/arretes`,
      payload: { address: 'zzz introuvable' },
    });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.body).toContain('Adresse introuvable');
    const badWhen = await t.app.inject({
      method: 'POST',
      url: `/t/${VANDOEUVRE}/arretes`,
      payload: { ...inPerimeter, when: 'hier' },
    });
    expect(badWhen.statusCode).toBe(400);
    expect(badWhen.body).toContain('Date et heure invalides.');
  });
});

describe('collections', () => {
  it('shows the trend by month beside the nitrous-oxide reports, and records a collection (bad input named, nothing saved)', async () => {
    const { tenant, browser } = await coordinator();
    const path = `/t/${VANDOEUVRE}/espace/collectes`;
    const page = await browser.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('Signalements « protoxyde d’azote »');
    expect(page.body).toContain('Propreté urbaine');
    const count = async () =>
      (await database.db.selectFrom('prevention_collections').select('id').where('tenant_id', '=', tenant.id).execute()).length;
    const before = await count();
    const bad = await browser.post(path, { collectedOn: '2026-13-01', cartridges: '-3', service: 'Propreté' }, path);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#field-collectedOn"');
    expect(bad.body).toContain('href="#field-cartridges"');
    expect(bad.body).toContain('href="#field-territoryId"');
    expect(await count()).toBe(before);
    const ok = await browser.post(
      path,
      { collectedOn: '2026-11-26', lat: '48.6567', lon: '6.1711', cartridges: '37', service: 'Brigade verte (test)' },
      path,
    );
    expect(ok.statusCode).toBe(303);
    expect(await count()).toBe(before + 1);
    expect((await browser.get(path)).body).toContain('Brigade verte (test)');

    // Reports of cartridges this month show beside the collections (the demo has a few; five more are added).
    const novemberReports = async () =>
      Number(
        (
          await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports r JOIN report_categories c ON c.id = r.category_id
            WHERE r.tenant_id = ${tenant.id} AND c.code = 'protoxyde-azote' AND r.created_at >= '2026-10-31T23:00:00Z'`.execute(
            database.db,
          )
        ).rows[0]?.n,
      );
    const reportsBefore = await novemberReports();
    const reportCtx = systemContext(database.db, tenant, new ManualClock(new Date('2026-11-20T10:00:00Z')));
    for (let i = 0; i < 5; i++)
      await submitReport(reportCtx, {
        categoryCode: 'protoxyde-azote',
        ...inPerimeter,
        description: 'Cartouches au pied de l’immeuble.',
        attributes: { quantite: 'dizaines' },
        source: 'web',
      });
    const withReports = (await browser.get(path)).body;
    expect(await novemberReports()).toBe(reportsBefore + 5);
    expect(withReports).toMatch(
      new RegExp(
        `<th scope="row">nov\\. 2026</th><td class="num">\\d+</td><td class="num">[\\d,]+</td><td class="num">${reportsBefore + 5}</td>`,
      ),
    );
  });
});
