import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../platform/clock/clock.js';
import { ALWAYS_OPEN, OpeningSchedule, wallClock } from './opening-schedule.js';
import { listPublicPlaces, type PublicPlaceRow } from './place-queries.js';

/** A place leaves the public list when its hours were not confirmed for this long (tenant setting later). */
/** Open places are looked for up to this far; a point farther from every place is "outside the network". */
const SEARCH_KM = 20;
/** « Rien d'ouvert à moins de 1 km »: past this, the answer says so and lists the places opening soonest. */
export const NEAR_METRES = 1000;

export interface IndexedPlace extends PublicPlaceRow {
  schedule: OpeningSchedule;
  /**
   * The temporary closure as wall-clock ms (`wallClock`): closed from the first instant of
   * `closed_from` (Infinity: no closure) to the last of `closed_until` (Infinity: open-ended).
   */
  closedFromWall: number;
  closedUntilWall: number;
}

interface TenantNetwork {
  /** The places, and the grid that finds them (undefined when there is none). */
  places: IndexedPlace[];
  grid: PlaceGrid | undefined;
  zone: string;
  confirmationMonths: number;
  validFrom: number;
  validUntil: number;
}

export interface NearestQuery {
  lat: number;
  lon: number;
  at: Date;
  limit: number;
}

export interface NearestPlace {
  place: IndexedPlace;
  distanceM: number;
  openUntil?: string;
  minutesUntilClose?: number;
  /** Local wall clock, "YYYY-MM-DDTHH:MM". */
  opensAt?: string;
  opensAtWall?: number;
}

export interface NearestAnswer {
  open: NearestPlace[];
  openingSoon: NearestPlace[];
  message?: 'none-open-nearby' | 'outside-network';
}

const KM_PER_LAT = 110.574;
/** A network's grid has at most this many cells a side (a stray point far away makes cells larger, not more numerous). */
const MAX_CELLS_PER_SIDE = 1024;

/** Great-circle distance in metres (the « à vol d'oiseau » of the pages). */
export function haversineMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(a));
}

const DAY = 86_400_000;
/** Sorting ties by name as `localeCompare(…, 'fr')` does, with the collator built once. */
const byNameFr = new Intl.Collator('fr').compare;
/** Midnight (UTC fields) of a "YYYY-MM-DD" date, the unit of `wallClock`; `absent` when there is no date. */
const dayStart = (date: string | null, absent: number) => (date === null ? absent : Date.parse(`${date}T00:00:00Z`));

/**
 * The public finder's index, in memory: per tenant, the active places with
 * their hours parsed once and the coming days' open intervals precomputed, in a
 * grid of cells (`PlaceGrid`). Built at start; a tenant's network is rebuilt after every edit made
 * here (so the very next answer shows it), after every edit made by another instance (`IndexChanges`:
 * a notification, or the version check that catches a lost one) and when a request's time leaves the
 * precomputed window.
 */
