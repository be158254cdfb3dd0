import type { Tx } from '../../db/database.js';
import { invalidInput } from '../errors.js';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function checkEmail(email: string): string {
  const normalised = normaliseEmail(email);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(normalised) || normalised.length > 254)
    throw invalidInput('email', 'is not an e-mail address', 'n’est pas une adresse électronique');
  return normalised;
}

/** The account with this address, created (without password) if there is none. */
export async function findOrCreateUser(
  tx: Tx,
  email: string,
  displayName: string,
  isDemo = false,
): Promise<{ id: string; created: boolean }> {
  const existing = await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const row = await tx
    .insertInto('users')
    .values({ email, display_name: displayName, password_hash: null, locked_until: null, last_login_at: null, is_demo: isDemo })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, created: true };
}

/** The members of the transaction's tenant, one row per role held. */
export function listMembers(tx: Tx) {
  return tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('territories as t', 't.id', 'm.territory_id')
    .select([
      'm.id as membershipId',
      'm.role',
      'u.id as userId',
      'u.email',
      'u.display_name',
      'u.active',
      't.name as territoryName',
    ])
    .orderBy('u.display_name')
    .orderBy('m.role')
    .execute();
}
