import type { ReportStatus } from './tables.js';

/** The states a report may move to from each state; closed and rejected are final (a duplicate is merged, not reopened). */
export const reportTransitions: Record<ReportStatus, readonly ReportStatus[]> = {
  new: ['triaged', 'assigned', 'in_progress', 'rejected', 'closed'],
  triaged: ['assigned', 'in_progress', 'rejected', 'closed'],
  assigned: ['in_progress', 'resolved', 'rejected', 'closed'],
  in_progress: ['resolved', 'rejected', 'closed'],
  resolved: ['in_progress', 'closed'],
  closed: [],
  rejected: [],
};

export const canMove = (from: ReportStatus, to: ReportStatus) => reportTransitions[from].includes(to);
