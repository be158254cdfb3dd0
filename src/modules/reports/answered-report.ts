import type { Tx } from '../../db/database.js';
import type { OperationScope } from '../../platform/access/operation.js';
import { moveReport, type StatusChange } from './change-report-status.js';
import { canMove } from './report-transitions.js';
import type { ReportStatus } from './tables.js';

/**
 * For another module's operation that answers a report it already linked (a municipal police intervention): moves
 * the report to `to` when its transitions allow it, with a note in its history. The reach was checked when the link
 * was made (`reportInReach`); the report may since have left the acting user's reach (a supervisor validating).
 * Returns nothing when the report is gone, already there, or may not move there (closed, rejected).
 */
export async function moveAnsweredReport(
  tx: Tx,
  scope: Pick<OperationScope, 'tenant' | 'actor' | 'clock'>,
  reportId: string,
  to: ReportStatus,
  note: string,
): Promise<StatusChange | undefined> {
  const report = await tx
    .selectFrom('reports as r')
    .select(['r.id', 'r.status', 'r.organisation_id', 'r.territory_id', 'r.notify_reporter', 'r.duplicate_of', 'r.closed_at'])
    .where('r.id', '=', reportId)
    .executeTakeFirst();
  if (!report || report.status === to || !canMove(report.status, to)) return undefined;
  return moveReport(tx, scope, report, to, note);
}

/** Whether a report can still be answered (not closed nor rejected). */
export const isAnswerable = (status: ReportStatus) => status !== 'closed' && status !== 'rejected';
