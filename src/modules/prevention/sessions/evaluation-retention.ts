import type { RetentionRule } from '../../../platform/modules/module-definition.js';

/**
 * Participants' free texts are erased a year after the session by default (the scale answers, which identify
 * nobody, stay with the session's figures).
 */
export const evaluationCommentsRetention: RetentionRule = {
  id: 'prevention-evaluation-comments',
  label: {
    fr: 'Commentaires libres des évaluations de séances de prévention, après la séance',
    en: 'Free comments of prevention sessions’ evaluations, after the session',
  },
  defaultDays: 365,
  minDays: 30,
  maxDays: 1095,
  async purge(tx, tenantId, before) {
    const result = await tx
      .updateTable('prevention_evaluation_answers')
      .set({ comment: null })
      .where('tenant_id', '=', tenantId)
      .where('comment', 'is not', null)
      .where('session_id', 'in', (eb) =>
        eb.selectFrom('prevention_sessions').select('id').where('tenant_id', '=', tenantId).where('starts_at', '<', before),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },
};
