import fc from 'fast-check';
import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { Browser, createStaff, csrfFrom } from '../../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { findTenantBySlug, type Tenant } from '../../../platform/tenants/tenant-queries.js';
import { collectionsByMonthAndTerritory } from './collection-queries.js';
import { tenantOutline } from './order-queries.js';
import { drawingStep, PERIMETER_MAP_WIDTH, perimeterFrame } from './perimeter-drawing.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { demo: true, now: '2026-11-27T22:00:00Z' });

const VANDOEUVRE = 'vandoeuvre-les-nancy';
const orders = `/t/${VANDOEUVRE}/espace/arretes`;

async function signedIn(role: 'coordinator' | 'educator' = 'coordinator'): Promise<{ tenant: Tenant; browser: Browser }> {
  const tenant = (await findTenantBySlug(database.db, VANDOEUVRE)) as Tenant;
  const browser = new Browser(t.app);
  await browser.signIn((await createStaff(database.db, tenant, role)).email);
  return { tenant, browser };
}

/** Posts the order form as multipart (its enctype), with the fields a tap on the image button adds. */
async function postMultipart(browser: Browser, url: string, csrf: string, fields: Record<string, string>) {
  const boundary = '----quietude-drawing-test';
  const body = Object.entries({ _csrf: csrf, ...fields })
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join('');
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: browser.cookies, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: `${body}--${boundary}--\r\n`,
  });
}

