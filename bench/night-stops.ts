import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkDropOff, type DropOffRules } from '../src/modules/night-stops/drop-off-check.js';
import { type PathStop, RouteGeometry } from '../src/modules/night-stops/route-geometry.js';
import { describeMachine } from './machine.js';
import { CASTRES, castresPresent, type ImportFigures, measureImports, writeTenfoldFeed } from './night-stops-import.js';
import { markdownTable } from './results-file.js';
import { random } from './safe-places.js';

/** The shape: 3 000 points. */
const SHAPE_POINTS = 3000;
/** A stop about every STOP_EVERY points (some 400 m). */
const STOP_EVERY = 50;
const QUESTIONS = 2000;
/** Questions lie within this many metres of the line (riders ask about places along it). */
const QUESTION_SPREAD_M = 300;
const ROUNDS = 5;
/** The target: the indexed snap at least this many times faster than the scan. */
const TARGET = 10;

const M_PER_DEG_LAT = 111_175;
const mPerDegLon = (lat: number) => 111_412.84 * Math.cos((lat * Math.PI) / 180);

/** A winding bus line from Besançon's centre: steps of 5 to 12 m, turning gently, as a detailed shape is drawn. */
function line(next: () => number): { path: [number, number][]; stops: PathStop[] } {
  let [lat, lon, heading] = [47.238, 6.0243, next() * 2 * Math.PI];
  const path: [number, number][] = [];
  for (let i = 0; i < SHAPE_POINTS; i++) {
    path.push([lat, lon]);
    heading += (next() - 0.5) * 0.3;
    const metres = 5 + next() * 7;
    lat += (metres * Math.cos(heading)) / M_PER_DEG_LAT;
    lon += (metres * Math.sin(heading)) / mPerDegLon(lat);
  }
  const stops = path
    .filter((_, i) => i % STOP_EVERY === 0 || i === SHAPE_POINTS - 1)
    .map(([a, o], n) => ({ stopId: `S${n}`, name: `Arrêt ${n}`, lat: a, lon: o }));
  return { path, stops };
}

interface Timing {
  meanUs: number;
  p50Us: number;
  p99Us: number;
}

/** Each call timed alone, ROUNDS times over the questions (the first round warms up and is not counted). */
function time(call: (i: number) => unknown): Timing {
  const samples: number[] = [];
  for (let round = 0; round <= ROUNDS; round++)
    for (let i = 0; i < QUESTIONS; i++) {
      const started = performance.now();
      call(i);
      if (round > 0) samples.push((performance.now() - started) * 1000);
    }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { meanUs: samples.reduce((s, v) => s + v, 0) / samples.length, p50Us: at(0.5), p99Us: at(0.99) };
}

const us = (value: number) => (value < 10 ? `${value.toFixed(1)} µs` : `${Math.round(value)} µs`);

