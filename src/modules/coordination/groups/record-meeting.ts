import { defineOperation } from '../../../platform/access/operation.js';
import { readInstant } from '../../police/main-courante/local-time.js';
import { requireMembership, requireOpen } from './group-access.js';
import { Problems } from './group-input.js';

export interface MeetingInput {
  groupId: string;
  /** As a form's datetime-local sends it, in the tenant's zone. */
  startsAt: string;
  endsAt: string;
  place?: string;
  agenda?: string;
}

/** A member schedules (or records) a meeting of the group: an end after its start, a place, an agenda. */
export const recordMeeting = defineOperation({
  name: 'coordination.record-group-meeting',
  permission: 'coordination.groups',
  async run({ tx, tenant, clock, actor, audit }, input: MeetingInput) {
    const group = await requireMembership(tx, actor, input.groupId);
    requireOpen(group);
    const problems = new Problems();
    const startsAt = readInstant(input.startsAt, tenant.time_zone);
    if (!startsAt) problems.add('startsAt', 'must be a date and time', 'une date et une heure');
    const endsAt = readInstant(input.endsAt, tenant.time_zone);
    if (!endsAt) problems.add('endsAt', 'must be a date and time', 'une date et une heure');
    else if (startsAt && endsAt <= startsAt) problems.add('endsAt', 'must be after the start', 'doit suivre le début');
    const place = problems.text('place', input.place, 2, 200, true);
    const agenda = problems.text('agenda', input.agenda, 0, 4000, true);
    problems.check();
    const now = clock.now();
    const row = await tx
      .insertInto('coordination_group_meetings')
      .values({
        tenant_id: tenant.id,
        group_id: group.id,
        starts_at: startsAt as Date,
        ends_at: endsAt as Date,
        place,
        agenda,
        created_by: actor.label,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({
      entityType: 'coordination-group-meeting',
      entityId: row.id,
      fields: ['group', 'starts_at', 'ends_at', 'place', 'agenda'],
    });
    return row;
  },
});
