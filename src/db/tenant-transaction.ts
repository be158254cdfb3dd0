import { type Kysely, sql } from 'kysely';
import type { Tx } from './database.js';
import type { DB } from './schema.js';

/**
 * Makes the rest of the transaction run under the application role (no
 * BYPASSRLS) with the tenant set: row-level security then shows and accepts
 * only that tenant's rows. Both settings are transaction-local because PGlite
 * shares one session between all connections.
 */
export async function actAsTenant(tx: Tx, tenantId: string | null): Promise<void> {
  await sql`SELECT set_config('role', 'quietude_app', true), set_config('quietude.tenant_id', ${tenantId ?? ''}, true)`.execute(
    tx,
  );
}

/** Runs fn in a transaction of its own, as the tenant (see actAsTenant). */
export function withTenant<T>(db: Kysely<DB>, tenantId: string | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await actAsTenant(tx, tenantId);
    return fn(tx);
  });
}
