import { lineString, point } from '@turf/helpers';
import { nearestPointOnLine } from '@turf/nearest-point-on-line';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PathStop, RouteGeometry } from './route-geometry.js';

const M_PER_DEG_LAT = 110_574;
const mPerDegLon = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

/** A bus-like path: a walk of steps of 20 to 120 m from Besançon's centre, turning at most 60° a step. */
const path = fc
  .record({
    heading: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
    steps: fc.array(
      fc.record({ turn: fc.double({ min: -1, max: 1, noNaN: true }), metres: fc.double({ min: 20, max: 120, noNaN: true }) }),
      {
        minLength: 2,
        maxLength: 300,
      },
    ),
  })
  .map(({ heading, steps }) => {
    let [lat, lon, h] = [47.238, 6.0243, heading];
    const points: [number, number][] = [[lat, lon]];
    for (const { turn, metres } of steps) {
      h += turn;
      lat += (metres * Math.cos(h)) / M_PER_DEG_LAT;
      lon += (metres * Math.sin(h)) / mPerDegLon(lat);
      points.push([lat, lon]);
    }
    return points;
  });

/** Stops at some of the path's vertices, in order (a stop is where the bus passes). */
const withStops = path.chain((points) =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: points.length - 1 }), { minLength: 2, maxLength: Math.min(points.length, 30) })
    .map((indexes) => {
      const stops: PathStop[] = indexes
        .sort((a, b) => a - b)
        .map((i, n) => ({ stopId: `S${n}`, name: `Arrêt ${n}`, lat: points[i]![0], lon: points[i]![1] }));
      return { points, stops };
    }),
);

const turfMetres = (points: [number, number][], lat: number, lon: number) =>
  nearestPointOnLine(lineString(points.map(([a, o]) => [o, a])), point([lon, lat]), { units: 'meters' }).properties
    .dist as number;

