import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import type { Lang } from '../../platform/i18n/i18n.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import { requireReportsAccess } from './report-access.js';

/**
 * The staff screens of reports declare the staff-space permission (two permissions open them:
 * `reports.manage` or `reports.handle`); the handler then requires one of them, and the programme.
 */
export const staffRoute = { config: { permission: 'platform.staff-home' }, schema: { hide: true } } as const;

export const reportsBase = (slug: string) => `/t/${slug}/espace/signalements`;

export function staffTenant(request: FastifyRequest): Tenant {
  const tenant = request.tenant!;
  if (!tenant.programmes.includes('reports')) throw new AppError('not_found', 'No reports here');
  requireReportsAccess(request.actor);
  return tenant;
}

export const formatDate = (at: Date | string, lang: Lang, timeZone: string, withTime = false) =>
  new Date(at).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone,
    dateStyle: 'short',
    ...(withTime ? { timeStyle: 'short' } : {}),
  });
