import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';

/** Tasks with their owner and origin; `owner` limits them to one person's (« mes tâches »). */
export function listTasks(tx: Tx, owner?: string) {
  let query = tx
    .selectFrom('coordination_tasks as t')
    .innerJoin('users as u', 'u.id', 't.owner_user_id')
    .leftJoin('coordination_decisions as d', 'd.id', 't.decision_id')
    .leftJoin('coordination_action_sheets as a', 'a.id', 't.action_sheet_id')
    .select([
      't.id',
      't.title',
      't.due_on',
      't.state',
      't.owner_user_id',
      't.decision_id',
      'd.session_id',
      'a.id as sheet_id',
      'a.title as sheet_title',
      'u.display_name as owner',
    ])
    // Open tasks first, then done, then cancelled.
    .orderBy(sql`CASE t.state WHEN 'open' THEN 0 WHEN 'done' THEN 1 ELSE 2 END`)
    .orderBy('t.due_on');
  if (owner) query = query.where('t.owner_user_id', '=', owner);
  return query.execute();
}