/** The `## night-stops` section: snapping on a 3 000-point shape, indexed against a scan, and the whole check. */
export async function benchNightStops(log: (line: string) => void): Promise<string> {
  const machine = describeMachine();
  const next = random(6);
  const { path, stops } = line(next);
  const built = performance.now();
  const geometry = new RouteGeometry(path, stops);
  const buildMs = performance.now() - built;
  const questions = Array.from({ length: QUESTIONS }, () => {
    const on = geometry.pointAt(next() * geometry.length);
    const d = QUESTION_SPREAD_M * Math.sqrt(next());
    const b = 2 * Math.PI * next();
    return { lat: on.lat + (d * Math.cos(b)) / M_PER_DEG_LAT, lon: on.lon + (d * Math.sin(b)) / mPerDegLon(on.lat) };
  });
  log('checking that the index and the scan agree');
  let disagreements = 0;
  for (const q of questions) {
    const a = geometry.snap(q.lat, q.lon);
    const b = geometry.snapByScan(q.lat, q.lon);
    if (Math.abs(a.along - b.along) > 1e-6) disagreements++;
  }
  log('timing the scan, the index, and the whole check');
  const scan = time((i) => geometry.snapByScan(questions[i]!.lat, questions[i]!.lon));
  const indexed = time((i) => geometry.snap(questions[i]!.lat, questions[i]!.lon));
  const everyDay = [true, true, true, true, true, true, true];
  const rules: DropOffRules = {
    // Drop-off allowed on the middle third of the line, 21:00 to 01:00.
    sections: [
      {
        fromStopId: stops[Math.floor(stops.length / 3)]!.stopId,
        toStopId: stops[Math.floor((2 * stops.length) / 3)]!.stopId,
        days: everyDay,
        startS: 21 * 3600,
        endS: 25 * 3600,
      },
    ],
    zones: [],
    minDistanceM: 50,
    timeZone: 'Europe/Paris',
  };
  const at = new Date('2026-12-02T22:30:00+01:00');
  const checked = time((i) => checkDropOff(geometry, rules, { ...questions[i]!, at }));
  const allowed = questions.filter((q) => checkDropOff(geometry, rules, { ...q, at }).allowed).length;
  const speedUp = scan.meanUs / indexed.meanUs;
  const imports = await importSection(log);
  return [
    `Measured ${machine}.`,
    '',
    '### Snapping a point onto a line',
    '',
    `One line of ${SHAPE_POINTS.toLocaleString('en')} shape points (a winding path of steps of 5 to 12 m, ${(geometry.length / 1000).toFixed(1)} km) with ` +
      `${stops.length} stops, and ${QUESTIONS.toLocaleString('en')} points within ${QUESTION_SPREAD_M} m of it (seeded: the same every run). Each call is timed alone, ` +
      `${ROUNDS} rounds over the points after one round of warm-up. The scan measures every segment; the index (Flatbush over the ` +
      'segments in local metres) takes the nearest segment box as a bound and measures only the segments within it. Both then ' +
      'choose among passes the same way.',
    '',
    markdownTable(
      ['snap one point', '>mean', '>p50', '>p99', '>ratio to the scan'],
      [
        ['plain scan over the 2 999 segments (baseline)', us(scan.meanUs), us(scan.p50Us), us(scan.p99Us), '1.0'],
        [
          'segment index (`RouteGeometry.snap`)',
          us(indexed.meanUs),
          us(indexed.p50Us),
          us(indexed.p99Us),
          `${speedUp.toFixed(1)}× faster`,
        ],
        [
          'the whole check (`checkDropOff`: snap, stops around, section, hours, distance, nearest allowed point)',
          us(checked.meanUs),
          us(checked.p50Us),
          us(checked.p99Us),
          '',
        ],
      ],
    ),
    '',
    `The index and the scan gave the same point for ${QUESTIONS - disagreements} of ${QUESTIONS} questions` +
      (disagreements ? ` — **${disagreements} disagree: the index is wrong**.` : '.') +
      ` Building the line (projection, index, ${stops.length} stops placed) took ${buildMs.toFixed(1)} ms. With drop-off allowed on the middle third ` +
      `of the line at 22:30, ${allowed} of the ${QUESTIONS} points are allowed; the others get the nearest allowed point, which the whole check's time includes.`,
    '',
    `Target (the index at least ${TARGET}× faster than the scan): ${speedUp.toFixed(1)}×, ${speedUp >= TARGET ? 'met' : '**missed**'}.`,
    '',
    ...imports,
  ].join('\n');
}

/** The heap the importer may use on the large feed (the target). */
const HEAP_TARGET_MB = 512;

async function importSection(log: (line: string) => void): Promise<string[]> {
  const head = ['### GTFS import', ''];
  if (!castresPresent())
    return [
      ...head,
      `**Not measured in this run: the Castres feed is not at \`${CASTRES}\`** (\`../shared/data/\` beside the project).`,
    ];
  const temporary = mkdtempSync(join(tmpdir(), 'quietude-bench-gtfs-'));
  try {
    log('writing the feed ten times over');
    const tenfold = join(temporary, 'tenfold');
    writeTenfoldFeed(CASTRES, tenfold);
    log('importing Castres, then the tenfold feed (fresh embedded app)');
    const figures = await measureImports(join(temporary, 'data'), [
      { label: 'Castres-Mazamet (real feed)', folder: CASTRES },
      { label: 'the same ten times over (generated)', folder: tenfold },
    ]);
    const big = figures[1]!;
    const row = (f: ImportFigures) => [
      f.label,
      f.rows.toLocaleString('en'),
      `${(f.bytes / 1024 ** 2).toFixed(1)} MB`,
      `${(f.parseMs / 1000).toFixed(2)} s`,
      `${(f.importMs / 1000).toFixed(1)} s`,
      `${(f.importMs / f.parseMs).toFixed(0)}×`,
      `${Math.round(f.peakHeapMb)} MB (${Math.round(f.baseHeapMb)} before)`,
    ];
    return [
      ...head,
      '`importGtfs` as `quietude import-gtfs` runs it (checks, batches of 2 000 rows each in its own transaction, the files kept for',
      'the export, the switch), from a folder, into the demo transport authority of a fresh embedded app (PGlite in its worker',
      'thread); beside it, `csv-parse` alone reading the same files and counting rows. The heap is the main thread’s',
      '`heapUsed`, sampled every 20 ms during the import (the embedded database’s memory is its worker’s, not counted).',
      'The generated feed repeats every file but agency.txt ten times with its ids suffixed: ten times the lines, stops, trips,',
      'stop times and shape points.',
      '',
      markdownTable(
        ['feed', '>rows', '>size', '>csv-parse alone (baseline)', '>import', '>ratio', '>peak heap'],
        figures.map(row),
      ),
      '',
      `Target (the importer's heap under ${HEAP_TARGET_MB} MB on the large feed): ${Math.round(big.peakHeapMb)} MB, ` +
        `${big.peakHeapMb < HEAP_TARGET_MB ? 'met' : '**missed**'}.`,
    ];
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}
