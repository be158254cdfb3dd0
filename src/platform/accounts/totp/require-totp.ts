import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';

export const ENROL_PATH = '/compte/double-authentification';

/**
 * A tenant may require a second factor for some roles (its settings). A member holding such a role there who has
 * not enrolled reaches none of that tenant's staff pages: a page sends them to enrolment (and back afterwards),
 * anything else is refused. Runs after the permission check, which found the tenant and the signed-in user.
 * API tokens are not people: they are not concerned.
 */
export function registerTotpRequirement(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  app.addHook('preHandler', async (request, reply) => {
    const { tenant, sessionUser: user } = request;
    if (!tenant || !user || request.actor?.kind !== 'user') return;
    const missing = await withTenant(
      db,
      tenant.id,
      (tx) =>
        tx
          .selectFrom('memberships as m')
          .innerJoin('tenant_settings as s', 's.tenant_id', 'm.tenant_id')
          .select('m.role')
          .where('m.tenant_id', '=', tenant.id)
          .where('m.user_id', '=', user.id)
          .where(sql<boolean>`m.role = ANY(s.totp_required_roles)`)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('user_totp as t')
                  .select('t.user_id')
                  .whereRef('t.user_id', '=', 'm.user_id')
                  .where('t.confirmed_at', 'is not', null),
              ),
            ),
          )
          .limit(1)
          .executeTakeFirst(),
      { userId: user.id },
    );
    if (!missing) return;
    if (request.method === 'GET' && !request.routeOptions.config?.jsonErrors)
      return reply.redirect(`${ENROL_PATH}?suite=${encodeURIComponent(request.url)}`, 303);
    throw new AppError('forbidden', 'This local authority requires two-step verification for your role: turn it on first.');
  });
}