export class SafePlaceIndex {
  private networks = new Map<string, TenantNetwork>();
  private loaded = false;
  /** Rebuilds started so far, and per tenant the one whose network is kept (see refresh). */
  private rebuilds = 0;
  private readonly latest = new Map<string, number>();
  /** Places left out because their stored hours could not be read (checked on save; this guards old rows). */
  skipped: { id: string; reason: string }[] = [];

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    /** The tenant's zone and its setting: hours unconfirmed for this many months leave the public list. */
    private readonly tenantOf: (tenantId: string) => Promise<{ zone: string; confirmationMonths: number }>,
  ) {}

  /** Loads every tenant's public network at once. */
  async load(): Promise<void> {
    const started = ++this.rebuilds;
    const rows = await listPublicPlaces(this.db);
    const byTenant = new Map<string, PublicPlaceRow[]>();
    for (const row of rows) {
      const list = byTenant.get(row.tenant_id);
      if (list) list.push(row);
      else byTenant.set(row.tenant_id, [row]);
    }
    const networks = new Map<string, TenantNetwork>();
    for (const [tenantId, tenantRows] of byTenant)
      networks.set(tenantId, this.build(tenantRows, await this.tenantOf(tenantId), this.clock.now()));
    // A tenant rebuilt while this load ran keeps that newer network.
    for (const tenantId of new Set([...networks.keys(), ...this.latest.keys()])) {
      const newer = this.networks.get(tenantId);
      if ((this.latest.get(tenantId) ?? 0) > started) {
        if (newer) networks.set(tenantId, newer);
      } else this.latest.set(tenantId, started);
    }
    this.networks = networks;
    this.loaded = true;
  }

  /** Loads the index if the first attempt (at start) could not reach the database. */
  async ensureLoaded(): Promise<void> {
    if (!this.loaded) await this.load();
  }

  /**
   * Rebuilds one tenant's network from the database (after an edit here, or another instance's: ADR 0008).
   * Rebuilds may overlap (this instance's edit and the notification of it): a rebuild that started
   * earlier read older rows, so it never replaces one that started later.
   */
  async refresh(tenantId: string): Promise<void> {
    const started = ++this.rebuilds;
    const network = this.build(await listPublicPlaces(this.db, tenantId), await this.tenantOf(tenantId), this.clock.now());
    if ((this.latest.get(tenantId) ?? 0) > started) return;
    this.latest.set(tenantId, started);
    this.networks.set(tenantId, network);
  }

  size(): number {
    let n = 0;
    for (const network of this.networks.values()) n += network.places.length;
    return n;
  }

  private build(
    rows: PublicPlaceRow[],
    { zone, confirmationMonths }: { zone: string; confirmationMonths: number },
    from: Date,
  ): TenantNetwork {
    const confirmedSince = new Date(from);
    confirmedSince.setUTCMonth(confirmedSince.getUTCMonth() - confirmationMonths);
    const since = confirmedSince.toISOString().slice(0, 10);
    const places: IndexedPlace[] = [];
    // Many places share the same hours ("Mo-Sa 09:00-19:00"): parse each distinct string once.
    const schedules = new Map<string, OpeningSchedule>();
    for (const row of rows) {
      if (row.hours_confirmed_on === null || row.hours_confirmed_on < since) continue;
      try {
        let schedule = schedules.get(row.opening_hours);
        if (!schedule) {
          schedule = new OpeningSchedule(row.opening_hours, zone, from);
          schedules.set(row.opening_hours, schedule);
        }
        places.push({
          ...row,
          schedule,
          closedFromWall: dayStart(row.closed_from, Number.POSITIVE_INFINITY),
          closedUntilWall: dayStart(row.closed_until, Number.POSITIVE_INFINITY - DAY) + DAY,
        });
      } catch (error) {
        // One unreadable row must not take the whole network down: leave it out and say which.
        this.skipped.push({ id: row.id, reason: (error as Error).message });
      }
    }
    const grid = places.length ? new PlaceGrid(places) : undefined;
    const validFrom = from.getTime() - DAY;
    let validUntil = from.getTime() + 7 * DAY;
    for (const schedule of schedules.values()) validUntil = Math.min(validUntil, schedule.coversUntil().getTime());
    return { places: grid ? grid.places : places, grid, zone, confirmationMonths, validFrom, validUntil };
  }

  /** The network of a tenant, precomputed around `at` (rebuilt from memory when `at` left the window). */
  private networkAt(tenantId: string, at: Date): TenantNetwork | undefined {
    const network = this.networks.get(tenantId);
    if (!network) return undefined;
    if (at.getTime() >= network.validFrom && at.getTime() < network.validUntil) return network;
    const rebuilt = this.build(network.places, network, at);
    // Keep a window around "now"; an `at=` far from it gets its own, not kept.
    if (Math.abs(at.getTime() - this.clock.now().getTime()) < 86_400_000) this.networks.set(tenantId, rebuilt);
    return rebuilt;
  }

  /** Open now, nearest first (then by name); and, when nothing is open nearby, those opening soonest. */
  nearest(tenantId: string, query: NearestQuery): NearestAnswer {
    const network = this.networkAt(tenantId, query.at);
    const grid = network?.grid;
    if (!grid) return { open: [], openingSoon: [], message: 'outside-network' };
    // The tenant's wall clock, read once: every place is then asked with plain numbers.
    const wall = wallClock(query.at, network.zone);
    const { places } = grid;
    const describe = (j: number): NearestPlace => {
      const place = places[j] as IndexedPlace;
      const distanceM = Math.round(haversineMetres(query.lat, query.lon, place.lat, place.lon));
      // Every field set here, in one order: the objects keep one shape (no later field migrations).
      return { place, distanceM, openUntil: undefined, minutesUntilClose: undefined, opensAt: undefined, opensAtWall: undefined };
    };

    // A few more than asked, so that ties in distance are ordered by name.
    const found = grid.nearest(query.lat, query.lon, query.limit + 5, SEARCH_KM, OPEN, wall);
    // Nothing open within reach: is there any place at all?
    if (found.length === 0 && grid.nearest(query.lat, query.lon, 1, SEARCH_KM, ANY, wall).length === 0)
      return { open: [], openingSoon: [], message: 'outside-network' };
    const open = found.map(describe).sort(byDistanceThenName).slice(0, query.limit);
    for (const n of open) {
      const until = n.place.schedule.openUntilWall(wall);
      n.openUntil = until && until.label !== ALWAYS_OPEN ? until.label : undefined;
      n.minutesUntilClose = n.place.schedule.minutesUntilCloseWall(query.at, wall);
    }
    if (open.length > 0 && (open[0] as NearestPlace).distanceM <= NEAR_METRES) return { open, openingSoon: [] };

    const openingSoon: NearestPlace[] = [];
    for (const j of grid.nearest(query.lat, query.lon, 50, 5, NOT_OPEN, wall)) {
      if (grid.closedAt(j, wall)) continue;
      const next = grid.places[j]?.schedule.nextOpeningWall(wall);
      if (!next) continue;
      const n = describe(j);
      n.opensAt = `${next.day}T${next.label}`;
      n.opensAtWall = next.wall;
      openingSoon.push(n);
    }
    openingSoon.sort((a, b) => (a.opensAtWall as number) - (b.opensAtWall as number) || byDistanceThenName(a, b));
    return { open, openingSoon: openingSoon.slice(0, query.limit), message: 'none-open-nearby' };
  }
}

