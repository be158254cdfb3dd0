import type { MultiPolygon } from 'geojson';
import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';

/** A territory of the tenant as the maps draw it. */
export interface Outline {
  kind: string;
  code: string;
  name: string;
  shape: MultiPolygon;
}

/**
 * The tenant's territory outlines, largest first (a small territory inside a larger one is drawn on top of it),
 * simplified to about 30 m: a map a few hundred pixels wide needs no more, and a commune's official outline can
 * hold tens of thousands of points.
 */
export async function readOutlines(tx: Tx): Promise<Outline[]> {
  const rows = await tx
    .selectFrom('territories')
    .select([
      'kind',
      'code',
      'name',
      sql<string>`ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(geom, 0.0003)), 5)`.as('geojson'),
    ])
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .orderBy(sql`ST_Area(geom)`, 'desc')
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ kind: r.kind, code: r.code, name: r.name, shape: JSON.parse(r.geojson) as MultiPolygon }));
}

/** The communes (several, or none: one commune alone is not a map of communes). */
export const communeOutlines = (outlines: readonly Outline[]) => {
  const communes = outlines.filter((o) => o.kind === 'commune');
  return communes.length > 1 ? communes : [];
};

/**
 * The areas a report is counted in: a report belongs to the smallest territory containing it, so the map draws the
 * territories finer than the commune (quartiers, arrondissements, QPV…), or the communes when there are none.
 */
export const reportOutlines = (outlines: readonly Outline[]) => {
  const finer = outlines.filter((o) => o.kind !== 'commune');
  return finer.length ? finer : communeOutlines(outlines);
};
