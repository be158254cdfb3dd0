import { defineOperation } from '../../../platform/access/operation.js';
import { isCurrentMember, isUuid, requireMembership, requireOpen } from './group-access.js';
import { Problems } from './group-input.js';

export interface TaskInput {
  groupId: string;
  title: string;
  /** A member of the group: a follow-up nobody owns is not one. */
  ownerId: string;
  dueOn?: string;
  meetingId?: string;
  placeId?: string;
}

/** A follow-up of the group: a title, an owner among its members, an optional due date, meeting and place. */
export const addTask = defineOperation({
  name: 'coordination.add-group-task',
  permission: 'coordination.groups',
  async run({ tx, tenant, clock, actor, audit }, input: TaskInput) {
    const group = await requireMembership(tx, actor, input.groupId);
    requireOpen(group);
    const problems = new Problems();
    const title = problems.text('title', input.title, 2, 200);
    const ownerId = (input.ownerId ?? '').trim();
    if (ownerId === '')
      problems.add('ownerId', 'is required: a member owns each task', 'champ obligatoire : chaque suite a un·e responsable');
    else if (!(await isCurrentMember(tx, group.id, ownerId)))
      problems.add('ownerId', 'must be a member of the group', 'doit être membre du groupe');
    const dueOn = problems.date('dueOn', input.dueOn, true);
    const meetingId = (input.meetingId ?? '').trim() || null;
    if (meetingId) {
      const found =
        isUuid(meetingId) &&
        (await tx
          .selectFrom('coordination_group_meetings')
          .select('id')
          .where('id', '=', meetingId)
          .where('group_id', '=', group.id)
          .executeTakeFirst());
      if (!found) problems.add('meetingId', 'is not a meeting of this group', 'réunion inconnue');
    }
    const placeId = (input.placeId ?? '').trim() || null;
    if (placeId) {
      const found =
        isUuid(placeId) &&
        (await tx
          .selectFrom('coordination_group_places')
          .select('id')
          .where('id', '=', placeId)
          .where('group_id', '=', group.id)
          .executeTakeFirst());
      if (!found) problems.add('placeId', 'is not a place of this group', 'lieu inconnu');
    }
    problems.check();
    const now = clock.now();
    const row = await tx
      .insertInto('coordination_group_tasks')
      .values({
        tenant_id: tenant.id,
        group_id: group.id,
        meeting_id: meetingId,
        place_id: placeId,
        title,
        owner_id: ownerId,
        due_on: dueOn,
        created_by: actor.label,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({
      entityType: 'coordination-group-task',
      entityId: row.id,
      fields: ['group', 'title', 'owner', 'due_on', 'meeting', 'place'],
    });
    return row;
  },
});
