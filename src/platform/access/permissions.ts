import { modules } from '../modules/module-list.js';
import type { Role } from './roles.js';

/**
 * Permissions are `<module-id>.<what>` strings. Each module declares its own
 * and which roles get them; the platform's are here.
 */
export type Permission = `${string}.${string}`;

export interface PermissionGrants {
  permissions: readonly Permission[];
  grants: Partial<Record<Role, readonly Permission[]>>;
}

/** Every module's permissions. */
export const knownPermissions = (): Set<Permission> => new Set(modules.flatMap((m) => m.access.permissions));

/** What a role may do, across the modules (a tenant's programmes decide which pages exist). */
export function permissionsOfRole(role: Role): Permission[] {
  return modules.flatMap((m) => m.access.grants[role] ?? []);
}
