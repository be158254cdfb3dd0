import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { Clock } from '../../clock/clock.js';
import { normaliseEmail } from '../user-queries.js';
import type { OidcIdentity } from './oidc-client.js';

/**
 * The existing, active account an identity signs in as, or undefined. Never creates an account or a right:
 * - an identity already linked (issuer + subject) is that account;
 * - otherwise, on first use, an e-mail address the provider says it verified, equal to an account's, links the two —
 *   unless that account is already linked to another subject at the same provider (a reassigned address must not
 *   take over an account).
 * Each outcome is a security event; a refusal names no e-mail address.
 */
export async function accountForIdentity(db: Kysely<DB>, clock: Clock, identity: OidcIdentity): Promise<string | undefined> {
  const now = clock.now();
  const refuse = async () => {
    await db.insertInto('security_events').values({ at: now, user_id: null, kind: 'oidc_refused' }).execute();
    return undefined;
  };
  const linked = await db
    .selectFrom('user_identities as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .select(['i.id as identityId', 'u.id', 'u.active'])
    .where('i.issuer', '=', identity.issuer)
    .where('i.subject', '=', identity.subject)
    .executeTakeFirst();
  if (linked) {
    if (!linked.active) return refuse();
    await db.updateTable('user_identities').set({ last_used_at: now }).where('id', '=', linked.identityId).execute();
    return linked.id;
  }
  if (!identity.email || !identity.emailVerified) return refuse();
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', normaliseEmail(identity.email))
    .where('active', '=', true)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('user_identities as other')
            .select('other.id')
            .whereRef('other.user_id', '=', 'users.id')
            .where('other.issuer', '=', identity.issuer),
        ),
      ),
    )
    .executeTakeFirst();
  if (!user) return refuse();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('user_identities')
      .values({ user_id: user.id, issuer: identity.issuer, subject: identity.subject, created_at: now, last_used_at: now })
      .execute();
    await tx.insertInto('security_events').values({ at: now, user_id: user.id, kind: 'oidc_linked' }).execute();
  });
  return user.id;
}
