import { describe, expect, it } from 'vitest';
import { createTenant } from '../../../test/helpers/factories.js';
import { Browser, createStaff } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-28T22:00:00Z' });

const place = {
  name: 'Librairie du Pont',
  kind: 'shop',
  address: '3 rue Battant, 25000 Besançon',
  lat: '47.2395',
  lon: '6.0205',
  openingHours: 'Mo-Su 00:00-24:00',
  phone: '03 53 01 09 99',
};

describe('the coordinator’s network', () => {
  it('takes a place from candidate to active, with reasons, and the very next search shows it', async () => {
    const tenant = await createTenant(database.db, { programmes: ['safe-places'] });
    const coordinator = await createStaff(database.db, tenant, 'coordinator');
    const browser = new Browser(t.app);
    await browser.signIn(coordinator.email);
    const list = `/t/${tenant.slug}/espace/lieux`;
    expect((await browser.get(`/t/${tenant.slug}/espace/`)).body).toContain('Lieux sûrs');

    const badHours = await browser.post(list, { ...place, openingHours: 'Mo-Fr 25:00-26:00' }, list);
    expect(badHours.statusCode).toBe(400);
    expect(badHours.body).toContain('aria-invalid="true"');

    const created = await browser.post(list, place, list);
    expect(created.statusCode).toBe(303);
    const page = created.headers.location as string;
    const search = () =>
      t.app
        .inject({ method: 'POST', url: `/api/v1/t/${tenant.slug}/safe-places/nearest`, payload: { lat: 47.2395, lon: 6.0205 } })
        .then((r) => r.json());
    expect((await search()).open).toEqual([]);

    const skip = await browser.submit(`${page}/statut`, { to: 'active', reason: 'trop vite' }, page);
    expect(skip.statusCode).toBe(400);
    expect(skip.body).toContain('ne peut pas passer');
    expect(
      (await browser.submit(`${page}/statut`, { to: 'trained', reason: 'session du 12 novembre avec le CIDFF' }, page))
        .statusCode,
    ).toBe(200);
    const noCharter = await browser.submit(`${page}/statut`, { to: 'active', reason: 'prêt' }, page);
    expect(noCharter.statusCode).toBe(400);
    expect(noCharter.body).toContain('la charte doit être signée');
    expect(
      (await browser.submit(`${page}/statut`, { to: 'active', reason: 'charte signée', charterSignedOn: '2026-11-20' }, page))
        .statusCode,
    ).toBe(200);

    const found = await search();
    expect(found.open.map((p: { name: string }) => p.name)).toEqual(['Librairie du Pont']);

    await browser.submit(`${page}/fermeture`, { from: '2026-11-28', until: '2026-12-02' }, page);
    expect((await search()).open).toEqual([]);
    await browser.submit(`${page}/fermeture`, { from: '', until: '' }, page);
    expect((await search()).open).toHaveLength(1);

    await browser.submit(`${page}/statut`, { to: 'suspended', reason: 'personnel non formé' }, page);
    expect((await search()).open).toEqual([]);

    const history = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('safe_place_status_changes').select(['to_status', 'reason']).orderBy('at').execute(),
    );
    expect(history.map((h) => h.to_status)).toEqual(['candidate', 'trained', 'active', 'suspended']);
    expect((await browser.get(page)).body).toContain('personnel non formé');

    // Trainings: none yet, so the place is flagged; a recent one clears the flag; a future date is refused.
    expect((await browser.get(page)).body).toContain('Sensibilisation à renouveler (tous les 2 ans)');
    expect(
      (await browser.submit(`${page}/formation`, { attendedOn: '2027-01-01', trainer: 'CIDFF du Doubs' }, page)).statusCode,
    ).toBe(400);
    const trained = await browser.submit(`${page}/formation`, { attendedOn: '2026-11-12', trainer: 'CIDFF du Doubs' }, page);
    expect(trained.statusCode).toBe(200);
    expect(trained.body).toContain('2026-11-12 — CIDFF du Doubs');
    expect(trained.body).not.toContain('Sensibilisation à renouveler (tous les 2 ans)');

    // The partner kit prints; the coverage map shows the share of the population within 500 m.
    const kit = await browser.get(`${page}/kit.pdf`);
    expect(kit.headers['content-type']).toBe('application/pdf');
    expect(kit.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('never shows or touches another tenant’s places, though their active places are public', async () => {
    const [mine, theirs] = [
      await createTenant(database.db, { programmes: ['safe-places'] }),
      await createTenant(database.db, { programmes: ['safe-places'] }),
    ];
    const [me, them] = [new Browser(t.app), new Browser(t.app)];
    await me.signIn((await createStaff(database.db, mine, 'coordinator')).email);
    await them.signIn((await createStaff(database.db, theirs, 'coordinator')).email);
    const theirList = `/t/${theirs.slug}/espace/lieux`;
    const theirPage = (await them.post(theirList, { ...place, name: 'Bar de l’autre ville' }, theirList)).headers
      .location as string;
    await them.submit(`${theirPage}/statut`, { to: 'trained', reason: 'formés' }, theirPage);
    await them.submit(`${theirPage}/statut`, { to: 'active', reason: 'charte', charterSignedOn: '2026-11-20' }, theirPage);
    const theirId = theirPage.split('/').at(-1) as string;

    const myList = `/t/${mine.slug}/espace/lieux`;
    const list = await me.get(myList);
    expect(list.body).not.toContain('Bar de l’autre ville');
    expect(list.body).toMatch(/Actif<\/th><td class="num">0</);
    const myPage = `${myList}/${theirId}`;
    expect((await me.get(myPage)).statusCode).toBe(404);
    expect((await me.get(`${myPage}/kit.pdf`)).statusCode).toBe(404);
    expect((await me.post(`${myPage}/statut`, { to: 'suspended', reason: 'intrusion' }, myList)).statusCode).toBe(404);
    expect((await me.post(`${myPage}/formation`, { attendedOn: '2026-11-01', trainer: 'X' }, myList)).statusCode).toBe(404);
    const history = await withTenant(database.db, theirs.id, (tx) =>
      tx.selectFrom('safe_place_status_changes').select('to_status').where('place_id', '=', theirId).execute(),
    );
    expect(history.map((h) => h.to_status)).toEqual(['candidate', 'trained', 'active']);
  });

  it('is the coordinator’s: a partner venue cannot open it', async () => {
    const tenant = await createTenant(database.db, { programmes: ['safe-places'] });
    const venue = await createStaff(database.db, tenant, 'partner_venue');
    const browser = new Browser(t.app);
    await browser.signIn(venue.email);
    expect((await browser.get(`/t/${tenant.slug}/espace/lieux`)).statusCode).toBe(403);
  });
});
