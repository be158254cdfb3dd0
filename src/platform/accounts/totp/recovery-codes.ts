import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { hashSecretToken } from '../secret-tokens.js';
import { normaliseCode } from './totp-secret.js';

const COUNT = 8;
const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Ten characters without look-alikes (no l, o, 0, 1), shown as « abcde-fghij »: 50 bits, enough for a one-time code. */
function newRecoveryCode(): string {
  const chars = [...randomBytes(10)].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Replaces an account's recovery codes; returns the new ones, shown once. Only their SHA-256 is kept. */
export async function replaceRecoveryCodes(db: Kysely<DB>, userId: string, now: Date): Promise<string[]> {
  const codes = Array.from({ length: COUNT }, newRecoveryCode);
  await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('user_recovery_codes')
    .values(
      codes.map((code) => ({ user_id: userId, code_hash: hashSecretToken(normaliseCode(code)), created_at: now, used_at: null })),
    )
    .execute();
  return codes;
}

/** Uses a recovery code, once: true when it was unused and is now spent. */
export async function useRecoveryCode(db: Kysely<DB>, userId: string, code: string, now: Date): Promise<boolean> {
  const normalised = normaliseCode(code);
  if (!/^[a-z2-9]{10}$/.test(normalised)) return false;
  const result = await db
    .updateTable('user_recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashSecretToken(normalised))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
