import { defineOperation } from '../../../platform/access/operation.js';
import { ownRow, Problems, tenantStaff } from './council-input.js';

export interface TaskInput {
  title?: string;
  /** A staff member of the tenant (required). */
  ownerUserId?: string;
  dueOn?: string;
  decisionId?: string;
  actionSheetId?: string;
}

/** Creates a task from a decision or an action sheet: one owner among the tenant's staff, a due date. */
export const createTask = defineOperation({
  name: 'coordination.create-task',
  permission: 'coordination.manage',
  async run({ tx, tenant, clock, audit }, input: TaskInput) {
    const problems = new Problems();
    const title = problems.text('title', input.title, 3, 300);
    const owner = await tenantStaff(tx, problems, 'ownerUserId', input.ownerUserId);
    const dueOn = problems.date('dueOn', input.dueOn);
    const decisionId = await ownRow(tx, problems, 'decisionId', 'coordination_decisions', input.decisionId, false);
    const sheetId = await ownRow(tx, problems, 'actionSheetId', 'coordination_action_sheets', input.actionSheetId, false);
    problems.throwIfAny();
    const row = await tx
      .insertInto('coordination_tasks')
      .values({
        tenant_id: tenant.id,
        title,
        owner_user_id: owner!,
        due_on: dueOn!,
        state: 'open',
        decision_id: decisionId,
        action_sheet_id: sheetId,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'coordination-task', entityId: row.id, fields: ['title', 'owner', 'due_on', 'origin'] });
    return row;
  },
});
