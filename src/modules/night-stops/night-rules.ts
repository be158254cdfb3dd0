import type { MultiPolygon } from 'geojson';
import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { DropOffRules, ForbiddenZone } from './drop-off-check.js';

/** What riders must hear, when the authority has not written its own words yet. */
export const DEFAULT_INSTRUCTIONS = {
  fr: 'Prévenez le conducteur au moins un arrêt avant. Descente par la porte avant. Le conducteur décide s’il peut s’arrêter sans danger.',
  en: 'Tell the driver at least one stop before. Get off by the front door. The driver decides whether stopping is safe.',
};
export const DEFAULT_MIN_DISTANCE_M = 50;

export interface NightStopSettings {
  minDistanceM: number;
  instructions: { fr: string; en: string };
}

export async function readSettings(tx: Tx): Promise<NightStopSettings> {
  const row = await tx
    .selectFrom('night_stop_settings')
    .selectAll()
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .executeTakeFirst();
  return row
    ? { minDistanceM: row.min_distance_m, instructions: { fr: row.instructions_fr, en: row.instructions_en } }
    : { minDistanceM: DEFAULT_MIN_DISTANCE_M, instructions: DEFAULT_INSTRUCTIONS };
}

export interface SectionRow {
  id: string;
  routeId: string;
  directionId: number;
  fromStopId: string;
  toStopId: string;
  days: boolean[];
  startS: number;
  endS: number;
}

/** The tenant's sections, of one line and direction when given. */
export async function listSections(tx: Tx, line?: { routeId: string; directionId: number }): Promise<SectionRow[]> {
  let query = tx.selectFrom('night_stop_sections').selectAll().where(sql<boolean>`tenant_id = quietude_tenant()`);
  if (line) query = query.where('route_id', '=', line.routeId).where('direction_id', '=', line.directionId);
  const rows = await query.orderBy('route_id').orderBy('direction_id').orderBy('start_s').execute();
  return rows.map((r) => ({
    id: r.id,
    routeId: r.route_id,
    directionId: r.direction_id,
    fromStopId: r.from_stop_id,
    toStopId: r.to_stop_id,
    days: r.days,
    startS: r.start_s,
    endS: r.end_s,
  }));
}

export interface ZoneRow extends ForbiddenZone {
  id: string;
}

export async function listZones(tx: Tx): Promise<ZoneRow[]> {
  const rows = await tx
    .selectFrom('night_stop_forbidden_zones')
    .select(['id', 'name', 'reason', sql<string>`ST_AsGeoJSON(geom)`.as('geojson')])
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, reason: r.reason, geometry: JSON.parse(r.geojson) as MultiPolygon }));
}

/** Everything the check needs for one line and direction. */
export async function rulesFor(tx: Tx, line: { routeId: string; directionId: number }, timeZone: string): Promise<DropOffRules> {
  const [sections, zones, settings] = [await listSections(tx, line), await listZones(tx), await readSettings(tx)];
  return { sections, zones, minDistanceM: settings.minDistanceM, timeZone };
}
