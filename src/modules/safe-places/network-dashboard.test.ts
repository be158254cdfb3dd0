import { describe, expect, it } from 'vitest';
import { createTenant } from '../../../test/helpers/factories.js';
import { Browser, createStaff } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { lastMonths, networkGrowth, type StatusChange } from './network-dashboard.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-28T22:00:00Z' });

const change = (place_id: string, to_status: StatusChange['to_status'], at: string): StatusChange => ({
  place_id,
  to_status,
  at: new Date(at),
});

describe('the network’s growth', () => {
  it('counts the places active at each month’s end, with those who joined and left', () => {
    const months = lastMonths(new Date('2026-03-10T12:00:00Z'), 'Europe/Paris', 4);
    expect(months).toEqual(['2025-12', '2026-01', '2026-02', '2026-03']);
    const growth = networkGrowth(
      [
        change('a', 'candidate', '2025-10-01T10:00:00Z'),
        change('a', 'active', '2025-11-15T10:00:00Z'),
        change('b', 'active', '2026-01-20T10:00:00Z'),
        change('b', 'suspended', '2026-02-03T10:00:00Z'),
        change('b', 'active', '2026-03-01T10:00:00Z'),
        // 31 January 23:30 UTC is already February in Paris.
        change('c', 'active', '2026-01-31T23:30:00Z'),
        change('a', 'withdrawn', '2026-02-27T09:00:00Z'),
      ],
      months,
      'Europe/Paris',
    );
    expect(growth).toEqual([
      { month: '2025-12', activeAtEnd: 1, joined: 0, left: 0 },
      { month: '2026-01', activeAtEnd: 2, joined: 1, left: 0 },
      { month: '2026-02', activeAtEnd: 1, joined: 1, left: 2 },
      { month: '2026-03', activeAtEnd: 2, joined: 1, left: 0 },
    ]);
  });
});

describe('the coordinator’s dashboard', () => {
  it('shows places by status, growth by month, and the trainings and hours due, with the tenant’s periods', async () => {
    const tenant = await createTenant(database.db, { programmes: ['safe-places'] });
    const coordinator = await createStaff(database.db, tenant, 'coordinator');
    const browser = new Browser(t.app);
    await browser.signIn(coordinator.email);
    const list = `/t/${tenant.slug}/espace/lieux`;
    const fields = {
      kind: 'bar',
      address: '3 rue Battant, 25000 Besançon',
      lat: '47.2395',
      lon: '6.0205',
      openingHours: 'Mo-Su 00:00-24:00',
    };
    const create = async (name: string) => (await browser.post(list, { ...fields, name }, list)).headers.location as string;
    const old = await create('Le Vieux Comptoir');
    const fresh = await create('La Fraîche');
    for (const [page, trainedOn] of [
      [old, '2024-06-01'],
      [fresh, '2026-10-01'],
    ] as const) {
      await browser.submit(`${page}/formation`, { attendedOn: trainedOn, trainer: 'CIDFF' }, page);
      await browser.submit(`${page}/statut`, { to: 'trained', reason: 'sensibilisés' }, page);
      await browser.submit(`${page}/statut`, { to: 'active', reason: 'charte', charterSignedOn: '2026-11-01' }, page);
    }
    await create('Candidat sans formation');
    // The old one's hours were last confirmed 7 months ago; the fresh one's, 5 and a half.
    for (const [page, on] of [
      [old, '2026-04-20T10:00:00Z'],
      [fresh, '2026-06-15T10:00:00Z'],
    ] as const) {
      t.clock.set(on);
      expect((await browser.submit(`${page}/confirmer`, {}, page)).statusCode).toBe(200);
    }
    t.clock.set('2026-11-28T22:00:00Z');

    const page = (await browser.get(list)).body;
    expect(page).toContain('Lieux par statut');
    expect(page).toMatch(/Actif<\/th><td class="num">2</);
    expect(page).toMatch(/Candidat<\/th><td class="num">1</);
    // Both became active in November 2026.
    expect(page).toMatch(/nov\. 2026<\/th><td class="num">2<\/td><td class="num">2<\/td><td class="num">0</);
    expect(page).toContain('sensibilisation du 2024-06-01, à renouveler (tous les 2 ans)');
    expect(page).toContain('horaires non confirmés depuis plus de 6 mois');
    expect(page).toContain('horaires à confirmer ce mois-ci');
    const dueList = page.slice(page.indexOf('À suivre'), page.indexOf('Tous les lieux'));
    expect(dueList).toContain('Le Vieux Comptoir');
    // A candidate is not yet expected to be trained.
    expect(dueList).not.toContain('Candidat sans formation');
  });
});

describe('the confirmation period, a tenant setting', () => {
  it('takes places whose hours are older than it off the public list at once, and the dashboard says so', async () => {
    const tenant = await createTenant(database.db, { programmes: ['safe-places'] });
    const coordinator = new Browser(t.app);
    await coordinator.signIn((await createStaff(database.db, tenant, 'coordinator')).email);
    const admin = new Browser(t.app);
    await admin.signIn((await createStaff(database.db, tenant, 'admin')).email);
    const list = `/t/${tenant.slug}/espace/lieux`;
    const page = (
      await coordinator.post(
        list,
        { name: 'Le Refuge', kind: 'bar', address: '1 rue X', lat: '47.2395', lon: '6.0205', openingHours: '24/7' },
        list,
      )
    ).headers.location as string;
    await coordinator.submit(`${page}/statut`, { to: 'trained', reason: 'formés' }, page);
    t.clock.set('2026-06-15T10:00:00Z');
    await coordinator.submit(`${page}/statut`, { to: 'active', reason: 'charte', charterSignedOn: '2026-06-15' }, page);
    await coordinator.submit(`${page}/confirmer`, {}, page);
    t.clock.set('2026-11-28T22:00:00Z');
    await t.app.safePlaces.refresh(tenant.id);
    const search = async () =>
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/t/${tenant.slug}/safe-places/nearest`,
          payload: { lat: 47.2395, lon: 6.0205 },
        })
      ).json().open as { name: string }[];
    expect((await search()).map((p) => p.name)).toEqual(['Le Refuge']);

    const settings = `/t/${tenant.slug}/espace/parametres`;
    const saved = await admin.post(
      settings,
      {
        programmes: 'safe-places',
        safePlaceSchemeName: '',
        smallNumberThreshold: '5',
        dpoContact: '',
        coordinatorContact: '',
        helpNumbers: '',
        safePlaceConfirmationMonths: '4',
        safePlaceTrainingYears: '2',
      },
      settings,
    );
    expect(saved.statusCode).toBe(200);
    expect(await search()).toEqual([]);
    expect((await coordinator.get(list)).body).toContain('horaires non confirmés depuis plus de 4 mois');
  });
});
