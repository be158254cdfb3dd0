import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { policeCountsNearPlaces } from '../../police/main-courante/entries-near.js';
import { readInstant } from '../../police/main-courante/local-time.js';
import { localMoment } from '../../prevention/orders/order-time.js';
import { type PlaceCircle, reportCountsNearPlaces } from '../../reports/reports-near.js';
import type { MemberGroup } from './group-access.js';
import { monthsUpTo } from './place-figures.js';

/** Whether the group's figures include the municipal police's counts: the tenant runs it and the police agreed. */
export const policeShared = (tenant: Tenant, group: Pick<MemberGroup, 'shares_police_data'>) =>
  tenant.programmes.includes('police') && group.shares_police_data;

/** The window's months and its first instant, in the tenant's zone. */
export function windowOf(now: Date, zone: string) {
  const months = monthsUpTo(localMoment(now, zone).date);
  return { months, from: readInstant(`${months[0]}-01T00:00`, zone) as Date };
}

/** The group's places as circles (the shape reports and police counts are read with). */
export async function placeCircles(tx: Tx, groupId: string, placeId?: string) {
  let query = tx
    .selectFrom('coordination_group_places')
    .select(['id', 'name', 'radius_m', 'closed_on', sql<number>`ST_Y(geom)`.as('lat'), sql<number>`ST_X(geom)`.as('lon')])
    .where('group_id', '=', groupId)
    .orderBy('name')
    .orderBy('id');
  if (placeId) query = query.where('id', '=', placeId);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, lat: Number(r.lat), lon: Number(r.lon), radiusM: r.radius_m }));
}

/**
 * Per place, month by month over the window: reports of the group's categories within the place's radius, and
 * the police's entries when shared (else null). Mediation is never a source: no query here reads its tables.
 */
export async function placeSeries(tx: Tx, tenant: Tenant, group: MemberGroup, places: PlaceCircle[], now: Date) {
  const { months, from } = windowOf(now, tenant.time_zone);
  const circles = places.map(({ id, lat, lon, radiusM }) => ({ id, lat, lon, radiusM }));
  const reports = await reportCountsNearPlaces(tx, circles, group.report_category_ids, from, tenant.time_zone);
  const police = policeShared(tenant, group) ? await policeCountsNearPlaces(tx, circles, from, tenant.time_zone) : null;
  const series = (rows: { placeId: string; month: string; count: number }[], placeId: string) =>
    months.map((m) => rows.find((r) => r.placeId === placeId && r.month === m)?.count ?? 0);
  return {
    months,
    from,
    byPlace: new Map(
      places.map((p) => [p.id, { reports: series(reports, p.id), police: police ? series(police, p.id) : null }] as const),
    ),
  };
}
