import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { Actor } from '../../platform/access/actor.js';
import { defineOperation } from '../../platform/access/operation.js';
import { notFound } from '../../platform/errors.js';
import { afterSkippedInsert, inputHash, isDate, isUuid, localDate, Problems, priorEntry, resent } from './entry-checks.js';
import { mediationViewer, reachesTeam } from './mediation-scope.js';
import { situationColumns, toSituation } from './open-situation.js';
import { isOneOf, type SituationOutcome, type StepKind, situationOutcomes, stepKinds } from './vocabulary.js';

/** A situation the actor reaches (their team's), or 404. */
export async function situationInReach(tx: Tx, actor: Actor, id: string) {
  const row = isUuid(id)
    ? await tx.selectFrom('mediation_situations').select(situationColumns).where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row || !reachesTeam(await mediationViewer(tx, actor), row.team_id)) throw notFound('Situation');
  return row;
}

export interface StepInput {
  id: string;
  situationId: string;
  kind: string;
  occurredOn: string;
}

/** A step of a situation (first contact, separate interviews, joint meeting, agreement, follow-up). */
export const addSituationStep = defineOperation({
  name: 'mediation.add-situation-step',
  permission: 'mediation.field',
  async run({ tx, actor, clock, tenant, audit }, input: StepInput) {
    const situation = await situationInReach(tx, actor, input.situationId);
    const problems = new Problems();
    if (!isUuid(input.id)) problems.add('id', 'must be a UUID', 'identifiant invalide');
    problems.throwIfAny();
    const hash = inputHash(input);
    const columns = ['id', 'situation_id', 'kind', 'occurred_on'] as const;
    const existing = async () => {
      const step = await tx
        .selectFrom('mediation_situation_steps')
        .select(columns)
        .where('id', '=', input.id)
        .executeTakeFirstOrThrow();
      resent(audit, 'mediation-situation-step', step.id);
      return { step, created: false };
    };
    if ((await priorEntry(tx, 'mediation_situation_steps', input.id, hash)) === 'existing') return existing();
    if (!isOneOf(stepKinds, input.kind)) problems.add('kind', `unknown step: ${input.kind}`, 'étape inconnue');
    if (!isDate(input.occurredOn)) problems.add('occurredOn', 'must be a date YYYY-MM-DD', 'date invalide (AAAA-MM-JJ)');
    else if (input.occurredOn > localDate(clock.now(), tenant.time_zone))
      problems.add('occurredOn', 'is in the future', 'la date est à venir');
    else if (input.occurredOn < situation.opened_on)
      problems.add('occurredOn', 'is before the situation was opened', 'la date précède l’ouverture de la situation');
    problems.throwIfAny();
    const step = await tx
      .insertInto('mediation_situation_steps')
      .values({
        id: input.id,
        tenant_id: tenant.id,
        situation_id: situation.id,
        kind: input.kind as StepKind,
        occurred_on: input.occurredOn,
        recorded_by: actor.userId ?? null,
        input_hash: hash,
        created_at: clock.now(),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning(columns)
      .executeTakeFirst();
    if (!step) {
      // The same step sent twice at the same moment: the other send recorded it.
      await afterSkippedInsert(tx, 'mediation_situation_steps', input.id, hash);
      return existing();
    }
    // The parties' details are kept for the tenant's delay from the last contact.
    await tx
      .updateTable('mediation_situations')
      .set({ last_contact_on: sql<string>`GREATEST(last_contact_on, ${input.occurredOn}::date)` })
      .where('id', '=', situation.id)
      .execute();
    audit({ entityType: 'mediation-situation', entityId: situation.id, fields: ['steps', 'last_contact_on'] });
    return { step, created: true };
  },
});

/** The situation's outcome (résolue, apaisée, en cours, échec, réorientée) and its date. */
export const setSituationOutcome = defineOperation({
  name: 'mediation.set-situation-outcome',
  permission: 'mediation.field',
  async run({ tx, actor, clock, tenant, audit }, input: { situationId: string; outcome: string; on: string }) {
    const situation = await situationInReach(tx, actor, input.situationId);
    const problems = new Problems();
    if (!isOneOf(situationOutcomes, input.outcome))
      problems.add('outcome', `unknown outcome: ${input.outcome}`, 'issue inconnue');
    if (!isDate(input.on)) problems.add('on', 'must be a date YYYY-MM-DD', 'date invalide (AAAA-MM-JJ)');
    else if (input.on > localDate(clock.now(), tenant.time_zone)) problems.add('on', 'is in the future', 'la date est à venir');
    else if (input.on < situation.opened_on)
      problems.add('on', 'is before the situation was opened', 'la date précède l’ouverture de la situation');
    problems.throwIfAny();
    const row = await tx
      .updateTable('mediation_situations')
      .set({ outcome: input.outcome as SituationOutcome, outcome_on: input.outcome === 'ongoing' ? null : input.on })
      .where('id', '=', situation.id)
      .returning(situationColumns)
      .executeTakeFirstOrThrow();
    audit({ entityType: 'mediation-situation', entityId: situation.id, fields: ['outcome', 'outcome_on'] });
    return toSituation(row);
  },
});
