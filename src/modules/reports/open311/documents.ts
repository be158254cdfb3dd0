import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { isClosed } from '../tables.js';
import type { PublicRequest } from './request-queries.js';
import { isoInZone } from './serialize.js';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

/** ~100 m: enough to see where things happen, not whose door it is. */
const coarse = (degrees: number) => Math.round(degrees * 1000) / 1000;

/**
 * A report as a public service request. Chosen field by field: no contact, no address (a typed address may be a
 * home), no reporter's text — `description` only when a moderator published one.
 */
export function requestOf(report: PublicRequest, tenant: Tenant) {
  return {
    service_request_id: report.id,
    status: isClosed(report.status) ? 'closed' : 'open',
    service_name: report.serviceName,
    service_code: report.serviceCode,
    ...(report.publishedDescription ? { description: report.publishedDescription } : {}),
    requested_datetime: isoInZone(report.createdAt, tenant.time_zone),
    updated_datetime: isoInZone(report.updatedAt, tenant.time_zone),
    lat: coarse(report.lat),
    long: coarse(report.lon),
  };
}

/** The Service Discovery document of a jurisdiction. */
export function discoveryOf(tenant: Tenant, publicUrl: string) {
  const base = publicUrl.replace(/\/$/, '');
  const changeset = isoInZone(new Date(tenant.created_at), tenant.time_zone);
  return {
    changeset,
    contact: `${tenant.name} — ${base}/t/${tenant.slug}/`,
    key_service: `Une clé (api_key) est un jeton d’API créé par l’équipe de ${tenant.name} dans son espace : ${base}/t/${tenant.slug}/espace/jetons (permission reports.intake)`,
    endpoints: [
      {
        specification: SPECIFICATION,
        url: `${base}/open311/v2`,
        changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}
