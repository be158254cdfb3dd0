import type { Tx } from '../../../db/database.js';
import type { Movement } from './headcount.js';
import type { Category } from './tables.js';

/** Every movement of the tenant (row-level security keeps to the transaction's tenant). */
export async function loadMovements(
  tx: Tx,
): Promise<(Movement & { id: string; gradeCode: string | null; status: string | null; note: string | null })[]> {
  const rows = await tx
    .selectFrom('police_movements')
    .select(['id', 'agent_id', 'kind', 'effective_on', 'category', 'grade_code', 'unit_id', 'fte_percent', 'status', 'note'])
    .orderBy('effective_on')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    agentId: r.agent_id,
    kind: r.kind,
    effectiveOn: r.effective_on,
    category: r.category,
    gradeCode: r.grade_code,
    unitId: r.unit_id,
    ftePercent: r.fte_percent,
    status: r.status,
    note: r.note,
  }));
}

export const listUnits = (tx: Tx) => tx.selectFrom('police_units').select(['id', 'name']).orderBy('name').execute();

export const readMandate = (tx: Tx) => tx.selectFrom('police_mandates').select(['starts_on', 'label']).executeTakeFirst();

export const listTargets = (tx: Tx, category?: Category) => {
  let q = tx.selectFrom('police_targets').select(['category', 'target_on', 'heads']).orderBy('target_on');
  if (category) q = q.where('category', '=', category);
  return q.execute();
};

export const listAgents = (tx: Tx) =>
  tx
    .selectFrom('police_agents')
    .select(['id', 'staff_number', 'family_name', 'given_name'])
    .orderBy('family_name')
    .orderBy('given_name')
    .execute();

export const findAgent = (tx: Tx, id: string) =>
  /^[0-9a-f-]{36}$/i.test(id)
    ? tx
        .selectFrom('police_agents')
        .select(['id', 'staff_number', 'family_name', 'given_name'])
        .where('id', '=', id)
        .executeTakeFirst()
    : Promise.resolve(undefined);

export const findAgentByNumber = (tx: Tx, staffNumber: string) =>
  tx
    .selectFrom('police_agents')
    .select(['id', 'staff_number', 'family_name', 'given_name'])
    .where('staff_number', '=', staffNumber)
    .executeTakeFirst();
