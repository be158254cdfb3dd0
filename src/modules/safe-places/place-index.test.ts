import { Value } from 'typebox/value';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { BESANCON_TOWN_HALL } from './demo-places.js';
import { NearestAnswerSchema } from './nearest-routes.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { demo: true });
beforeAll(async () => {
  await t.app.safePlaces.load();
});

const townHall = { lat: BESANCON_TOWN_HALL.lat, lon: BESANCON_TOWN_HALL.lon };
const nearest = (payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/t/besancon/safe-places/nearest', payload: { ...townHall, ...payload } });

describe('nearest safe place open now (demo network of Besançon)', () => {
  it('lists places open on Saturday 23:00 near the town hall, nearest first, never a temporarily closed one', async () => {
    const response = await nearest({ at: '2026-11-28T23:00:00+01:00', limit: 10 });
    expect(response.statusCode).toBe(200);
    const { open, opening_soon, message } = response.json();
    expect(message).toBeUndefined();
    expect(opening_soon).toEqual([]);
    expect(open.length).toBe(10);
    expect(open.filter((p: { distance_m: number }) => p.distance_m <= 1000).length).toBeGreaterThanOrEqual(5);
    const distances = open.map((p: { distance_m: number }) => p.distance_m);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(open.map((p: { name: string }) => p.name)).not.toContain('La Cave à Swing');
    expect(open.map((p: { name: string }) => p.name)).not.toContain('Le Relais de Montrapon');
  });

  it('keeps bars open after midnight, and closes them after', async () => {
    const late = (await nearest({ at: '2026-11-29T01:30:00+01:00', limit: 50 })).json();
    expect(late.open.map((p: { name: string }) => p.name)).toContain('Au Houblon Sauvage');
    const dawn = (await nearest({ at: '2026-11-29T05:30:00+01:00', limit: 50 })).json();
    expect(dawn.open.map((p: { name: string }) => p.name)).not.toContain('Au Houblon Sauvage');
  });

  it('says when nothing is open within 1 km, and lists the places opening soonest', async () => {
    const night = (await nearest({ at: '2026-11-25T04:30:00+01:00', lat: 47.219, lon: 5.965 })).json();
    if (night.open.length > 0) expect(night.open[0].distance_m).toBeGreaterThan(1000);
    expect(night.message).toContain('No safe place is open within 1 km');
    expect(night.opening_soon.length).toBeGreaterThan(0);
    expect(night.opening_soon[0].opens_at).toMatch(/^2026-11-25T\d\d:\d\d$/);
  });

  it('answers a point far outside the network with empty lists and a message', async () => {
    const far = await nearest({ lat: 43.6, lon: 1.44 });
    expect(far.statusCode).toBe(200);
    expect(far.json()).toEqual({
      open: [],
      opening_soon: [],
      message: expect.stringContaining('outside the safe-places network'),
    });
  });

  it('answers exactly the documented fields, by POST and by GET (the answer is written by hand, not by the schema)', async () => {
    const { open, opening_soon } = NearestAnswerSchema.properties;
    const answers = [
      await nearest({ at: '2026-11-28T23:00:00+01:00', limit: 10 }),
      await nearest({ at: '2026-11-25T04:30:00+01:00', lat: 47.219, lon: 5.965 }),
      await nearest({ lat: 43.6, lon: 1.44 }),
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/t/besancon/safe-places/nearest?lat=${townHall.lat}&lon=${townHall.lon}&at=2026-11-28T23:00:00%2B01:00`,
      }),
    ];
    const kinds = { open: 0, soon: 0, message: 0 };
    for (const response of answers) {
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      const body = response.json();
      expect(Value.Check(NearestAnswerSchema, body)).toBe(true);
      expect(Object.keys(body)).toEqual(['open', 'opening_soon', ...(body.message ? ['message'] : [])]);
      for (const place of body.open) expect(Object.keys(place)).toEqual(Object.keys(open.items.properties));
      for (const place of body.opening_soon) expect(Object.keys(place)).toEqual(Object.keys(opening_soon.items.properties));
      kinds.open += body.open.length;
      kinds.soon += body.opening_soon.length;
      kinds.message += body.message ? 1 : 0;
    }
    expect(kinds.open).toBeGreaterThan(0);
    expect(kinds.soon).toBeGreaterThan(0);
    expect(kinds.message).toBe(2);
    // Names and addresses keep their accents, as UTF-8.
    expect(answers[0]?.body).toContain('"name":"');
    expect(Buffer.byteLength(answers[0]?.body ?? '')).toBe(Number(answers[0]?.headers['content-length']));
  });

  it('names each bad parameter', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/t/besancon/safe-places/nearest?lon=6.02' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.map((d: { field: string }) => d.field)).toEqual(['lat']);
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/api/v1/t/besancon/safe-places/nearest?lat=95&lon=abc&at=yesterday&limit=90',
    });
    expect(wrong.json().error.details.map((d: { field: string }) => d.field)).toEqual(['lat', 'lon', 'at', 'limit']);
    const typed = await nearest({ lat: '47.2' });
    expect(typed.statusCode).toBe(400);
    expect(typed.json().error.details[0].field).toBe('body.lat');
  });

  it('serves the finder page without JavaScript: the location in the body, results with distance and hours', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/t/besancon/angela' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Où est Angela ?</h1>');
    expect(page.body).toContain('href="tel:17"');
    const results = await t.app.inject({
      method: 'POST',
      url: '/t/besancon/angela',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `lat=${townHall.lat}&lon=${townHall.lon}&at=${encodeURIComponent('2026-11-28T23:00:00+01:00')}`,
    });
    expect(results.statusCode).toBe(200);
    expect(results.body).toContain('Lieux ouverts les plus proches');
    expect(results.body).toMatch(/à \d+ m à vol d’oiseau/);
    expect(results.body).toMatch(/ouvert jusqu’à \d\d:\d\d|ferme dans \d+ min|ouvert 24 h\/24/);
    expect(results.headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('public pages and open data', () => {
  it('publishes the active network as GeoJSON, with the temporary closure and the confirmation date', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/t/besancon/safe-places.geojson' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/geo+json');
    const { features } = response.json();
    expect(features.length).toBeGreaterThanOrEqual(40);
    const swing = features.find((f: { properties: { name: string } }) => f.properties.name === 'La Cave à Swing');
    expect(swing.properties).toMatchObject({ temporarily_closed: true, opening_hours: expect.any(String) });
    expect(features[0].properties).toEqual(
      expect.objectContaining({
        id: features[0].id,
        kind: expect.any(String),
        hours_confirmed_on: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      }),
    );
  });

  it('has a page per place, linked from the results, and a page explaining the scheme', async () => {
    const { features } = (await t.app.inject({ method: 'GET', url: '/api/v1/t/besancon/safe-places.geojson' })).json();
    const place = features.find((f: { properties: { phone: string | null } }) => f.properties.phone);
    const page = await t.app.inject({ method: 'GET', url: `/t/besancon/angela/lieux/${place.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<h1>${place.properties.name.replace(/'/g, '&#39;')}</h1>`);
    expect(page.body).toContain(`href="tel:${place.properties.phone.replace(/\s+/g, '')}"`);
    expect(
      (await t.app.inject({ method: 'GET', url: '/t/besancon/angela/lieux/00000000-0000-0000-0000-000000000000' })).statusCode,
    ).toBe(404);
    const about = await t.app.inject({ method: 'GET', url: '/t/besancon/angela/dispositif?lang=en' });
    expect(about.body).toContain('How it works');
    const home = await t.app.inject({ method: 'GET', url: '/t/besancon/' });
    expect(home.body).toContain('href="/t/besancon/angela"');
  });
});

describe('coverage map', () => {
  it('shows the share of Besançon within 500 m of a place open on Saturday at 23:00', async () => {
    const { createStaff, Browser } = await import('../../../test/helpers/staff.js');
    const tenant = await database.db.selectFrom('tenants').selectAll().where('slug', '=', 'besancon').executeTakeFirstOrThrow();
    const coordinator = await createStaff(database.db, tenant, 'coordinator');
    const browser = new Browser(t.app);
    await browser.signIn(coordinator.email);
    const page = await browser.get('/t/besancon/espace/lieux/couverture?jour=samedi&heure=23:00');
    expect(page.statusCode).toBe(200);
    const share = Number(/(\d+(?:\.\d+)?) % de la population/.exec(page.body)?.[1]);
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(100);
    expect(page.body).toContain('Population répartie uniformément');
    expect(page.body).toContain('<svg');
    const cells = await browser.get('/t/besancon/espace/lieux/couverture.geojson?jour=samedi&heure=23:00');
    expect(cells.json().features.length).toBeGreaterThan(100);
    expect((await browser.get('/t/besancon/espace/lieux/couverture?jour=funday')).statusCode).toBe(400);
  });
});
