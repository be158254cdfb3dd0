import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../clock/clock.js';
import { hashSecretToken, newSecretToken } from './secret-tokens.js';

export const SESSION_COOKIE = 'quietude_session';
/** A session ends after 8 hours without use, and after 24 hours in any case. */
const IDLE_MS = 8 * 3600_000;
const ABSOLUTE_MS = 24 * 3600_000;
/** last_seen_at is written at most this often, so that reads stay reads. */
const TOUCH_MS = 5 * 60_000;

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
}

export async function createSession(db: Kysely<DB>, clock: Clock, userId: string): Promise<string> {
  const { token, hash } = newSecretToken();
  const now = clock.now();
  await db
    .insertInto('sessions')
    .values({
      token_hash: hash,
      user_id: userId,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + IDLE_MS),
    })
    .execute();
  return token;
}

/** The active user behind a session cookie, sliding its idle expiry; undefined when ended or expired. */
export async function findSessionUser(db: Kysely<DB>, clock: Clock, token: string): Promise<SessionUser | undefined> {
  const now = clock.now();
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.token_hash', 's.created_at', 's.last_seen_at', 'u.id', 'u.email', 'u.display_name'])
    .where('s.token_hash', '=', hashSecretToken(token))
    .where('s.expires_at', '>', now)
    .where('u.active', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_MS) {
    const expires = Math.min(new Date(row.created_at).getTime() + ABSOLUTE_MS, now.getTime() + IDLE_MS);
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now, expires_at: new Date(expires) })
      .where('token_hash', '=', row.token_hash)
      .execute();
  }
  return { id: row.id, email: row.email, displayName: row.display_name };
}

export async function endSession(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashSecretToken(token)).execute();
}

/** Ends every session of a user at once (deactivation, password change). */
export async function endAllSessions(db: Kysely<DB>, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
