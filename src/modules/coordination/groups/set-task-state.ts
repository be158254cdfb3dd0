import { defineOperation } from '../../../platform/access/operation.js';
import { AppError } from '../../../platform/errors.js';
import { isUuid, requireMembership, requireOpen } from './group-access.js';
import { type TaskState, taskStates } from './tables.js';

/** A member marks a follow-up done, dropped, or open again. */
export const setTaskState = defineOperation({
  name: 'coordination.set-group-task-state',
  permission: 'coordination.groups',
  async run({ tx, clock, actor, audit }, input: { groupId: string; taskId: string; state: string }) {
    const group = await requireMembership(tx, actor, input.groupId);
    requireOpen(group);
    if (!taskStates.includes(input.state as TaskState))
      throw new AppError('invalid_input', 'state: must be open, done or dropped', [
        { field: 'state', message: 'must be open, done or dropped', fr: 'état inconnu' },
      ]);
    const task = isUuid(input.taskId)
      ? await tx
          .updateTable('coordination_group_tasks')
          .set({ state: input.state as TaskState, updated_at: clock.now() })
          .where('id', '=', input.taskId)
          .where('group_id', '=', group.id)
          .returning('id')
          .executeTakeFirst()
      : undefined;
    if (!task) throw new AppError('not_found', 'Task not found');
    audit({ entityType: 'coordination-group-task', entityId: task.id, fields: ['state'] });
  },
});
