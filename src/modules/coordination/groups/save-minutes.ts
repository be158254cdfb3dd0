import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import { currentMembers, isUuid, requireMembership, requireOpen } from './group-access.js';
import { Problems } from './group-input.js';

export interface MinutesInput {
  groupId: string;
  meetingId: string;
  minutes: string;
  attendeeIds: string[];
  otherAttendees?: string;
}

/** The minutes of a meeting and who attended (members of the group, others by organisation, as text). */
export const saveMinutes = defineOperation({
  name: 'coordination.save-group-minutes',
  permission: 'coordination.groups',
  async run({ tx, clock, actor, audit }, input: MinutesInput) {
    const group = await requireMembership(tx, actor, input.groupId);
    requireOpen(group);
    const meeting = isUuid(input.meetingId)
      ? await tx
          .selectFrom('coordination_group_meetings')
          .select('id')
          .where('id', '=', input.meetingId)
          .where('group_id', '=', group.id)
          .executeTakeFirst()
      : undefined;
    if (!meeting) throw new AppError('not_found', 'Meeting not found');
    const problems = new Problems();
    const minutes = problems.text('minutes', input.minutes, 0, 20_000, true);
    const otherAttendees = problems.text('otherAttendees', input.otherAttendees, 0, 500, true);
    const members = new Set((await currentMembers(tx, group.id)).map((m) => m.user_id));
    const attendeeIds = [...new Set(input.attendeeIds.filter(Boolean))];
    if (attendeeIds.some((id) => !members.has(id)))
      problems.add('attendeeIds', 'attendees must be members of the group', 'les présents cochés doivent être membres du groupe');
    problems.check();
    await tx
      .updateTable('coordination_group_meetings')
      .set({ minutes, attendee_ids: attendeeIds, other_attendees: otherAttendees, updated_at: clock.now() })
      .where('id', '=', meeting.id)
      .execute();
    audit({ entityType: 'coordination-group-meeting', entityId: meeting.id, fields: ['minutes', 'attendance'] });
  },
});
