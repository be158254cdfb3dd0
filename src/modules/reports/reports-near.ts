import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';

/**
 * Read-only queries for other modules that follow places (the coordination module's working groups): reports of
 * chosen categories around points, by month. Duplicates merged into another report and rejected reports are not
 * counted. Nothing here returns a description, a contact or an id: counts and points only.
 */

export interface PlaceCircle {
  id: string;
  lat: number;
  lon: number;
  radiusM: number;
}

/** The report categories of the transaction's tenant, for a form that chooses some. */
export function tenantReportCategories(tx: Tx) {
  return tx
    .selectFrom('report_categories')
    .select(['id', 'code', 'name_fr', 'name_en'])
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .where('active', '=', true)
    .orderBy('sort')
    .execute();
}

/** Reports per place and month (YYYY-MM in `zone`) within each place's radius, from `from`. */
export async function reportCountsNearPlaces(
  tx: Tx,
  places: PlaceCircle[],
  categoryIds: string[],
  from: Date,
  zone: string,
): Promise<{ placeId: string; month: string; count: number }[]> {
  if (places.length === 0 || categoryIds.length === 0) return [];
  const { rows } = await sql<{ place_id: string; month: string; n: number }>`
    WITH p AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(places)}::jsonb) AS x(id uuid, lat float8, lon float8, "radiusM" integer)
    )
    SELECT p.id AS place_id, to_char(r.created_at AT TIME ZONE ${zone}, 'YYYY-MM') AS month, count(*)::integer AS n
    FROM p JOIN reports r
      ON ST_DWithin(r.geom::geography, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography, p."radiusM")
    WHERE r.tenant_id = quietude_tenant() AND r.category_id = ANY(${categoryIds}::uuid[])
      AND r.duplicate_of IS NULL AND r.status <> 'rejected' AND r.created_at >= ${from}
    GROUP BY 1, 2 ORDER BY 1, 2`.execute(tx);
  return rows.map((r) => ({ placeId: r.place_id, month: r.month, count: Number(r.n) }));
}

/** The points of reports of the categories within `aroundM` metres of any of the places, from `from`. */
export async function reportPointsNearPlaces(
  tx: Tx,
  places: PlaceCircle[],
  categoryIds: string[],
  from: Date,
  aroundM: number,
): Promise<{ lat: number; lon: number }[]> {
  if (places.length === 0 || categoryIds.length === 0) return [];
  const { rows } = await sql<{ lat: number; lon: number }>`
    WITH p AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(places)}::jsonb) AS x(lat float8, lon float8)
    )
    SELECT ST_Y(r.geom) AS lat, ST_X(r.geom) AS lon
    FROM reports r
    WHERE r.tenant_id = quietude_tenant() AND r.category_id = ANY(${categoryIds}::uuid[])
      AND r.duplicate_of IS NULL AND r.status <> 'rejected' AND r.created_at >= ${from}
      AND EXISTS (SELECT 1 FROM p
        WHERE ST_DWithin(r.geom::geography, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography, ${aroundM}))
    ORDER BY r.created_at`.execute(tx);
  return rows.map((r) => ({ lat: Number(r.lat), lon: Number(r.lon) }));
}

/** The point of one report (already checked to be within the reader's reach by `reportInReach`). */
export async function reportPoint(tx: Tx, id: string): Promise<{ lat: number; lon: number } | undefined> {
  const row = await tx
    .selectFrom('reports')
    .select([sql<number>`ST_Y(geom)`.as('lat'), sql<number>`ST_X(geom)`.as('lon')])
    .where('id', '=', id)
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .executeTakeFirst();
  return row ? { lat: Number(row.lat), lon: Number(row.lon) } : undefined;
}
