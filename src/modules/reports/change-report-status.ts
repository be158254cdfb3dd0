import type { Tx } from '../../db/database.js';
import { defineOperation, type OperationScope } from '../../platform/access/operation.js';
import { invalidInput } from '../../platform/errors.js';
import { translator } from '../../platform/i18n/i18n.js';
import { reportInReach, type ScopedReport } from './report-access.js';
import { writeReportEvent } from './report-event.js';
import { canMove } from './report-transitions.js';
import { isClosed, type ReportStatus, reportStatuses } from './tables.js';

export interface StatusChange {
  id: string;
  from: ReportStatus;
  to: ReportStatus;
  /** The reporter asked to be told: the caller e-mails the generic state once the change is committed. */
  notifyReporter: boolean;
}

/** Moves a report (already in reach) to a state; shared with merging, which closes the duplicate. */
export async function moveReport(
  tx: Tx,
  scope: Pick<OperationScope, 'tenant' | 'actor' | 'clock'>,
  report: ScopedReport,
  to: ReportStatus,
  reason: string | null,
): Promise<StatusChange> {
  if (!canMove(report.status, to)) {
    const fr = translator('fr');
    throw invalidInput(
      'to',
      `cannot move from ${report.status} to ${to}`,
      `passage impossible de « ${fr(`reports.status.${report.status}`)} » à « ${fr(`reports.status.${to}`)} »`,
    );
  }
  const now = scope.clock.now();
  await tx
    .updateTable('reports')
    .set({
      status: to,
      status_reason: reason,
      updated_at: now,
      // Closing starts the retention clocks; reopening a resolved report stops them.
      closed_at: isClosed(to) ? (report.closed_at ?? now) : null,
    })
    .where('id', '=', report.id)
    .execute();
  await writeReportEvent(tx, scope, report.id, { kind: 'status', fromStatus: report.status, toStatus: to, note: reason });
  return { id: report.id, from: report.status, to, notifyReporter: report.notify_reporter };
}

/** A state change by the coordinator or the handling organisation: allowed transitions only; a rejection says why. */
export const changeReportStatus = defineOperation({
  name: 'reports.change-report-status',
  permission: 'platform.staff-home',
  async run(scope, input: { id: string; to: string; reason?: string }): Promise<StatusChange> {
    const { tx, actor, audit } = scope;
    const report = await reportInReach(tx, actor, input.id);
    if (!(reportStatuses as readonly string[]).includes(input.to))
      throw invalidInput('to', `unknown state « ${input.to} »`, `état inconnu « ${input.to} »`);
    const to = input.to as ReportStatus;
    const reason = input.reason?.trim() || null;
    if (reason && reason.length > 4000)
      throw invalidInput('reason', 'must be at most 4000 characters', 'au plus 4000 caractères');
    if (to === 'rejected' && !reason) throw invalidInput('reason', 'a rejection needs a reason', 'indiquez le motif du rejet');
    const change = await moveReport(tx, scope, report, to, reason);
    audit({
      entityType: 'report',
      entityId: report.id,
      fields: ['status', ...(reason ? ['status_reason'] : []), ...(isClosed(to) ? ['closed_at'] : [])],
    });
    return change;
  },
});
