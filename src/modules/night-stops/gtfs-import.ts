/**
 * `importGtfs`: reads a feed (zip, folder or texts) file by file, checks it, loads it into a new invisible
 * version by batches of BATCH rows (each its own short operation), then switches it on. On any refusal the
 * new version is marked failed and its rows dropped: the active version answers throughout.
 */
import { withTenant } from '../../db/tenant-transaction.js';
import { requirePermission } from '../../platform/access/actor.js';
import type { OperationContext } from '../../platform/access/operation.js';
import { readCsv, readHeader } from './gtfs-csv.js';
import { FeedIndex } from './gtfs-feed-index.js';
import {
  activateFeedVersion,
  type FeedRowTable,
  failFeedVersion,
  keepFeedFile,
  loadFeedRows,
  startFeedVersion,
  stopsOutsideTerritory,
} from './gtfs-feed-writes.js';
import { checkColumns, checkFiles, type FeedFile, feedFiles, WITHOUT_STOP_TIMES } from './gtfs-layout.js';
import { feedRefused, ProblemList, StopReading, TooManyProblems } from './gtfs-problems.js';
import { RowCheck } from './gtfs-row-check.js';
import * as convert from './gtfs-rows.js';
import type { GtfsSource } from './gtfs-source.js';
import type { FeedProblem } from './tables.js';

export const BATCH = 2000;

export interface GtfsImportResult {
  feedId: string;
  source: string;
  /** Rows read per file, in the order read. */
  counts: Record<string, number>;
  warnings: FeedProblem[];
}

const loaders: Partial<Record<FeedFile, { table: FeedRowTable; row: (c: RowCheck, index: FeedIndex) => object | undefined }>> = {
  'agency.txt': { table: 'gtfs_agencies', row: convert.agencyRow },
  'calendar.txt': { table: 'gtfs_calendar', row: convert.calendarRow },
  'calendar_dates.txt': { table: 'gtfs_calendar_dates', row: convert.calendarDateRow },
  'routes.txt': { table: 'gtfs_routes', row: convert.routeRow },
  'shapes.txt': { table: 'gtfs_shape_points', row: convert.shapePointRow },
  'stops.txt': { table: 'gtfs_stops', row: convert.stopRow },
  'trips.txt': { table: 'gtfs_trips', row: convert.tripRow },
  'stop_times.txt': { table: 'gtfs_stop_times', row: convert.stopTimeRow },
};

/** Structure first (files, columns): refused before a version is even opened. */
async function checkStructure(source: GtfsSource, problems: ProblemList): Promise<FeedFile[]> {
  checkFiles(source.names, problems);
  const present = feedFiles.filter((file) => source.names.has(file));
  for (const file of present) checkColumns(file, await readHeader(await source.open(file)), problems);
  return present;
}

/** The first and last stop time of each trip need both times (blank ones in between are interpolated). */
function checkTripEnds(index: FeedIndex, problems: ProblemList): void {
  for (const [trip, { first, last }] of index.tripStopTimes)
    for (const [end, fr, at] of [
      ['first', 'premier', first],
      ['last', 'dernier', last],
    ] as const)
      for (const column of at.missing)
        problems.add(
          { file: 'stop_times.txt', line: at.line, column },
          `the ${end} stop of trip "${trip}" needs a time`,
          `le ${fr} arrêt du trajet « ${trip} » doit avoir une heure`,
        );
}

/** Streams one file into the version: rows checked, written by batches while the feed has no problem. */
async function loadFile(ctx: OperationContext, feedId: string, source: GtfsSource, file: FeedFile, run: ImportRun) {
  const csv = readCsv(file, await source.open(file), run.problems);
  const loader = loaders[file];
  let batch: object[] = [];
  let count = 0;
  const flush = async () => {
    if (loader && batch.length && run.problems.count === 0) await loadFeedRows(ctx, { feedId, table: loader.table, rows: batch });
    batch = [];
  };
  for await (const row of csv.rows) {
    count += 1;
    if (file === 'feed_info.txt') {
      run.feedInfo ??= Object.fromEntries(csv.columns.map((column) => [column, row.get(column)]));
      continue;
    }
    const converted = loader?.row(new RowCheck(file, row, run.problems), run.index);
    if (converted) batch.push(converted);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  run.counts[file] = count;
  if (file === 'stop_times.txt') checkTripEnds(run.index, run.problems);
  if (run.problems.count === 0) await keepFeedFile(ctx, { feedId, name: file, content: csv.bytes() });
}

interface ImportRun {
  problems: ProblemList;
  index: FeedIndex;
  counts: Record<string, number>;
  feedInfo: Record<string, string> | null;
}

async function territoryWarning(ctx: OperationContext, feedId: string): Promise<FeedProblem | undefined> {
  const outside = await withTenant(ctx.db, ctx.tenant.id, (tx) => stopsOutsideTerritory(tx, feedId));
  if (outside.count === 0) return undefined;
  const first = outside.first.join(', ');
  return {
    file: 'stops.txt',
    message: `${outside.count} stops lie outside the territory of ${ctx.tenant.name} (first: ${first})`,
    fr: `${outside.count} arrêts sont hors du territoire de ${ctx.tenant.name} (premiers : ${first})`,
  };
}

/** Imports the feed as the tenant's new active version, or refuses it (AppError invalid_input) changing nothing visible. */
export async function importGtfs(ctx: OperationContext, source: GtfsSource): Promise<GtfsImportResult> {
  // Refused before reading a big file for nothing.
  requirePermission(ctx.actor, 'night-stops.manage');
  const run: ImportRun = { problems: new ProblemList(), index: new FeedIndex(), counts: {}, feedInfo: null };
  let feedId: string | undefined;
  try {
    const present = await checkStructure(source, run.problems);
    if (run.problems.count) throw feedRefused(run.problems.items, false);
    const warnings: FeedProblem[] = present.includes('stop_times.txt') ? [] : [{ file: 'stop_times.txt', ...WITHOUT_STOP_TIMES }];
    feedId = await startFeedVersion(ctx, { source: source.label, hasStopTimes: present.includes('stop_times.txt') });
    for (const file of present) await loadFile(ctx, feedId, source, file, run);
    if (run.problems.count) throw feedRefused(run.problems.items, false);
    const outside = await territoryWarning(ctx, feedId);
    if (outside) warnings.push(outside);
    await activateFeedVersion(ctx, { feedId, counts: run.counts, warnings, feedInfo: run.feedInfo });
    return { feedId, source: source.label, counts: run.counts, warnings };
  } catch (error) {
    if (feedId) await failFeedVersion(ctx, { feedId, counts: run.counts });
    if (error instanceof StopReading) throw feedRefused(run.problems.items, error instanceof TooManyProblems);
    throw error;
  } finally {
    await source.close();
  }
}

/** The CLI's report: rows read per file as plain digits, the warnings, then the version switched on. */
export function describeGtfsImport(result: GtfsImportResult): string {
  return [
    ...Object.entries(result.counts).map(([file, count]) => `${file} ${count}`),
    ...result.warnings.map((w) => `warning: ${w.file}: ${w.message}`),
    `feed version ${result.feedId} activated (source: ${result.source})`,
  ].join('\n');
}
