import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import { activeFeed } from './gtfs-queries.js';
import { type PathStop, RouteGeometry } from './route-geometry.js';

/**
 * The active feed as the drop-off check reads it: its lines and, per line and direction, the path of its
 * longest trip with that trip's stops. A feed version never changes once active, so line paths are kept in
 * memory by feed version (an import activates a new version: new keys, the old ones age out).
 */

export interface ActiveFeed {
  id: string;
  hasStopTimes: boolean;
  /** The first and last service dates of its calendar ("YYYY-MM-DD"). */
  firstDate: string;
  lastDate: string;
}

export interface Line {
  routeId: string;
  shortName: string;
  longName: string;
  color: string | null;
  textColor: string | null;
  directions: { directionId: number; headsign: string }[];
}

/** The active version (`activeFeed`) with its service period. */
export async function findActiveFeed(tx: Tx): Promise<ActiveFeed | undefined> {
  const feed = await activeFeed(tx);
  if (!feed) return undefined;
  const { rows } = await sql<{ first: string | null; last: string | null }>`
    SELECT to_char(least(min(c.start_date), min(d.date)), 'YYYY-MM-DD') AS first,
           to_char(greatest(max(c.end_date), max(d.date)), 'YYYY-MM-DD') AS last
    FROM (SELECT 1) AS one
    LEFT JOIN gtfs_calendar c ON c.feed_id = ${feed.id}
    LEFT JOIN gtfs_calendar_dates d ON d.feed_id = ${feed.id} AND d.exception_type = 1`.execute(tx);
  return {
    id: feed.id,
    hasStopTimes: feed.hasStopTimes,
    firstDate: rows[0]?.first ?? '0000-01-01',
    lastDate: rows[0]?.last ?? '9999-12-31',
  };
}

/** The feed's lines with their directions (the most common headsign of each), in the feed's order. */
export async function listLines(tx: Tx, feedId: string): Promise<Line[]> {
  const rows = await tx
    .selectFrom('gtfs_routes as r')
    .innerJoin('gtfs_trips as t', (join) => join.onRef('t.feed_id', '=', 'r.feed_id').onRef('t.route_id', '=', 'r.route_id'))
    .select([
      'r.route_id',
      'r.short_name',
      'r.long_name',
      'r.color',
      'r.text_color',
      'r.sort_order',
      sql<number>`coalesce(t.direction_id, 0)`.as('direction_id'),
      sql<string | null>`mode() WITHIN GROUP (ORDER BY t.headsign)`.as('headsign'),
    ])
    .where('r.feed_id', '=', feedId)
    .groupBy([
      'r.route_id',
      'r.short_name',
      'r.long_name',
      'r.color',
      'r.text_color',
      'r.sort_order',
      sql`coalesce(t.direction_id, 0)`,
    ])
    .execute();
  const lines = new Map<string, Line & { sort: number | null }>();
  for (const row of rows) {
    let line = lines.get(row.route_id);
    if (!line) {
      line = {
        routeId: row.route_id,
        shortName: row.short_name ?? row.long_name ?? row.route_id,
        longName: row.long_name ?? '',
        color: row.color,
        textColor: row.text_color,
        directions: [],
        sort: row.sort_order,
      };
      lines.set(row.route_id, line);
    }
    line.directions.push({ directionId: Number(row.direction_id), headsign: row.headsign ?? '' });
  }
  return [...lines.values()]
    .sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0) || a.shortName.localeCompare(b.shortName, 'fr', { numeric: true }))
    .map(({ sort: _sort, ...line }) => ({ ...line, directions: line.directions.sort((a, b) => a.directionId - b.directionId) }));
}

const cache = new Map<string, RouteGeometry>();
const MAX_CACHED = 500;

/**
 * The path of a line in one direction: its trip with the most stops (ties: the first by id), its shape or,
 * without one, the line through its stops. Refuses an unknown line or direction, naming the field.
 */
export async function lineGeometry(tx: Tx, feed: ActiveFeed, routeId: string, directionId: number): Promise<RouteGeometry> {
  const key = `${feed.id}|${routeId}|${directionId}`;
  const kept = cache.get(key);
  if (kept) return kept;
  const route = await tx
    .selectFrom('gtfs_routes')
    .select('route_id')
    .where('feed_id', '=', feed.id)
    .where('route_id', '=', routeId)
    .executeTakeFirst();
  if (!route) throw invalidInput('route_id', `no line ${routeId} in the active feed`, `pas de ligne ${routeId}`);
  if (!feed.hasStopTimes)
    throw new AppError(
      'conflict',
      'The active feed has no stop_times.txt: snapping between stops is unavailable until a feed with it is imported',
    );
  const trip = await tx
    .selectFrom('gtfs_trips as t')
    .innerJoin('gtfs_stop_times as st', (join) =>
      join.onRef('st.feed_id', '=', 't.feed_id').onRef('st.trip_id', '=', 't.trip_id'),
    )
    .select(['t.trip_id', 't.shape_id', (eb) => eb.fn.countAll<string>().as('stops')])
    .where('t.feed_id', '=', feed.id)
    .where('t.route_id', '=', routeId)
    .where(sql<boolean>`coalesce(t.direction_id, 0) = ${directionId}`)
    .groupBy(['t.trip_id', 't.shape_id'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('t.trip_id')
    .limit(1)
    .executeTakeFirst();
  if (!trip) throw invalidInput('direction_id', `line ${routeId} has no trip in direction ${directionId}`, 'direction inconnue');
  const stops = await tx
    .selectFrom('gtfs_stop_times as st')
    .innerJoin('gtfs_stops as s', (join) => join.onRef('s.feed_id', '=', 'st.feed_id').onRef('s.stop_id', '=', 'st.stop_id'))
    .select(['s.stop_id', 's.name', 's.lat', 's.lon', 'st.shape_dist_traveled'])
    .where('st.feed_id', '=', feed.id)
    .where('st.trip_id', '=', trip.trip_id)
    .orderBy('st.stop_sequence')
    .execute();
  const pathStops: PathStop[] = stops
    .filter((s) => s.lat !== null && s.lon !== null)
    .map((s) => ({
      stopId: s.stop_id,
      name: s.name,
      lat: s.lat as number,
      lon: s.lon as number,
      distTraveled: s.shape_dist_traveled,
    }));
  const points = trip.shape_id
    ? await tx
        .selectFrom('gtfs_shape_points')
        .select(['lat', 'lon', 'dist_traveled'])
        .where('feed_id', '=', feed.id)
        .where('shape_id', '=', trip.shape_id)
        .orderBy('sequence')
        .execute()
    : [];
  if (points.length < 2 && pathStops.length < 2)
    throw new AppError('conflict', `Line ${routeId} has neither a shape nor two located stops in direction ${directionId}`);
  const geometry =
    points.length >= 2
      ? new RouteGeometry(
          points.map((p) => [p.lat, p.lon]),
          pathStops,
          points.map((p) => p.dist_traveled),
        )
      : new RouteGeometry(
          pathStops.map((s) => [s.lat, s.lon]),
          pathStops,
        );
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, geometry);
  return geometry;
}
