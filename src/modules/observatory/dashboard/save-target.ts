import { defineOperation } from '../../../platform/access/operation.js';
import { checkTarget, type TargetInput } from './target-input.js';

/** Adds a target (« -10 % de … par rapport à 2019 d'ici 2026 »); every wrong field is named, nothing half-saved. */
export const saveTarget = defineOperation({
  name: 'observatory.save-target',
  permission: 'observatory.publish',
  async run({ tx, tenant, clock, audit }, input: TargetInput & { isDemo?: boolean }) {
    const checked = await checkTarget(tx, tenant.programmes, input);
    const row = await tx
      .insertInto('observatory_targets')
      .values({
        tenant_id: tenant.id,
        label: checked.label,
        indicator_kind: checked.indicator.kind,
        indicator: checked.indicator.indicator,
        figure_option: checked.indicator.option,
        baseline_year: checked.baselineYear,
        target_year: checked.targetYear,
        target_change_percent: checked.changePercent,
        target_value: checked.targetValue,
        is_demo: input.isDemo === true,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({
      entityType: 'observatory-target',
      entityId: row.id,
      fields: ['label', 'indicator', 'baseline_year', 'target_year', 'target'],
    });
    return row;
  },
});
