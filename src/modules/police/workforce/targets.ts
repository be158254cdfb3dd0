import { defineOperation } from '../../../platform/access/operation.js';
import { Problems } from './problems.js';
import { categories } from './tables.js';

/** The mandate's starting date: the trajectory and the growth figure start from the headcount on that day. */
export const setMandate = defineOperation({
  name: 'police.set-mandate',
  permission: 'police.workforce',
  async run({ tx, tenant, audit }, input: { startsOn?: string; label?: string }) {
    const problems = new Problems();
    const startsOn = problems.date('startsOn', input.startsOn);
    const label = problems.text('label', input.label || 'Mandat en cours', { max: 120 });
    problems.throwIfAny();
    await tx
      .insertInto('police_mandates')
      .values({ tenant_id: tenant.id, starts_on: startsOn!, label })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ starts_on: startsOn!, label }))
      .execute();
    audit({ entityType: 'police-mandate', entityId: tenant.id, fields: ['starts_on', 'label'] });
  },
});

/** A headcount target for a category on a date (e.g. 365 APM on 2026-12-31); the same date again replaces it. */
export const setTarget = defineOperation({
  name: 'police.set-target',
  permission: 'police.workforce',
  async run({ tx, tenant, audit }, input: { category?: string; targetOn?: string; heads?: string | number }) {
    const problems = new Problems();
    const category = problems.oneOf('category', input.category, categories);
    const targetOn = problems.date('targetOn', input.targetOn);
    const heads = problems.integer('heads', input.heads, 0, 100000);
    problems.throwIfAny();
    await tx
      .insertInto('police_targets')
      .values({ tenant_id: tenant.id, category: category!, target_on: targetOn!, heads: heads! })
      .onConflict((oc) => oc.columns(['tenant_id', 'category', 'target_on']).doUpdateSet({ heads: heads! }))
      .execute();
    audit({ entityType: 'police-target', entityId: `${category}/${targetOn}`, fields: ['heads'] });
  },
});
