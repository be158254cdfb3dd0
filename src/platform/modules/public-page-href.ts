import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Tenant } from '../tenants/tenant-queries.js';
import { modules } from './module-list.js';

/**
 * Where a resident of `tenant` finds a programme's public page: the tenant's own, else the one of the tenant that
 * runs the programme for it (the transport authority's night stops for its communes); undefined when neither.
 * A page of one module may then link to another's without reaching into it.
 */
export async function publicPageHref(db: Kysely<DB>, tenant: Tenant, moduleId: string): Promise<string | undefined> {
  const module = modules.find((m) => m.id === moduleId);
  if (!module?.publicPage) return undefined;
  if ((tenant.programmes as readonly string[]).includes(moduleId)) return `/t/${tenant.slug}/${module.publicPage}`;
  const runner = module.runBy ? await module.runBy(db, tenant) : undefined;
  return runner ? `/t/${runner}/${module.publicPage}` : undefined;
}