const byDistanceThenName = (a: NearestPlace, b: NearestPlace) =>
  a.distanceM - b.distanceM || byNameFr(a.place.name, b.place.name);

/** What a grid search keeps: every place, the open ones, the others. */
const ANY = 0;
const OPEN = 1;
const NOT_OPEN = 2;
type Wanted = typeof ANY | typeof OPEN | typeof NOT_OPEN;

/**
 * A tenant's places in square cells of local kilometres (about two places a cell if they were spread
 * evenly), for « the k nearest open now ». The places are stored cell by cell, and what a search reads of
 * them (position, temporary closure, which schedule) sits in flat arrays in that order, so that a search
 * touches little memory. A search looks at the cells ring by ring around the point and stops when the
 * next ring cannot hold anything nearer than the k-th found; the hours are asked only of places near
 * enough to enter the list, once per distinct schedule and wall clock. Distances are squared Euclidean
 * ones in those kilometres: the order of an R-tree over the same coordinates (Flatbush's, which this replaces).
 */
export class PlaceGrid {
  /** The places, cell by cell: a search answers indexes into this array. */
  readonly places: IndexedPlace[];
  private readonly kmPerLon: number;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly closedFrom: Float64Array;
  private readonly closedUntil: Float64Array;
  private readonly scheduleOf: Int32Array;
  private readonly schedules: OpeningSchedule[] = [];
  /** Whether each schedule is open at `memoWall` (`memoStamp[s] === stamp`: known). */
  private readonly memoStamp: Uint32Array;
  private readonly memoOpen: Uint8Array;
  private memoWall = Number.NaN;
  private stamp = 0;
  private readonly minX: number;
  private readonly minY: number;
  private readonly cell: number;
  private readonly cols: number;
  private readonly rows: number;
  /** Places of cell c are `cellStart[c]` … `cellStart[c + 1] - 1`; cells row by row. */
  private readonly cellStart: Int32Array;
  /** The k best so far of a search (squared distance, place), reused: searches are synchronous. */
  private bestD = new Float64Array(64);
  private bestJ = new Int32Array(64);

