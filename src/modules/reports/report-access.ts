import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { type Actor, can } from '../../platform/access/actor.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { ReportStatus } from './tables.js';

/**
 * Who sees which reports. The coordinator (`reports.manage`) sees the tenant's, or its territories' /
 * organisations' when scoped; a handling organisation (`reports.handle`) sees only what is routed to its
 * organisation(s) — a membership without an organisation sees none, never the whole tenant.
 */
export interface ReportsReach {
  all: boolean;
  territories: string[];
  organisations: string[];
}

export function reportsReach(actor: Actor): ReportsReach {
  if (actor.kind === 'system') return { all: true, territories: [], organisations: [] };
  const manage = actor.grants.get('reports.manage');
  const handle = actor.grants.get('reports.handle');
  const territories = new Set<string>();
  const organisations = new Set<string>();
  if (manage && manage !== 'tenant') {
    for (const t of manage.territories) territories.add(t);
    for (const o of manage.organisations) organisations.add(o);
  }
  if (handle && handle !== 'tenant') for (const o of handle.organisations) organisations.add(o);
  return { all: manage === 'tenant', territories: [...territories], organisations: [...organisations] };
}

/** The staff screens of reports: 403 for a staff member with neither permission. */
export function requireReportsAccess(actor: Actor): void {
  if (!can(actor, 'reports.manage') && !can(actor, 'reports.handle'))
    throw new AppError('forbidden', 'Permission reports.manage or reports.handle required');
}

/** A where clause on `reports` (aliased `r`) keeping what the reach allows. */
export function inReach(reach: ReportsReach) {
  return (eb: ExpressionBuilder<DB & { r: DB['reports'] }, 'r'>) => {
    if (reach.all) return sql<SqlBool>`true`;
    const parts = [sql<SqlBool>`false`];
    if (reach.territories.length) parts.push(eb('r.territory_id', 'in', reach.territories) as never);
    if (reach.organisations.length) parts.push(eb('r.organisation_id', 'in', reach.organisations) as never);
    return eb.or(parts as never);
  };
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export interface ScopedReport {
  id: string;
  status: ReportStatus;
  organisation_id: string | null;
  territory_id: string | null;
  notify_reporter: boolean;
  duplicate_of: string | null;
  closed_at: Date | null;
}

/** A report within the actor's reach, or 404 (out of reach reads as not found). */
export async function reportInReach(tx: Tx, actor: Actor, id: string): Promise<ScopedReport> {
  requireReportsAccess(actor);
  const report = isUuid(id)
    ? await tx
        .selectFrom('reports as r')
        .select(['r.id', 'r.status', 'r.organisation_id', 'r.territory_id', 'r.notify_reporter', 'r.duplicate_of', 'r.closed_at'])
        .where('r.id', '=', id)
        .where(inReach(reportsReach(actor)))
        .executeTakeFirst()
    : undefined;
  if (!report) throw notFound('Report');
  return report;
}

/**
 * The reporter's contact is for the organisation that handles the report only: the actor's
 * `reports.handle` organisations, or any organisation the user is a member of (a coordinator whose own
 * organisation handles it). The coordinator as such does not see it.
 */
export async function mayReadContact(tx: Tx, actor: Actor, report: { organisation_id: string | null }): Promise<boolean> {
  if (!report.organisation_id) return false;
  const handle = actor.grants.get('reports.handle');
  if (handle && handle !== 'tenant' && handle.organisations.has(report.organisation_id)) return true;
  if (!actor.userId) return false;
  const member = await tx
    .selectFrom('memberships')
    .select('id')
    .where('user_id', '=', actor.userId)
    .where('organisation_id', '=', report.organisation_id)
    .executeTakeFirst();
  return Boolean(member);
}
