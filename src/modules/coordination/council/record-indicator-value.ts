import { defineOperation } from '../../../platform/access/operation.js';
import { notFound } from '../../../platform/errors.js';
import { isUuid, Problems } from './council-input.js';
import { MANUAL_SOURCE } from './tables.js';

export interface IndicatorValueInput {
  indicatorId: string;
  year?: string;
  value?: string;
}

/** Types a year's value of a « manual » indicator (figures read from modules are never typed). */
export const recordIndicatorValue = defineOperation({
  name: 'coordination.record-indicator-value',
  permission: 'coordination.manage',
  async run({ tx, tenant, audit }, input: IndicatorValueInput) {
    const indicator = isUuid(input.indicatorId)
      ? await tx
          .selectFrom('coordination_indicators')
          .select(['id', 'source_id'])
          .where('id', '=', input.indicatorId)
          .executeTakeFirst()
      : undefined;
    if (!indicator) throw notFound('Indicator');
    const problems = new Problems();
    if (indicator.source_id !== MANUAL_SOURCE)
      problems.add('value', 'this indicator reads its figures from a module', 'cet indicateur lit ses chiffres dans un module');
    const year = problems.integer('year', input.year, 2000, 2100);
    const value = problems.integer('value', input.value, 0, 100_000_000);
    problems.throwIfAny();
    await tx
      .insertInto('coordination_indicator_values')
      .values({ indicator_id: indicator.id, year: year!, tenant_id: tenant.id, value: value! })
      .onConflict((oc) => oc.columns(['indicator_id', 'year']).doUpdateSet({ value: value! }))
      .execute();
    audit({ entityType: 'coordination-indicator', entityId: indicator.id, fields: ['value'] });
    return { id: indicator.id };
  },
});
