/**
 * Reads INSEE's 200 m population grid (Filosofi « carreaux de 200 m ») as a CSV stream: each square's id
 * (`Idcar_200m`, its south-west corner in ETRS89-LAEA, EPSG:3035) and its individuals (`Ind`). Only the
 * squares near the tenant's commune (a box around its outline, in EPSG:3035) are converted to WGS 84 and
 * kept as candidates: the national file has about two million squares. The exact « in the commune »
 * test is PostGIS's, when the grid is saved.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import proj4 from 'proj4';
import { AppError } from '../../platform/errors.js';

/** ETRS89 / LAEA Europe, as the EPSG registry defines it (ETRS89 taken equal to WGS 84 at this scale). */
const EPSG_3035 =
  '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs';
const laea = proj4('EPSG:4326', EPSG_3035);

export const SQUARE_SIDE_M = 200;
/** Margin of the box around the outline: more than a square's diagonal. */
const BOX_MARGIN_M = 1000;

/** EPSG:3035 (easting, northing) in metres → WGS 84. */
export function laeaToWgs84(easting: number, northing: number): { lat: number; lon: number } {
  const [lon, lat] = laea.inverse([easting, northing]) as [number, number];
  return { lat, lon };
}

/** WGS 84 → EPSG:3035 (easting, northing) in metres. */
export function wgs84ToLaea(lat: number, lon: number): { easting: number; northing: number } {
  const [easting, northing] = laea.forward([lon, lat]) as [number, number];
  return { easting, northing };
}

/** The south-west corner of a square from its INSEE id, or undefined when the id is not a 200 m EPSG:3035 square. */
export function squareCorner(id: string): { easting: number; northing: number } | undefined {
  const match = /^CRS3035RES200mN(\d{1,8})E(\d{1,8})$/.exec(id);
  if (!match) return undefined;
  const northing = Number(match[1]);
  const easting = Number(match[2]);
  if (northing % SQUARE_SIDE_M !== 0 || easting % SQUARE_SIDE_M !== 0) return undefined;
  return { easting, northing };
}

/** The centre of a square (its corner + 100 m each way) in WGS 84. */
export function squareCentre(id: string): { lat: number; lon: number } | undefined {
  const corner = squareCorner(id);
  return corner && laeaToWgs84(corner.easting + SQUARE_SIDE_M / 2, corner.northing + SQUARE_SIDE_M / 2);
}

export interface Box {
  minE: number;
  maxE: number;
  minN: number;
  maxN: number;
}

/** The EPSG:3035 box around the outlines' vertices ([lon, lat] rings), widened by BOX_MARGIN_M. */
export function laeaBox(rings: number[][][]): Box {
  const box: Box = { minE: Infinity, maxE: -Infinity, minN: Infinity, maxN: -Infinity };
  for (const ring of rings)
    for (const [lon, lat] of ring) {
      const { easting, northing } = wgs84ToLaea(lat as number, lon as number);
      box.minE = Math.min(box.minE, easting);
      box.maxE = Math.max(box.maxE, easting);
      box.minN = Math.min(box.minN, northing);
      box.maxN = Math.max(box.maxN, northing);
    }
  return {
    minE: box.minE - BOX_MARGIN_M,
    maxE: box.maxE + BOX_MARGIN_M,
    minN: box.minN - BOX_MARGIN_M,
    maxN: box.maxN + BOX_MARGIN_M,
  };
}

export interface GridCandidate {
  id: string;
  lat: number;
  lon: number;
  population: number;
  /** Line in the file (the header is line 1). */
  line: number;
}

export const gridRejections = ['bad id', 'bad population', 'duplicate id', 'outside the territory'] as const;
export type GridRejection = (typeof gridRejections)[number];

export interface GridFileRead {
  /** Data lines read. */
  read: number;
  /** Squares in the box, converted to WGS 84. */
  candidates: GridCandidate[];
  /** Per reason, the count and the first few line numbers (the header is line 1). */
  rejected: Partial<Record<GridRejection, { count: number; lines: number[] }>>;
}

/** Line numbers reported per reason. */
export const LINES_SHOWN = 5;

/** `,` or `;`, whichever the header line holds more of. */
async function detectDelimiter(path: string): Promise<',' | ';'> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch {
    throw new AppError('invalid_input', `Cannot read ${path}`);
  }
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
    const header = buffer.subarray(0, bytesRead).toString('utf8').split(/\r?\n/)[0] ?? '';
    return (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
  } finally {
    await handle.close();
  }
}

/** INSEE's columns were `Idcar_200m` / `Ind` (2015) and `idcar_200m` / `ind` (2019): matched without case. */
function columnsOf(header: string[]): { id: string; population: string } | undefined {
  const find = (name: string) => header.find((column) => column.trim().toLowerCase() === name);
  const id = find('idcar_200m');
  const population = find('ind');
  return id && population ? { id, population } : undefined;
}

/** A number of individuals ≥ 0, decimal point or comma; undefined otherwise. */
function readPopulation(raw: string | undefined): number | undefined {
  const text = raw?.trim() ?? '';
  if (!/^\d+([.,]\d+)?$/.test(text)) return undefined;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Streams the file once. Throws an AppError `invalid_input` when it cannot be read, is not CSV, or lacks
 * the `Idcar_200m` and `Ind` columns; a bad line is only counted.
 */
export async function readGridFile(path: string, box: Box): Promise<GridFileRead> {
  const delimiter = await detectDelimiter(path);
  const result: GridFileRead = { read: 0, candidates: [], rejected: {} };
  const reject = (reason: GridRejection, line: number) => {
    const entry = result.rejected[reason] ?? { count: 0, lines: [] };
    result.rejected[reason] = entry;
    entry.count++;
    if (entry.lines.length < LINES_SHOWN) entry.lines.push(line);
  };
  const seen = new Set<string>();
  let columns: { id: string; population: string } | undefined;
  const parser = createReadStream(path).pipe(
    parse({
      delimiter,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      columns: (header: string[]) => {
        columns = columnsOf(header);
        if (!columns)
          throw new AppError(
            'invalid_input',
            `Not an INSEE 200 m grid file: the columns Idcar_200m and Ind are needed (found: ${header.slice(0, 8).join(', ')})`,
          );
        return header;
      },
    }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const { id: idColumn, population: populationColumn } = columns as { id: string; population: string };
      result.read++;
      const line = info.lines;
      const id = record[idColumn] ?? '';
      const corner = squareCorner(id);
      if (!corner) {
        reject('bad id', line);
        continue;
      }
      const population = readPopulation(record[populationColumn]);
      if (population === undefined) {
        reject('bad population', line);
        continue;
      }
      const { easting, northing } = corner;
      if (easting < box.minE || easting > box.maxE || northing < box.minN || northing > box.maxN) {
        reject('outside the territory', line);
        continue;
      }
      // Only the box's ids are remembered: the national file holds millions.
      if (seen.has(id)) {
        reject('duplicate id', line);
        continue;
      }
      seen.add(id);
      result.candidates.push({ id, population, line, ...laeaToWgs84(easting + SQUARE_SIDE_M / 2, northing + SQUARE_SIDE_M / 2) });
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('invalid_input', `The file is not a readable CSV: ${(error as Error).message}`);
  }
  if (!columns) throw new AppError('invalid_input', 'The file is empty: no header line with Idcar_200m and Ind');
  return result;
}
