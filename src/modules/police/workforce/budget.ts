import { defineOperation } from '../../../platform/access/operation.js';
import { Problems } from './problems.js';
import { budgetKinds } from './tables.js';

/** Euros as typed (« 1 250,50 » or « 1250.5 ») to cents; null when it is not an amount. */
export function parseEuros(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}

/** A budget line of a year: equipment, pay measures or training, planned and spent. */
export const saveBudgetLine = defineOperation({
  name: 'police.save-budget-line',
  permission: 'police.workforce',
  async run({ tx, tenant, audit }, input: { year?: string; kind?: string; label?: string; planned?: string; spent?: string }) {
    const problems = new Problems();
    const year = problems.integer('year', input.year, 2000, 2100);
    const kind = problems.oneOf('kind', input.kind, budgetKinds);
    const label = problems.text('label', input.label, { max: 200 });
    const planned = parseEuros(input.planned ?? '');
    if (planned === null) problems.add('planned', 'must be an amount in euros', 'un montant en euros');
    const spent = parseEuros(input.spent || '0');
    if (spent === null) problems.add('spent', 'must be an amount in euros', 'un montant en euros');
    problems.throwIfAny();
    const row = await tx
      .insertInto('police_budget_lines')
      .values({ tenant_id: tenant.id, year: year!, kind: kind!, label, planned_cents: planned!, spent_cents: spent! })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({
      entityType: 'police-budget-line',
      entityId: row.id,
      fields: ['year', 'kind', 'label', 'planned_cents', 'spent_cents'],
    });
    return row;
  },
});
