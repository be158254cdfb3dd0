import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { Clock } from '../../clock/clock.js';
import { isLocked, recordFailure } from '../sign-in.js';
import { useRecoveryCode } from './recovery-codes.js';
import { matchingStep } from './totp-secret.js';

/** Whether the account has a confirmed second factor (sign-in then asks for a code). */
export async function hasSecondFactor(db: Kysely<DB>, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('user_totp')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  return Boolean(row);
}

export type CodeCheck = 'accepted' | 'recovery' | 'refused' | 'locked';

/**
 * Checks a code from the authenticator app, or a recovery code, for an enrolled account. A TOTP code is accepted
 * once: its time step must come after the last accepted one (stored, so that no instance accepts it twice). A wrong
 * code counts as a failed sign-in: after MAX_FAILURES the account is locked, whatever the code.
 */
export async function checkSecondFactor(db: Kysely<DB>, clock: Clock, userId: string, code: string): Promise<CodeCheck> {
  const now = clock.now();
  const row = await db
    .selectFrom('users as u')
    .innerJoin('user_totp as t', 't.user_id', 'u.id')
    .select(['u.id', 'u.failed_logins', 'u.locked_until', 'u.active', 't.secret'])
    .where('u.id', '=', userId)
    .where('t.confirmed_at', 'is not', null)
    .executeTakeFirst();
  if (!row?.active) return 'refused';
  if (isLocked(row, now)) return 'locked';
  const step = matchingStep(row.secret, code, now);
  if (step !== undefined) {
    // One statement decides: two instances given the same code cannot both accept it.
    const taken = await db
      .updateTable('user_totp')
      .set({ last_step: String(step) })
      .where('user_id', '=', userId)
      .where('last_step', '<', String(step))
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1) return 'accepted';
  } else if (await useRecoveryCode(db, userId, code, now)) {
    await db.insertInto('security_events').values({ at: now, user_id: userId, kind: 'recovery_code_used' }).execute();
    return 'recovery';
  }
  await recordFailure(db, now, row, 'totp_failed');
  return 'refused';
}
