import type { Tx } from '../../../db/database.js';

export const listFundingFiles = (tx: Tx) =>
  tx
    .selectFrom('coordination_funding_files as f')
    .innerJoin('coordination_action_sheets as a', 'a.id', 'f.action_sheet_id')
    .select([
      'f.id',
      'f.funder',
      'f.funder_name',
      'f.year',
      'f.asked_cents',
      'f.granted_cents',
      'f.spent_cents',
      'f.state',
      'a.id as sheet_id',
      'a.title as sheet_title',
    ])
    .orderBy('f.year', 'desc')
    .orderBy('f.funder_name')
    .execute();

/** Reports due to funders, for the list (every file's) or one file. */
export function listFunderReports(tx: Tx, fileId?: string) {
  let query = tx
    .selectFrom('coordination_funder_reports')
    .select(['id', 'file_id', 'label', 'due_on', 'submitted_on'])
    .orderBy('due_on');
  if (fileId) query = query.where('file_id', '=', fileId);
  return query.execute();
}

export const loadFundingFile = (tx: Tx, id: string) =>
  tx
    .selectFrom('coordination_funding_files as f')
    .innerJoin('coordination_action_sheets as a', 'a.id', 'f.action_sheet_id')
    .innerJoin('organisations as o', 'o.id', 'a.lead_organisation_id')
    .selectAll('f')
    .select(['a.title as sheet_title', 'a.objective', 'o.name as lead'])
    .where('f.id', '=', id)
    .executeTakeFirst();
