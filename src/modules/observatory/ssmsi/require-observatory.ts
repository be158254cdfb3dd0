import { notFound } from '../../../platform/errors.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';

/**
 * The observatory's pages exist only for tenants running it: an administrator of another programme's tenant holds
 * `observatory.import` by role, but must not replace the national edition from a tenant without the observatory.
 */
export function requireObservatory(tenant: Tenant | undefined): void {
  if (!tenant?.programmes.includes('observatory')) throw notFound('Page');
}
