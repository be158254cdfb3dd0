import { describe, expect, it } from 'vitest';
import { Browser, createStaff } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { DEMO_PASSWORD, demoEmail } from '../../platform/demo/demo-tenants.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-28T22:00:00Z', demo: true });

const mine = '/t/besancon/espace/mon-lieu';
const station = {
  name: 'Station Chamars (tram)',
  kind: 'transit_station',
  address: 'Promenade Chamars, 25000 Besançon',
  lat: '47.2335',
  lon: '6.0180',
  openingHours: 'Mo-Su 05:30-00:30',
  phone: '03 53 01 06 09',
};

describe('the transit operator and the demo venue', () => {
  it('lists the operator’s agencies, stations and vehicles, and lets it propose one for the coordinator to activate', async () => {
    const tenant = await requireTenant(database.db, 'besancon');
    const operator = new Browser(t.app);
    expect((await operator.signIn(demoEmail('transit_operator', 'besancon'), DEMO_PASSWORD)).statusCode).toBe(303);
    const page = (await operator.get(mine)).body;
    expect(page).toContain('Mon réseau : agences, stations et véhicules');
    expect(page).toContain('Bus et trams Ginko — adressez-vous au conducteur');
    // Only the operator's: no bar of the network (a place's kind heads its section: « Bar · Statut … »; the
    // random CSRF token may hold the letters « Bar », so the kind line is what is looked for).
    expect(page).toContain('<p>Station de transport · Statut');
    expect(page).not.toMatch(/<p>Bar · Statut/);

    const bad = await operator.submit(mine, { ...station, kind: 'bar' }, mine);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('choisissez agence, station ou véhicule');
    expect(bad.body).toContain('value="Station Chamars (tram)"');
    const proposed = await operator.submit(mine, station, mine);
    expect(proposed.statusCode).toBe(200);
    expect(proposed.body).toContain('Lieu proposé.');
    expect(proposed.body).toContain('Station Chamars (tram)');
    expect(proposed.body).toContain('pas encore visible du public');
    const stored = await withTenant(database.db, tenant.id, (tx) =>
      tx
        .selectFrom('safe_places as p')
        .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
        .select(['p.status', 'o.kind'])
        .where('p.name', '=', station.name)
        .execute(),
    );
    expect(stored).toEqual([{ status: 'candidate', kind: 'transit_operator' }]);
    const nearest = await t.app.inject({
      method: 'POST',
      url: '/api/v1/t/besancon/safe-places/nearest',
      payload: { lat: 47.2335, lon: 6.018 },
    });
    expect(JSON.stringify(nearest.json())).not.toContain('Chamars');

    // In the finder, the buses are « ask the driver », without the depot's distance.
    await t.app.safePlaces.load();
    const finder = await t.app.inject({
      method: 'POST',
      url: '/t/besancon/angela',
      payload: 'lat=47.2380&lon=6.0243',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const bus = /<li><h3><a [^>]*>Bus et trams Ginko[^<]*<\/a><\/h3><p>([^<]*)<\/p>/.exec(finder.body);
    expect(bus?.[1]).toBe('Bus et tram : adressez-vous au conducteur');

    // The coordinator sees it among the candidates.
    const coordinator = new Browser(t.app);
    await coordinator.signIn(demoEmail('coordinator', 'besancon'), DEMO_PASSWORD);
    expect((await coordinator.get('/t/besancon/espace/lieux')).body).toContain('Station Chamars (tram)');
  });

  it('gives the demo venue account its bar, with its kit, and no other place', async () => {
    const venue = new Browser(t.app);
    await venue.signIn(demoEmail('partner_venue', 'besancon'), DEMO_PASSWORD);
    const page = (await venue.get(mine)).body;
    const ids = [...page.matchAll(/mon-lieu\/([0-9a-f-]{36})\/kit\.pdf/g)].map((m) => m[1] as string);
    expect(ids).toHaveLength(1);
    const kit = await venue.get(`${mine}/${ids[0]}/kit.pdf`);
    expect(kit.headers['content-type']).toBe('application/pdf');
    expect(kit.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // Post/redirect/get: reloading the confirmation does not record the request twice.
    const recorded = await venue.post(`${mine}/${ids[0]}/demande`, { situation: 'harassment', actions: 'sheltered' }, mine);
    expect(recorded.statusCode).toBe(303);
    expect(recorded.headers.location).toBe(`${mine}?fait=venue.recorded`);
    expect((await venue.get(recorded.headers.location as string)).body).toContain('Demande enregistrée. Merci.');

    const tenant = await requireTenant(database.db, 'besancon');
    const other = await withTenant(database.db, tenant.id, (tx) =>
      tx
        .selectFrom('safe_places')
        .select('id')
        .where('id', '!=', ids[0] as string)
        .executeTakeFirstOrThrow(),
    );
    expect((await venue.get(`${mine}/${other.id}/kit.pdf`)).statusCode).toBe(404);
    expect((await venue.post(`${mine}/${other.id}`, { openingHours: '24/7', confirmHours: 'yes' }, mine)).statusCode).toBe(404);
  });

  it('gives a venue account linked to no organisation no place at all, not the whole network', async () => {
    const tenant = await requireTenant(database.db, 'besancon');
    const unlinked = await createStaff(database.db, tenant, 'partner_venue');
    const browser = new Browser(t.app);
    await browser.signIn(unlinked.email);
    expect((await browser.get(mine)).body).toContain('Aucun lieu n’est rattaché à votre compte');
    const any = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('safe_places').select('id').executeTakeFirstOrThrow(),
    );
    // Its page has no form: the requests take their CSRF token from the staff home's sign-out form.
    const home = '/t/besancon/espace/';
    expect((await browser.post(`${mine}/${any.id}`, { openingHours: '24/7', confirmHours: 'yes' }, home)).statusCode).toBe(404);
    expect(
      (await browser.post(`${mine}/${any.id}/demande`, { situation: 'harassment', actions: 'sheltered' }, home)).statusCode,
    ).toBe(404);
    // Nor may it propose places: that is the transit operator's.
    const refused = await browser.post(mine, station, home);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Vous n’avez pas accès à cette action.');
    expect(refused.body).not.toContain('form has expired');
  });
});
