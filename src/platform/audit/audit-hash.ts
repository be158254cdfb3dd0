import { createHash } from 'node:crypto';

export interface AuditRecord {
  tenantId: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  fields: string[];
  count: number | null;
  prevHash: string;
}

/** The first event of a tenant's chain points at this. */
export const GENESIS = '0'.repeat(64);

/** SHA-256 of the event's content in a fixed key order, chained to the previous hash. */
export function auditHash(record: AuditRecord): string {
  const canonical = JSON.stringify([
    record.tenantId,
    record.seq,
    record.at,
    record.actor,
    record.action,
    record.entityType,
    record.entityId,
    record.fields,
    record.count,
    record.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
