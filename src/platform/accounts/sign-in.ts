import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../clock/clock.js';
import { AppError } from '../errors.js';
import { verifyPassword } from './passwords.js';
import { createSession } from './sessions.js';

/** Five wrong passwords in a row lock the account for 15 minutes (stored, so every instance agrees). */
export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;

const refused = () =>
  new AppError('unauthenticated', 'Wrong e-mail address or password, or account locked for a while after repeated failures.');

/**
 * Checks an e-mail and password and opens a session. The answer is the same
 * for an unknown address, a wrong password and a locked account, and costs the
 * same time, so that it tells an attacker nothing.
 */
export async function signIn(
  db: Kysely<DB>,
  clock: Clock,
  email: string,
  password: string,
): Promise<{ token: string; userId: string }> {
  const now = clock.now();
  const user = await db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  const locked = user?.locked_until && new Date(user.locked_until) > now;
  const matches = await verifyPassword(user && !locked ? user.password_hash : null, password);
  if (!user?.active || locked || !matches) {
    if (user && !locked) {
      const failures = user.failed_logins + 1;
      const lock = failures >= MAX_FAILURES;
      await db
        .updateTable('users')
        .set({ failed_logins: lock ? 0 : failures, locked_until: lock ? new Date(now.getTime() + LOCK_MS) : null })
        .where('id', '=', user.id)
        .execute();
      await db
        .insertInto('security_events')
        .values({ at: now, user_id: user.id, kind: lock ? 'account_locked' : 'login_failed' })
        .execute();
    }
    throw refused();
  }
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, last_login_at: now })
    .where('id', '=', user.id)
    .execute();
  await db.insertInto('security_events').values({ at: now, user_id: user.id, kind: 'login_succeeded' }).execute();
  return { token: await createSession(db, clock, user.id), userId: user.id };
}
