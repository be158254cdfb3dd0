import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { AppError, invalidInput } from '../../../platform/errors.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';

/**
 * The tenant an Open311 `jurisdiction_id` names: its slug, its INSEE code (a commune) or its SIREN (an EPCI, an
 * AOM). Required on every call, since the platform serves many tenants. A slug wins; a code shared by several
 * tenants is resolved to the one running reports. Unknown, or not running reports: 404.
 */
export async function resolveJurisdiction(db: Kysely<DB>, jurisdictionId: unknown): Promise<Tenant> {
  if (typeof jurisdictionId !== 'string' || jurisdictionId.trim() === '')
    throw invalidInput('jurisdiction_id', 'is required (the slug, INSEE code or SIREN of the tenant)');
  const id = jurisdictionId.trim();
  // Slugs, INSEE codes (2A004…) and SIRENs: anything else names no tenant, and never reaches SQL.
  if (!/^[A-Za-z0-9-]{1,80}$/.test(id)) throw new AppError('not_found', 'Unknown jurisdiction_id');
  const candidates = await db
    .selectFrom('tenants')
    .selectAll()
    .where((eb) => eb.or([eb('slug', '=', id), eb('insee_code', '=', id), eb('siren', '=', id)]))
    .execute();
  const bySlug = candidates.find((t) => t.slug === id);
  const running = bySlug ? [bySlug] : candidates.filter((t) => t.programmes.includes('reports'));
  const tenant = running[0];
  if (!tenant?.programmes.includes('reports')) throw new AppError('not_found', 'Unknown jurisdiction_id');
  if (running.length > 1) throw invalidInput('jurisdiction_id', 'names several jurisdictions: use the slug of the one you mean');
  return tenant;
}
