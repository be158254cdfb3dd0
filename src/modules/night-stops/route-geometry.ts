import Flatbush from 'flatbush';

/**
 * A line's path in one direction, in local metres, with its stops placed along it: what the drop-off check
 * snaps a rider's point onto. Coordinates are projected equirectangularly around the path's mean latitude
 * (a bus route spans a few kilometres: the error stays far below a metre), so that distances and
 * projections are plain plane geometry.
 */

/** Metres per degree at latitude `lat` (the usual series on the WGS 84 ellipsoid). */
const mPerDegLat = (lat: number) => {
  const phi = (lat * Math.PI) / 180;
  return 111_132.954 - 559.822 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi);
};
const mPerDegLon = (lat: number) => {
  const phi = (lat * Math.PI) / 180;
  return 111_412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi) + 0.118 * Math.cos(5 * phi);
};

/** When the path passes near a point twice, a pass this much farther than the nearest still counts as « here ». */
const SAME_PLACE_M = 15;
/** A stop is looked for on the passes after the previous stop up to this far from it. */
const STOP_REACH_M = 250;
/** Half sides of the first search boxes: an asked point is usually within a few hundred metres of the line. */
const BOXES_M = [60, 240];

export interface PathStop {
  stopId: string;
  name: string;
  lat: number;
  lon: number;
  /** The feed's distance along the shape, when both stop_times and shapes carry it (same unit). */
  distTraveled?: number | null;
}

export interface PlacedStop extends PathStop {
  /** Metres along the path. */
  along: number;
  /** Index in the trip's stop order. */
  index: number;
}

export interface SnappedPoint {
  lat: number;
  lon: number;
  /** Metres along the path. */
  along: number;
  /** Metres from the asked point to the path. */
  offsetM: number;
}

export class RouteGeometry {
  readonly stops: PlacedStop[];
  /** Total length in metres. */
  readonly length: number;
  private readonly lat0: number;
  private readonly kx: number;
  private readonly ky: number;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  /** Metres along the path at each vertex. */
  private readonly cumulative: Float64Array;
  private readonly index: Flatbush;

