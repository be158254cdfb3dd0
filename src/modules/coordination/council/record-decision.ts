import { defineOperation } from '../../../platform/access/operation.js';
import { notFound } from '../../../platform/errors.js';
import { isUuid, ownRow, Problems } from './council-input.js';

export interface DecisionInput {
  sessionId: string;
  text?: string;
  actionSheetId?: string;
}

/** Records a decision taken in a session, optionally about one of the strategy's action sheets. */
export const recordDecision = defineOperation({
  name: 'coordination.record-decision',
  permission: 'coordination.manage',
  async run({ tx, tenant, clock, audit }, input: DecisionInput) {
    const session = isUuid(input.sessionId)
      ? await tx.selectFrom('coordination_sessions').select('id').where('id', '=', input.sessionId).executeTakeFirst()
      : undefined;
    if (!session) throw notFound('Session');
    const problems = new Problems();
    const text = problems.text('text', input.text, 3, 2000);
    const sheetId = await ownRow(tx, problems, 'actionSheetId', 'coordination_action_sheets', input.actionSheetId, false);
    problems.throwIfAny();
    const row = await tx
      .insertInto('coordination_decisions')
      .values({ tenant_id: tenant.id, session_id: session.id, text, action_sheet_id: sheetId, created_at: clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'coordination-decision', entityId: row.id, fields: ['session', 'text', 'action_sheet'] });
    return row;
  },
});
