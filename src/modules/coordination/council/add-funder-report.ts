import { defineOperation } from '../../../platform/access/operation.js';
import { notFound } from '../../../platform/errors.js';
import { isUuid, Problems } from './council-input.js';

export interface FunderReportInput {
  fileId: string;
  label?: string;
  dueOn?: string;
}

/** Adds a report due to the funder (« bilan d'exécution »…) with its due date; reminders go 30 days before. */
export const addFunderReport = defineOperation({
  name: 'coordination.add-funder-report',
  permission: 'coordination.manage',
  async run({ tx, tenant, audit }, input: FunderReportInput) {
    const file = isUuid(input.fileId)
      ? await tx.selectFrom('coordination_funding_files').select('id').where('id', '=', input.fileId).executeTakeFirst()
      : undefined;
    if (!file) throw notFound('Funding file');
    const problems = new Problems();
    const label = problems.text('label', input.label, 3, 200);
    const dueOn = problems.date('dueOn', input.dueOn);
    problems.throwIfAny();
    const row = await tx
      .insertInto('coordination_funder_reports')
      .values({ tenant_id: tenant.id, file_id: file.id, label, due_on: dueOn! })
      .returning('id')
      .executeTakeFirstOrThrow();
    audit({ entityType: 'coordination-funder-report', entityId: row.id, fields: ['file', 'label', 'due_on'] });
    return row;
  },
});
