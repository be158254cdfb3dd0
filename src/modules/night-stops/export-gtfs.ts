import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import { ZipFile } from 'yazl';
import type { Tx } from '../../db/database.js';
import { AppError } from '../../platform/errors.js';
import { findActiveFeed } from './night-network.js';
import { listSections } from './night-rules.js';

/** GTFS `continuous_drop_off` = 3: « coordinate with the driver to get off between stops ». */
const COORDINATE_WITH_DRIVER = '3';

interface TripStop {
  trip_id: string;
  stop_sequence: number;
  stop_id: string;
  time: number | null;
  days: boolean[] | null;
}

/**
 * The stop times (trip, sequence) whose segment to the next stop lies in a section open at that trip's time:
 * the trip runs that line and direction, on a day the section is open (when its calendar says which days),
 * and reaches the stop within the section's hours (a blank time takes the last known one before it).
 */
async function flaggedStopTimes(tx: Tx, feedId: string): Promise<Set<string>> {
  const sections = await listSections(tx);
  const flagged = new Set<string>();
  const routes = [...new Set(sections.map((s) => s.routeId))];
  if (routes.length === 0) return flagged;
  const { rows } = await sql<TripStop & { route_id: string; direction_id: number }>`
    SELECT st.trip_id, st.stop_sequence, st.stop_id, coalesce(st.departure_s, st.arrival_s) AS time,
           t.route_id, coalesce(t.direction_id, 0) AS direction_id, c.days
    FROM gtfs_stop_times st
    JOIN gtfs_trips t ON t.feed_id = st.feed_id AND t.trip_id = st.trip_id
    LEFT JOIN gtfs_calendar c ON c.feed_id = t.feed_id AND c.service_id = t.service_id
    WHERE st.feed_id = ${feedId} AND t.route_id = ANY (${routes}::text[])
    ORDER BY st.trip_id, st.stop_sequence`.execute(tx);
  const trips = new Map<string, (typeof rows)[number][]>();
  for (const row of rows) {
    const list = trips.get(row.trip_id);
    if (list) list.push(row);
    else trips.set(row.trip_id, [row]);
  }
  for (const stops of trips.values()) {
    const { route_id, direction_id, days } = stops[0]!;
    let known: number | null = null;
    const times = stops.map((s) => (known = s.time ?? known));
    for (const section of sections) {
      if (section.routeId !== route_id || section.directionId !== Number(direction_id)) continue;
      if (days && !days.some((runs, i) => runs && section.days[i])) continue;
      const from = stops.findIndex((s) => s.stop_id === section.fromStopId);
      const to = from < 0 ? -1 : stops.findIndex((s, i) => i > from && s.stop_id === section.toStopId);
      for (let k = from; to > 0 && k < to; k++) {
        const time = times[k];
        if (time !== null && time !== undefined && section.startS <= time && time < section.endS)
          flagged.add(`${stops[k]!.trip_id}\u0000${stops[k]!.stop_sequence}`);
      }
    }
  }
  return flagged;
}

/** Sets `continuous_drop_off` on the flagged rows of stop_times.txt: the existing column is overwritten, never doubled. */
export function withContinuousDropOff(stopTimes: Buffer, flagged: Set<string>): string {
  const rows = parse(stopTimes, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  const header = (rows[0] ?? []).map((name) => name.trim());
  const trip = header.indexOf('trip_id');
  const sequence = header.indexOf('stop_sequence');
  let column = header.indexOf('continuous_drop_off');
  if (column < 0) {
    column = header.length;
    header.push('continuous_drop_off');
  }
  const body = rows.slice(1).map((row) => {
    const out = [...row];
    while (out.length < header.length) out.push('');
    if (flagged.has(`${row[trip]?.trim()}\u0000${Number(row[sequence])}`)) out[column] = COORDINATE_WITH_DRIVER;
    return out;
  });
  return stringify([header, ...body], { record_delimiter: 'unix' });
}

/** The active feed as a zip, its files as they came but stop_times.txt, which carries the drop-off flags. */
export async function exportGtfsWithDropOffs(tx: Tx): Promise<Buffer> {
  const feed = await findActiveFeed(tx);
  if (!feed) throw new AppError('not_found', 'No active GTFS feed');
  if (!feed.hasStopTimes) throw new AppError('conflict', 'The active feed has no stop_times.txt: nothing to flag');
  const files = await tx
    .selectFrom('gtfs_files')
    .select(['name', 'content'])
    .where('feed_id', '=', feed.id)
    .orderBy('name')
    .execute();
  const flagged = await flaggedStopTimes(tx, feed.id);
  const zip = new ZipFile();
  for (const file of files)
    zip.addBuffer(
      file.name === 'stop_times.txt' ? Buffer.from(withContinuousDropOff(file.content, flagged)) : file.content,
      file.name,
    );
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
