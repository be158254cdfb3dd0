import type { Kysely } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { actAsTenant } from '../../db/tenant-transaction.js';
import { type AuditEntry, appendAudit } from '../audit/append-audit.js';
import type { Clock } from '../clock/clock.js';
import type { Tenant } from '../tenants/tenant-queries.js';
import { type Actor, requirePermission } from './actor.js';
import type { Permission } from './permissions.js';

/** What every operation is called with: routes, CLI commands and jobs build it. */
export interface OperationContext {
  db: Kysely<DB>;
  clock: Clock;
  actor: Actor;
  tenant: Tenant;
}

/** What an operation's body works with: the transaction, and the audit log of this change. */
export interface OperationScope extends OperationContext {
  tx: Tx;
  /** Records what changed (or which sensitive record was read): field names, never values. */
  audit(entry: Omit<AuditEntry, 'action'> & { action?: string }): void;
}

export interface OperationDefinition<I, O> {
  /** `<module>.<verb-noun>`: the audit action and the transaction's operation name. */
  name: string;
  /** Checked before anything else; 'public' for what anyone may do (a resident's report). */
  permission: Permission | 'public';
  run(scope: OperationScope, input: I): Promise<O>;
}

export type Operation<I, O> = ((ctx: OperationContext, input: I) => Promise<O>) & {
  operationName: string;
  permission: Permission | 'public';
  /**
   * Runs inside a transaction the caller opened: where a row outside any tenant
   * must be written in the same transaction (a new tenant), or as a step of
   * another operation (`coveredBy`: the permission that operation checked stands for this one's).
   */
  within(tx: Tx, ctx: OperationContext, input: I, options?: { coveredBy?: Permission }): Promise<O>;
};

/**
 * The one way to write (and to read a sensitive record): the permission first,
 * then the change and its audit events in one transaction, the events appended
 * last. Tenant tables refuse writes from any transaction not opened here.
 */
export function defineOperation<I, O>(definition: OperationDefinition<I, O>): Operation<I, O> {
  const within = async (tx: Tx, ctx: OperationContext, input: I, options: { coveredBy?: Permission } = {}): Promise<O> => {
    const permission = options.coveredBy ?? definition.permission;
    if (permission !== 'public') requirePermission(ctx.actor, permission);
    await actAsTenant(tx, ctx.tenant.id, { userId: ctx.actor.userId, operation: definition.name });
    const entries: AuditEntry[] = [];
    const result = await definition.run(
      { ...ctx, tx, audit: (entry) => entries.push({ action: definition.name, ...entry }) },
      input,
    );
    if (entries.length === 0) throw new Error(`Operation ${definition.name} recorded no audit event`);
    await appendAudit(tx, ctx.tenant.id, ctx.actor.label, ctx.clock.now(), entries);
    return result;
  };
  const operation = async (ctx: OperationContext, input: I): Promise<O> => {
    // The permission is checked before the transaction opens, and again inside (cheap).
    if (definition.permission !== 'public') requirePermission(ctx.actor, definition.permission);
    return ctx.db.transaction().execute((tx) => within(tx, ctx, input));
  };
  return Object.assign(operation, { operationName: definition.name, permission: definition.permission, within });
}
