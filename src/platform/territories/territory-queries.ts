import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { invalidInput } from '../errors.js';

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

/** A neighbourhood one can pick instead of a position (quartiers, arrondissements, QPV), with a point inside it. */
export interface Area {
  id: string;
  name: string;
  lat: number;
  lon: number;
}

/** The neighbourhoods of the transaction's tenant, by name: the public forms' « or choose a neighbourhood ». */
export function listAreas(tx: Tx): Promise<Area[]> {
  return tx
    .selectFrom('territories')
    .select([
      'id',
      'name',
      sql<number>`ST_Y(ST_PointOnSurface(geom))`.as('lat'),
      sql<number>`ST_X(ST_PointOnSurface(geom))`.as('lon'),
    ])
    .where('kind', 'in', ['quartier', 'arrondissement', 'qpv'])
    .orderBy('name')
    .execute();
}

export async function countTerritories(tx: Tx): Promise<number> {
  const row = await tx
    .selectFrom('territories')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

export interface TerritoryFeature {
  type: 'Feature';
  id: string;
  properties: { kind: string; code: string; name: string; demo: boolean };
  geometry: object;
}

/** The tenant's territories as GeoJSON features, optionally of one kind. */
export async function listTerritoryFeatures(tx: Tx, kind?: TerritoryKind): Promise<TerritoryFeature[]> {
  let query = tx
    .selectFrom('territories')
    .select(['id', 'kind', 'code', 'name', 'is_demo', sql<string>`ST_AsGeoJSON(geom, 6)`.as('geojson')])
    .orderBy('kind')
    .orderBy('code');
  if (kind) query = query.where('kind', '=', kind);
  const rows = await query.execute();
  return rows.map((r) => ({
    type: 'Feature',
    id: r.id,
    properties: { kind: r.kind, code: r.code, name: r.name, demo: r.is_demo },
    geometry: JSON.parse(r.geojson),
  }));
}

/** [west, south, east, north] of all the tenant's territories, or null without any. */
export async function territoriesBbox(tx: Tx): Promise<[number, number, number, number] | null> {
  const row = await sql<{ w: number | null; s: number; e: number; n: number }>`
    SELECT ST_XMin(x) AS w, ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n
    FROM (SELECT ST_Extent(geom)::geometry AS x FROM territories) AS extent`.execute(tx);
  const b = row.rows[0];
  return b && b.w !== null ? [b.w, b.s, b.e, b.n] : null;
}

/** A territory id given in a form must be one of the tenant's (row-level security hides the others). */
export async function requireOwnTerritory(tx: Tx, territoryId: string): Promise<void> {
  const territory = await tx.selectFrom('territories').select('id').where('id', '=', territoryId).executeTakeFirst();
  if (!territory)
    throw invalidInput('territory', 'is not a territory of this local authority', 'n’est pas un territoire de la collectivité');
}