  /**
   * `path` is the shape's points in order ([lat, lon]); without a shape, the stops themselves. Stops are placed
   * in trip order, each no earlier than the one before (so a loop or a street used twice gets the right pass).
   */
  constructor(path: [number, number][], stops: PathStop[], shapeDist?: (number | null)[]) {
    if (path.length < 2) throw new Error('A path needs at least two points');
    this.lat0 = path.reduce((sum, [lat]) => sum + lat, 0) / path.length;
    this.kx = mPerDegLon(this.lat0);
    this.ky = mPerDegLat(this.lat0);
    const n = path.length;
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    this.cumulative = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const [lat, lon] = path[i]!;
      this.xs[i] = lon * this.kx;
      this.ys[i] = lat * this.ky;
      if (i > 0)
        this.cumulative[i] = this.cumulative[i - 1]! + Math.hypot(this.xs[i]! - this.xs[i - 1]!, this.ys[i]! - this.ys[i - 1]!);
    }
    this.length = this.cumulative[n - 1]!;
    this.index = new Flatbush(n - 1);
    for (let i = 0; i < n - 1; i++) {
      const [x1, y1, x2, y2] = [this.xs[i]!, this.ys[i]!, this.xs[i + 1]!, this.ys[i + 1]!];
      this.index.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
    }
    this.index.finish();
    this.stops = this.placeStops(stops, shapeDist);
  }

  private toXY(lat: number, lon: number): [number, number] {
    return [lon * this.kx, lat * this.ky];
  }

  /** The point at `along` metres, as latitude and longitude. */
  pointAt(along: number): { lat: number; lon: number } {
    const a = Math.max(0, Math.min(this.length, along));
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! <= a) lo = mid;
      else hi = mid;
    }
    const span = this.cumulative[hi]! - this.cumulative[lo]!;
    const t = span > 0 ? (a - this.cumulative[lo]!) / span : 0;
    const x = this.xs[lo]! + t * (this.xs[hi]! - this.xs[lo]!);
    const y = this.ys[lo]! + t * (this.ys[hi]! - this.ys[lo]!);
    return { lat: y / this.ky, lon: x / this.kx };
  }

  /** Where the projection of (x, y) falls on segment i, from 0 (its start) to 1 (its end). */
  private fraction(i: number, x: number, y: number): number {
    const x1 = this.xs[i]!;
    const y1 = this.ys[i]!;
    const dx = this.xs[i + 1]! - x1;
    const dy = this.ys[i + 1]! - y1;
    const len2 = dx * dx + dy * dy;
    return len2 > 0 ? Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / len2)) : 0;
  }

  /** Squared distance from (x, y) to the point at fraction t of segment i (no allocation: the scan's inner loop). */
  private distance2(i: number, x: number, y: number, t = this.fraction(i, x, y)): number {
    const px = this.xs[i]! + t * (this.xs[i + 1]! - this.xs[i]!) - x;
    const py = this.ys[i]! + t * (this.ys[i + 1]! - this.ys[i]!) - y;
    return px * px + py * py;
  }

  /**
   * The nearest point of the path, through the segment index: the nearest segment box gives an upper bound,
   * then every segment whose box lies within it (plus SAME_PLACE_M, and at least `reach` metres) is measured
   * exactly. Only passes from `from` metres on count when there are some within reach (a stop comes after the
   * one before it); where the path passes nearly as close more than once, the earliest pass wins.
   */
  snap(lat: number, lon: number, from = 0, reach = 0): SnappedPoint {
    const [x, y] = this.toXY(lat, lon);
    // Most asked points are near the line: growing boxes first (a box search is cheap), the nearest-box walk
    // only when the largest finds nothing. The best distance found then bounds the box that decides.
    let candidates: number[] = [];
    let box = 0;
    for (const half of BOXES_M) {
      candidates = this.index.search(x - half, y - half, x + half, y + half);
      box = half;
      if (candidates.length > 0) break;
    }
    let best = Number.POSITIVE_INFINITY;
    for (const i of candidates) best = Math.min(best, this.distance2(i, x, y));
    if (candidates.length === 0) best = this.distance2(this.index.neighbors(x, y, 1)[0]!, x, y);
    const bound = Math.max(reach, Math.sqrt(best) + SAME_PLACE_M);
    // Found in a box and no farther than its half side, the best is the line's nearest: a segment outside the
    // box is farther than that.
    const exact = candidates.length > 0 && Math.sqrt(best) <= box;
    if (!exact || bound > box) candidates = this.index.search(x - bound, y - bound, x + bound, y + bound);
    return this.choose(candidates, candidates.length, x, y, from, exact && from === 0 ? best : undefined);
  }

  /** `snap` by measuring every segment: the reference the index is checked and timed against. */
  snapByScan(lat: number, lon: number, from = 0): SnappedPoint {
    const [x, y] = this.toXY(lat, lon);
    return this.choose(undefined, this.xs.length - 1, x, y, from);
  }

  /** Metres along the path of the projection of (x, y) on segment i. */
  private alongOf(i: number, x: number, y: number): number {
    const dx = this.xs[i + 1]! - this.xs[i]!;
    const dy = this.ys[i + 1]! - this.ys[i]!;
    return this.cumulative[i]! + this.fraction(i, x, y) * Math.sqrt(dx * dx + dy * dy);
  }

  /**
   * Among the segments (all of them when `segments` is undefined), the nearest pass, two rounds without
   * allocating: the best distance (counting only passes from `from` on when there are some), then the
   * earliest pass within SAME_PLACE_M of it.
   */
  private choose(
    segments: ArrayLike<number> | undefined,
    count: number,
    x: number,
    y: number,
    from: number,
    /** The best squared distance, when the caller knows it (then the first round is skipped). */
    known?: number,
  ): SnappedPoint {
    // A stop's projection may fall a little before the previous stop's (both at one spot): allow some slack.
    const after = from - SAME_PLACE_M;
    let bestAll = known ?? Number.POSITIVE_INFINITY;
    let bestAfter = Number.POSITIVE_INFINITY;
    for (let k = 0; known === undefined && k < count; k++) {
      const i = segments ? segments[k]! : k;
      const d2 = this.distance2(i, x, y);
      bestAll = Math.min(bestAll, d2);
      if (from > 0 && d2 < bestAfter && this.alongOf(i, x, y) >= after) bestAfter = d2;
    }
    const onlyAfter = from > 0 && bestAfter < Number.POSITIVE_INFINITY;
    const near2 = (Math.sqrt(onlyAfter ? bestAfter : bestAll) + SAME_PLACE_M) ** 2;
    let chosenAlong = Number.POSITIVE_INFINITY;
    let chosenD2 = 0;
    for (let k = 0; k < count; k++) {
      const i = segments ? segments[k]! : k;
      const d2 = this.distance2(i, x, y);
      if (d2 > near2) continue;
      const along = this.alongOf(i, x, y);
      if ((!onlyAfter || along >= after) && along < chosenAlong) {
        chosenAlong = along;
        chosenD2 = d2;
      }
    }
    return { ...this.pointAt(chosenAlong), along: chosenAlong, offsetM: Math.sqrt(chosenD2) };
  }

  /**
   * Places the stops in trip order. With the feed's distances on both the shape and the stop times, they are
   * used (scaled to metres); otherwise each stop goes to the nearest pass at or after the previous stop.
   */
  private placeStops(stops: PathStop[], shapeDist?: (number | null)[]): PlacedStop[] {
    const usable =
      shapeDist &&
      shapeDist.length === this.xs.length &&
      shapeDist.every((d) => d !== null) &&
      stops.every((s) => s.distTraveled !== null && s.distTraveled !== undefined);
    const scale = usable ? this.length / Math.max(1e-9, (shapeDist.at(-1) as number) - (shapeDist[0] as number)) : 0;
    let previous = 0;
    return stops.map((stop, index) => {
      const along = usable
        ? Math.max(previous, Math.min(this.length, ((stop.distTraveled as number) - (shapeDist[0] as number)) * scale))
        : Math.max(previous, this.snap(stop.lat, stop.lon, previous, STOP_REACH_M).along);
      previous = along;
      return { ...stop, along, index };
    });
  }

  /**
   * The part of the path from a stop to a later one, as the rules name it: the first time the trip serves
   * `fromStopId`, then the first time after that it serves `toStopId` (a loop may serve a stop twice).
   */
  span(fromStopId: string, toStopId: string): [PlacedStop, PlacedStop] | undefined {
    const from = this.stops.find((s) => s.stopId === fromStopId);
    const to = from && this.stops.find((s) => s.index > from.index && s.stopId === toStopId);
    return from && to ? [from, to] : undefined;
  }

  /** The two consecutive stops around `along`, or undefined before the first stop or after the last. */
  enclosingStops(along: number): [PlacedStop, PlacedStop] | undefined {
    const { stops } = this;
    if (stops.length < 2 || along < stops[0]!.along || along > stops.at(-1)!.along) return undefined;
    let lo = 0;
    let hi = stops.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (stops[mid]!.along <= along) lo = mid;
      else hi = mid;
    }
    return [stops[lo]!, stops[hi]!];
  }

  /** Metres from `along` to the nearest stop, measured along the path. */
  distanceToNearestStop(along: number): number {
    const { stops } = this;
    if (stops.length === 0) return Number.POSITIVE_INFINITY;
    // The stops are in order along the path: the nearest is one of the two around `along`.
    let lo = 0;
    let hi = stops.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (stops[mid]!.along <= along) lo = mid;
      else hi = mid;
    }
    return Math.min(Math.abs(stops[lo]!.along - along), Math.abs(stops[hi]!.along - along));
  }
}
