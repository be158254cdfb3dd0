import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { can } from '../../../platform/access/actor.js';
import { userActor } from '../../../platform/access/load-actor.js';
import { defineOperation } from '../../../platform/access/operation.js';
import { hashSecretToken, newSecretToken } from '../../../platform/accounts/secret-tokens.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { requireTenant } from '../../../platform/tenants/tenant-queries.js';
import { localMoment } from '../orders/order-time.js';
import { schoolYearBounds, schoolYearOf } from './school-year.js';
import { sessionsOfYear, sessionUrl } from './session-exports.js';
import { sessionsCalendar } from './sessions-calendar.js';

const mine = sql<boolean>`tenant_id = quietude_tenant()`;

/** The address a calendar application subscribes to. */
export const feedUrl = (deps: AppDeps, slug: string, token: string) =>
  `${deps.config.publicUrl.replace(/\/$/, '')}/t/${slug}/prevention/calendrier/${token}.ics`;

/** The member's active feed in this tenant (never its token: only its hash is kept). */
export function activeFeed(tx: Tx, userId: string) {
  return tx
    .selectFrom('prevention_calendar_feeds')
    .select(['id', 'token_hash', 'created_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where(mine)
    .executeTakeFirst();
}

async function revokeActive(tx: Tx, userId: string, now: Date): Promise<string | undefined> {
  const row = await tx
    .updateTable('prevention_calendar_feeds')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where(mine)
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/**
 * A staff member's personal feed: a random token (shown once, stored as its SHA-256) tied to the member and the
 * tenant. A new one replaces the previous (which stops at once).
 */
export const createCalendarFeed = defineOperation({
  name: 'prevention.create-calendar-feed',
  permission: 'prevention.sessions',
  async run({ tx, tenant, clock, actor, audit }, _input: undefined) {
    if (!actor.userId) throw new AppError('forbidden', 'A calendar feed belongs to a signed-in member');
    const previous = await revokeActive(tx, actor.userId, clock.now());
    if (previous) audit({ entityType: 'prevention-calendar-feed', entityId: previous, fields: ['revoked_at'] });
    const { token, hash } = newSecretToken();
    const row = await tx
      .insertInto('prevention_calendar_feeds')
      .values({ tenant_id: tenant.id, user_id: actor.userId, token_hash: hash, created_at: clock.now(), revoked_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'prevention-calendar-feed', entityId: row.id, fields: ['user_id', 'token_hash'] });
    return { id: row.id, token };
  },
});

/** Revokes the member's own feed. */
export const revokeCalendarFeed = defineOperation({
  name: 'prevention.revoke-calendar-feed',
  permission: 'prevention.sessions',
  async run({ tx, clock, actor, audit }, _input: undefined) {
    const revoked = actor.userId ? await revokeActive(tx, actor.userId, clock.now()) : undefined;
    if (!revoked) throw notFound('Calendar feed');
    audit({ entityType: 'prevention-calendar-feed', entityId: revoked, fields: ['revoked_at'] });
  },
});

/**
 * `/t/{slug}/prevention/calendrier/{token}.ics`: public, since a calendar application sends no cookie; the token is
 * the key. Each read checks, now, that the token is not revoked, that its member's account is active and that the
 * member still holds the sessions permission in this tenant: a removed member's feed stops at once. Anything else is
 * a plain 404, telling nothing of why.
 */
export function registerCalendarFeed(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  app.get<{ Params: { slug: string; file: string } }>(
    '/t/:slug/prevention/calendrier/:file',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await requireTenant(db, request.params.slug);
      const token = /^([A-Za-z0-9_-]{43})\.ics$/.exec(request.params.file)?.[1];
      if (!tenant.programmes.includes('prevention') || !token) throw notFound('Calendar feed');
      const feed = await withTenant(db, tenant.id, (tx) =>
        tx
          .selectFrom('prevention_calendar_feeds')
          .select('user_id')
          .where('token_hash', '=', hashSecretToken(token))
          .where('revoked_at', 'is', null)
          .where(mine)
          .executeTakeFirst(),
      );
      const user = feed
        ? await db
            .selectFrom('users')
            .select(['id', 'email', 'display_name'])
            .where('id', '=', feed.user_id)
            .where('active', '=', true)
            .executeTakeFirst()
        : undefined;
      const actor = user
        ? await userActor(db, tenant, { id: user.id, email: user.email, displayName: user.display_name })
        : undefined;
      if (!actor || !can(actor, 'prevention.sessions')) throw notFound('Calendar feed');
      // This school year and the next.
      const year = schoolYearOf(localMoment(deps.clock.now(), tenant.time_zone).date);
      const next = `${Number(year.slice(0, 4)) + 1}-${Number(year.slice(0, 4)) + 2}`;
      const { from } = schoolYearBounds(year, tenant.time_zone);
      const { to } = schoolYearBounds(next, tenant.time_zone);
      const rows = await withTenant(db, tenant.id, (tx) => sessionsOfYear(tx, from, to));
      const calendar = sessionsCalendar(rows, {
        name: `Séances de prévention — ${tenant.name}`,
        sessionUrl: (id) => sessionUrl(deps, tenant.slug, id),
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('Cache-Control', 'no-store')
        .header('Referrer-Policy', 'no-referrer')
        .send(calendar);
    },
  );
}