const order = {
  number: 'DESSIN-2026-01',
  title: 'Interdiction dessinée sur le plan (test)',
  author: 'mayor',
  subject: 'nitrous_oxide',
  'prohibition-use': 'yes',
  summaryFr: 'Usage interdit dans le périmètre dessiné (texte de test).',
  signedOn: '2026-11-20',
  validFrom: '2026-11-20',
  ...Object.fromEntries(['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'].map((d) => [`day-${d}`, 'yes'])),
};
const hiddenVertices = (html: string) => /name="vertices" value="([^"]*)"/.exec(html)?.[1] ?? '';
const perimeterField = (html: string) =>
  (/<textarea id="field-perimeter"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1] ?? '')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('drawing an order perimeter by taps', () => {
  it('builds the polygon from the tapped pixels, undoes and closes it, and saves it with the order', async () => {
    const { tenant, browser } = await signedIn();
    const outline = JSON.parse((await withTenant(database.db, tenant.id, tenantOutline)) as string) as MultiPolygon;
    const frame = perimeterFrame(outline);
    const list = await browser.get(orders);
    expect(list.body).toMatch(
      /<input type="image" name="carte" formaction="\/t\/vandoeuvre-les-nancy\/espace\/arretes\/dessin" formnovalidate src=/,
    );
    expect(list.body).toContain(`width="${PERIMETER_MAP_WIDTH}" height="${frame.height}"`);
    const csrf = csrfFrom(list.body);
    const [cx, cy] = [Math.round(frame.width / 2), Math.round(frame.height / 2)];
    const taps: [number, number][] = [
      [cx - 30, cy - 20],
      [cx + 30, cy - 20],
      [cx + 40, cy + 30],
      [cx, cy + 60],
    ];
    let vertices = '';
    let html = '';
    for (const [x, y] of taps) {
      const tap = await postMultipart(browser, `${orders}/dessin`, csrf, {
        ...order,
        vertices,
        'carte.x': String(x),
        'carte.y': String(y),
      });
      expect(tap.statusCode).toBe(200);
      html = tap.body;
      vertices = hiddenVertices(html);
    }
    expect(vertices.split(';')).toHaveLength(4);
    // The form keeps what was typed while drawing.
    expect(html).toContain('value="DESSIN-2026-01"');
    // Undo removes the last corner.
    const undone = await browser.post(`${orders}/dessin`, { ...order, vertices, undo: '1' }, orders);
    vertices = hiddenVertices(undone.body);
    expect(vertices.split(';')).toHaveLength(3);
    const expected = taps.slice(0, 3).map(([x, y]) => {
      const p = frame.pointAt(x, y);
      return [Number(p.lon.toFixed(6)), Number(p.lat.toFixed(6))];
    });
    expect(vertices).toBe(expected.map(([lon, lat]) => `${lon},${lat}`).join(';'));
    // The map image shows the corners.
    const map = await browser.get(`${orders}/carte.svg?points=${encodeURIComponent(vertices)}`);
    expect(map.headers['content-type']).toContain('image/svg+xml');
    expect(map.body.match(/<circle/g)).toHaveLength(3);

    const closed = await browser.post(`${orders}/dessin`, { ...order, vertices, close: '1' }, orders);
    expect(closed.statusCode).toBe(200);
    expect(hiddenVertices(closed.body)).toBe('');
    const perimeter = perimeterField(closed.body);
    expect(JSON.parse(perimeter)).toEqual({ type: 'Polygon', coordinates: [[...expected, expected[0]]] });

    const saved = await browser.post(orders, { ...order, perimeter }, orders);
    expect(saved.statusCode).toBe(303);
    const row = await database.db
      .selectFrom('prevention_orders')
      .select((eb) => eb.fn<string>('ST_AsGeoJSON', [eb.ref('perimeter')]).as('geojson'))
      .where('tenant_id', '=', tenant.id)
      .where('number', '=', order.number)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.geojson).coordinates[0][0]).toHaveLength(4);
  });

  it('refuses to close a ring that crosses itself (400 on the perimeter field), keeping the corners to undo', async () => {
    const { tenant, browser } = await signedIn();
    const frame = perimeterFrame(JSON.parse((await withTenant(database.db, tenant.id, tenantOutline)) as string) as MultiPolygon);
    const [cx, cy] = [Math.round(frame.width / 2), Math.round(frame.height / 2)];
    const bowtie = [
      [cx - 30, cy - 30],
      [cx + 30, cy + 30],
      [cx + 30, cy - 30],
      [cx - 30, cy + 30],
    ]
      .map(([x, y]) => frame.pointAt(x!, y!))
      .map((p) => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}`)
      .join(';');
    const refused = await browser.post(`${orders}/dessin`, { ...order, vertices: bowtie, close: '1' }, orders);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#field-perimeter"');
    expect(refused.body).toContain('périmètre invalide');
    expect(hiddenVertices(refused.body).split(';')).toHaveLength(4);
    expect(perimeterField(refused.body)).toBe('');
    // Too few corners to close: named on the same field.
    const short = await browser.post(
      `${orders}/dessin`,
      { ...order, vertices: bowtie.split(';').slice(0, 2).join(';'), close: '1' },
      orders,
    );
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('href="#field-perimeter"');
  });

  it('never fails on what a form may post, and keeps at most 40 corners within range', () => {
    const frame = perimeterFrame({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [6.15, 48.64],
            [6.19, 48.64],
            [6.19, 48.67],
            [6.15, 48.64],
          ],
        ],
      ],
    });
    fc.assert(
      fc.property(
        fc.record({
          vertices: fc.oneof(
            fc.string(),
            fc.array(fc.tuple(fc.double(), fc.double()), { maxLength: 60 }).map((v) => v.map((p) => p.join(',')).join(';')),
          ),
          perimeter: fc.string(),
          'carte.x': fc.oneof(fc.string(), fc.integer({ min: -10, max: 600 }).map(String)),
          'carte.y': fc.oneof(fc.string(), fc.integer({ min: -10, max: 600 }).map(String)),
          action: fc.constantFrom('', 'undo', 'clear', 'close'),
        }),
        (form) => {
          const step = drawingStep({ ...form, ...(form.action ? { [form.action]: '1' } : {}) }, frame);
          expect(step.vertices.length).toBeLessThanOrEqual(40);
          for (const [lon, lat] of step.vertices) expect(Math.abs(lon) <= 180 && Math.abs(lat) <= 90).toBe(true);
          if (step.problem) expect(step.problem.field).toBe('perimeter');
          if (form.action !== 'close') expect(step.problem).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('collections CSV', () => {
  it('gives the page’s month × territory table to prevention.collections holders only', async () => {
    const { tenant, browser } = await signedIn();
    const csv = await browser.get(`/t/${VANDOEUVRE}/espace/collectes.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('mois;territoire;cartouches;poids_kg');
    const cells = await withTenant(database.db, tenant.id, (tx) => collectionsByMonthAndTerritory(tx, '2025-12-01'));
    expect(cells.length).toBeGreaterThan(0);
    expect(lines.slice(1)).toEqual(cells.map((c) => [c.month, c.territory ?? '', c.cartridges, c.weightKg].join(';')));
    const page = await browser.get(`/t/${VANDOEUVRE}/espace/collectes`);
    expect(page.body).toContain(`href="/t/${VANDOEUVRE}/espace/collectes.csv"`);
    const { browser: educator } = await signedIn('educator');
    expect((await educator.get(`/t/${VANDOEUVRE}/espace/collectes.csv`)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/t/${VANDOEUVRE}/espace/collectes.csv` })).statusCode).not.toBe(200);
  });
});
