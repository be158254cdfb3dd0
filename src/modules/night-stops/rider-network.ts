import type { Tx } from '../../db/database.js';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import { listPlaces, type NamedPlace } from './named-places.js';
import { findActiveFeed, type Line, lineGeometry, listLines } from './night-network.js';
import { listSections, type NightStopSettings, readSettings, type SectionRow } from './night-rules.js';
import type { RouteGeometry } from './route-geometry.js';
import { linesRunningOn } from './running-lines.js';

/** What the rider's page shows: the active feed's lines, their paths, the rules, the named places. */
export interface RiderNetwork {
  lines: Line[];
  sections: SectionRow[];
  settings: NightStopSettings;
  /** By "route|direction". */
  geometries: Map<string, RouteGeometry>;
  /** "route|direction" with a trip tonight. */
  running: Set<string>;
  places: NamedPlace[];
  hasStopTimes: boolean;
}

export async function loadRiderNetwork(tx: Tx, night: { date: string; weekday: number }): Promise<RiderNetwork | undefined> {
  const feed = await findActiveFeed(tx);
  if (!feed) return undefined;
  const lines = await listLines(tx, feed.id);
  const geometries = new Map<string, RouteGeometry>();
  // Without stop_times.txt there are no stops along the lines: the page says so instead of failing.
  if (feed.hasStopTimes)
    for (const line of lines)
      for (const { directionId } of line.directions)
        geometries.set(`${line.routeId}|${directionId}`, await lineGeometry(tx, feed, line.routeId, directionId));
  return {
    lines,
    sections: await listSections(tx),
    settings: await readSettings(tx),
    geometries,
    running: await linesRunningOn(tx, feed.id, night.date, night.weekday),
    places: await listPlaces(tx),
    hasStopTimes: feed.hasStopTimes,
  };
}

/**
 * An address in the authority's own index, else in its communes' (a transport authority rarely loads the
 * addresses of every commune it serves: its communes do).
 */
export async function searchAddress(deps: AppDeps, tenant: Tenant, address: string) {
  const [own] = await deps.geocoder.search(tenant, address, 1).catch(() => []);
  if (own) return own;
  const codes = await withTenant(deps.database.db, tenant.id, (tx) =>
    tx.selectFrom('territories').select('code').where('kind', '=', 'commune').execute(),
  );
  const communes = codes.length
    ? await deps.database.db
        .selectFrom('tenants')
        .selectAll()
        .where(
          'insee_code',
          'in',
          codes.map((c) => c.code),
        )
        .execute()
    : [];
  for (const commune of communes) {
    const [found] = await deps.geocoder.search(commune, address, 1).catch(() => []);
    if (found) return found;
  }
  return undefined;
}
