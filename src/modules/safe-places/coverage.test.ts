import circle from '@turf/circle';
import fc from 'fast-check';
import type { MultiPolygon, Polygon } from 'geojson';
import { cellToLatLng, latLngToCell, polygonToCells } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { type CoverageInput, type CoveragePlace, computeCoverage, coverageGeoJson, type GridSquare } from './coverage.js';
import { haversineMetres } from './place-index.js';

// Besançon, Place du 8-Septembre.
const LAT = 47.238;
const LON = 6.0243;
const M_PER_LAT = (Math.PI / 180) * 6_371_008.8;
const dLat = (m: number) => m / M_PER_LAT;
const dLon = (m: number, lat = LAT) => m / (M_PER_LAT * Math.cos((lat * Math.PI) / 180));
/** The point `north` and `east` metres from (lat, lon). */
const at = (north: number, east: number, lat = LAT, lon = LON) => ({ lat: lat + dLat(north), lon: lon + dLon(east, lat) });

/** A square outline of `side` metres centred on (lat, lon), GeoJSON order. */
function square(side: number, lat = LAT, lon = LON): Polygon {
  const h = side / 2;
  const corners = [at(-h, -h, lat, lon), at(-h, h, lat, lon), at(h, h, lat, lon), at(h, -h, lat, lon)];
  return { type: 'Polygon', coordinates: [[...corners, corners[0]!].map((p) => [p.lon, p.lat])] };
}

const COMMUNE = square(2000);
const POPULATION = 12_000;
const open = (p: { lat: number; lon: number }): CoveragePlace => ({ ...p, open: true });
const closed = (p: { lat: number; lon: number }): CoveragePlace => ({ ...p, open: false });

/** Independent count: every cell of the outline against every open place. */
function bruteForceCovered(commune: Polygon, places: CoveragePlace[], radiusM: number, res: number): string[] {
  return polygonToCells(commune.coordinates, res, true)
    .filter((cell) => {
      const [lat, lon] = cellToLatLng(cell);
      return places.some((p) => p.open && haversineMetres(p.lat, p.lon, lat, lon) <= radiusM);
    })
    .sort();
}

const coveredOf = (input: CoverageInput) =>
  computeCoverage(input)
    .cells.filter((c) => c.covered)
    .map((c) => c.h3);

describe('computeCoverage, uniform population', () => {
  it('covers nothing when no place is open', () => {
    const none = computeCoverage({ commune: COMMUNE, population: POPULATION, places: [] });
    expect(none.coveredCells).toBe(0);
    expect(none.coveredPopulation).toBe(0);
    expect(none.populationShare).toBe(0);
    expect(none.totalCells).toBeGreaterThan(30);
    expect(none.cells).toHaveLength(none.totalCells);
    expect(none.method).toBe('uniform');
    expect(none.methodText.fr).toBe('Population répartie uniformément sur la surface de la commune (estimation)');
  });

  it('ignores closed places', () => {
    const result = computeCoverage({ commune: COMMUNE, population: POPULATION, places: [closed(at(0, 0)), closed(at(300, 0))] });
    expect(result.coveredCells).toBe(0);
    expect(result.coveredPopulation).toBe(0);
  });

  it('covers the cells within 500 m of an open place at the centre, about π·0.5²/4 of the people', () => {
    const places = [open(at(0, 0))];
    const result = computeCoverage({ commune: COMMUNE, population: POPULATION, places });
    const expected = bruteForceCovered(COMMUNE, places, 500, 9);
    expect(result.cells.filter((c) => c.covered).map((c) => c.h3)).toEqual(expected);
    expect(result.coveredCells).toBe(expected.length);
    // ~38 cells of ~0.1 km²: the share moves by steps of ~0.026.
    expect(Math.abs(result.populationShare - 0.196)).toBeLessThan(0.06);
    expect(result.coveredPopulation).toBe(Math.round((POPULATION * result.coveredCells) / result.totalCells));
    // Uniform: every cell holds the same people, summing to the commune's population.
    const each = POPULATION / result.totalCells;
    for (const cell of result.cells) expect(cell.population).toBeCloseTo(each, 1);

    // Finer cells get closer to the disk's area.
    const fine = computeCoverage({ commune: COMMUNE, population: POPULATION, places, resolution: 10 });
    expect(fine.totalCells).toBeGreaterThan(200);
    expect(Math.abs(fine.populationShare - 0.196)).toBeLessThan(0.02);
  });

  it('counts a place just outside the commune, and honours radiusM', () => {
    const outside = [open(at(0, 1200))]; // 200 m east of the eastern edge
    expect(coveredOf({ commune: COMMUNE, population: 1, places: outside })).toEqual(bruteForceCovered(COMMUNE, outside, 500, 9));
    expect(computeCoverage({ commune: COMMUNE, population: 1, places: outside }).coveredCells).toBeGreaterThan(0);
    expect(computeCoverage({ commune: COMMUNE, population: 1, places: outside, radiusM: 100 }).coveredCells).toBe(0);
    const wide = computeCoverage({ commune: COMMUNE, population: POPULATION, places: [open(at(0, 0))], radiusM: 3000 });
    expect(wide.coveredCells).toBe(wide.totalCells);
    expect(wide.populationShare).toBe(1);
    expect(wide.coveredPopulation).toBe(POPULATION);
  });

  it('takes every part of a MultiPolygon and leaves holes out', () => {
    const east = square(1000, LAT, LON + dLon(5000));
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [square(1000).coordinates, east.coordinates] };
    const result = computeCoverage({ commune: multi, population: 1000, places: [open(at(0, 0))] });
    const west = computeCoverage({ commune: square(1000), population: 1000, places: [] });
    expect(result.totalCells).toBeGreaterThan(west.totalCells);
    expect(result.coveredCells).toBeLessThanOrEqual(west.totalCells);
    expect(result.populationShare).toBeGreaterThan(0.3);
    expect(result.populationShare).toBeLessThan(0.7);

    const hole = square(1000).coordinates[0]!.slice().reverse();
    const withHole: Polygon = { type: 'Polygon', coordinates: [COMMUNE.coordinates[0]!, hole] };
    const holed = computeCoverage({ commune: withHole, population: 1000, places: [] });
    const full = computeCoverage({ commune: COMMUNE, population: 1000, places: [] });
    expect(holed.totalCells).toBeLessThan(full.totalCells);
    expect(holed.cells.map((c) => c.h3)).not.toContain(latLngToCell(LAT, LON, 9));
  });

  it('gives a commune smaller than one cell the cells that overlap it', () => {
    const tiny = computeCoverage({ commune: square(60), population: 50, places: [open(at(0, 0))] });
    expect(tiny.totalCells).toBeGreaterThanOrEqual(1);
    expect(tiny.populationShare).toBe(1);
    expect(tiny.coveredPopulation).toBe(50);
  });

  it('refuses input it cannot compute', () => {
    const base = { commune: COMMUNE, population: 1, places: [] };
    expect(() => computeCoverage({ ...base, resolution: 16 })).toThrow(RangeError);
    expect(() => computeCoverage({ ...base, resolution: 8.5 })).toThrow(RangeError);
    expect(() => computeCoverage({ ...base, radiusM: -1 })).toThrow(RangeError);
    expect(() => computeCoverage({ ...base, population: Number.NaN })).toThrow(RangeError);
    expect(() => computeCoverage({ ...base, places: [open({ lat: Number.NaN, lon: 6 })] })).toThrow(RangeError);
    expect(() => computeCoverage({ ...base, grid: [{ lat: LAT, lon: LON, population: -3 }] })).toThrow(RangeError);
  });
});

