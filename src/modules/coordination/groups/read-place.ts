import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import { isUuid, requireMembership } from './group-access.js';
import { beforeAfter } from './place-figures.js';
import { placeCircles, placeSeries, policeShared } from './place-series.js';

/**
 * A place of concern as its page shows it: where it is, the actions taken there and when, and the reports (and,
 * when shared, police entries) month by month with the averages before and after the first action. Members only,
 * audited.
 */
export const readPlace = defineOperation({
  name: 'coordination.read-group-place',
  permission: 'coordination.groups',
  async run({ tx, tenant, clock, actor, audit }, input: { groupId: string; placeId: string }) {
    const group = await requireMembership(tx, actor, input.groupId);
    const place = isUuid(input.placeId)
      ? await tx
          .selectFrom('coordination_group_places')
          .select(['id', 'name', 'radius_m', 'origin', 'opened_on', 'closed_on', 'report_id'])
          .where('id', '=', input.placeId)
          .where('group_id', '=', group.id)
          .executeTakeFirst()
      : undefined;
    if (!place) throw new AppError('not_found', 'Place not found');
    const [circle] = await placeCircles(tx, group.id, place.id);
    const actions = await tx
      .selectFrom('coordination_group_place_actions')
      .select(['id', 'kind', 'done_on', 'description', 'organisation'])
      .where('place_id', '=', place.id)
      .orderBy('done_on')
      .orderBy('created_at')
      .execute();
    const { months, byPlace } = await placeSeries(tx, tenant, group, circle ? [circle] : [], clock.now());
    const series = byPlace.get(place.id) ?? { reports: months.map(() => 0), police: null };
    const firstAction = actions[0]?.done_on ?? null;
    audit({ entityType: 'coordination-group-place', entityId: place.id, fields: ['geom', 'actions', 'report counts'] });
    return {
      group,
      place: { ...place, lat: circle?.lat ?? 0, lon: circle?.lon ?? 0 },
      actions,
      months,
      reports: series.reports,
      police: series.police,
      policeShared: policeShared(tenant, group),
      reportsBeforeAfter: beforeAfter(months, series.reports, firstAction),
      policeBeforeAfter: series.police ? beforeAfter(months, series.police, firstAction) : null,
    };
  },
});

export type PlaceView = Awaited<ReturnType<typeof readPlace>>;
