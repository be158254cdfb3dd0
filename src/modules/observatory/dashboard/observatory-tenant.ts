import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { notFound } from '../../../platform/errors.js';
import { requireTenant, type Tenant } from '../../../platform/tenants/tenant-queries.js';

/** The tenant of the URL if it runs the observatory; otherwise its pages do not exist (404). */
export async function observatoryTenant(db: Kysely<DB>, slug: string, known?: Tenant): Promise<Tenant> {
  const tenant = known ?? (await requireTenant(db, slug));
  if (!tenant.programmes.includes('observatory')) throw notFound('Page');
  return tenant;
}
