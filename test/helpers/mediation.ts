import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { actAsTenant } from '../../src/db/tenant-transaction.js';
import type { Tenant } from '../../src/platform/tenants/tenant-queries.js';
import { upsertTerritory } from '../../src/platform/territories/territory-queries.js';
import { createTenant } from './factories.js';
import { createStaff } from './staff.js';

/** A square of `size` degrees from its south-west corner, as a GeoJSON Polygon. */
export const square = (lon: number, lat: number, size: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ],
  ],
});

/**
 * A mediation tenant with two teams, each in its own sector, one QPV inside sector A, a mediator in each
 * team, a manager of team A, a funding member, and a partner.
 */
export async function mediationTenant(db: Kysely<DB>) {
  const tenant: Tenant = await createTenant(db, { kind: 'gip', programmes: ['mediation'] });
  const ids = await db.transaction().execute(async (tx) => {
    await actAsTenant(tx, tenant.id, { operation: 'test.mediation-setup' });
    await upsertTerritory(tx, tenant.id, { kind: 'sector', code: 'A', name: 'Secteur A', geometry: square(-0.6, 44.8, 0.02) });
    await upsertTerritory(tx, tenant.id, { kind: 'sector', code: 'B', name: 'Secteur B', geometry: square(-0.5, 44.8, 0.02) });
    await upsertTerritory(tx, tenant.id, {
      kind: 'qpv',
      code: 'QN033001',
      name: 'QPV des Tours',
      geometry: square(-0.595, 44.805, 0.005),
    });
    const territory = async (code: string) =>
      (await tx.selectFrom('territories').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    const sectorA = await territory('A');
    const sectorB = await territory('B');
    const qpv = await territory('QN033001');
    const team = async (name: string, sector: string) => {
      const row = await tx
        .insertInto('mediation_teams')
        .values({ tenant_id: tenant.id, name })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('mediation_team_sectors')
        .values({ tenant_id: tenant.id, team_id: row.id, territory_id: sector })
        .execute();
      return row.id;
    };
    const teamA = await team('Équipe A', sectorA);
    const teamB = await team('Équipe B', sectorB);
    const partner = await tx
      .insertInto('mediation_partners')
      .values({
        tenant_id: tenant.id,
        name: 'CCAS de test',
        kind: 'ccas',
        commune: null,
        phone: null,
        email: null,
        created_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { sectorA, sectorB, qpv, teamA, teamB, partnerId: partner.id };
  });
  const mediatorA = await createStaff(db, tenant, 'mediator');
  const mediatorB = await createStaff(db, tenant, 'mediator');
  const managerA = await createStaff(db, tenant, 'mediation_manager');
  const funder = await createStaff(db, tenant, 'funding_member');
  await db.transaction().execute(async (tx) => {
    await actAsTenant(tx, tenant.id, { operation: 'test.mediation-setup' });
    await tx
      .insertInto('mediation_team_members')
      .values([
        { tenant_id: tenant.id, team_id: ids.teamA, user_id: mediatorA.userId, role: 'mediator' },
        { tenant_id: tenant.id, team_id: ids.teamB, user_id: mediatorB.userId, role: 'mediator' },
        { tenant_id: tenant.id, team_id: ids.teamA, user_id: managerA.userId, role: 'manager' },
      ])
      .execute();
  });
  return { tenant, ...ids, mediatorA, mediatorB, managerA, funder };
}
