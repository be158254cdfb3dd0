import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';

/** The category of nitrous-oxide litter in `reports` (its demo list and the usual set-up). */
export const NITROUS_REPORT_CATEGORY = 'protoxyde-azote';

export interface CollectionCell {
  month: string;
  territory: string | null;
  cartridges: number;
  weightKg: number;
}

/**
 * Collections from `from` (a date) by month and territory: the territory chosen, else the smallest of
 * the tenant's territories holding the point, else none.
 */
export async function collectionsByMonthAndTerritory(tx: Tx, from: string): Promise<CollectionCell[]> {
  const { rows } = await sql<{ month: string; territory: string | null; cartridges: number; weight_kg: number }>`
    WITH placed AS (
      SELECT c.collected_on, c.cartridges, c.weight_kg,
        COALESCE(
          (SELECT t.name FROM territories t WHERE t.id = c.territory_id),
          (SELECT t.name FROM territories t
             WHERE t.tenant_id = quietude_tenant() AND c.geom IS NOT NULL AND ST_Covers(t.geom, c.geom)
             ORDER BY ST_Area(t.geom) LIMIT 1)
        ) AS territory
      FROM prevention_collections c
      WHERE c.tenant_id = quietude_tenant() AND c.collected_on >= ${from}::date
    )
    SELECT to_char(collected_on, 'YYYY-MM') AS month, territory,
      COALESCE(sum(cartridges), 0)::integer AS cartridges, COALESCE(sum(weight_kg), 0)::float8 AS weight_kg
    FROM placed GROUP BY 1, 2 ORDER BY 1, 2`.execute(tx);
  return rows.map((r) => ({
    month: r.month,
    territory: r.territory,
    cartridges: Number(r.cartridges),
    weightKg: Number(r.weight_kg),
  }));
}

/**
 * Reports of nitrous-oxide cartridges by month (in the tenant's zone) from `from`: a read-only count on
 * the reports module's tables (duplicates merged into another report are not counted twice).
 */
export async function nitrousReportsByMonth(tx: Tx, from: string, zone: string): Promise<Map<string, number>> {
  const { rows } = await sql<{ month: string; n: number }>`
    SELECT to_char(r.created_at AT TIME ZONE ${zone}, 'YYYY-MM') AS month, count(*)::integer AS n
    FROM reports r JOIN report_categories c ON c.id = r.category_id
    WHERE r.tenant_id = quietude_tenant() AND c.tenant_id = quietude_tenant() AND c.code = ${NITROUS_REPORT_CATEGORY}
      AND r.duplicate_of IS NULL AND (r.created_at AT TIME ZONE ${zone})::date >= ${from}::date
    GROUP BY 1`.execute(tx);
  return new Map(rows.map((r) => [r.month, Number(r.n)]));
}

/** The latest collections, for the staff list. */
export function latestCollections(tx: Tx, limit = 20) {
  return tx
    .selectFrom('prevention_collections as c')
    .leftJoin('territories as t', 't.id', 'c.territory_id')
    .select([
      'c.id',
      'c.collected_on',
      't.name as territory',
      'c.cartridges',
      sql<number | null>`c.weight_kg::float8`.as('weight_kg'),
      'c.service',
      sql<
        string | null
      >`CASE WHEN c.geom IS NULL THEN NULL ELSE round(ST_Y(c.geom)::numeric, 5) || ', ' || round(ST_X(c.geom)::numeric, 5) END`.as(
        'point',
      ),
    ])
    .where(sql<boolean>`c.tenant_id = quietude_tenant()`)
    .orderBy('c.collected_on', 'desc')
    .orderBy('c.created_at', 'desc')
    .limit(limit)
    .execute();
}
