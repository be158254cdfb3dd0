import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import { type Actor, can } from '../../../platform/access/actor.js';
import { defineOperation } from '../../../platform/access/operation.js';
import { AppError, invalidInput, notFound } from '../../../platform/errors.js';
import {
  EVALUATION_DAYS,
  type EvaluationAnswer,
  evaluationQuestions,
  newEvaluationCode,
  questionColumns,
} from './evaluation-form.js';
import { isUuid } from './session-input.js';

const mine = sql<boolean>`tenant_id = quietude_tenant()`;
const DAY_MS = 86_400_000;

/** The session's evaluation, if one was opened. */
export function findEvaluation(tx: Tx, sessionId: string) {
  return tx
    .selectFrom('prevention_session_evaluations')
    .select(['session_id', 'token_hash', 'opened_by', 'opened_at', 'closes_at'])
    .where('session_id', '=', sessionId)
    .where(mine)
    .executeTakeFirst();
}

/** Who may renew, close, and read the free texts of an evaluation: its facilitator, and those who manage programmes. */
export const mayHandleEvaluation = (actor: Actor, evaluation: { opened_by: string | null }) =>
  can(actor, 'prevention.manage') || (actor.userId !== undefined && evaluation.opened_by === actor.userId);

async function sessionStart(tx: Tx, sessionId: string): Promise<Date> {
  const session = isUuid(sessionId)
    ? await tx.selectFrom('prevention_sessions').select('starts_at').where('id', '=', sessionId).where(mine).executeTakeFirst()
    : undefined;
  if (!session) throw notFound('Session');
  return session.starts_at;
}

/**
 * Opens a session's evaluation, or gives it a new code (the previous one stops working; answers stay): a random
 * code, stored as its SHA-256 only, valid until 14 days after the session. The member who first opens it is its
 * facilitator; another member may not renew or close it unless they manage the programmes.
 */
export const openEvaluation = defineOperation({
  name: 'prevention.open-evaluation',
  permission: 'prevention.sessions',
  async run({ tx, tenant, clock, actor, audit }, sessionId: string) {
    const startsAt = await sessionStart(tx, sessionId);
    const closesAt = new Date(startsAt.getTime() + EVALUATION_DAYS * DAY_MS);
    if (closesAt <= clock.now())
      throw invalidInput(
        'evaluation',
        `the session is more than ${EVALUATION_DAYS} days old: its evaluation can no longer be opened`,
        `la séance date de plus de ${EVALUATION_DAYS} jours : son évaluation ne peut plus être ouverte`,
      );
    const existing = await findEvaluation(tx, sessionId);
    if (existing && !mayHandleEvaluation(actor, existing))
      throw new AppError('forbidden', 'Only the facilitator who opened this evaluation, or a programme manager, may renew it');
    const { code, hash } = newEvaluationCode();
    await tx
      .insertInto('prevention_session_evaluations')
      .values({
        session_id: sessionId,
        tenant_id: tenant.id,
        token_hash: hash,
        opened_by: actor.userId ?? null,
        opened_at: clock.now(),
        closes_at: closesAt,
      })
      .onConflict((oc) => oc.column('session_id').doUpdateSet({ token_hash: hash, closes_at: closesAt }))
      .execute();
    audit({
      entityType: 'prevention-session-evaluation',
      entityId: sessionId,
      fields: existing ? ['token_hash', 'closes_at'] : ['opened_by', 'token_hash', 'closes_at'],
    });
    return { code, closesAt, renewed: existing !== undefined };
  },
});

