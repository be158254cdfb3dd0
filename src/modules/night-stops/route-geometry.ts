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

  /** The projection of (x, y) on segment i: its squared distance and metres along the path. */
  private project(i: number, x: number, y: number): { d2: number; along: number } {
    const x1 = this.xs[i]!;
    const y1 = this.ys[i]!;
    const dx = this.xs[i + 1]! - x1;
    const dy = this.ys[i + 1]! - y1;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / len2)) : 0;
    const px = x1 + t * dx - x;
    const py = y1 + t * dy - y;
    return { d2: px * px + py * py, along: this.cumulative[i]! + t * Math.sqrt(len2) };
  }

  /**
   * The nearest point of the path, through the segment index: the nearest segment box gives an upper bound,
   * then every segment whose box lies within it (plus SAME_PLACE_M, and at least `reach` metres) is measured
   * exactly. Only passes from `from` metres on count when there are some within reach (a stop comes after the
   * one before it); where the path passes nearly as close more than once, the earliest pass wins.
   */
  snap(lat: number, lon: number, from = 0, reach = 0): SnappedPoint {
    const [x, y] = this.toXY(lat, lon);
    const [first] = this.index.neighbors(x, y, 1);
    const bound = Math.max(reach, Math.sqrt(this.project(first!, x, y).d2) + SAME_PLACE_M);
    const candidates = this.index.search(x - bound, y - bound, x + bound, y + bound);
    return this.choose(
      candidates.map((i) => this.project(i, x, y)),
      from,
    );
  }

  /** `snap` by measuring every segment: the reference the index is checked and timed against. */
  snapByScan(lat: number, lon: number, from = 0): SnappedPoint {
    const [x, y] = this.toXY(lat, lon);
    const all: { d2: number; along: number }[] = [];
    for (let i = 0; i < this.xs.length - 1; i++) all.push(this.project(i, x, y));
    return this.choose(all, from);
  }

  private choose(projections: { d2: number; along: number }[], from: number): SnappedPoint {
    // A stop's projection may fall a little before the previous stop's (both at one spot): allow some slack.
    const after = from > 0 ? projections.filter((p) => p.along >= from - SAME_PLACE_M) : projections;
    const pool = after.length > 0 ? after : projections;
    let best = Number.POSITIVE_INFINITY;
    for (const p of pool) best = Math.min(best, p.d2);
    const near = Math.sqrt(best) + SAME_PLACE_M;
    let chosen = pool[0]!;
    for (const p of pool) if (Math.sqrt(p.d2) <= near && (Math.sqrt(chosen.d2) > near || p.along < chosen.along)) chosen = p;
    const point = this.pointAt(chosen.along);
    return { ...point, along: chosen.along, offsetM: Math.sqrt(chosen.d2) };
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
    let best = Number.POSITIVE_INFINITY;
    for (const stop of this.stops) best = Math.min(best, Math.abs(stop.along - along));
    return best;
  }
}
