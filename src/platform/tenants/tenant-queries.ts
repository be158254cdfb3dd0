import type { Kysely, Selectable } from 'kysely';
import type { DB, TenantsTable } from '../../db/schema.js';
import { notFound } from '../errors.js';

export type Tenant = Selectable<TenantsTable>;

/** Tenants are public facts, readable without a tenant transaction. */
export function listTenants(db: Kysely<DB>): Promise<Tenant[]> {
  return db.selectFrom('tenants').selectAll().orderBy('name').execute();
}

export async function findTenantBySlug(db: Kysely<DB>, slug: string): Promise<Tenant | undefined> {
  return db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/**
 * Every request under /t/{slug} needs its tenant: found tenants are kept a few
 * seconds per database, so that hot public paths skip a round trip. An edit made
 * here forgets the entry at once; another instance sees it within TENANT_TTL_MS.
 */
const TENANT_TTL_MS = 5_000;
const tenantCache = new WeakMap<Kysely<DB>, Map<string, { tenant: Tenant; until: number }>>();

async function cachedTenant(db: Kysely<DB>, slug: string): Promise<Tenant | undefined> {
  let cache = tenantCache.get(db);
  if (!cache) {
    cache = new Map();
    tenantCache.set(db, cache);
  }
  const hit = cache.get(slug);
  if (hit && hit.until > Date.now()) return hit.tenant;
  const tenant = await findTenantBySlug(db, slug);
  if (tenant) cache.set(slug, { tenant, until: Date.now() + TENANT_TTL_MS });
  else cache.delete(slug);
  return tenant;
}

/** Forgets a cached tenant after its settings or programmes changed. */
export function forgetTenant(db: Kysely<DB>, slug: string): void {
  tenantCache.get(db)?.delete(slug);
}

/** The tenant named in a URL, or a 404 that says no more than "not found". */
export async function requireTenant(db: Kysely<DB>, slug: string): Promise<Tenant> {
  const tenant = await cachedTenant(db, slug);
  if (!tenant) throw notFound('Tenant');
  return tenant;
}
