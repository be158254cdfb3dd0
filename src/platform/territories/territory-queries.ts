import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';

export const territoryKinds = ['commune', 'arrondissement', 'quartier', 'qpv', 'sector', 'estate'] as const;
export type TerritoryKind = (typeof territoryKinds)[number];

export interface TerritoryInput {
  kind: TerritoryKind;
  code: string;
  name: string;
  /** GeoJSON Polygon or MultiPolygon in WGS 84. */
  geometry: object;
  isDemo?: boolean;
}

/** Inserts or replaces a territory of the transaction's tenant (matched on kind and code). */
export async function upsertTerritory(tx: Tx, tenantId: string, input: TerritoryInput): Promise<void> {
  const geom = sql`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(input.geometry)}), 4326))`;
  await tx
    .insertInto('territories')
    .values({ tenant_id: tenantId, kind: input.kind, code: input.code, name: input.name, geom, is_demo: input.isDemo ?? false })
    .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'code']).doUpdateSet({ name: input.name, geom }))
    .execute();
}

export async function countTerritories(tx: Tx): Promise<number> {
  const row = await tx
    .selectFrom('territories')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}
