import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { withTenant } from '../../db/tenant-transaction.js';
import { auditHash, GENESIS } from './audit-hash.js';

export type AuditVerdict = { ok: true; events: number } | { ok: false; events: number; brokenAt: number; reason: string };

/** Walks a tenant's chain from the start; names the first event that was changed, removed or reordered. */
export async function verifyAudit(db: Kysely<DB>, tenantId: string): Promise<AuditVerdict> {
  const events = await withTenant(db, tenantId, (tx) =>
    tx.selectFrom('audit_events').selectAll().where('tenant_id', '=', tenantId).orderBy('seq').execute(),
  );
  let prevHash = GENESIS;
  let expected = 1;
  for (const event of events) {
    const seq = Number(event.seq);
    if (seq !== expected) return { ok: false, events: events.length, brokenAt: expected, reason: `event ${expected} is missing` };
    if (event.prev_hash !== prevHash) {
      return { ok: false, events: events.length, brokenAt: seq, reason: `event ${seq} does not follow event ${seq - 1}` };
    }
    const hash = auditHash({
      tenantId,
      seq,
      at: new Date(event.at).toISOString(),
      actor: event.actor,
      action: event.action,
      entityType: event.entity_type,
      entityId: event.entity_id,
      fields: event.fields,
      count: event.count === null ? null : Number(event.count),
      prevHash: event.prev_hash,
    });
    if (hash !== event.hash) return { ok: false, events: events.length, brokenAt: seq, reason: `event ${seq} was changed` };
    prevHash = event.hash;
    expected += 1;
  }
  return { ok: true, events: events.length };
}
