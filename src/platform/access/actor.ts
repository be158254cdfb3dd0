import { AppError } from '../errors.js';
import type { Permission } from './permissions.js';

/**
 * Where a permission applies: the whole tenant, or only some territories or
 * organisations (a mediator of one estate, a partner association).
 */
export type Scope = 'tenant' | { territories: ReadonlySet<string>; organisations: ReadonlySet<string> };

/** Who acts: a signed-in user, an API token, the system (CLI, jobs), or the public. */
export interface Actor {
  kind: 'user' | 'token' | 'system' | 'public';
  /** Stored in audit events: `user:<id>`, `token:<id>`, `system:<what>`, `public`. */
  label: string;
  userId?: string;
  grants: ReadonlyMap<Permission, Scope>;
}

export const systemActor = (what: string): Actor => ({ kind: 'system', label: `system:${what}`, grants: new Map() });
export const publicActor: Actor = { kind: 'public', label: 'public', grants: new Map() };

export function can(actor: Actor, permission: Permission): boolean {
  return actor.kind === 'system' || actor.grants.has(permission);
}

/** Throws 401 for the public, 403 for someone without the permission. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (can(actor, permission)) return;
  if (actor.kind === 'public') throw new AppError('unauthenticated', 'Sign-in required');
  throw new AppError('forbidden', `Permission ${permission} required`);
}

/**
 * Whether a record placed in a territory or organisation is within the actor's
 * scope for a permission. Out of scope reads as "not found": a scoped user must
 * not learn that the record exists.
 */
export function requireInScope(
  actor: Actor,
  permission: Permission,
  record: { territoryId?: string | null; organisationId?: string | null },
  what = 'Record',
): void {
  if (actor.kind === 'system') return;
  const scope = actor.grants.get(permission);
  if (!scope) throw new AppError('not_found', `${what} not found`);
  if (scope === 'tenant') return;
  const inTerritory = record.territoryId ? scope.territories.has(record.territoryId) : false;
  const inOrganisation = record.organisationId ? scope.organisations.has(record.organisationId) : false;
  if (!inTerritory && !inOrganisation) throw new AppError('not_found', `${what} not found`);
}

/** Builds grants from memberships: an unscoped membership gives the whole tenant. */
export function grantsFromMemberships(
  memberships: { permissions: Permission[]; territoryId: string | null; organisationId: string | null }[],
): Map<Permission, Scope> {
  const grants = new Map<Permission, Scope>();
  for (const m of memberships) {
    for (const permission of m.permissions) {
      const current = grants.get(permission);
      if (current === 'tenant') continue;
      if (!m.territoryId && !m.organisationId) {
        grants.set(permission, 'tenant');
        continue;
      }
      const territories = new Set(current?.territories ?? []);
      const organisations = new Set(current?.organisations ?? []);
      if (m.territoryId) territories.add(m.territoryId);
      if (m.organisationId) organisations.add(m.organisationId);
      grants.set(permission, { territories, organisations });
    }
  }
  return grants;
}
