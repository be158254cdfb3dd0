import type { FastifyRequest } from 'fastify';
import type { OperationContext } from '../access/operation.js';
import type { AppDeps } from '../deps.js';
import { AppError } from '../errors.js';

/** The operation context of a route that declared a permission (auth set its tenant and actor). */
export function requestContext(deps: AppDeps, request: FastifyRequest): OperationContext {
  if (!request.tenant)
    throw new AppError('internal', `Route ${request.routeOptions.url} has no tenant: it must declare a permission`);
  return { db: deps.database.db, clock: deps.clock, actor: request.actor, tenant: request.tenant };
}
