import type { PermissionGrants } from '../../platform/access/permissions.js';

/** The observatory's permissions and who holds them (module.ts declares them; the confidential roles are chosen among them). */
export const observatoryAccess = {
  permissions: [
    // The staff dashboard: official statistics, series, comparisons (public aggregates, nothing confidential).
    'observatory.view',
    // Import an SSMSI file (replaces the national edition for every tenant) and the local figures' CSV.
    'observatory.import',
    // The State's monthly figures for an API token (a token has no role). Signed-in staff read them when one of
    // their roles is in the tenant's list (`confidential-access.ts`), whatever their permissions.
    'observatory.confidential',
    // Set targets and choose which figures the public dashboard and the open data show.
    'observatory.publish',
  ],
  grants: {
    admin: ['observatory.view', 'observatory.import', 'observatory.confidential', 'observatory.publish'],
    coordinator: ['observatory.view', 'observatory.import', 'observatory.confidential', 'observatory.publish'],
    analyst: ['observatory.view'],
    police_manager: ['observatory.view'],
    // Funding members see the official figures (published open data) that justify what they fund.
    funding_member: ['observatory.view'],
  },
} as const satisfies PermissionGrants;
