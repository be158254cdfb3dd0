import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';

/**
 * Reports of one category by month (in the tenant's zone) from `from`, a date, in one query (the freedom
 * zone's evidence). Duplicates merged into another report are not counted twice, nor reports hidden by
 * moderation (as the public figures do).
 */
export async function reportsByMonth(tx: Tx, category: string, from: string, zone: string): Promise<Map<string, number>> {
  const { rows } = await sql<{ month: string; n: number }>`
    SELECT to_char(r.created_at AT TIME ZONE ${zone}, 'YYYY-MM') AS month, count(*)::integer AS n
    FROM reports r JOIN report_categories c ON c.id = r.category_id
    WHERE r.tenant_id = quietude_tenant() AND c.tenant_id = quietude_tenant() AND c.code = ${category}
      AND r.duplicate_of IS NULL AND r.moderation <> 'hidden' AND (r.created_at AT TIME ZONE ${zone})::date >= ${from}::date
    GROUP BY 1`.execute(tx);
  return new Map(rows.map((r) => [r.month, Number(r.n)]));
}
