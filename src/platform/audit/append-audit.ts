import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { auditHash, GENESIS } from './audit-hash.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  /** Names of the fields written or read, never their values. */
  fields: string[];
  /** How many records, for purges and imports. */
  count?: number;
}

/**
 * Appends events to the tenant's chain. Called as the transaction's last
 * statements; a transaction-scoped advisory lock keeps concurrent appends of one
 * tenant in order.
 */
export async function appendAudit(tx: Tx, tenantId: string, actor: string, at: Date, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`audit:${tenantId}`}, 0))`.execute(tx);
  const last = await tx
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .where('tenant_id', '=', tenantId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  let seq = Number(last?.seq ?? 0);
  let prevHash = last?.hash ?? GENESIS;
  const rows = entries.map((entry) => {
    seq += 1;
    const record = { tenantId, seq, at: at.toISOString(), actor, ...entry, count: entry.count ?? null, prevHash };
    const hash = auditHash(record);
    prevHash = hash;
    return {
      tenant_id: tenantId,
      seq,
      at,
      actor,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      fields: entry.fields,
      count: record.count,
      prev_hash: record.prevHash,
      hash,
    };
  });
  await tx.insertInto('audit_events').values(rows).execute();
}