  constructor(places: IndexedPlace[]) {
    const n = places.length;
    const meanLat = n ? places.reduce((sum, p) => sum + p.lat, 0) / n : 45;
    this.kmPerLon = 111.32 * Math.cos((meanLat * Math.PI) / 180);
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (const p of places) {
      minX = Math.min(minX, p.lon * this.kmPerLon);
      maxX = Math.max(maxX, p.lon * this.kmPerLon);
      minY = Math.min(minY, p.lat * KM_PER_LAT);
      maxY = Math.max(maxY, p.lat * KM_PER_LAT);
    }
    const width = maxX - minX;
    const height = maxY - minY;
    const cell = Math.max(
      Math.sqrt((2 * width * height) / Math.max(n, 1)),
      width / MAX_CELLS_PER_SIDE,
      height / MAX_CELLS_PER_SIDE,
      0.01,
    );
    const cols = Math.floor(width / cell) + 1;
    const rows = Math.floor(height / cell) + 1;
    this.minX = minX;
    this.minY = minY;
    this.cell = cell;
    this.cols = cols;
    this.rows = rows;

    // Counting sort of the places by cell.
    const cellOf = new Int32Array(n);
    const cellStart = new Int32Array(cols * rows + 1);
    for (const [i, p] of places.entries()) {
      const cx = Math.min(cols - 1, Math.floor((p.lon * this.kmPerLon - minX) / cell));
      const cy = Math.min(rows - 1, Math.floor((p.lat * KM_PER_LAT - minY) / cell));
      cellOf[i] = cy * cols + cx;
      (cellStart[cy * cols + cx + 1] as number)++;
    }
    for (let c = 0; c < cols * rows; c++) (cellStart[c + 1] as number) += cellStart[c] as number;
    this.cellStart = cellStart;
    const next = cellStart.slice(0, -1);
    this.places = new Array(n);
    for (const [i, p] of places.entries()) this.places[(next[cellOf[i] as number] as number)++] = p;

    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    this.closedFrom = new Float64Array(n);
    this.closedUntil = new Float64Array(n);
    this.scheduleOf = new Int32Array(n);
    const scheduleIds = new Map<OpeningSchedule, number>();
    for (const [j, p] of this.places.entries()) {
      this.xs[j] = p.lon * this.kmPerLon;
      this.ys[j] = p.lat * KM_PER_LAT;
      this.closedFrom[j] = p.closedFromWall;
      this.closedUntil[j] = p.closedUntilWall;
      let id = scheduleIds.get(p.schedule);
      if (id === undefined) {
        id = this.schedules.length;
        scheduleIds.set(p.schedule, id);
        this.schedules.push(p.schedule);
      }
      this.scheduleOf[j] = id;
    }
    this.memoStamp = new Uint32Array(this.schedules.length);
    this.memoOpen = new Uint8Array(this.schedules.length);
  }

  /** Whether place j is temporarily closed at wall clock `wall`. */
  closedAt(j: number, wall: number): boolean {
    return (this.closedFrom[j] as number) <= wall && wall < (this.closedUntil[j] as number);
  }

  /** Whether place j is open at wall clock `wall` (its hours, and no temporary closure). */
  openAt(j: number, wall: number): boolean {
    if (this.closedAt(j, wall)) return false;
    if (wall !== this.memoWall) {
      this.memoWall = wall;
      if (++this.stamp === 0xffffffff) {
        this.memoStamp.fill(0);
        this.stamp = 1;
      }
    }
    const s = this.scheduleOf[j] as number;
    if (this.memoStamp[s] !== this.stamp) {
      this.memoStamp[s] = this.stamp;
      this.memoOpen[s] = (this.schedules[s] as OpeningSchedule).isOpenAtWall(wall) ? 1 : 0;
    }
    return this.memoOpen[s] === 1;
  }

