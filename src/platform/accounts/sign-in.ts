import type { Kysely, Selectable } from 'kysely';
import type { DB, UsersTable } from '../../db/schema.js';
import type { Clock } from '../clock/clock.js';
import { AppError } from '../errors.js';
import { verifyPassword } from './passwords.js';
import { createSession } from './sessions.js';

/** Five wrong passwords (or second-factor codes) in a row lock the account for 15 minutes (stored, so every instance agrees). */
export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;

const refused = () =>
  new AppError('unauthenticated', 'Wrong e-mail address or password, or account locked for a while after repeated failures.');

export const isLocked = (user: Pick<Selectable<UsersTable>, 'locked_until'>, now: Date) =>
  Boolean(user.locked_until && new Date(user.locked_until) > now);

/** Counts a failed attempt against an account, locking it after MAX_FAILURES in a row. */
export async function recordFailure(
  db: Kysely<DB>,
  now: Date,
  user: Pick<Selectable<UsersTable>, 'id' | 'failed_logins'>,
  kind: 'login_failed' | 'totp_failed' = 'login_failed',
): Promise<void> {
  const failures = user.failed_logins + 1;
  const lock = failures >= MAX_FAILURES;
  await db
    .updateTable('users')
    .set({ failed_logins: lock ? 0 : failures, locked_until: lock ? new Date(now.getTime() + LOCK_MS) : null })
    .where('id', '=', user.id)
    .execute();
  await db
    .insertInto('security_events')
    .values({ at: now, user_id: user.id, kind: lock ? 'account_locked' : kind })
    .execute();
}

/**
 * Checks an e-mail and password: the account's id, or a refusal. The answer is
 * the same for an unknown address, a wrong password and a locked account, and
 * costs the same time, so that it tells an attacker nothing.
 */
export async function checkPassword(db: Kysely<DB>, clock: Clock, email: string, password: string): Promise<string> {
  const now = clock.now();
  const user = await db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  const locked = user ? isLocked(user, now) : false;
  const matches = await verifyPassword(user && !locked ? user.password_hash : null, password);
  if (!user?.active || locked || !matches) {
    if (user && !locked) await recordFailure(db, now, user);
    throw refused();
  }
  return user.id;
}

/** Opens the session of an account whose every factor was checked (password or OIDC, then the code if enrolled). */
export async function openSession(db: Kysely<DB>, clock: Clock, userId: string): Promise<string> {
  const now = clock.now();
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, last_login_at: now })
    .where('id', '=', userId)
    .execute();
  await db.insertInto('security_events').values({ at: now, user_id: userId, kind: 'login_succeeded' }).execute();
  return createSession(db, clock, userId);
}
