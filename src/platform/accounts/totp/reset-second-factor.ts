import type { Kysely } from 'kysely';
import type { Command } from '../../../cli/command.js';
import { withDeps } from '../../../cli/with-deps.js';
import type { DB } from '../../../db/schema.js';
import type { Clock } from '../../clock/clock.js';
import { AppError } from '../../errors.js';
import { endAllSessions } from '../sessions.js';
import { checkEmail } from '../user-queries.js';

/**
 * For an agent who lost both their phone and their recovery codes, on the operator's word (the CLI, never a page):
 * removes the second factor and ends the account's sessions. Where a tenant requires it, the next sign-in leads to
 * enrolment again.
 */
export async function resetSecondFactor(
  db: Kysely<DB>,
  clock: Clock,
  email: string,
): Promise<{ userId: string; hadOne: boolean }> {
  const user = await db.selectFrom('users').select('id').where('email', '=', checkEmail(email)).executeTakeFirst();
  if (!user) throw new AppError('not_found', `No account has the address ${email}`);
  const hadOne = await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('user_recovery_codes').where('user_id', '=', user.id).execute();
    const removed = await tx.deleteFrom('user_totp').where('user_id', '=', user.id).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return false;
    await tx.insertInto('security_events').values({ at: clock.now(), user_id: user.id, kind: 'totp_disabled' }).execute();
    return true;
  });
  if (hadOne) await endAllSessions(db, user.id);
  return { userId: user.id, hadOne };
}

export const resetSecondFactorCommand: Command = {
  name: 'reset-second-factor',
  summary: 'Remove the second factor (TOTP) of an account whose owner lost phone and recovery codes; ends its sessions',
  usage: 'quietude reset-second-factor <email>',
  positionals: [1, 1],
  run: ({ positionals: [email] }) =>
    withDeps(async (deps) => {
      const result = await resetSecondFactor(deps.database.db, deps.clock, email as string);
      return {
        text: result.hadOne
          ? `The second factor of ${email} is removed and its sessions ended.`
          : `${email} had no second factor: nothing changed.`,
        json: result,
      };
    }),
};
