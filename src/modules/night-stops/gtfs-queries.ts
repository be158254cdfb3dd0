/**
 * Reads of the tenant's feed versions. Everything else in the module reads through `activeFeed`: the
 * version being loaded (or failed) is never seen. Run inside withTenant (or an operation's tx).
 */
import type { Tx } from '../../db/database.js';
import type { FeedProblem } from './tables.js';

export interface FeedVersion {
  id: string;
  status: 'loading' | 'active' | 'retired' | 'failed';
  source: string;
  importedAt: Date;
  activatedAt: Date | null;
  counts: Record<string, number>;
  warnings: FeedProblem[];
  hasStopTimes: boolean;
  feedInfo: Record<string, string> | null;
}

const columns = [
  'id',
  'status',
  'source',
  'imported_at',
  'activated_at',
  'counts',
  'warnings',
  'has_stop_times',
  'feed_info',
] as const;

type FeedRow = {
  id: string;
  status: FeedVersion['status'];
  source: string;
  imported_at: Date;
  activated_at: Date | null;
  counts: Record<string, number>;
  warnings: FeedProblem[];
  has_stop_times: boolean;
  feed_info: Record<string, string> | null;
};

const version = (row: FeedRow): FeedVersion => ({
  id: row.id,
  status: row.status,
  source: row.source,
  importedAt: row.imported_at,
  activatedAt: row.activated_at,
  counts: row.counts,
  warnings: row.warnings,
  hasStopTimes: row.has_stop_times,
  feedInfo: row.feed_info,
});

/** The version riders' answers come from, if the tenant has one. */
export async function activeFeed(tx: Tx): Promise<FeedVersion | undefined> {
  const row = await tx.selectFrom('gtfs_feeds').select(columns).where('status', '=', 'active').executeTakeFirst();
  return row ? version(row) : undefined;
}

/** Every version, newest first (the upload page's history). */
export async function feedHistory(tx: Tx, limit = 30): Promise<FeedVersion[]> {
  const rows = await tx.selectFrom('gtfs_feeds').select(columns).orderBy('imported_at', 'desc').limit(limit).execute();
  return rows.map(version);
}
