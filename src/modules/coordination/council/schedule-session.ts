import { defineOperation } from '../../../platform/access/operation.js';
import { Problems } from './council-input.js';
import { fromWallClock } from './council-time.js';
import { sessionKinds } from './tables.js';

export interface SessionInput {
  kind?: string;
  title?: string;
  /** The tenant's wall clock, "2026-12-03T14:00". */
  startsAt?: string;
  endsAt?: string;
  place?: string;
  /** One agenda item per line. */
  agenda?: string;
}

/** Schedules a plenary or restricted session of the council with its agenda; it must end after it starts. */
export const scheduleSession = defineOperation({
  name: 'coordination.schedule-session',
  permission: 'coordination.manage',
  async run({ tx, tenant, clock, audit }, input: SessionInput) {
    const problems = new Problems();
    const kind = problems.oneOf('kind', input.kind, sessionKinds);
    const title = problems.text('title', input.title, 3, 200);
    const startsAt = fromWallClock(input.startsAt ?? '', tenant.time_zone);
    if (!startsAt) problems.add('startsAt', 'must be a date and time', 'une date et une heure');
    const endsAt = fromWallClock(input.endsAt ?? '', tenant.time_zone);
    if (!endsAt) problems.add('endsAt', 'must be a date and time', 'une date et une heure');
    else if (startsAt && endsAt <= startsAt)
      problems.add('endsAt', 'must be after the start', 'la fin doit suivre le début de la séance');
    const place = problems.text('place', input.place, 2, 200);
    const agenda = (input.agenda ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    if (agenda.length > 40 || agenda.some((item) => item.length > 300))
      problems.add('agenda', 'at most 40 items of 300 characters', 'au plus 40 points de 300 caractères');
    problems.throwIfAny();
    const row = await tx
      .insertInto('coordination_sessions')
      .values({
        tenant_id: tenant.id,
        kind: kind!,
        title,
        starts_at: startsAt!,
        ends_at: endsAt!,
        place,
        agenda,
        minutes: null,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({
      entityType: 'coordination-session',
      entityId: row.id,
      fields: ['kind', 'title', 'starts_at', 'ends_at', 'place', 'agenda'],
    });
    return row;
  },
});
