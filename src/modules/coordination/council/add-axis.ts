import { defineOperation } from '../../../platform/access/operation.js';
import { isUuid, Problems } from './council-input.js';

export interface AxisInput {
  strategyId?: string;
  title?: string;
}

/** Adds an axis to the strategy, numbered after the last one. */
export const addAxis = defineOperation({
  name: 'coordination.add-axis',
  permission: 'coordination.manage',
  async run({ tx, tenant, audit }, input: AxisInput) {
    const problems = new Problems();
    const strategyId = (input.strategyId ?? '').trim();
    const strategy = isUuid(strategyId)
      ? await tx.selectFrom('coordination_strategies').select('id').where('id', '=', strategyId).executeTakeFirst()
      : undefined;
    if (!strategy) problems.add('strategyId', 'is not a strategy of this local authority', 'stratégie inconnue');
    const title = problems.text('title', input.title, 3, 200);
    problems.throwIfAny();
    const last = await tx
      .selectFrom('coordination_axes')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('strategy_id', '=', strategy!.id)
      .executeTakeFirst();
    const row = await tx
      .insertInto('coordination_axes')
      .values({ tenant_id: tenant.id, strategy_id: strategy!.id, number: Number(last?.n ?? 0) + 1, title })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
    audit({ entityType: 'coordination-axis', entityId: row.id, fields: ['strategy', 'number', 'title'] });
    return row;
  },
});
