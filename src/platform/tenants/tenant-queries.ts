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

/** The tenant named in a URL, or a 404 that says no more than "not found". */
export async function requireTenant(db: Kysely<DB>, slug: string): Promise<Tenant> {
  const tenant = await findTenantBySlug(db, slug);
  if (!tenant) throw notFound('Tenant');
  return tenant;
}
