import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';

/** The transport authority that runs night stops for a commune (its outlines include the commune's code). */
export async function authorityOf(db: Kysely<DB>, tenant: Tenant): Promise<string | undefined> {
  if (!tenant.insee_code || tenant.programmes.includes('night-stops')) return undefined;
  const { rows } = await sql<{ slug: string }>`
    SELECT t.slug FROM tenants t
    WHERE 'night-stops' = ANY (t.programmes)
      AND EXISTS (SELECT 1 FROM territories c WHERE c.tenant_id = t.id AND c.kind = 'commune' AND c.code = ${tenant.insee_code})
    ORDER BY t.slug LIMIT 1`.execute(db);
  return rows[0]?.slug;
}
