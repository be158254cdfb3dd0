import { can } from '../../../platform/access/actor.js';
import { defineOperation } from '../../../platform/access/operation.js';
import { notFound } from '../../../platform/errors.js';
import { isUuid, Problems } from './council-input.js';
import { taskStates } from './tables.js';

export interface TaskStateInput {
  taskId: string;
  state?: string;
}

/**
 * Marks a task done, cancelled or open again. Its owner may mark it done (or reopen it); only those who
 * manage the council cancel. Someone else's task reads as not found.
 */
export const changeTaskState = defineOperation({
  name: 'coordination.change-task-state',
  permission: 'coordination.view',
  async run({ tx, actor, clock, audit }, input: TaskStateInput) {
    const task = isUuid(input.taskId)
      ? await tx
          .selectFrom('coordination_tasks')
          .select(['id', 'owner_user_id'])
          .where('id', '=', input.taskId)
          .executeTakeFirst()
      : undefined;
    const manages = can(actor, 'coordination.manage');
    if (!task || (!manages && task.owner_user_id !== actor.userId)) throw notFound('Task');
    const problems = new Problems();
    const state = problems.oneOf('state', input.state, taskStates);
    if (state === 'cancelled' && !manages)
      problems.add('state', 'only the coordination may cancel a task', 'seule la coordination peut annuler une tâche');
    problems.throwIfAny();
    await tx
      .updateTable('coordination_tasks')
      .set({ state: state!, done_at: state === 'done' ? clock.now() : null })
      .where('id', '=', task.id)
      .execute();
    audit({ entityType: 'coordination-task', entityId: task.id, fields: ['state'] });
    return { id: task.id };
  },
});