describe('computeCoverage, INSEE grid population', () => {
  it('puts the people where the grid says', () => {
    const grid: GridSquare[] = [
      { ...at(0, 0), population: 5000 },
      { ...at(800, 800), population: 0 },
    ];
    const result = computeCoverage({ commune: COMMUNE, population: 5000, places: [open(at(100, 0))], grid });
    expect(result.method).toBe('grid');
    expect(result.methodText.fr).toContain('carreaux INSEE de 200 m');
    expect(result.populationShare).toBe(1);
    expect(result.coveredPopulation).toBe(5000);
    const centre = latLngToCell(LAT, LON, 9);
    for (const cell of result.cells) expect(cell.population).toBe(cell.h3 === centre ? 5000 : 0);

    // The same people, far from the only open place.
    const far = computeCoverage({ commune: COMMUNE, population: 5000, places: [open(at(-900, -900))], grid });
    expect(far.coveredCells).toBeGreaterThan(0);
    expect(far.coveredPopulation).toBe(0);
    expect(far.populationShare).toBe(0);
  });

  it("scales the grid to the commune's population, snaps boundary squares and leaves far ones out", () => {
    const grid: GridSquare[] = [
      { ...at(0, 0), population: 300 },
      { ...at(900, 900), population: 100 },
      { ...at(0, 1190), population: 100 }, // centre 190 m outside the outline: a boundary square
      { ...at(0, 8000), population: 100_000 }, // another commune's
    ];
    const result = computeCoverage({ commune: COMMUNE, population: 10_000, places: [open(at(0, 0))], grid });
    expect(result.method).toBe('grid');
    expect(result.coveredPopulation).toBe(6000);
    expect(result.populationShare).toBe(0.6);
    const total = result.cells.reduce((sum, c) => sum + c.population, 0);
    expect(total).toBeCloseTo(10_000, 0);
    const east = result.cells.find((c) => c.h3 === latLngToCell(at(0, 1190).lat, at(0, 1190).lon, 9));
    expect(east).toBeUndefined(); // the boundary square's own cell is outside the commune…
    expect(result.cells.filter((c) => c.population > 0)).toHaveLength(3); // …its people went to a commune cell
  });

  it('falls back to uniform when the grid places nobody in the commune', () => {
    const empty = computeCoverage({ commune: COMMUNE, population: 100, places: [], grid: [] });
    expect(empty.method).toBe('uniform');
    const elsewhere = computeCoverage({
      commune: COMMUNE,
      population: 100,
      places: [],
      grid: [{ ...at(0, 9000), population: 40 }],
    });
    expect(elsewhere.method).toBe('uniform');
    expect(elsewhere.methodText.en).toBe("Population spread evenly over the commune's area (estimate)");
  });
});

