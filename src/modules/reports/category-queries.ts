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
export async function listCategories(tx: Tx, options: { publicOnly: boolean }): Promise<Category[]> {
  // Public categories of every tenant are readable (a policy makes them public facts): keep this tenant's.
  let query = tx
    .selectFrom('report_categories')
    .selectAll()
    .where('tenant_id', '=', sql<string>`quietude_tenant()`)
    .where('active', '=', true);
  if (options.publicOnly) query = query.where('visibility', '=', 'public');
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

export async function findCategory(tx: Tx, code: string, options: { publicOnly: boolean }): Promise<Category | undefined> {
  return (await listCategories(tx, options)).find((c) => c.code === code);
}
