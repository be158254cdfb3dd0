/**
 * Coverage map of the « Où est Angela ? » network: for one chosen moment, which parts of a commune are
 * within `radiusM` « à vol d'oiseau » of an open partner place, and what share of the population that is.
 *
 * Pure computation, no database and no clock: the caller decides which places are open at the chosen
 * time (OpeningSchedule and temporary closures) and passes the commune's outline and population.
 *
 * The commune is cut into H3 cells (those whose centre lies inside the outline). A cell is covered when
 * its centre is within `radiusM` (haversine, as in the finder) of an open place. Places just outside the
 * commune count too: pass the neighbours' places within `radiusM` of the boundary if they are wanted.
 *
 * Population: either spread evenly over the cells (`uniform`, an estimate: H3 cells of one resolution
 * have nearly the same area within a commune), or placed by INSEE 200 m grid squares (`grid`): each
 * square's population goes to the cell holding its centre, and the whole is scaled to the commune's
 * population so that the figures add up to the number shown for the commune. A square whose centre falls
 * just outside the commune's cells (a square on the boundary) goes to the nearest cell within
 * GRID_SNAP_M; a square farther away is not the commune's and is left out.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import {
  cellToBoundary,
  cellToLatLng,
  gridDisk,
  latLngToCell,
  POLYGON_TO_CELLS_FLAGS,
  polygonToCells,
  polygonToCellsExperimental,
} from 'h3-js';
import { haversineMetres } from './place-index.js';

export interface CoveragePlace {
  lat: number;
  lon: number;
  /** Open at the chosen time (the caller decides with OpeningSchedule and temporary closures). */
  open: boolean;
}

export interface GridSquare {
  /** Centre of the square. */
  lat: number;
  lon: number;
  population: number;
}

export interface CoverageInput {
  /** WGS 84 outline, GeoJSON order [lon, lat]. */
  commune: Polygon | MultiPolygon;
  /** The commune's population (INSEE, from @etalab/decoupage-administratif). */
  population: number;
  places: CoveragePlace[];
  /** Default 500 m. */
  radiusM?: number;
  /** H3 resolution, default 9 (cells of about 0.1 km²). */
  resolution?: number;
  /** INSEE 200 m grid squares (centres), when imported. */
  grid?: GridSquare[];
}

export interface CoverageCell {
  h3: string;
  covered: boolean;
  /** People placed in the cell, to one decimal (the totals are computed before rounding). */
  population: number;
}

export type CoverageMethod = 'uniform' | 'grid';

export interface CoverageResult {
  /** Every H3 cell of the commune, ordered by index. */
  cells: CoverageCell[];
  coveredCells: number;
  totalCells: number;
  /** Whole people, never more than `population`. */
  coveredPopulation: number;
  /** coveredPopulation / population, 0..1, rounded to 3 decimals (0 when the population is 0). */
  populationShare: number;
  /** How population was spread over the cells. */
  method: CoverageMethod;
  /** Said on the map. */
  methodText: { fr: string; en: string };
}

export const DEFAULT_RADIUS_M = 500;
export const DEFAULT_RESOLUTION = 9;
/** A grid square whose centre is farther than this from every cell of the commune is not the commune's. */
export const GRID_SNAP_M = 1000;

const METHOD_TEXT: Record<CoverageMethod, { fr: string; en: string }> = {
  uniform: {
    fr: 'Population répartie uniformément sur la surface de la commune (estimation)',
    en: "Population spread evenly over the commune's area (estimate)",
  },
  grid: {
    fr: 'Population répartie selon les carreaux INSEE de 200 m, ramenée à la population de la commune',
    en: "Population placed according to INSEE 200 m grid squares, scaled to the commune's population",
  },
};

/**
 * The commune's cells: those whose centre is inside the outline (holes excluded). A commune smaller than
 * one cell may hold no cell centre at all; it then gets the cells that overlap it, so it is never empty.
 */
function communeCells(commune: Polygon | MultiPolygon, res: number): string[] {
  const polygons = commune.type === 'Polygon' ? [commune.coordinates] : commune.coordinates;
  const cells = new Set<string>();
  for (const rings of polygons) for (const cell of polygonToCells(rings, res, true)) cells.add(cell);
  if (cells.size === 0)
    for (const rings of polygons)
      for (const cell of polygonToCellsExperimental(rings, res, POLYGON_TO_CELLS_FLAGS.containmentOverlapping, true))
        cells.add(cell);
  return [...cells].sort();
}

/** Shortest and longest edge of a cell, in metres (edges vary over the globe, so the cell's own are used). */
function edgeRange(cell: string): { min: number; max: number } {
  const boundary = cellToBoundary(cell);
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < boundary.length; i++) {
    const [lat1, lon1] = boundary[i] as [number, number];
    const [lat2, lon2] = boundary[(i + 1) % boundary.length] as [number, number];
    const d = haversineMetres(lat1, lon1, lat2, lon2);
    if (d < min) min = d;
    if (d > max) max = d;
  }
  return { min, max };
}

/**
 * Grid distance k such that every cell whose centre is within `radiusM` of a point of `origin` lies in
 * gridDisk(origin, k). The point is at most one circumradius (= the longest edge) from the origin's
 * centre; cells k+1 steps away have centres at least (k+1)·1.5·edge from it (inner radius of a hexagonal
 * ring). 0.9 leaves room for the cells' distortion across the disk.
 */
function diskSteps(origin: string, radiusM: number): number {
  const { min, max } = edgeRange(origin);
  return Math.max(1, Math.ceil((radiusM + max) / (1.5 * min * 0.9)));
}