describe('computeCoverage, properties', () => {
  const point = fc.record({ north: fc.integer({ min: -1800, max: 1800 }), east: fc.integer({ min: -1800, max: 1800 }) });
  const place = fc
    .record({ p: point, open: fc.boolean() })
    .map(({ p, open: isOpen }): CoveragePlace => ({ ...at(p.north, p.east), open: isOpen }));
  const gridArb = fc.option(
    fc.array(
      fc
        .record({ p: point, population: fc.integer({ min: 0, max: 2000 }) })
        .map(({ p, population }) => ({ ...at(p.north, p.east), population })),
      { maxLength: 30 },
    ),
    { nil: undefined },
  );
  const inputArb = fc.record({
    places: fc.array(place, { maxLength: 25 }),
    population: fc.integer({ min: 0, max: 300_000 }),
    radiusM: fc.integer({ min: 0, max: 2500 }),
    resolution: fc.integer({ min: 8, max: 10 }),
    grid: gridArb,
  });

  it('stays within the population, agrees with the brute-force count, and never loses coverage when a place opens', () => {
    fc.assert(
      fc.property(inputArb, place, (input, extra) => {
        const full: CoverageInput = { commune: COMMUNE, ...input };
        const result = computeCoverage(full);
        expect(result.coveredPopulation).toBeGreaterThanOrEqual(0);
        expect(result.coveredPopulation).toBeLessThanOrEqual(input.population);
        expect(result.populationShare).toBeGreaterThanOrEqual(0);
        expect(result.populationShare).toBeLessThanOrEqual(1);
        expect(result.coveredCells).toBeLessThanOrEqual(result.totalCells);
        const covered = result.cells.filter((c) => c.covered).map((c) => c.h3);
        expect(covered).toEqual(bruteForceCovered(COMMUNE, input.places, input.radiusM, input.resolution));

        const more = computeCoverage({ ...full, places: [...input.places, { ...extra, open: true }] });
        expect(more.coveredCells).toBeGreaterThanOrEqual(result.coveredCells);
        expect(more.coveredPopulation).toBeGreaterThanOrEqual(result.coveredPopulation);
        expect(more.populationShare).toBeGreaterThanOrEqual(result.populationShare);
        const stillCovered = new Set(more.cells.filter((c) => c.covered).map((c) => c.h3));
        for (const cell of covered) expect(stillCovered.has(cell)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('coverageGeoJson', () => {
  it('returns one closed Polygon feature per cell, with covered and population', () => {
    const result = computeCoverage({ commune: COMMUNE, population: POPULATION, places: [open(at(0, 0))] });
    const geojson = coverageGeoJson(result);
    expect(geojson.type).toBe('FeatureCollection');
    expect(geojson.features).toHaveLength(result.totalCells);
    const centre = latLngToCell(LAT, LON, 9);
    for (const [i, feature] of geojson.features.entries()) {
      const cell = result.cells[i]!;
      expect(feature.geometry.type).toBe('Polygon');
      const ring = feature.geometry.coordinates[0]!;
      expect(ring.length).toBeGreaterThanOrEqual(7);
      expect(ring[0]).toEqual(ring.at(-1));
      // [lon, lat]: near Besançon, not swapped.
      for (const [lon, lat] of ring) {
        expect(Math.abs(lon! - LON)).toBeLessThan(0.05);
        expect(Math.abs(lat! - LAT)).toBeLessThan(0.05);
      }
      expect(feature.properties).toEqual({ h3: cell.h3, covered: cell.covered, population: cell.population });
    }
    expect(geojson.features.find((f) => f.properties.h3 === centre)?.properties.covered).toBe(true);
  });
});

describe('a Besançon-sized commune', () => {
  it('computes 65 km² at resolution 9 with 60 places quickly', () => {
    const commune = circle([LON, LAT], Math.sqrt(65 / Math.PI), { steps: 128, units: 'kilometers' }).geometry;
    // Deterministic places spread over the commune, two in three open.
    const places: CoveragePlace[] = Array.from({ length: 60 }, (_, i) => ({
      ...at(Math.sin(i * 12.9898) * 4000, Math.cos(i * 78.233) * 4000),
      open: i % 3 !== 0,
    }));
    const started = performance.now();
    const result = computeCoverage({ commune, population: 119_000, places });
    const elapsed = performance.now() - started;
    expect(result.totalCells).toBeGreaterThan(550);
    expect(result.totalCells).toBeLessThan(700);
    expect(result.cells.filter((c) => c.covered).map((c) => c.h3)).toEqual(bruteForceCovered(commune, places, 500, 9));
    expect(elapsed).toBeLessThan(1000); // ~10 ms idle; room for a loaded CI machine
  });
});
