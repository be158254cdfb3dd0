import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import { Problems } from './problems.js';
import { attendanceStatuses, type Category, categories, trainingKinds } from './tables.js';
import { findAgent } from './workforce-queries.js';

/** A module of the training catalogue. */
export const createTrainingModule = defineOperation({
  name: 'police.create-training-module',
  permission: 'police.workforce',
  async run(
    { tx, tenant, audit },
    input: { title?: string; provider?: string; kind?: string; validityMonths?: string | number; requiredFor?: string[] },
  ): Promise<{ id: string }> {
    const problems = new Problems();
    const title = problems.text('title', input.title, { max: 200 });
    const provider = problems.text('provider', input.provider, { max: 200 });
    const kind = problems.oneOf('kind', input.kind, trainingKinds);
    const validityMonths = problems.integer('validityMonths', input.validityMonths ?? '', 1, 240, { required: false });
    const requiredFor = (input.requiredFor?.length ? input.requiredFor : ['apm']).filter(Boolean);
    if (requiredFor.some((c) => !(categories as readonly string[]).includes(c)))
      problems.add('requiredFor', `must be among: ${categories.join(', ')}`, `catégories parmi : ${categories.join(', ')}`);
    if (title && (await tx.selectFrom('police_training_modules').select('id').where('title', '=', title).executeTakeFirst()))
      problems.add('title', 'a module of that title exists', 'un module porte déjà ce titre');
    problems.throwIfAny();
    const row = await tx
      .insertInto('police_training_modules')
      .values({
        tenant_id: tenant.id,
        title,
        provider,
        kind: kind!,
        validity_months: validityMonths,
        required_for: requiredFor as Category[],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({
      entityType: 'police-training-module',
      entityId: row.id,
      fields: ['title', 'provider', 'kind', 'validity_months', 'required_for'],
    });
    return row;
  },
});

/** A dated session of a module, in the tenant's local time. */
export const createTrainingSession = defineOperation({
  name: 'police.create-training-session',
  permission: 'police.trainings',
  async run(
    { tx, tenant, audit },
    input: {
      moduleId?: string;
      startsAt?: string;
      endsAt?: string;
      place?: string;
      trainer?: string;
      capacity?: string | number;
    },
  ): Promise<{ id: string }> {
    const problems = new Problems();
    const moduleId = (input.moduleId ?? '').trim();
    const known = /^[0-9a-f-]{36}$/i.test(moduleId)
      ? await tx.selectFrom('police_training_modules').select('id').where('id', '=', moduleId).executeTakeFirst()
      : undefined;
    if (!known) problems.add('moduleId', 'unknown training module', 'module de formation inconnu');
    const startsAt = localDateTime(problems, 'startsAt', input.startsAt, tenant.time_zone);
    const endsAt = localDateTime(problems, 'endsAt', input.endsAt, tenant.time_zone);
    if (startsAt && endsAt && endsAt <= startsAt)
      problems.add('endsAt', 'must be after the start', 'la fin doit suivre le début');
    const place = problems.text('place', input.place, { max: 200 });
    const trainer = problems.text('trainer', input.trainer, { max: 200 });
    const capacity = problems.integer('capacity', input.capacity, 1, 500);
    problems.throwIfAny();
    const row = await tx
      .insertInto('police_training_sessions')
      .values({
        tenant_id: tenant.id,
        module_id: moduleId,
        starts_at: startsAt!,
        ends_at: endsAt!,
        place,
        trainer,
        capacity: capacity!,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({
      entityType: 'police-training-session',
      entityId: row.id,
      fields: ['module_id', 'starts_at', 'ends_at', 'place', 'trainer', 'capacity'],
    });
    return row;
  },
});

/** Enrols an agent in a session, or records that they attended or were absent; capacity is kept. */
export const recordAttendance = defineOperation({
  name: 'police.record-attendance',
  permission: 'police.trainings',
  async run({ tx, tenant, audit }, input: { sessionId: string; agentId?: string; status?: string }) {
    const session = /^[0-9a-f-]{36}$/i.test(input.sessionId)
      ? await tx
          .selectFrom('police_training_sessions')
          .select(['id', 'capacity'])
          .where('id', '=', input.sessionId)
          .executeTakeFirst()
      : undefined;
    if (!session) throw new AppError('not_found', 'Training session not found');
    const problems = new Problems();
    const agent = await findAgent(tx, input.agentId ?? '');
    if (!agent) problems.add('agentId', 'unknown agent', 'agent inconnu');
    const status = problems.oneOf('status', input.status || 'enrolled', attendanceStatuses);
    problems.throwIfAny();
    const taken = await tx
      .selectFrom('police_training_attendance')
      .select((e) => e.fn.countAll().as('n'))
      .where('session_id', '=', session.id)
      .where('agent_id', '!=', agent!.id)
      .executeTakeFirstOrThrow();
    if (Number(taken.n) >= session.capacity)
      throw new AppError('conflict', `The session is full (${session.capacity} places)`, [
        {
          field: 'agentId',
          message: `the session is full (${session.capacity} places)`,
          fr: `la session est complète (${session.capacity} places)`,
        },
      ]);
    await tx
      .insertInto('police_training_attendance')
      .values({ tenant_id: tenant.id, session_id: session.id, agent_id: agent!.id, status: status! })
      .onConflict((oc) => oc.columns(['session_id', 'agent_id']).doUpdateSet({ status: status! }))
      .execute();
    audit({ entityType: 'police-training-attendance', entityId: `${session.id}/${agent!.id}`, fields: ['status'] });
  },
});

/** A local date and time (YYYY-MM-DDTHH:MM, as a datetime-local field sends it) in the tenant's zone, as a UTC instant. */
export function localDateTime(problems: Problems, field: string, raw: string | undefined, timeZone: string): Date | null {
  const text = (raw ?? '').trim();
  // A datetime-local field may add seconds (always :00 with the default step).
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::00)?$/.exec(text);
  if (!match || Number(match[2]) > 23 || Number(match[3]) > 59 || Number.isNaN(Date.parse(`${match[1]}T00:00:00Z`))) {
    problems.add(field, 'must be a local date and time (YYYY-MM-DDTHH:MM)', 'une date et une heure (AAAA-MM-JJTHH:MM)');
    return null;
  }
  const asUtc = new Date(`${match[1]}T${match[2]}:${match[3]}:00Z`);
  // The zone's offset at that moment (twice, for the day the clocks change).
  const offset = (at: Date) => {
    const local = new Date(at.toLocaleString('en-US', { timeZone }));
    const utc = new Date(at.toLocaleString('en-US', { timeZone: 'UTC' }));
    return local.getTime() - utc.getTime();
  };
  const first = new Date(asUtc.getTime() - offset(asUtc));
  return new Date(asUtc.getTime() - offset(first));
}
