import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { RouteGeometry } from './route-geometry.js';

/** The lines and directions ("route|direction") with at least one trip on a service date (calendar and its exceptions). */
export async function linesRunningOn(tx: Tx, feedId: string, date: string, weekday: number): Promise<Set<string>> {
  const { rows } = await sql<{ key: string }>`
    SELECT DISTINCT t.route_id || '|' || coalesce(t.direction_id, 0) AS key
    FROM gtfs_trips t
    WHERE t.feed_id = ${feedId}
      AND (
        EXISTS (SELECT 1 FROM gtfs_calendar_dates d
                WHERE d.feed_id = t.feed_id AND d.service_id = t.service_id AND d.date = ${date}::date AND d.exception_type = 1)
        OR (EXISTS (SELECT 1 FROM gtfs_calendar c
                    WHERE c.feed_id = t.feed_id AND c.service_id = t.service_id AND c.days[${weekday + 1}]
                      AND ${date}::date BETWEEN c.start_date AND c.end_date)
            AND NOT EXISTS (SELECT 1 FROM gtfs_calendar_dates d
                            WHERE d.feed_id = t.feed_id AND d.service_id = t.service_id AND d.date = ${date}::date
                              AND d.exception_type = 2)))`.execute(tx);
  return new Set(rows.map((r) => r.key));
}

/** How far a rider may be from a line for it to count as « near »: a few minutes' walk. */
export const NEAR_M = 600;

/** The lines passing within NEAR_M of a point, nearest first. */
export function nearbyLines(
  geometries: Map<string, RouteGeometry>,
  point: { lat: number; lon: number },
): { key: string; offsetM: number }[] {
  return [...geometries]
    .map(([key, geometry]) => ({ key, offsetM: Math.round(geometry.snap(point.lat, point.lon).offsetM) }))
    .filter((line) => line.offsetM <= NEAR_M)
    .sort((a, b) => a.offsetM - b.offsetM);
}
