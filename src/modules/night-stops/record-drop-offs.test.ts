import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../test/helpers/factories.js';
import { openTestDatabase } from '../../../test/helpers/test-database.js';
import type { Database } from '../../db/database.js';
import { actAsTenant, withTenant } from '../../db/tenant-transaction.js';
import { type Actor, publicActor } from '../../platform/access/actor.js';
import { AppError } from '../../platform/errors.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import type { LogEntryInput } from './check-log-entry.js';
import { lastNightServiceDate, recordDropOffs } from './record-drop-offs.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

// systemContext's clock: 2026-11-25T22:30Z, 23:30 in Paris.
const night: LogEntryInput = {
  routeId: 'N1',
  serviceDate: '2026-11-24',
  hourBand: '25',
  requests: '9',
  granted: '6',
  moved: '1',
  refused: { no_lighting: '2' },
};

const newTenant = () => createTenant(database.db, { programmes: ['night-stops'], kind: 'aom' });
const entries = (tenant: Tenant) =>
  withTenant(database.db, tenant.id, (tx) =>
    tx.selectFrom('night_stop_log').select(['route_id', 'hour_band', 'requests', 'granted', 'moved', 'refused']).execute(),
  );
const auditCount = (tenant: Tenant) =>
  withTenant(database.db, tenant.id, async (tx) =>
    Number(
      (
        await tx
          .selectFrom('audit_events')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  );

/** The problems an input gets, by field. */
async function refusal(tenant: Tenant, input: LogEntryInput): Promise<Record<string, string>> {
  try {
    await recordDropOffs(systemContext(database.db, tenant), input);
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input')
      return Object.fromEntries(error.details.map((p) => [p.field, p.fr ?? p.message]));
    throw error;
  }
  throw new Error('accepted');
}

describe('recording a night', () => {
  it('records counts only, and replaces the entry for the same line, date and band', async () => {
    const tenant = await newTenant();
    expect(await recordDropOffs(systemContext(database.db, tenant), night)).toEqual({ replaced: false });
    expect(await entries(tenant)).toEqual([
      { route_id: 'N1', hour_band: 25, requests: 9, granted: 6, moved: 1, refused: { no_lighting: 2 } },
    ]);
    const again = { ...night, requests: '4', granted: '4', moved: '', refused: {} };
    expect(await recordDropOffs(systemContext(database.db, tenant), again)).toEqual({ replaced: true });
    expect(await entries(tenant)).toEqual([{ route_id: 'N1', hour_band: 25, requests: 4, granted: 4, moved: 0, refused: {} }]);
    // Another band is another entry.
    await recordDropOffs(systemContext(database.db, tenant), { ...again, hourBand: '18' });
    expect((await entries(tenant)).length).toBe(2);
    expect(await auditCount(tenant)).toBe(3);
  });

  it('defaults to last night: yesterday in the tenant’s zone', () => {
    // 23:30 UTC on the 25th is already the 26th in Paris.
    expect(lastNightServiceDate(new Date('2026-11-25T23:30:00Z'), 'Europe/Paris')).toBe('2026-11-25');
    expect(lastNightServiceDate(new Date('2026-11-25T22:30:00Z'), 'Europe/Paris')).toBe('2026-11-24');
  });
});

describe('a refused night names each wrong field and changes nothing', () => {
  it.each([
    [{ requests: '-1' }, 'requests', 'un nombre entier, 0 ou plus'],
    [{ granted: '2.5' }, 'granted', 'un nombre entier, 0 ou plus'],
    [{ moved: 'abc' }, 'moved', 'un nombre entier, 0 ou plus'],
    [{ requests: '' }, 'requests', 'un nombre entier, 0 ou plus'],
    [{ requests: '501', granted: '498' }, 'requests', 'au plus 500'],
    [{ refused: { traffic: '9999' } }, 'refused_traffic', 'au plus 500'],
    [{ hourBand: '17' }, 'hourBand', 'entre 18 h et 5 h du matin'],
    [{ hourBand: '30' }, 'hourBand', 'entre 18 h et 5 h du matin'],
    [{ hourBand: '' }, 'hourBand', 'entre 18 h et 5 h du matin'],
    [{ serviceDate: '2026-11-26' }, 'serviceDate', 'date à venir'],
    [{ serviceDate: '2026-02-30' }, 'serviceDate', 'une date (AAAA-MM-JJ)'],
    [{ routeId: '  ' }, 'routeId', 'choisissez une ligne'],
    [{ routeId: 'N'.repeat(41) }, 'routeId', 'au plus 40 caractères'],
    [{ granted: '7' }, 'requests', '9 demandes, mais 7 accordées + 1 déplacées + 2 refusées = 10'],
  ] as [Partial<LogEntryInput>, string, string][])('%j → %s', async (change, field, text) => {
    const tenant = await newTenant();
    const problems = await refusal(tenant, { ...night, ...change });
    expect(Object.keys(problems)).toEqual([field]);
    expect(problems[field]).toContain(text);
    expect(await entries(tenant)).toEqual([]);
    expect(await auditCount(tenant)).toBe(0);
  });

  it('names several wrong fields at once, and a refused replacement keeps the entry as it was', async () => {
    const tenant = await newTenant();
    await recordDropOffs(systemContext(database.db, tenant), night);
    const problems = await refusal(tenant, { ...night, hourBand: '12', granted: '-3', refused: { other: 'x' } });
    expect(Object.keys(problems).sort()).toEqual(['granted', 'hourBand', 'refused_other']);
    expect(await entries(tenant)).toEqual([
      { route_id: 'N1', hour_band: 25, requests: 9, granted: 6, moved: 1, refused: { no_lighting: 2 } },
    ]);
  });

  it('takes only the active GTFS feed’s lines once one is active', async () => {
    const tenant = await newTenant();
    await database.db.transaction().execute(async (tx) => {
      await actAsTenant(tx, tenant.id, { operation: 'test.feed' });
      const feed = await tx
        .insertInto('gtfs_feeds')
        .values({ tenant_id: tenant.id, status: 'active', source: 'test', has_stop_times: false, imported_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      const retired = await tx
        .insertInto('gtfs_feeds')
        .values({ tenant_id: tenant.id, status: 'retired', source: 'old', has_stop_times: false, imported_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('gtfs_routes')
        .values([
          { feed_id: feed.id, tenant_id: tenant.id, route_id: 'ginko-n1', short_name: 'N1', route_type: 3 },
          { feed_id: retired.id, tenant_id: tenant.id, route_id: 'ginko-old', short_name: 'N9', route_type: 3 },
        ])
        .execute();
    });
    expect(await refusal(tenant, night)).toEqual({ routeId: 'ligne absente de l’offre GTFS en service' });
    expect(await refusal(tenant, { ...night, routeId: 'ginko-old' })).toEqual({
      routeId: 'ligne absente de l’offre GTFS en service',
    });
    await recordDropOffs(systemContext(database.db, tenant), { ...night, routeId: 'ginko-n1' });
    expect((await entries(tenant)).map((e) => e.route_id)).toEqual(['ginko-n1']);
  });
});

describe('who may record', () => {
  it('refuses the public (401) and a role without night-stops.log (403), writing nothing', async () => {
    const tenant = await newTenant();
    const partner: Actor = {
      kind: 'user',
      label: 'user:partner',
      userId: '00000000-0000-0000-0000-000000000001',
      grants: new Map([['safe-places.own-place', 'tenant']]),
    };
    for (const [actor, code] of [
      [publicActor, 'unauthenticated'],
      [partner, 'forbidden'],
    ] as const) {
      await expect(recordDropOffs({ ...systemContext(database.db, tenant), actor }, night)).rejects.toMatchObject({ code });
    }
    expect(await entries(tenant)).toEqual([]);
  });
});