  /**
   * Up to `k` places within `maxKm` of (lat, lon) — all, the open ones or the others at wall clock `wall` —
   * nearest first (equal distances: the one met first).
   */
  nearest(lat: number, lon: number, k: number, maxKm: number, wanted: Wanted, wall: number): number[] {
    const { xs, ys, cellStart, cols, rows, cell } = this;
    if (this.bestD.length < k) {
      this.bestD = new Float64Array(k);
      this.bestJ = new Int32Array(k);
    }
    const { bestD, bestJ } = this;
    const x = lon * this.kmPerLon;
    const y = lat * KM_PER_LAT;
    let count = 0;
    const maxD2 = maxKm * maxKm;
    /** Considers the places from … to − 1. */
    const scan = (from: number, to: number) => {
      for (let j = from; j < to; j++) {
        const dx = (xs[j] as number) - x;
        const dy = (ys[j] as number) - y;
        const d = dx * dx + dy * dy;
        if (d > maxD2 || (count === k && d >= (bestD[k - 1] as number))) continue;
        if (wanted !== ANY && this.openAt(j, wall) !== (wanted === OPEN)) continue;
        let at = count < k ? count++ : k - 1;
        while (at > 0 && (bestD[at - 1] as number) > d) {
          bestD[at] = bestD[at - 1] as number;
          bestJ[at] = bestJ[at - 1] as number;
          at--;
        }
        bestD[at] = d;
        bestJ[at] = j;
      }
    };
    const gx = (x - this.minX) / cell;
    const gy = (y - this.minY) / cell;
    // A point far outside the grid is clamped (its rings then only grow faster than they need to).
    const cx = Math.floor(Math.max(-1e6, Math.min(1e6, gx)));
    const cy = Math.floor(Math.max(-1e6, Math.min(1e6, gy)));
    // Distance from the point to the nearest side of its own cell: ring r ≥ 1 is at least (r − 1) cells + this away.
    const inner = Math.max(0, Math.min(gx - cx, cx + 1 - gx, gy - cy, cy + 1 - gy)) * cell;
    // Rings before this one do not touch the grid.
    const first = Math.max(0, -cx, cx - (cols - 1), -cy, cy - (rows - 1));
    for (let r = first; ; r++) {
      const gap = r === 0 ? 0 : (r - 1) * cell + inner;
      if (gap > maxKm || (count === k && gap * gap >= (bestD[k - 1] as number))) break;
      const x0 = cx - r;
      const x1 = cx + r;
      const y0 = cy - r;
      const y1 = cy + r;
      if (x0 < 0 && x1 >= cols && y0 < 0 && y1 >= rows) break; // the ring is all outside: nothing left
      const xa = Math.max(x0, 0);
      const xb = Math.min(x1, cols - 1);
      if (xa <= xb) {
        if (y0 >= 0 && y0 < rows) scan(cellStart[y0 * cols + xa] as number, cellStart[y0 * cols + xb + 1] as number);
        if (r > 0 && y1 >= 0 && y1 < rows) scan(cellStart[y1 * cols + xa] as number, cellStart[y1 * cols + xb + 1] as number);
      }
      const left = x0 >= 0 && x0 < cols;
      const right = r > 0 && x1 >= 0 && x1 < cols;
      if (!left && !right) continue;
      for (let row = Math.max(y0 + 1, 0), last = Math.min(y1 - 1, rows - 1); row <= last; row++) {
        if (left) scan(cellStart[row * cols + x0] as number, cellStart[row * cols + x0 + 1] as number);
        if (right) scan(cellStart[row * cols + x1] as number, cellStart[row * cols + x1 + 1] as number);
      }
    }
    return Array.from(bestJ.subarray(0, count));
  }
}
