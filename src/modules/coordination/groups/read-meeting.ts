import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import { currentMembers, isUuid, requireMembership } from './group-access.js';

/** A meeting with its agenda, minutes, attendance and the follow-ups decided there. Members only, audited. */
export const readMeeting = defineOperation({
  name: 'coordination.read-group-meeting',
  permission: 'coordination.groups',
  async run({ tx, actor, audit }, input: { groupId: string; meetingId: string }) {
    const group = await requireMembership(tx, actor, input.groupId);
    const meeting = isUuid(input.meetingId)
      ? await tx
          .selectFrom('coordination_group_meetings')
          .selectAll()
          .where('id', '=', input.meetingId)
          .where('group_id', '=', group.id)
          .executeTakeFirst()
      : undefined;
    if (!meeting) throw new AppError('not_found', 'Meeting not found');
    const attendees = meeting.attendee_ids.length
      ? await tx
          .selectFrom('users')
          .select(['id', 'display_name'])
          .where('id', 'in', meeting.attendee_ids)
          .orderBy('display_name')
          .execute()
      : [];
    const tasks = await tx
      .selectFrom('coordination_group_tasks as k')
      .innerJoin('users as u', 'u.id', 'k.owner_id')
      .select(['k.id', 'k.title', 'k.due_on', 'k.state', 'u.display_name as owner'])
      .where('k.meeting_id', '=', meeting.id)
      .orderBy('k.created_at')
      .execute();
    const members = await currentMembers(tx, group.id);
    audit({ entityType: 'coordination-group-meeting', entityId: meeting.id, fields: ['agenda', 'minutes', 'attendance'] });
    return { group, meeting, attendees, tasks, members };
  },
});

export type MeetingView = Awaited<ReturnType<typeof readMeeting>>;
