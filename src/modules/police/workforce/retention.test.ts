import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../../test/helpers/factories.js';
import { createStaff } from '../../../../test/helpers/staff.js';
import { openTestDatabase } from '../../../../test/helpers/test-database.js';
import type { Database } from '../../../db/database.js';
import { actAsTenant, withTenant } from '../../../db/tenant-transaction.js';
import { ManualClock } from '../../../platform/clock/clock.js';
import { applyRetention } from '../../../platform/privacy/apply-retention.js';
import { eraseDataSubject, findDataSubject } from '../../../platform/privacy/data-subject-requests.js';
import { createAgent, recordMovement } from './agent-operations.js';
import { readHeadcount } from './read-trajectory.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const names = (tenantId: string) =>
  withTenant(database.db, tenantId, (tx) =>
    tx
      .selectFrom('police_agents')
      .select(['id', 'staff_number', 'family_name', 'given_name', 'user_id'])
      .orderBy('created_at')
      .execute(),
  );

async function policeOfThree() {
  const tenant = await createTenant(database.db, { programmes: ['police'] });
  const clock = new ManualClock(new Date('2020-01-01T10:00:00Z'));
  const ctx = systemContext(database.db, tenant, clock);
  const gone = await createAgent(ctx, {
    staffNumber: 'G1',
    familyName: 'Parti',
    givenName: 'Alex',
    effectiveOn: '2015-01-05',
    category: 'apm',
  });
  await recordMovement(ctx, { agentId: gone.id, kind: 'departure', effectiveOn: '2020-06-01', note: 'Mutation à Grenoble' });
  const back = await createAgent(ctx, {
    staffNumber: 'B1',
    familyName: 'Revenu',
    givenName: 'Sam',
    effectiveOn: '2012-03-01',
    category: 'apm',
  });
  await recordMovement(ctx, { agentId: back.id, kind: 'departure', effectiveOn: '2016-01-01' });
  await recordMovement(ctx, { agentId: back.id, kind: 'arrival', effectiveOn: '2019-01-01', category: 'asvp' });
  const here = await createAgent(ctx, {
    staffNumber: 'H1',
    familyName: 'Présent',
    givenName: 'Lou',
    effectiveOn: '2018-09-01',
    category: 'apm',
  });
  return { tenant, clock, gone, back, here };
}

describe('retention of the agents’ names', () => {
  it('replaces the name and staff number by a pseudonym 5 years after the departure, keeping the headcount of past dates', async () => {
    const { tenant, clock, gone } = await policeOfThree();
    const before = await readHeadcount(database.db, tenant, '2019-12-31');
    expect(before.apm.heads).toBe(2);
    const purge = (at: string) => {
      clock.set(at);
      return applyRetention(systemContext(database.db, tenant, clock), undefined);
    };
    // Four years and eleven months after: kept.
    expect(await purge('2025-05-01T03:00:00Z')).toMatchObject({ 'police-agent-names': 0 });
    expect((await names(tenant.id)).map((a) => a.family_name).sort()).toEqual(['Parti', 'Présent', 'Revenu']);
    // Past five years: pseudonymised; the agent who came back and the one in post are untouched.
    expect(await purge('2025-06-03T03:00:00Z')).toMatchObject({ 'police-agent-names': 1 });
    const after = await names(tenant.id);
    const compact = gone.id.replace(/-/g, '');
    expect(after.find((a) => a.id === gone.id)).toMatchObject({
      staff_number: `anonyme-${compact}`,
      family_name: 'Pseudonyme',
      given_name: gone.id.slice(0, 8),
    });
    expect(
      after
        .filter((a) => a.id !== gone.id)
        .map((a) => a.family_name)
        .sort(),
    ).toEqual(['Présent', 'Revenu']);
    const notes = await withTenant(database.db, tenant.id, (tx) =>
      tx.selectFrom('police_movements').select('note').where('agent_id', '=', gone.id).execute(),
    );
    expect(notes.every((n) => n.note === null)).toBe(true);
    expect(await readHeadcount(database.db, tenant, '2019-12-31')).toEqual(before);
    // The next night finds nothing more to do.
    expect(await purge('2025-06-04T03:00:00Z')).toMatchObject({ 'police-agent-names': 0 });
  });

  it('finds an agent’s record by their account’s e-mail, erases it only once they have left, and says why it is kept before', async () => {
    const { tenant, clock, gone, here } = await policeOfThree();
    const leaver = await createStaff(database.db, tenant, 'police_agent');
    const stayer = await createStaff(database.db, tenant, 'police_agent');
    await database.db.transaction().execute(async (tx) => {
      await actAsTenant(tx, tenant.id, { operation: 'test.link-accounts' });
      await tx.updateTable('police_agents').set({ user_id: leaver.userId }).where('id', '=', gone.id).execute();
      await tx.updateTable('police_agents').set({ user_id: stayer.userId }).where('id', '=', here.id).execute();
    });
    clock.set('2021-01-10T10:00:00Z');
    const ctx = systemContext(database.db, tenant, clock);
    const found = (await findDataSubject(ctx, { email: leaver.email.toUpperCase() })).find((r) => r.source === 'police-agents')!;
    expect(found.erasable).toBe(true);
    expect(found.keptBecause?.fr).toContain('tant que l’agent fait partie des effectifs');
    expect(found.records).toMatchObject([
      {
        staff_number: 'G1',
        family_name: 'Parti',
        movements: [{ kind: 'arrival' }, { kind: 'departure', note: 'Mutation à Grenoble' }],
      },
    ]);

    // In post: kept.
    expect(await eraseDataSubject(ctx, { email: stayer.email })).toMatchObject({ 'police.police-agents': 0 });
    expect((await names(tenant.id)).find((a) => a.id === here.id)).toMatchObject({
      family_name: 'Présent',
      user_id: stayer.userId,
    });
    // Left: pseudonymised now, without waiting five years.
    expect(await eraseDataSubject(ctx, { email: leaver.email })).toMatchObject({ 'police.police-agents': 1 });
    expect((await names(tenant.id)).find((a) => a.id === gone.id)).toMatchObject({ family_name: 'Pseudonyme', user_id: null });
    const again = (await findDataSubject(ctx, { email: leaver.email })).find((r) => r.source === 'police-agents')!;
    expect(again.records).toEqual([]);
  });
});