describe('RouteGeometry', () => {
  it('finds the same point through the segment index as by measuring every segment', () => {
    fc.assert(
      fc.property(
        withStops,
        fc.double({ min: -0.01, max: 0.01, noNaN: true }),
        fc.double({ min: -0.01, max: 0.01, noNaN: true }),
        ({ points, stops }, dLat, dLon) => {
          const geometry = new RouteGeometry(points, stops);
          const [lat, lon] = [47.238 + dLat, 6.0243 + dLon];
          expect(geometry.snap(lat, lon)).toEqual(geometry.snapByScan(lat, lon));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('agrees with turf: a point is snapped no nearer than turf’s nearest point, and at most one « same place » farther', () => {
    fc.assert(
      fc.property(
        path,
        fc.double({ min: -0.02, max: 0.02, noNaN: true }),
        fc.double({ min: -0.02, max: 0.02, noNaN: true }),
        (points, dLat, dLon) => {
          const geometry = new RouteGeometry(points, []);
          const [lat, lon] = [47.238 + dLat, 6.0243 + dLon];
          const snapped = geometry.snap(lat, lon);
          const reference = turfMetres(points, lat, lon);
          // Turf measures on the sphere, we on a local plane: half a percent covers the difference.
          expect(snapped.offsetM).toBeGreaterThanOrEqual(reference * 0.995 - 0.5);
          expect(snapped.offsetM).toBeLessThanOrEqual(reference * 1.005 + 15.5);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('snaps a point of the path onto itself', () => {
    fc.assert(
      fc.property(path, fc.double({ min: 0, max: 1, noNaN: true }), (points, share) => {
        const geometry = new RouteGeometry(points, []);
        const on = geometry.pointAt(share * geometry.length);
        const snapped = geometry.snap(on.lat, on.lon);
        expect(snapped.offsetM).toBeLessThanOrEqual(15.01);
        // Where the path does not come back near that point, it is the very same point.
        if (snapped.offsetM < 1e-6) expect(snapped.along).toBeLessThanOrEqual(share * geometry.length + 1e-6);
        expect(turfMetres(points, snapped.lat, snapped.lon)).toBeLessThan(0.5);
      }),
      { numRuns: 200 },
    );
  });

  it('places the stops in trip order, and the stops around any point of the route are consecutive in the trip', () => {
    fc.assert(
      fc.property(withStops, fc.double({ min: 0, max: 1, noNaN: true }), ({ points, stops }, share) => {
        const geometry = new RouteGeometry(points, stops);
        for (let i = 1; i < geometry.stops.length; i++)
          expect(geometry.stops[i]!.along).toBeGreaterThanOrEqual(geometry.stops[i - 1]!.along);
        const first = geometry.stops[0]!.along;
        const last = geometry.stops.at(-1)!.along;
        const along = first + share * (last - first);
        const around = geometry.enclosingStops(along);
        expect(around).toBeDefined();
        const [from, to] = around!;
        expect(to.index).toBe(from.index + 1);
        expect(from.along).toBeLessThanOrEqual(along);
        expect(to.along).toBeGreaterThanOrEqual(along);
      }),
      { numRuns: 200 },
    );
  });

  it('on a route that uses the same street twice, puts each stop on its own pass and snaps a rider by the trip’s order', () => {
    // Out along a street (west to east, 1 km), round a block, back along the same street (east to west).
    const street = (from: number, to: number, steps: number): [number, number][] =>
      Array.from({ length: steps + 1 }, (_, i) => [47.238, 6.0243 + (from + ((to - from) * i) / steps) / mPerDegLon(47.238)]);
    const points: [number, number][] = [
      ...street(0, 1000, 10),
      [47.238 + 150 / M_PER_DEG_LAT, 6.0243 + 1000 / mPerDegLon(47.238)],
      [47.238 + 150 / M_PER_DEG_LAT, 6.0243 + 1100 / mPerDegLon(47.238)],
      [47.238, 6.0243 + 1100 / mPerDegLon(47.238)],
      ...street(1000, 0, 10).slice(1),
    ];
    const at = (metres: number) => ({ lat: 47.238, lon: 6.0243 + metres / mPerDegLon(47.238) });
    const stops: PathStop[] = [
      { stopId: 'A', name: 'Départ', ...at(0) },
      { stopId: 'B', name: 'Aller', ...at(500) },
      { stopId: 'C', name: 'Boucle', lat: 47.238 + 150 / M_PER_DEG_LAT, lon: 6.0243 + 1050 / mPerDegLon(47.238) },
      { stopId: 'D', name: 'Retour', ...at(500) },
      { stopId: 'E', name: 'Terminus', ...at(0) },
    ];
    const geometry = new RouteGeometry(points, stops);
    const [a, b, c, d, e] = geometry.stops.map((s) => s.along);
    expect(b).toBeCloseTo(500, -1);
    expect(c).toBeGreaterThan(1000);
    // D is at the same spot as B, but on the way back: after C.
    expect(d).toBeGreaterThan(c!);
    // From C (50 m before the block's corner) round the corner, down 150 m and back 600 m along the street.
    expect(d! - c!).toBeCloseTo(800, -1);
    expect(e).toBeCloseTo(geometry.length, -1);
    expect(a).toBe(0);
    // A rider on that street is snapped to the first pass, between A and B.
    const rider = geometry.snap(47.238 + 5 / M_PER_DEG_LAT, at(250).lon);
    expect(geometry.enclosingStops(rider.along)!.map((s) => s.stopId)).toEqual(['A', 'B']);
    // … unless asked from the way back: between D and E.
    const back = geometry.snap(47.238 + 5 / M_PER_DEG_LAT, at(250).lon, d);
    expect(geometry.enclosingStops(back.along)!.map((s) => s.stopId)).toEqual(['D', 'E']);
  });

  it('uses the feed’s distances along the shape when stop times and shape points both carry them', () => {
    const points: [number, number][] = Array.from({ length: 11 }, (_, i) => [47.238, 6.0243 + (i * 100) / mPerDegLon(47.238)]);
    const dist = points.map((_, i) => i * 0.1); // kilometres, as some feeds write them
    const stops: PathStop[] = [
      { stopId: 'A', name: 'A', lat: 47.238, lon: 6.0243, distTraveled: 0 },
      // Its coordinates are a little off, its distance is exact: the distance wins.
      { stopId: 'B', name: 'B', lat: 47.2381, lon: 6.0243 + 420 / mPerDegLon(47.238), distTraveled: 0.4 },
      { stopId: 'C', name: 'C', lat: 47.238, lon: 6.0243 + 1000 / mPerDegLon(47.238), distTraveled: 1 },
    ];
    const geometry = new RouteGeometry(points, stops, dist);
    expect(geometry.stops.map((s) => Math.round(s.along))).toEqual([
      0,
      Math.round(geometry.length * 0.4),
      Math.round(geometry.length),
    ]);
  });
});
