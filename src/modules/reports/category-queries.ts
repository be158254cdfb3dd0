import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { CategoryAttribute } from './tables.js';

export interface Category {
  id: string;
  code: string;
  name: { fr: string; en: string };
  description: { fr: string; en: string };
  group: string;
  keywords: string[];
  visibility: 'public' | 'private';
  attributes: CategoryAttribute[];
  victimSupport: boolean;
  help: { fr: string; en: string };
}

/**
 * The tenant's active categories, in their order. `publicOnly` for every public read (Open311 GETs, maps,
 * lists): a private category is never named there. The reporting form lists all of them — one may report
 * an act against LGBTI+ people without it ever being shown publicly.
 */
export async function listCategories(tx: Tx, options: { publicOnly: boolean; code?: string }): Promise<Category[]> {
  // Public categories are readable across tenants (a policy for the public pages): keep to this one.
  let query = tx
    .selectFrom('report_categories')
    .selectAll()
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .where('active', '=', true);
  if (options.publicOnly) query = query.where('visibility', '=', 'public');
  if (options.code !== undefined) query = query.where('code', '=', options.code);
  const rows = await query.orderBy('sort').orderBy('code').execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: { fr: r.name_fr, en: r.name_en },
    description: { fr: r.description_fr, en: r.description_en },
    group: r.group_name,
    keywords: r.keywords,
    visibility: r.visibility,
    attributes: [...r.attributes].sort((a, b) => a.order - b.order),
    victimSupport: r.victim_support,
    help: { fr: r.help_fr, en: r.help_en },
  }));
}

/** One active category by its code (every report looks its category up: one row, not the list). */
export async function findCategory(tx: Tx, code: string, options: { publicOnly: boolean }): Promise<Category | undefined> {
  const [category] = await listCategories(tx, { ...options, code });
  return category;
}
