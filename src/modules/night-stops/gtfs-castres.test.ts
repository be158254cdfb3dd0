import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, systemContext } from '../../../test/helpers/factories.js';
import { openTestDatabase } from '../../../test/helpers/test-database.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { importGtfs } from './gtfs-import.js';
import { openGtfsPath } from './gtfs-source.js';

// The real feed of the Castres-Mazamet network, beside the project (never copied into it).
const projectRoot = new URL('../../../', import.meta.url).pathname;
const CASTRES = join(projectRoot, '..', 'shared', 'data', 'gtfs-castres-libellus');
const present = existsSync(CASTRES);
if (!present) console.warn(`Skipped: the Castres GTFS feed is not at ${CASTRES}`);

let database: Database;
beforeAll(async () => {
  if (present) database = await openTestDatabase();
});
afterAll(() => database?.close());

describe('a real feed (Castres-Mazamet, Libellus)', () => {
  // DESIGN.md says 427 stops, 595 trips, 18 851 stop times and 109 shapes: the files end without a newline,
  // so counting newlines misses each file's last row. Python's csv module reads what is asserted here.
  it.skipIf(!present)('loads 428 stops, 11 routes, 596 trips, 18 852 stop times and 108 shapes', async () => {
    const tenant = await createTenant(database.db, { kind: 'aom', programmes: ['night-stops'] });
    const result = await importGtfs(systemContext(database.db, tenant), await openGtfsPath(CASTRES));
    expect(result.counts).toMatchObject({
      'stops.txt': 428,
      'routes.txt': 11,
      'trips.txt': 596,
      'stop_times.txt': 18852,
    });
    // The tenant has no outline here: no territory warning can be made.
    expect(result.warnings).toEqual([]);
    const counted = await withTenant(database.db, tenant.id, async (tx) => {
      const { rows } = await sql<{ stops: number; routes: number; trips: number; times: number; shapes: number; last: number }>`
        SELECT (SELECT count(*)::int FROM gtfs_stops WHERE feed_id = ${result.feedId}) AS stops,
               (SELECT count(*)::int FROM gtfs_routes WHERE feed_id = ${result.feedId}) AS routes,
               (SELECT count(*)::int FROM gtfs_trips WHERE feed_id = ${result.feedId}) AS trips,
               (SELECT count(*)::int FROM gtfs_stop_times WHERE feed_id = ${result.feedId}) AS times,
               (SELECT count(DISTINCT shape_id)::int FROM gtfs_shape_points WHERE feed_id = ${result.feedId}) AS shapes,
               (SELECT max(arrival_s)::int FROM gtfs_stop_times WHERE feed_id = ${result.feedId}) AS last`.execute(tx);
      return rows[0];
    });
    // No night service: the last arrival is 19:48.
    expect(counted).toEqual({ stops: 428, routes: 11, trips: 596, times: 18852, shapes: 108, last: 19 * 3600 + 48 * 60 });
  });
});
