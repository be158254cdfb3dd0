import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';

export interface Routing {
  /** The most precise territory of the tenant containing the point, if any. */
  territoryId: string | null;
  /** The organisation that receives the report; null when the category has no rule (the coordinator triages). */
  organisationId: string | null;
  /** False when the point is in none of the tenant's communes: « hors du territoire ». */
  inTerritory: boolean;
}

/**
 * Where a report goes: the rule of its category for the smallest territory containing the point, else the
 * category's default rule (no territory). Runs in the tenant's transaction.
 */
export async function routeReport(tx: Tx, categoryId: string, lon: number, lat: number): Promise<Routing> {
  const point = sql`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)`;
  const containing = await tx
    .selectFrom('territories')
    .select(['id', 'kind'])
    .where(sql<boolean>`ST_Covers(geom, ${point})`)
    .orderBy(sql`ST_Area(geom)`)
    .execute();
  const inTerritory = containing.some((t) => t.kind === 'commune');
  const rules = await tx
    .selectFrom('report_routing_rules')
    .select(['territory_id', 'organisation_id'])
    .where('category_id', '=', categoryId)
    .execute();
  const order = new Map(containing.map((t, i) => [t.id, i]));
  const specific = rules
    .filter((r) => r.territory_id !== null && order.has(r.territory_id))
    .sort((a, b) => (order.get(a.territory_id as string) ?? 0) - (order.get(b.territory_id as string) ?? 0))[0];
  const rule = specific ?? rules.find((r) => r.territory_id === null);
  return { territoryId: containing[0]?.id ?? null, organisationId: rule?.organisation_id ?? null, inTerritory };
}
