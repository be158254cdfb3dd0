import { sql } from 'kysely';
import { defineOperation } from '../../../platform/access/operation.js';
import { currentMembers, requireMembership } from './group-access.js';
import { placeCircles, placeSeries, policeShared } from './place-series.js';

/**
 * A group as its page shows it: members, meetings, follow-ups and places. Members only (404 otherwise), and
 * every view is an audited read: what is shared in a group is confidential, and its members can see who looked.
 */
export const readGroup = defineOperation({
  name: 'coordination.read-group',
  permission: 'coordination.groups',
  async run({ tx, tenant, clock, actor, audit }, input: { groupId: string }) {
    const group = await requireMembership(tx, actor, input.groupId);
    const members = await currentMembers(tx, group.id);
    const categories = group.report_category_ids.length
      ? await tx
          .selectFrom('report_categories')
          .select(['id', 'name_fr', 'name_en'])
          .where('id', 'in', group.report_category_ids)
          .where(sql<boolean>`tenant_id = quietude_tenant()`)
          .orderBy('sort')
          .execute()
      : [];
    const meetings = await tx
      .selectFrom('coordination_group_meetings')
      .select(['id', 'starts_at', 'ends_at', 'place', sql<boolean>`minutes <> ''`.as('has_minutes')])
      .where('group_id', '=', group.id)
      .orderBy('starts_at', 'desc')
      .execute();
    const tasks = await tx
      .selectFrom('coordination_group_tasks as k')
      .innerJoin('users as u', 'u.id', 'k.owner_id')
      .leftJoin('coordination_group_places as p', 'p.id', 'k.place_id')
      .select(['k.id', 'k.title', 'k.due_on', 'k.state', 'k.meeting_id', 'u.display_name as owner', 'p.name as place'])
      .where('k.group_id', '=', group.id)
      .orderBy(sql`k.state = 'open'`, 'desc')
      .orderBy(sql`k.due_on`, (o) => o.asc().nullsLast())
      .orderBy('k.created_at')
      .execute();
    const places = await tx
      .selectFrom('coordination_group_places as p')
      .select([
        'p.id',
        'p.name',
        'p.radius_m',
        'p.origin',
        'p.opened_on',
        'p.closed_on',
        sql<string | null>`(SELECT min(a.done_on)::text FROM coordination_group_place_actions a WHERE a.place_id = p.id)`.as(
          'first_action_on',
        ),
        sql<number>`(SELECT count(*)::integer FROM coordination_group_place_actions a WHERE a.place_id = p.id)`.as('actions'),
      ])
      .where('p.group_id', '=', group.id)
      .orderBy('p.name')
      .orderBy('p.id')
      .execute();
    // The window's totals per place, in the same order as the map's numbers (placeCircles orders by name too).
    const { byPlace } = await placeSeries(tx, tenant, group, await placeCircles(tx, group.id), clock.now());
    const total = (values: number[] | null | undefined) => (values ? values.reduce((a, b) => a + b, 0) : null);
    audit({
      entityType: 'coordination-group',
      entityId: group.id,
      fields: ['purpose', 'members', 'meetings', 'tasks', 'places'],
    });
    return {
      group,
      members,
      categories,
      meetings,
      tasks,
      places: places.map((p) => ({
        ...p,
        reports: total(byPlace.get(p.id)?.reports) ?? 0,
        police: total(byPlace.get(p.id)?.police),
      })),
      policeShared: policeShared(tenant, group),
    };
  },
});

export type GroupView = Awaited<ReturnType<typeof readGroup>>;
