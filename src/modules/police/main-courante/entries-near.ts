import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import type { PlaceCircle } from '../../reports/reports-near.js';

/**
 * Municipal police main courante entries per place and month: counts only, never an entry's nature, people,
 * findings or number. Read only for a group a police manager marked as sharing police data, in a tenant that runs
 * the police module (the caller checks both). Entries put on an elimination list are no longer counted.
 */
export async function policeCountsNearPlaces(
  tx: Tx,
  places: PlaceCircle[],
  from: Date,
  zone: string,
): Promise<{ placeId: string; month: string; count: number }[]> {
  if (places.length === 0) return [];
  const { rows } = await sql<{ place_id: string; month: string; n: number }>`
    WITH p AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(places)}::jsonb) AS x(id uuid, lat float8, lon float8, "radiusM" integer)
    )
    SELECT p.id AS place_id, to_char(e.called_at AT TIME ZONE ${zone}, 'YYYY-MM') AS month, count(*)::integer AS n
    FROM p JOIN main_courante_entries e
      ON e.geom IS NOT NULL
      AND ST_DWithin(e.geom::geography, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography, p."radiusM")
    WHERE e.tenant_id = quietude_tenant() AND e.elimination_list_id IS NULL AND e.called_at >= ${from}
    GROUP BY 1, 2 ORDER BY 1, 2`.execute(tx);
  return rows.map((r) => ({ placeId: r.place_id, month: r.month, count: Number(r.n) }));
}

/** The point of one active entry, for a place taken from it (the caller checked `police.log`). */
export async function policeEntryPoint(tx: Tx, id: string): Promise<{ lat: number; lon: number } | undefined> {
  const row = await tx
    .selectFrom('main_courante_entries')
    .select([sql<number>`ST_Y(geom)`.as('lat'), sql<number>`ST_X(geom)`.as('lon')])
    .where('id', '=', id)
    .where('geom', 'is not', null)
    .where('elimination_list_id', 'is', null)
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .executeTakeFirst();
  return row ? { lat: Number(row.lat), lon: Number(row.lon) } : undefined;
}
