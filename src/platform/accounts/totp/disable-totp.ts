import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { Clock } from '../../clock/clock.js';
import { AppError, invalidInput } from '../../errors.js';
import { checkSecondFactor } from './second-factor.js';

/** Removes an account's second factor, proven by a current code or a recovery code (a stolen session is not enough). */
export async function disableTotp(db: Kysely<DB>, clock: Clock, userId: string, code: string): Promise<void> {
  const check = await checkSecondFactor(db, clock, userId, code);
  if (check === 'locked')
    throw new AppError('forbidden', 'Too many wrong codes: this account is locked for a while. Try again later.');
  if (check === 'refused') throw invalidInput('code', 'is not a valid code', 'n’est pas un code valide');
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
    await tx.deleteFrom('user_totp').where('user_id', '=', userId).execute();
    await tx.insertInto('security_events').values({ at: clock.now(), user_id: userId, kind: 'totp_disabled' }).execute();
  });
}
