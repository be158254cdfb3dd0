import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../platform/errors.js';
import { requireTenant, type Tenant } from '../../platform/tenants/tenant-queries.js';

/** The tenant of a public reports URL; 404 when it does not run the reports programme. */
export async function tenantWithReports(db: Kysely<DB>, slug: string): Promise<Tenant> {
  const tenant = await requireTenant(db, slug);
  if (!tenant.programmes.includes('reports')) throw new AppError('not_found', 'No reports here');
  return tenant;
}
