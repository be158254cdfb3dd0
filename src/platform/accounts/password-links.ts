import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../clock/clock.js';
import { AppError } from '../errors.js';
import { checkNewPassword, hashPassword } from './passwords.js';
import { hashSecretToken, newSecretToken } from './secret-tokens.js';
import { endAllSessions } from './sessions.js';

const LINK_MS = 24 * 3600_000;

/** A one-time link to choose a password, valid 24 hours. Only its hash is kept. */
export async function issuePasswordLink(db: Kysely<DB>, clock: Clock, userId: string, publicUrl: string): Promise<string> {
  const { token, hash } = newSecretToken();
  const now = clock.now();
  await db
    .insertInto('password_links')
    .values({ token_hash: hash, user_id: userId, created_at: now, expires_at: new Date(now.getTime() + LINK_MS), used_at: null })
    .execute();
  return `${publicUrl.replace(/\/$/, '')}/mot-de-passe?jeton=${encodeURIComponent(token)}`;
}

/** The account a still-valid link is for. */
export async function findPasswordLink(db: Kysely<DB>, clock: Clock, token: string) {
  return db
    .selectFrom('password_links as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.token_hash', 'u.id', 'u.email', 'u.display_name'])
    .where('l.token_hash', '=', hashSecretToken(token))
    .where('l.used_at', 'is', null)
    .where('l.expires_at', '>', clock.now())
    .where('u.active', '=', true)
    .executeTakeFirst();
}

/** Sets the password through a link, once; ends every open session of the account. */
export async function setPasswordWithLink(db: Kysely<DB>, clock: Clock, token: string, password: string): Promise<string> {
  const link = await findPasswordLink(db, clock, token);
  if (!link) throw new AppError('not_found', 'This link has expired or was already used. Ask your administrator for a new one.');
  checkNewPassword(password, link.email);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    const used = await tx
      .updateTable('password_links')
      .set({ used_at: clock.now() })
      .where('token_hash', '=', link.token_hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new AppError('not_found', 'This link was already used.');
    await tx
      .updateTable('users')
      .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null })
      .where('id', '=', link.id)
      .execute();
    await tx.insertInto('security_events').values({ at: clock.now(), user_id: link.id, kind: 'password_set' }).execute();
  });
  await endAllSessions(db, link.id);
  return link.email;
}
