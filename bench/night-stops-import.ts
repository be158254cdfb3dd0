import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { importGtfs } from '../src/modules/night-stops/gtfs-import.js';
import { openGtfsPath } from '../src/modules/night-stops/gtfs-source.js';
import { systemActor } from '../src/platform/access/actor.js';
import { requireTenant } from '../src/platform/tenants/tenant-queries.js';
import { startServer } from '../src/server.js';
import { appConfig } from './platform.js';

/** The real feed beside the project (DESIGN.md: never copied into it). */
export const CASTRES = fileURLToPath(new URL('../../shared/data/gtfs-castres-libellus/', import.meta.url));
const TIMES = 10;
/** Columns holding ids: each copy of the feed suffixes them, so that the copies are distinct lines, stops and trips. */
const ID_COLUMNS = new Set([
  'agency_id',
  'route_id',
  'service_id',
  'trip_id',
  'stop_id',
  'shape_id',
  'parent_station',
  'block_id',
  'zone_id',
]);

export interface ImportFigures {
  label: string;
  rows: number;
  bytes: number;
  importMs: number;
  parseMs: number;
  /** The largest `heapUsed` seen while importing (sampled every 20 ms), and before it started. */
  peakHeapMb: number;
  baseHeapMb: number;
}

/** Writes the feed ten times over: each copy's ids suffixed `~k`, so the big feed has ten times the lines, trips and stop times. */
export function writeTenfoldFeed(source: string, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(source).filter((f) => f.endsWith('.txt'))) {
    const lines = readFileSync(join(source, name), 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .filter(Boolean);
    const header = lines[0]!.split(',');
    const idColumns = header.map((column, i) => (ID_COLUMNS.has(column.trim()) ? i : -1)).filter((i) => i >= 0);
    const out = [lines[0]!];
    // agency.txt stays as it is (one operator); feed_info.txt too.
    const copies = name === 'agency.txt' || name === 'feed_info.txt' ? 1 : TIMES;
    for (let k = 0; k < copies; k++)
      for (const line of lines.slice(1)) {
        if (k === 0) {
          out.push(line);
          continue;
        }
        // The Castres files have no quoted commas in id columns: a plain split keeps them.
        const cells = line.split(',');
        for (const i of idColumns) if (cells[i] && header[i]!.trim() !== 'agency_id') cells[i] = `${cells[i]}~${k}`;
        out.push(cells.join(','));
      }
    writeFileSync(join(target, name), `${out.join('\n')}\n`);
  }
}

/** The same files read by `csv-parse` alone, rows counted: the floor any importer stands on. */
async function plainParse(folder: string): Promise<{ rows: number; bytes: number; ms: number }> {
  const started = performance.now();
  let rows = 0;
  let bytes = 0;
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.txt'))) {
    bytes += readFileSync(join(folder, name)).length;
    for await (const _ of createReadStream(join(folder, name)).pipe(
      parse({ bom: true, columns: true, relax_column_count: true }),
    ))
      rows++;
  }
  return { rows, bytes, ms: performance.now() - started };
}

/** Imports each folder into the demo transport authority of a fresh embedded app, beside a plain parse. */
export async function measureImports(dataDir: string, folders: { label: string; folder: string }[]): Promise<ImportFigures[]> {
  const server = await startServer(appConfig(dataDir), () => {});
  try {
    const tenant = await requireTenant(server.deps.database.db, 'grand-besancon-metropole');
    const ctx = { db: server.deps.database.db, clock: server.deps.clock, actor: systemActor('bench'), tenant };
    const figures: ImportFigures[] = [];
    for (const { label, folder } of folders) {
      const parsed = await plainParse(folder);
      (globalThis as { gc?: () => void }).gc?.();
      const baseHeap = process.memoryUsage().heapUsed;
      let peak = baseHeap;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }, 20);
      const started = performance.now();
      await importGtfs(ctx, await openGtfsPath(folder));
      const importMs = performance.now() - started;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      figures.push({
        label,
        rows: parsed.rows,
        bytes: parsed.bytes,
        importMs,
        parseMs: parsed.ms,
        peakHeapMb: peak / 1024 ** 2,
        baseHeapMb: baseHeap / 1024 ** 2,
      });
    }
    return figures;
  } finally {
    await server.close();
  }
}

export const castresPresent = () => existsSync(join(CASTRES, 'stop_times.txt'));
