import { defineOperation } from '../../../platform/access/operation.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { type CheckedIndicator, checkIndicator } from './target-input.js';

/**
 * Replaces the list of figures the tenant publishes (public dashboard, open data) with the one ticked. One unknown
 * choice refuses the whole list: nothing is half-published.
 */
export const setPublications = defineOperation({
  name: 'observatory.set-publications',
  permission: 'observatory.publish',
  async run({ tx, tenant, clock, audit }, input: { choices: string[] }) {
    const problems: FieldProblem[] = [];
    const checked: CheckedIndicator[] = [];
    for (const choice of new Set(input.choices)) {
      const found = await checkIndicator(tx, tenant.programmes, choice, 'published', problems);
      if (found) checked.push(found);
    }
    if (problems.length) throw new AppError('invalid_input', 'published: unknown figure', problems.slice(0, 1));
    await tx.deleteFrom('observatory_publications').where('tenant_id', '=', tenant.id).execute();
    if (checked.length)
      await tx
        .insertInto('observatory_publications')
        .values(
          checked.map((c) => ({
            tenant_id: tenant.id,
            indicator_kind: c.kind,
            indicator: c.indicator,
            figure_option: c.option,
            created_at: clock.now(),
          })),
        )
        .execute();
    audit({ entityType: 'observatory-publications', entityId: tenant.id, fields: ['published'] });
    return { published: checked.length };
  },
});
