import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mediationTenant } from '../../../test/helpers/mediation.js';
import { type TestApp, withTestApp } from '../../../test/helpers/test-app.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { userActor } from '../../platform/access/load-actor.js';
import type { OperationContext } from '../../platform/access/operation.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import { recordEncounter } from './record-encounter.js';
import { endRound, recordRound } from './record-round.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { now: '2026-11-20T19:00:00Z' });

const as = async (tenant: Tenant, userId: string): Promise<OperationContext> => ({
  db: database.db,
  clock: t.clock,
  tenant,
  actor: await userActor(database.db, tenant, { id: userId, email: '', displayName: '' } as never),
});

const problemsOf = async (promise: Promise<unknown>) => {
  const error = (await promise.then(
    () => undefined,
    (e) => e,
  )) as { code: string; details: { field: string; message: string }[] } | undefined;
  return {
    code: error?.code,
    fields: error?.details.map((d) => d.field) ?? [],
    messages: error?.details.map((d) => d.message) ?? [],
  };
};

describe('rounds and encounters', () => {
  it('records a round and its encounters once, whatever the number of sends, and derives the QPV', async () => {
    const m = await mediationTenant(database.db);
    const ctx = await as(m.tenant, m.mediatorA.userId);
    const round = {
      id: randomUUID(),
      teamId: m.teamA,
      sectorId: m.sectorA,
      date: '2026-11-20',
      startedAt: '2026-11-20T17:00:00Z',
    };
    const first = await recordRound(ctx, round);
    expect(first.created).toBe(true);
    const again = await recordRound(ctx, round);
    expect(again).toEqual({ round: first.round, created: false });
    expect((await problemsOf(recordRound(ctx, { ...round, startedAt: '2026-11-20T16:00:00Z' }))).code).toBe('conflict');

    const encounter = {
      id: randomUUID(),
      roundId: round.id,
      occurredAt: '2026-11-20T17:30:00Z',
      peopleCount: 3,
      people: [{ ageBand: '12_17', gender: 'male' }, { ageBand: '18_25' }],
      themes: ['youth', 'public_tranquillity'],
      activity: 'presence',
      actions: ['listening', 'information'],
      faireAvec: true,
      lat: 44.807,
      lon: -0.593,
    };
    const met = await recordEncounter(ctx, encounter);
    expect(met.created).toBe(true);
    expect(met.encounter).toMatchObject({ teamId: m.teamA, qpvId: m.qpv, peopleCount: 3, faireAvec: true, onAppointment: false });
    expect((await recordEncounter(ctx, encounter)).created).toBe(false);
    expect((await problemsOf(recordEncounter(ctx, { ...encounter, peopleCount: 4 }))).code).toBe('conflict');
    const outside = await recordEncounter(ctx, { ...encounter, id: randomUUID(), lat: 44.815, lon: -0.585 });
    expect(outside.encounter.qpvId).toBeNull();

    await endRound(ctx, { id: round.id, endedAt: '2026-11-20T18:45:00Z' });
    expect((await endRound(ctx, { id: round.id, endedAt: '2026-11-20T18:45:00Z' })).changed).toBe(false);

    const stored = await withTenant(database.db, m.tenant.id, async (tx) => ({
      rounds: await tx.selectFrom('mediation_rounds').select(['id', 'ended_at']).execute(),
      encounters: await tx.selectFrom('mediation_encounters').select('id').execute(),
      people: await tx
        .selectFrom('mediation_encounter_people')
        .select(['age_band', 'gender'])
        .where('encounter_id', '=', encounter.id)
        .orderBy('position')
        .execute(),
      audit: await tx.selectFrom('audit_events').select('action').where('action', 'like', 'mediation.%').execute(),
    }));
    expect(stored.rounds).toHaveLength(1);
    expect(stored.encounters).toHaveLength(2);
    expect(stored.people).toEqual([
      { age_band: '12_17', gender: 'male' },
      { age_band: '18_25', gender: null },
    ]);
    expect(stored.audit.map((a) => a.action).sort()).toEqual([
      'mediation.end-round',
      // Each send again is traced, and changes nothing.
      'mediation.entry-resent',
      'mediation.entry-resent',
      'mediation.entry-resent',
      'mediation.record-encounter',
      'mediation.record-encounter',
      'mediation.record-round',
    ]);
  });

  it('refuses bad entries naming every field at fault, and records nothing of them', async () => {
    const m = await mediationTenant(database.db);
    const ctx = await as(m.tenant, m.mediatorA.userId);
    const future = await problemsOf(
      recordRound(ctx, {
        id: randomUUID(),
        teamId: m.teamA,
        sectorId: m.sectorB,
        date: '2026-11-21',
        startedAt: '2026-11-21T17:00:00Z',
      }),
    );
    expect(future.code).toBe('invalid_input');
    expect(future.fields).toEqual(['sectorId', 'date', 'startedAt']);
    const order = await problemsOf(
      recordRound(ctx, {
        id: randomUUID(),
        teamId: m.teamA,
        sectorId: m.sectorA,
        date: '2026-11-20',
        startedAt: '2026-11-20T17:00:00Z',
        endedAt: '2026-11-20T16:00:00Z',
      }),
    );
    expect(order).toMatchObject({ fields: ['endedAt'], messages: ['must be after startedAt'] });
    const bad = await problemsOf(
      recordEncounter(ctx, {
        id: randomUUID(),
        teamId: m.teamA,
        onAppointment: true,
        occurredAt: '2026-11-20T10:00:00Z',
        peopleCount: 1,
        people: [{ gender: 'x' }],
        themes: ['youth', 'health'],
        activity: 'presence',
        actions: [],
        faireAvec: false,
      }),
    );
    expect(bad.fields).toEqual(['people.0.gender', 'themes']);
    expect(bad.messages).toContain('unknown theme: health');
    const left = await withTenant(database.db, m.tenant.id, async (tx) => [
      ...(await tx.selectFrom('mediation_rounds').select('id').execute()),
      ...(await tx.selectFrom('mediation_encounters').select('id').execute()),
    ]);
    expect(left).toEqual([]);
  });

  it('keeps each team’s records to its mediators: another team’s round reads as not found', async () => {
    const m = await mediationTenant(database.db);
    const a = await as(m.tenant, m.mediatorA.userId);
    const b = await as(m.tenant, m.mediatorB.userId);
    const round = {
      id: randomUUID(),
      teamId: m.teamA,
      sectorId: m.sectorA,
      date: '2026-11-20',
      startedAt: '2026-11-20T17:00:00Z',
    };
    expect((await problemsOf(recordRound(b, round))).code).toBe('not_found');
    await recordRound(a, round);
    expect((await problemsOf(endRound(b, { id: round.id, endedAt: '2026-11-20T18:00:00Z' }))).code).toBe('not_found');
    const encounter = {
      id: randomUUID(),
      roundId: round.id,
      occurredAt: '2026-11-20T17:10:00Z',
      peopleCount: 1,
      themes: ['other'],
      activity: 'presence',
      actions: [],
      faireAvec: false,
    };
    expect((await problemsOf(recordEncounter(b, encounter))).code).toBe('not_found');
    const funder = await as(m.tenant, m.funder.userId);
    expect((await problemsOf(recordEncounter(funder, encounter))).code).toBe('forbidden');
  });
});
