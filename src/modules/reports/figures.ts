import { sql } from 'kysely';
import type { FigureSource } from '../../platform/figures/figure-source.js';

/**
 * Reports received in a period, by category code or all. A report merged into another as its
 * duplicate is not counted again: it is the same trouble reported twice.
 */
export const reportsReceived: FigureSource = {
  id: 'reports.received',
  label: { fr: 'Signalements reçus', en: 'Reports received' },
  unit: { fr: 'signalements', en: 'reports' },
  option: {
    label: { fr: 'Catégorie', en: 'Category' },
    async list(tx) {
      // report_categories has a public read policy: keep to the tenant's own rows.
      const rows = await tx
        .selectFrom('report_categories')
        .select(['code', 'name_fr', 'name_en'])
        .where(sql<boolean>`tenant_id = quietude_tenant()`)
        .orderBy('sort')
        .orderBy('code')
        .execute();
      return rows.map((r) => ({ value: r.code, label: { fr: r.name_fr, en: r.name_en } }));
    },
  },
  async count(tx, period, category) {
    let query = tx
      .selectFrom('reports as r')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('r.duplicate_of', 'is', null)
      .where('r.created_at', '>=', period.from)
      .where('r.created_at', '<', period.to);
    if (category) {
      query = query
        .innerJoin('report_categories as c', 'c.id', 'r.category_id')
        .where('c.code', '=', category)
        .where(sql<boolean>`c.tenant_id = quietude_tenant()`);
    }
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.n);
  },
};

export const reportsFigures: FigureSource[] = [reportsReceived];