function checkInput(input: CoverageInput, radiusM: number, res: number): void {
  if (!Number.isInteger(res) || res < 0 || res > 15) throw new RangeError(`resolution must be an integer 0..15, not ${res}`);
  if (!Number.isFinite(radiusM) || radiusM < 0) throw new RangeError(`radiusM must be a finite number ≥ 0, not ${radiusM}`);
  if (!Number.isFinite(input.population) || input.population < 0)
    throw new RangeError(`population must be a finite number ≥ 0, not ${input.population}`);
  const badPoint = (p: { lat: number; lon: number }) =>
    !Number.isFinite(p.lat) || !Number.isFinite(p.lon) || Math.abs(p.lat) > 90 || Math.abs(p.lon) > 180;
  const badPlace = input.places.find(badPoint);
  if (badPlace) throw new RangeError(`place outside WGS 84 bounds: ${badPlace.lat}, ${badPlace.lon}`);
  const badSquare = input.grid?.find((s) => badPoint(s) || !Number.isFinite(s.population) || s.population < 0);
  if (badSquare) throw new RangeError(`invalid grid square: ${badSquare.lat}, ${badSquare.lon}, ${badSquare.population}`);
}

/** Per cell index, the people the grid puts there (raw grid counts); undefined when no square is placed. */
function gridPopulation(
  grid: GridSquare[],
  indexOf: Map<string, number>,
  centres: [number, number][],
  res: number,
): Float64Array | undefined {
  const people = new Float64Array(centres.length);
  let placed = 0;
  let snapSteps: number | undefined;
  for (const square of grid) {
    if (square.population === 0) continue;
    const cell = latLngToCell(square.lat, square.lon, res);
    let index = indexOf.get(cell);
    if (index === undefined) {
      // On the boundary: the nearest of the commune's cells within GRID_SNAP_M.
      snapSteps ??= diskSteps(cell, GRID_SNAP_M);
      let best = GRID_SNAP_M;
      for (const near of gridDisk(cell, snapSteps)) {
        const i = indexOf.get(near);
        if (i === undefined) continue;
        const [lat, lon] = centres[i] as [number, number];
        const d = haversineMetres(square.lat, square.lon, lat, lon);
        if (d <= best) {
          best = d;
          index = i;
        }
      }
    }
    if (index === undefined) continue;
    people[index] = (people[index] as number) + square.population;
    placed += square.population;
  }
  return placed > 0 ? people : undefined;
}

export function computeCoverage(input: CoverageInput): CoverageResult {
  const radiusM = input.radiusM ?? DEFAULT_RADIUS_M;
  const res = input.resolution ?? DEFAULT_RESOLUTION;
  checkInput(input, radiusM, res);

  const h3 = communeCells(input.commune, res);
  const indexOf = new Map(h3.map((cell, i) => [cell, i]));
  const centres = h3.map((cell) => cellToLatLng(cell) as [number, number]);
  const covered = new Uint8Array(h3.length);

  // Each open place marks the commune's cells around it: a disk of H3 cells wide enough for radiusM,
  // then the exact distance. When the disk would hold more cells than the commune, the commune's cells are
  // checked directly.
  for (const place of input.places) {
    if (!place.open) continue;
    const origin = latLngToCell(place.lat, place.lon, res);
    const k = diskSteps(origin, radiusM);
    const candidates =
      3 * k * (k + 1) + 1 < h3.length
        ? gridDisk(origin, k)
            .map((cell) => indexOf.get(cell))
            .filter((i): i is number => i !== undefined)
        : h3.map((_, i) => i);
    for (const i of candidates) {
      if (covered[i]) continue;
      const [lat, lon] = centres[i] as [number, number];
      if (haversineMetres(place.lat, place.lon, lat, lon) <= radiusM) covered[i] = 1;
    }
  }

  // People per cell, before scaling to the commune's population.
  const fromGrid = input.grid && input.grid.length > 0 ? gridPopulation(input.grid, indexOf, centres, res) : undefined;
  const method: CoverageMethod = fromGrid ? 'grid' : 'uniform';
  const weights = fromGrid ?? new Float64Array(h3.length).fill(1);
  const totalWeight = weights.reduce((sum, w) => sum + w, 0);
  const scale = totalWeight > 0 ? input.population / totalWeight : 0;

  let coveredWeight = 0;
  let coveredCells = 0;
  const cells: CoverageCell[] = h3.map((cell, i) => {
    const weight = weights[i] as number;
    if (covered[i]) {
      coveredCells++;
      coveredWeight += weight;
    }
    return { h3: cell, covered: covered[i] === 1, population: Math.round(weight * scale * 10) / 10 };
  });

  // The share from the weights themselves, so that full coverage is exactly 1 whatever the float sums.
  const share = totalWeight > 0 && input.population > 0 ? coveredWeight / totalWeight : 0;
  return {
    cells,
    coveredCells,
    totalCells: h3.length,
    coveredPopulation: Math.min(input.population, Math.round(share * input.population)),
    populationShare: Math.min(1, Math.round(share * 1000) / 1000),
    method,
    methodText: METHOD_TEXT[method],
  };
}

/** 6 decimals (~0.1 m), as the territories' ST_AsGeoJSON(geom, 6): a third of the size of full doubles. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** The cells as GeoJSON polygons ([lon, lat], closed rings) with `h3`, `covered` and `population`, for a map. */
export function coverageGeoJson(result: CoverageResult): FeatureCollection<Polygon, CoverageCell> {
  const features: Feature<Polygon, CoverageCell>[] = result.cells.map((cell) => ({
    type: 'Feature',
    id: cell.h3,
    geometry: { type: 'Polygon', coordinates: [cellToBoundary(cell.h3, true).map(([lon, lat]) => [round6(lon), round6(lat)])] },
    properties: { h3: cell.h3, covered: cell.covered, population: cell.population },
  }));
  return { type: 'FeatureCollection', features };
}
