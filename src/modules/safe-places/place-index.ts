import Flatbush from 'flatbush';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../platform/clock/clock.js';
import { ALWAYS_OPEN, OpeningSchedule, wallClock } from './opening-schedule.js';
import { listPublicPlaces, type PublicPlaceRow } from './place-queries.js';

/** A place leaves the public list when its hours were not confirmed for this long (tenant setting later). */
const CONFIRMATION_MONTHS = 6;
/** Open places are looked for up to this far; a point farther from every place is "outside the network". */
const SEARCH_KM = 20;
/** « Rien d'ouvert à moins de 1 km »: past this, the answer says so and lists the places opening soonest. */
export const NEAR_METRES = 1000;

export interface IndexedPlace extends PublicPlaceRow {
  schedule: OpeningSchedule;
}

interface TenantNetwork {
  places: IndexedPlace[];
  tree: Flatbush | undefined;
  /** Kilometres per degree of longitude at the network's latitude: the tree works in local kilometres. */
  kmPerLon: number;
  zone: string;
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

/** Great-circle distance in metres (the « à vol d'oiseau » of the pages). */
export function haversineMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(a));
}

const dayOf = (wall: number) => new Date(wall).toISOString().slice(0, 10);

/**
 * The public finder's index, in memory: per tenant, the active places with
 * their hours parsed once and the coming days' open intervals precomputed, in a
 * Flatbush tree. Built at start; a tenant's network is rebuilt after every edit
 * (so the very next answer shows it) and when a request's time leaves the
 * precomputed window.
 */
export class SafePlaceIndex {
  private networks = new Map<string, TenantNetwork>();
  private loaded = false;
  /** Places left out because their stored hours could not be read (checked on save; this guards old rows). */
  skipped: { id: string; reason: string }[] = [];

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly zoneOf: (tenantId: string) => Promise<string>,
  ) {}

  /** Loads every tenant's public network at once. */
  async load(): Promise<void> {
    const rows = await listPublicPlaces(this.db);
    const byTenant = new Map<string, PublicPlaceRow[]>();
    for (const row of rows) {
      const list = byTenant.get(row.tenant_id);
      if (list) list.push(row);
      else byTenant.set(row.tenant_id, [row]);
    }
    const networks = new Map<string, TenantNetwork>();
    for (const [tenantId, tenantRows] of byTenant)
      networks.set(tenantId, this.build(tenantRows, await this.zoneOf(tenantId), this.clock.now()));
    this.networks = networks;
    this.loaded = true;
  }

  /** Loads the index if the first attempt (at start) could not reach the database. */
  async ensureLoaded(): Promise<void> {
    if (!this.loaded) await this.load();
  }

  /** Rebuilds one tenant's network from the database (after an edit). */
  async refresh(tenantId: string): Promise<void> {
    this.networks.set(
      tenantId,
      this.build(await listPublicPlaces(this.db, tenantId), await this.zoneOf(tenantId), this.clock.now()),
    );
  }

  size(): number {
    let n = 0;
    for (const network of this.networks.values()) n += network.places.length;
    return n;
  }

  private build(rows: PublicPlaceRow[], zone: string, from: Date): TenantNetwork {
    const confirmedSince = new Date(from);
    confirmedSince.setUTCMonth(confirmedSince.getUTCMonth() - CONFIRMATION_MONTHS);
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
        places.push({ ...row, schedule });
      } catch (error) {
        // One unreadable row must not take the whole network down: leave it out and say which.
        this.skipped.push({ id: row.id, reason: (error as Error).message });
      }
    }
    const meanLat = places.length ? places.reduce((sum, p) => sum + p.lat, 0) / places.length : 45;
    const kmPerLon = 111.32 * Math.cos((meanLat * Math.PI) / 180);
    let tree: Flatbush | undefined;
    if (places.length) {
      tree = new Flatbush(places.length);
      for (const p of places) tree.add(p.lon * kmPerLon, p.lat * KM_PER_LAT);
      tree.finish();
    }
    const validFrom = from.getTime() - 86_400_000;
    const validUntil = Math.min(...places.map((p) => p.schedule.coversUntil().getTime()), from.getTime() + 7 * 86_400_000);
    return { places, tree, kmPerLon, zone, validFrom, validUntil };
  }

  /** The network of a tenant, precomputed around `at` (rebuilt from memory when `at` left the window). */
  private networkAt(tenantId: string, at: Date): TenantNetwork | undefined {
    const network = this.networks.get(tenantId);
    if (!network) return undefined;
    if (at.getTime() >= network.validFrom && at.getTime() < network.validUntil) return network;
    const rebuilt = this.build(network.places, network.zone, at);
    // Keep a window around "now"; an `at=` far from it gets its own, not kept.
    if (Math.abs(at.getTime() - this.clock.now().getTime()) < 86_400_000) this.networks.set(tenantId, rebuilt);
    return rebuilt;
  }

  /** Open now, nearest first (then by name); and, when nothing is open nearby, those opening soonest. */
  nearest(tenantId: string, query: NearestQuery): NearestAnswer {
    const network = this.networkAt(tenantId, query.at);
    if (!network?.tree) return { open: [], openingSoon: [], message: 'outside-network' };
    const { places, tree, kmPerLon, zone } = network;
    const today = dayOf(wallClock(query.at, zone));
    const closedToday = (p: IndexedPlace) =>
      p.closed_from !== null && p.closed_from <= today && (p.closed_until === null || today <= p.closed_until);
    const isOpen = (p: IndexedPlace) => !closedToday(p) && p.schedule.isOpenAt(query.at);
    const x = query.lon * kmPerLon;
    const y = query.lat * KM_PER_LAT;
    const describe = (i: number): NearestPlace => {
      const place = places[i] as IndexedPlace;
      return { place, distanceM: Math.round(haversineMetres(query.lat, query.lon, place.lat, place.lon)) };
    };
    const byDistanceThenName = (a: NearestPlace, b: NearestPlace) =>
      a.distanceM - b.distanceM || a.place.name.localeCompare(b.place.name, 'fr');

    const within = tree.neighbors(x, y, 1, SEARCH_KM);
    if (within.length === 0) return { open: [], openingSoon: [], message: 'outside-network' };

    // A few more than asked, so that ties in distance are ordered by name.
    const open = tree
      .neighbors(x, y, query.limit + 5, SEARCH_KM, (i) => isOpen(places[i] as IndexedPlace))
      .map(describe)
      .sort(byDistanceThenName)
      .slice(0, query.limit)
      .map((n) => {
        const until = n.place.schedule.openUntil(query.at);
        return {
          ...n,
          openUntil: until && until.label !== ALWAYS_OPEN ? until.label : undefined,
          minutesUntilClose: n.place.schedule.minutesUntilClose(query.at),
        };
      });
    if (open.length > 0 && (open[0] as NearestPlace).distanceM <= NEAR_METRES) return { open, openingSoon: [] };

    const openingSoon = tree
      .neighbors(x, y, 50, 5, (i) => !isOpen(places[i] as IndexedPlace))
      .map(describe)
      .map((n) => {
        const next = closedToday(n.place) ? undefined : n.place.schedule.nextOpening(query.at);
        return { ...n, opensAt: next ? `${next.day}T${next.label}` : undefined, opensAtWall: next?.wall };
      })
      .filter((n) => n.opensAtWall !== undefined)
      .sort((a, b) => (a.opensAtWall as number) - (b.opensAtWall as number) || byDistanceThenName(a, b))
      .slice(0, query.limit);
    return { open, openingSoon, message: 'none-open-nearby' };
  }
}
