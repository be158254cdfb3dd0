import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { Clock } from '../../clock/clock.js';
import { AppError, invalidInput } from '../../errors.js';
import { replaceRecoveryCodes } from './recovery-codes.js';
import { matchingStep, newTotpSecret } from './totp-secret.js';

/**
 * The secret an account is enrolling with: the pending one, or a new one. Shown on the enrolment page until a first
 * code confirms it, never after. An account already enrolled must disable its second factor first.
 */
export async function pendingTotpSecret(db: Kysely<DB>, clock: Clock, userId: string): Promise<string> {
  const current = await db
    .selectFrom('user_totp')
    .select(['secret', 'confirmed_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (current?.confirmed_at) throw new AppError('conflict', 'A second factor is already set up for this account');
  if (current) return current.secret;
  const secret = newTotpSecret();
  await db
    .insertInto('user_totp')
    .values({ user_id: userId, secret, created_at: clock.now(), confirmed_at: null })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  // Two tabs opened at once: keep whichever secret was stored first.
  const stored = await db.selectFrom('user_totp').select('secret').where('user_id', '=', userId).executeTakeFirstOrThrow();
  return stored.secret;
}

/** Confirms the pending secret with a first code; returns the recovery codes, shown once. */
export async function confirmTotp(db: Kysely<DB>, clock: Clock, userId: string, code: string): Promise<string[]> {
  const now = clock.now();
  const pending = await db
    .selectFrom('user_totp')
    .select('secret')
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is', null)
    .executeTakeFirst();
  if (!pending) throw new AppError('conflict', 'No second factor is being set up for this account');
  const step = matchingStep(pending.secret, code, now);
  if (step === undefined)
    throw invalidInput(
      'code',
      'does not match: check the time of your phone and type the code shown now',
      'ne correspond pas : vérifiez l’heure de votre téléphone et saisissez le code affiché maintenant',
    );
  return db.transaction().execute(async (tx) => {
    // The confirming code counts as used: it cannot open a session a moment later.
    await tx
      .updateTable('user_totp')
      .set({ confirmed_at: now, last_step: String(step) })
      .where('user_id', '=', userId)
      .execute();
    const codes = await replaceRecoveryCodes(tx, userId, now);
    await tx.insertInto('security_events').values({ at: now, user_id: userId, kind: 'totp_enabled' }).execute();
    return codes;
  });
}
