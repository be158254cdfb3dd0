/**
 * The writes of an import, each a short operation of its own (DESIGN: long work in batches, then a short
 * switch): open an invisible version, add rows by batches, keep each file's bytes, then switch it on — or
 * mark it failed and drop its rows. The active version is never touched before the switch.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { defineOperation } from '../../platform/access/operation.js';
import { AppError } from '../../platform/errors.js';
import type { FeedProblem } from './tables.js';

export const feedRowTables = [
  'gtfs_agencies',
  'gtfs_calendar',
  'gtfs_calendar_dates',
  'gtfs_routes',
  'gtfs_shape_points',
  'gtfs_stops',
  'gtfs_trips',
  'gtfs_stop_times',
] as const;
export type FeedRowTable = (typeof feedRowTables)[number];

const entity = (feedId: string, fields: string[], count?: number) => ({
  entityType: 'gtfs-feed',
  entityId: feedId,
  fields,
  ...(count === undefined ? {} : { count }),
});

/** Batches are written only into a version still loading: never into the active one. */
async function requireLoading(tx: Tx, feedId: string): Promise<void> {
  const feed = await tx.selectFrom('gtfs_feeds').select('status').where('id', '=', feedId).executeTakeFirst();
  if (feed?.status !== 'loading') throw new AppError('conflict', `feed version ${feedId} is not loading`);
}

export const startFeedVersion = defineOperation({
  name: 'night-stops.start-gtfs-import',
  permission: 'night-stops.manage',
  async run({ tx, tenant, clock, audit }, input: { source: string; hasStopTimes: boolean }) {
    const { id } = await tx
      .insertInto('gtfs_feeds')
      .values({
        tenant_id: tenant.id,
        status: 'loading',
        source: input.source,
        has_stop_times: input.hasStopTimes,
        imported_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit(entity(id, ['status', 'source']));
    return id;
  },
});

export const loadFeedRows = defineOperation({
  name: 'night-stops.load-gtfs-rows',
  permission: 'night-stops.manage',
  async run({ tx, tenant, audit }, input: { feedId: string; table: FeedRowTable; rows: object[] }) {
    await requireLoading(tx, input.feedId);
    const rows = input.rows.map((row) => ({ ...row, feed_id: input.feedId, tenant_id: tenant.id }));
    await tx
      .insertInto(input.table)
      .values(rows as never)
      .execute();
    audit(entity(input.feedId, [input.table], rows.length));
  },
});

export const keepFeedFile = defineOperation({
  name: 'night-stops.keep-gtfs-file',
  permission: 'night-stops.manage',
  async run({ tx, tenant, audit }, input: { feedId: string; name: string; content: Buffer }) {
    await requireLoading(tx, input.feedId);
    await tx
      .insertInto('gtfs_files')
      .values({ feed_id: input.feedId, tenant_id: tenant.id, name: input.name, content: input.content })
      .execute();
    audit(entity(input.feedId, ['gtfs_files']));
  },
});

/** The switch: one short transaction retires the active version and activates the new one. */
export const activateFeedVersion = defineOperation({
  name: 'night-stops.activate-gtfs-feed',
  permission: 'night-stops.manage',
  async run(
    { tx, tenant, clock, audit },
    input: { feedId: string; counts: Record<string, number>; warnings: FeedProblem[]; feedInfo: Record<string, string> | null },
  ) {
    // Two imports finishing at once switch one after the other (the last one wins), never both at once.
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`gtfs-switch:${tenant.id}`}, 0))`.execute(tx);
    await requireLoading(tx, input.feedId);
    await tx
      .updateTable('gtfs_feeds')
      .set({ status: 'retired', retired_at: clock.now() })
      .where('tenant_id', '=', tenant.id)
      .where('status', '=', 'active')
      .execute();
    await tx
      .updateTable('gtfs_feeds')
      .set({
        status: 'active',
        activated_at: clock.now(),
        counts: JSON.stringify(input.counts),
        warnings: JSON.stringify(input.warnings),
        feed_info: input.feedInfo ? JSON.stringify(input.feedInfo) : undefined,
      })
      .where('id', '=', input.feedId)
      .execute();
    audit(entity(input.feedId, ['status', 'activated_at', 'counts', 'warnings']));
  },
});

/** A refused import: the version stays in the history as 'failed', without its rows and files. */
export const failFeedVersion = defineOperation({
  name: 'night-stops.fail-gtfs-import',
  permission: 'night-stops.manage',
  async run({ tx, audit }, input: { feedId: string; counts: Record<string, number> }) {
    for (const table of [...feedRowTables, 'gtfs_files'] as const)
      await tx.deleteFrom(table).where('feed_id', '=', input.feedId).execute();
    await tx
      .updateTable('gtfs_feeds')
      .set({ status: 'failed', counts: JSON.stringify(input.counts) })
      .where('id', '=', input.feedId)
      .where('status', '=', 'loading')
      .execute();
    audit(entity(input.feedId, ['status']));
  },
});

/** The version's stops that lie in none of the tenant's territories (none when it has no outline). */
export async function stopsOutsideTerritory(tx: Tx, feedId: string): Promise<{ count: number; first: string[] }> {
  const { rows } = await sql<{ stop_id: string; total: number }>`
    SELECT s.stop_id, count(*) OVER ()::int AS total
    FROM gtfs_stops s
    WHERE s.feed_id = ${feedId} AND s.lat IS NOT NULL AND s.lon IS NOT NULL
      AND EXISTS (SELECT 1 FROM territories WHERE tenant_id = quietude_tenant())
      AND NOT EXISTS (
        SELECT 1 FROM territories t
        WHERE t.tenant_id = quietude_tenant()
          AND ST_Intersects(t.geom, ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326))
      )
    ORDER BY s.stop_id
    LIMIT 5`.execute(tx);
  return { count: rows[0]?.total ?? 0, first: rows.map((r) => r.stop_id) };
}
