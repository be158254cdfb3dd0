import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { activeFeed } from './gtfs-queries.js';
import type { RefusalReason } from './tables.js';

export interface LogLine {
  routeId: string;
  /** What riders read on the bus: the short name, else the long one, else the id. */
  label: string;
}

/**
 * The lines of the tenant's active GTFS feed, in the feed's order; null when no feed is active yet
 * (the log then accepts any line code, and offers those already recorded).
 */
export async function activeFeedLines(tx: Tx): Promise<LogLine[] | null> {
  const feed = await activeFeed(tx);
  if (!feed) return null;
  const routes = await tx
    .selectFrom('gtfs_routes')
    .select(['route_id', 'short_name', 'long_name'])
    .where('feed_id', '=', feed.id)
    .orderBy(sql`sort_order nulls last`)
    .orderBy('short_name')
    .orderBy('route_id')
    .execute();
  return routes.map((r) => ({ routeId: r.route_id, label: r.short_name || r.long_name || r.route_id }));
}

/** The line codes already in the log (offered while no feed is active). */
export async function loggedLines(tx: Tx): Promise<string[]> {
  const rows = await tx.selectFrom('night_stop_log').select('route_id').distinct().orderBy('route_id').execute();
  return rows.map((r) => r.route_id);
}

export interface LogRow {
  route_id: string;
  service_date: string;
  hour_band: number;
  requests: number;
  granted: number;
  moved: number;
  refused: Partial<Record<RefusalReason, number>>;
  recorded_at: Date;
}

// service_date is read as text: a date column would come back as a Date at the server's midnight.
const logColumns = ['route_id', 'hour_band', 'requests', 'granted', 'moved', 'refused', 'recorded_at'] as const;

/** The last entries recorded, newest first: the operator checks what was just typed. */
export async function latestLogEntries(tx: Tx, limit = 10): Promise<LogRow[]> {
  const rows = await tx
    .selectFrom('night_stop_log')
    .select([...logColumns])
    .select(sql<string>`to_char(service_date, 'YYYY-MM-DD')`.as('service_date'))
    .orderBy('recorded_at', 'desc')
    .orderBy('service_date', 'desc')
    .orderBy('hour_band', 'desc')
    .limit(limit)
    .execute();
  return rows as LogRow[];
}

/** Every entry whose service date lies in [from, until] (YYYY-MM-DD), for the statistics. */
export async function logEntriesBetween(tx: Tx, from: string, until: string): Promise<LogRow[]> {
  const rows = await tx
    .selectFrom('night_stop_log')
    .select([...logColumns])
    .select(sql<string>`to_char(service_date, 'YYYY-MM-DD')`.as('service_date'))
    .where('service_date', '>=', from)
    .where('service_date', '<=', until)
    .execute();
  return rows as LogRow[];
}
