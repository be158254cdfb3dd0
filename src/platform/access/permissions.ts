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

export const platformAccess = {
  permissions: [
    'platform.staff-home',
    'platform.users-manage',
    'platform.settings-manage',
    'platform.tokens-manage',
    'platform.audit-read',
    'platform.privacy-register',
    'platform.data-requests',
    'platform.territories-manage',
  ],
  grants: {
    admin: [
      'platform.staff-home',
      'platform.users-manage',
      'platform.settings-manage',
      'platform.tokens-manage',
      'platform.audit-read',
      'platform.privacy-register',
      'platform.data-requests',
      'platform.territories-manage',
    ],
    coordinator: ['platform.staff-home', 'platform.audit-read', 'platform.privacy-register', 'platform.territories-manage'],
    police_manager: ['platform.staff-home'],
    police_supervisor: ['platform.staff-home'],
    police_agent: ['platform.staff-home'],
    mediation_manager: ['platform.staff-home'],
    mediator: ['platform.staff-home'],
    funding_member: ['platform.staff-home'],
    partner_organisation: ['platform.staff-home'],
    partner_venue: ['platform.staff-home'],
    transport_authority: ['platform.staff-home'],
    transit_operator: ['platform.staff-home'],
    educator: ['platform.staff-home'],
    analyst: ['platform.staff-home'],
  },
} as const satisfies PermissionGrants;

/** Every module's grants, merged: modules add theirs to this list. */
const allGrants: PermissionGrants[] = [platformAccess];

export const knownPermissions = (): Set<Permission> => new Set(allGrants.flatMap((g) => g.permissions));

export function permissionsOfRole(role: Role): Permission[] {
  return allGrants.flatMap((g) => g.grants[role] ?? []);
}