/** Closes an evaluation before its date: the link and code answer « closed » from now on. */
export const closeEvaluation = defineOperation({
  name: 'prevention.close-evaluation',
  permission: 'prevention.sessions',
  async run({ tx, clock, actor, audit }, sessionId: string) {
    await sessionStart(tx, sessionId);
    const existing = await findEvaluation(tx, sessionId);
    if (!existing || existing.closes_at <= clock.now())
      throw invalidInput('evaluation', 'the evaluation is not open', 'l’évaluation n’est pas ouverte');
    if (!mayHandleEvaluation(actor, existing))
      throw new AppError('forbidden', 'Only the facilitator who opened this evaluation, or a programme manager, may close it');
    await tx
      .updateTable('prevention_session_evaluations')
      .set({ closes_at: clock.now() })
      .where('session_id', '=', sessionId)
      .where(mine)
      .execute();
    audit({ entityType: 'prevention-session-evaluation', entityId: sessionId, fields: ['closes_at'] });
  },
});

/**
 * A participant's answers, without an account: the code's hash is the only key. Nothing about the participant is
 * stored (no address, no time of answer); the audit event names the session and the field, never the values.
 */
export const submitEvaluation = defineOperation({
  name: 'prevention.answer-evaluation',
  permission: 'public',
  async run({ tx, tenant, clock, audit }, input: { tokenHash: string; answer: EvaluationAnswer }) {
    const evaluation = await tx
      .selectFrom('prevention_session_evaluations')
      .select(['session_id', 'closes_at'])
      .where('token_hash', '=', input.tokenHash)
      .where(mine)
      .executeTakeFirst();
    if (!evaluation) throw notFound('Evaluation');
    if (evaluation.closes_at <= clock.now()) throw new AppError('conflict', 'This evaluation is closed');
    const { answer } = input;
    await tx
      .insertInto('prevention_evaluation_answers')
      .values({
        tenant_id: tenant.id,
        session_id: evaluation.session_id,
        learned: answer.learned,
        knows_whom: answer.knowsWhom,
        respected: answer.respected,
        useful: answer.useful,
        comment: answer.comment,
      })
      .execute();
    audit({ entityType: 'prevention-session-evaluation', entityId: evaluation.session_id, fields: ['answer'] });
  },
});

/** How many participants chose each value of the scale, question by question (rows in the order of the form). */
export async function evaluationCounts(tx: Tx, sessionId: string): Promise<{ answers: number; cells: number[][] }> {
  const rows = await tx
    .selectFrom('prevention_evaluation_answers')
    .select(['learned', 'knows_whom', 'respected', 'useful'])
    .where('session_id', '=', sessionId)
    .where(mine)
    .execute();
  const cells = evaluationQuestions.map((question) => {
    const counts = [0, 0, 0, 0];
    for (const row of rows) counts[row[questionColumns[question]] - 1]! += 1;
    return counts;
  });
  return { answers: rows.length, cells };
}

/**
 * The participants' free texts, for the evaluation's facilitator and those who manage the programmes only, and only
 * once at least k participants answered (fewer, and a text could be told apart by who was there). An audited read:
 * free texts may hold personal data despite the form's warning.
 */
export const readEvaluationComments = defineOperation({
  name: 'prevention.read-evaluation-comments',
  permission: 'prevention.sessions',
  async run({ tx, actor, audit }, input: { sessionId: string; k: number }) {
    await sessionStart(tx, input.sessionId);
    const evaluation = await findEvaluation(tx, input.sessionId);
    if (!evaluation) throw notFound('Evaluation');
    if (!mayHandleEvaluation(actor, evaluation))
      throw new AppError('forbidden', 'Free texts are for the facilitator and the programme managers');
    const { answers } = await evaluationCounts(tx, input.sessionId);
    if (answers < input.k) {
      audit({ entityType: 'prevention-session-evaluation', entityId: input.sessionId, fields: [] });
      return { shown: false as const, answers };
    }
    const rows = await tx
      .selectFrom('prevention_evaluation_answers')
      .select('comment')
      .where('session_id', '=', input.sessionId)
      .where('comment', 'is not', null)
      .where(mine)
      // The id is random: this order tells nothing of who answered when.
      .orderBy('id')
      .execute();
    audit({ entityType: 'prevention-session-evaluation', entityId: input.sessionId, fields: ['comment'] });
    return { shown: true as const, answers, comments: rows.map((r) => r.comment as string) };
  },
});
