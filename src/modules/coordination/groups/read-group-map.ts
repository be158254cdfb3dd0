import { sql } from 'kysely';
import { defineOperation } from '../../../platform/access/operation.js';
import { reportPointsNearPlaces } from '../../reports/reports-near.js';
import { requireMembership } from './group-access.js';
import { placeCircles, placeSeries } from './place-series.js';

/** How far around its places the map shows the reports of the group's categories. */
export const AROUND_M = 500;

/**
 * What the group's map draws: the group's territory (else the tenant's commune outline), its places with their
 * radius, the points of reports of its categories around them over the window (no id, no text), and per place the
 * window's totals. Members only, audited: the map image is group content like the page.
 */
export const readGroupMap = defineOperation({
  name: 'coordination.read-group-map',
  permission: 'coordination.groups',
  async run({ tx, tenant, clock, actor, audit }, input: { groupId: string }) {
    const group = await requireMembership(tx, actor, input.groupId);
    const outline = await tx
      .selectFrom('territories')
      .select(sql<string | null>`ST_AsGeoJSON(ST_Multi(ST_Union(geom)), 6)`.as('geojson'))
      .where(sql<boolean>`tenant_id = quietude_tenant()`)
      .where((eb) => (group.territory_id ? eb('id', '=', group.territory_id) : eb('kind', '=', 'commune')))
      .executeTakeFirst();
    const places = await placeCircles(tx, group.id);
    const { from, byPlace } = await placeSeries(tx, tenant, group, places, clock.now());
    const reports = await reportPointsNearPlaces(tx, places, group.report_category_ids, from, AROUND_M);
    audit({ entityType: 'coordination-group', entityId: group.id, fields: ['map'] });
    const sum = (values: number[] | null) => (values ? values.reduce((a, b) => a + b, 0) : null);
    return {
      group,
      outline: outline?.geojson ? (JSON.parse(outline.geojson) as GeoJSON.MultiPolygon) : null,
      places: places.map((p) => ({
        ...p,
        reports: sum(byPlace.get(p.id)?.reports ?? []) ?? 0,
        police: sum(byPlace.get(p.id)?.police ?? null),
      })),
      reports,
    };
  },
});

export type GroupMapView = Awaited<ReturnType<typeof readGroupMap>>;
