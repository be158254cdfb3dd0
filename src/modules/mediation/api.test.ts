import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { systemContext } from '../../../test/helpers/factories.js';
import { mediationTenant } from '../../../test/helpers/mediation.js';
import { Browser } from '../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { createApiToken } from '../../platform/accounts/api-tokens.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-20T19:00:00Z' });

describe('the mediation API', () => {
  it('records field entries sent twice once (201 then 200), refuses another entry under the same id (409)', async () => {
    const m = await mediationTenant(database.db);
    const { token } = await createApiToken(systemContext(database.db, m.tenant), {
      name: 'Synchronisation',
      permissions: ['mediation.field', 'mediation.manage'],
    });
    const send = (url: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/t/${m.tenant.slug}/mediation/${url}`,
        headers: { authorization: `Bearer ${token}` },
        payload,
      });
    const round = {
      id: randomUUID(),
      teamId: m.teamA,
      sectorId: m.sectorA,
      date: '2026-11-20',
      startedAt: '2026-11-20T18:00:00+01:00',
    };
    const first = await send('rounds', round);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ ...round, startedAt: '2026-11-20T17:00:00.000Z', endedAt: null });
    expect((await send('rounds', round)).statusCode).toBe(200);
    const clash = await send('rounds', { ...round, sectorId: m.sectorB });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.details[0].field).toBe('id');

    const encounter = {
      id: randomUUID(),
      roundId: round.id,
      occurredAt: '2026-11-20T17:20:00Z',
      peopleCount: 2,
      themes: ['neighbour_conflict'],
      activity: 'conflict',
      actions: ['mediation'],
      faireAvec: false,
    };
    expect((await send('encounters', encounter)).statusCode).toBe(201);
    expect((await send('encounters', encounter)).statusCode).toBe(200);
    const situation = {
      id: randomUUID(),
      teamId: m.teamA,
      kind: 'neighbour_dispute',
      label: 'Bruit, résidence des Tilleuls',
      openedOn: '2026-11-02',
    };
    expect((await send('situations', situation)).statusCode).toBe(201);
    const step = { id: randomUUID(), kind: 'first_contact', occurredOn: '2026-11-03' };
    expect((await send(`situations/${situation.id}/steps`, step)).statusCode).toBe(201);
    expect((await send(`situations/${situation.id}/steps`, step)).statusCode).toBe(200);
    expect((await send(`situations/${situation.id}/steps`, { ...step, kind: 'agreement' })).statusCode).toBe(409);
    const referral = {
      id: randomUUID(),
      teamId: m.teamA,
      partnerId: m.partnerId,
      encounterId: encounter.id,
      referredOn: '2026-11-20',
    };
    expect((await send('referrals', referral)).statusCode).toBe(201);
    expect((await send('referrals', referral)).statusCode).toBe(200);
    const minor = { id: randomUUID(), teamId: m.teamA, takenOn: '2026-11-20', path: 'crip' };
    expect((await send('minor-actions', minor)).statusCode).toBe(201);
    expect((await send('minor-actions', minor)).statusCode).toBe(200);

    const counts = await withTenant(database.db, m.tenant.id, async (tx) => {
      const count = async (
        table:
          | 'mediation_rounds'
          | 'mediation_encounters'
          | 'mediation_situation_steps'
          | 'mediation_referrals'
          | 'mediation_minor_actions',
      ) => (await tx.selectFrom(table).select('id').execute()).length;
      return [
        await count('mediation_rounds'),
        await count('mediation_encounters'),
        await count('mediation_situation_steps'),
        await count('mediation_referrals'),
        await count('mediation_minor_actions'),
      ];
    });
    expect(counts).toEqual([1, 1, 1, 1, 1]);
  });

  it('answers bad input with 400 naming the field, and unknown fields too', async () => {
    const m = await mediationTenant(database.db);
    const { token } = await createApiToken(systemContext(database.db, m.tenant), {
      name: 'Synchronisation',
      permissions: ['mediation.field', 'mediation.manage'],
    });
    const send = (url: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/t/${m.tenant.slug}/mediation/${url}`,
        headers: { authorization: `Bearer ${token}` },
        payload,
      });
    const fields = async (url: string, payload: object) => {
      const answer = await send(url, payload);
      expect(answer.statusCode).toBe(400);
      return answer.json().error.details.map((d: { field: string }) => d.field);
    };
    const round = {
      id: randomUUID(),
      teamId: m.teamA,
      sectorId: m.sectorA,
      date: '2026-11-20',
      startedAt: '2026-11-20T17:00:00Z',
    };
    expect(await fields('rounds', { ...round, sectorId: m.sectorB })).toEqual(['sectorId']);
    expect(await fields('rounds', { ...round, endedAt: '2026-11-20T16:59:00Z' })).toEqual(['endedAt']);
    expect(await fields('rounds', { ...round, date: '2026-11-22', startedAt: '2026-11-22T17:00:00Z' })).toEqual([
      'date',
      'startedAt',
    ]);
    expect(await fields('rounds', { ...round, driver: 'x' })).toEqual(['body.driver']);
    expect(
      await fields('encounters', {
        id: randomUUID(),
        teamId: m.teamA,
        onAppointment: true,
        occurredAt: '2026-11-20T10:00:00Z',
        peopleCount: 1,
        themes: ['sante'],
        activity: 'presence',
        actions: [],
        faireAvec: false,
      }),
    ).toEqual(['themes']);
    const left = await withTenant(database.db, m.tenant.id, (tx) => tx.selectFrom('mediation_rounds').select('id').execute());
    expect(left).toEqual([]);
    // A page's session cookie never writes through the API.
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/v1/t/${m.tenant.slug}/mediation/rounds`, payload: round })).statusCode,
    ).toBe(401);
  });

  it('shows a mediator their team’s situations only; another team’s reads as 404; a funder reads no record', async () => {
    const m = await mediationTenant(database.db);
    const { token } = await createApiToken(systemContext(database.db, m.tenant), {
      name: 'Synchronisation',
      permissions: ['mediation.field', 'mediation.manage'],
    });
    const situation = {
      id: randomUUID(),
      teamId: m.teamA,
      kind: 'hall_occupation',
      label: 'Hall bât. C',
      openedOn: '2026-11-10',
    };
    const opened = await t.app.inject({
      method: 'POST',
      url: `/api/v1/t/${m.tenant.slug}/mediation/situations`,
      headers: { authorization: `Bearer ${token}` },
      payload: situation,
    });
    expect(opened.statusCode).toBe(201);
    const signedIn = async (email: string) => {
      const browser = new Browser(t.app);
      expect((await browser.signIn(email)).statusCode).toBe(303);
      return browser;
    };
    const url = `/api/v1/t/${m.tenant.slug}/mediation/situations`;
    const a = await signedIn(m.mediatorA.email);
    expect((await a.get(`${url}/${situation.id}`)).json().situation.label).toBe('Hall bât. C');
    expect((await a.get(url)).json().situations).toHaveLength(1);
    const b = await signedIn(m.mediatorB.email);
    expect((await b.get(`${url}/${situation.id}`)).statusCode).toBe(404);
    expect((await b.get(`${url}/${situation.id}/parties`)).statusCode).toBe(404);
    expect((await b.get(url)).json().situations).toEqual([]);
    const manager = await signedIn(m.managerA.email);
    expect((await manager.get(`${url}/${situation.id}`)).statusCode).toBe(200);
    const funder = await signedIn(m.funder.email);
    for (const list of ['situations', 'encounters', 'rounds', 'referrals'])
      expect((await funder.get(`/api/v1/t/${m.tenant.slug}/mediation/${list}`)).statusCode).toBe(403);
  });
});
