import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Actor, can, publicActor, requirePermission } from '../access/actor.js';
import { tokenActor, userActor } from '../access/load-actor.js';
import { checkCsrf, csrfToken } from '../accounts/csrf.js';
import { findSessionUser, SESSION_COOKIE, type SessionUser } from '../accounts/sessions.js';
import type { AppDeps } from '../deps.js';
import { AppError } from '../errors.js';
import { requireTenant, type Tenant } from '../tenants/tenant-queries.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member (pages, and API reads; API writes take bearer tokens only). */
    sessionUser?: SessionUser;
    /** Who acts: set on routes that declare a permission, public otherwise. */
    actor: Actor;
    /** The tenant of a route with a permission, from its :slug. */
    tenant?: Tenant;
    /** The CSRF token to put in a form of this page. */
    csrf: () => string;
  }
}

const isApi = (url: string) => url.startsWith('/api/') || url.startsWith('/open311/');
const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const safe = new Set(['GET', 'HEAD']);

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/**
 * Sessions for pages, bearer tokens for the API, CSRF on every page form, and
 * the permission each route declares, checked before its handler runs.
 */
export async function registerAuth(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  await app.register(cookie);
  app.decorateRequest('sessionUser', undefined);
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('tenant', undefined);
  app.decorateRequest('csrf', null as unknown as () => string);

  app.addHook('onRequest', async (request, reply) => {
    request.actor = publicActor;
    request.csrf = () => csrfToken(deps.config.sessionSecret, request, reply);
    const token = request.cookies[SESSION_COOKIE];
    // Pages use the session; so may API reads from the staff pages' own scripts (never API writes: no CSRF there).
    if (token && (!isApi(request.url) || safe.has(request.method)))
      request.sessionUser = await findSessionUser(db, deps.clock, token);
  });

  // Every form posted to a page carries the token; API writes are authenticated by bearer tokens, not cookies.
  app.addHook('preValidation', async (request) => {
    if (writes.has(request.method) && !isApi(request.url) && !request.routeOptions.config?.readOnly) {
      checkCsrf(deps.config.sessionSecret, request);
    }
  });

  app.addHook('preHandler', async (request) => {
    const permission = request.routeOptions.config?.permission;
    if (!permission) return;
    const slug = (request.params as { slug?: string }).slug;
    if (!slug) throw new Error(`Route ${request.routeOptions.url} declares a permission but has no :slug`);
    const tenant = await requireTenant(db, slug);
    let actor: Actor | undefined;
    const token = isApi(request.url) ? bearer(request) : undefined;
    if (token) {
      actor = await tokenActor(db, deps.clock, tenant, token);
      if (!actor) throw new AppError('unauthenticated', 'Invalid or revoked API token');
    } else if (request.sessionUser) {
      actor = await userActor(db, tenant, request.sessionUser);
      // A member of other tenants only: this tenant's pages do not exist for them.
      if (actor.grants.size === 0) throw new AppError('not_found', 'Not found');
    }
    // A route may accept any of several permissions (a report read by managers and funding members).
    const accepted = [permission].flat() as `${string}.${string}`[];
    const who = actor ?? publicActor;
    if (!accepted.some((p) => can(who, p))) requirePermission(who, accepted[0] as `${string}.${string}`);
    request.tenant = tenant;
    request.actor = actor ?? publicActor;
  });
}
