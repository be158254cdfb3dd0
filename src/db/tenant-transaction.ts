import { type Kysely, sql } from 'kysely';
import type { Tx } from './database.js';
import type { DB } from './schema.js';

export interface TransactionIdentity {
  /** The signed-in user, for policies such as "my own memberships". */
  userId?: string;
  /** Set only by the operation helper: tenant tables refuse writes without it. */
  operation?: string;
}

/**
 * Makes the rest of the transaction run under the application role (no
 * BYPASSRLS) with the tenant set: row-level security then shows and accepts
 * only that tenant's rows. Every setting is transaction-local because PGlite
 * shares one session between all connections.
 */
export async function actAsTenant(tx: Tx, tenantId: string | null, identity: TransactionIdentity = {}): Promise<void> {
  await sql`SELECT set_config('role', 'quietude_app', true),
    set_config('quietude.tenant_id', ${tenantId ?? ''}, true),
    set_config('quietude.user_id', ${identity.userId ?? ''}, true),
    set_config('quietude.operation', ${identity.operation ?? ''}, true)`.execute(tx);
}

/** Runs fn in a read transaction of its own, as the tenant (see actAsTenant). Writes go through operations. */
export function withTenant<T>(
  db: Kysely<DB>,
  tenantId: string | null,
  fn: (tx: Tx) => Promise<T>,
  identity: TransactionIdentity = {},
): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await actAsTenant(tx, tenantId, identity);
    return fn(tx);
  });
}
