import { defineOperation } from '../../../platform/access/operation.js';
import { notFound } from '../../../platform/errors.js';
import { isUuid, Problems } from './council-input.js';
import { localToday } from './council-time.js';

export interface SubmitReportInput {
  reportId: string;
  submittedOn?: string;
}

/** Records the day a report was sent to the funder (not in the future); no reminder follows then. */
export const submitFunderReport = defineOperation({
  name: 'coordination.submit-funder-report',
  permission: 'coordination.manage',
  async run({ tx, tenant, clock, audit }, input: SubmitReportInput) {
    const report = isUuid(input.reportId)
      ? await tx
          .selectFrom('coordination_funder_reports')
          .select(['id', 'file_id'])
          .where('id', '=', input.reportId)
          .executeTakeFirst()
      : undefined;
    if (!report) throw notFound('Funder report');
    const problems = new Problems();
    const submittedOn = problems.date('submittedOn', input.submittedOn);
    if (submittedOn && submittedOn > localToday(clock.now(), tenant.time_zone))
      problems.add('submittedOn', 'must not be in the future', 'ne peut pas être dans le futur');
    problems.throwIfAny();
    await tx.updateTable('coordination_funder_reports').set({ submitted_on: submittedOn }).where('id', '=', report.id).execute();
    audit({ entityType: 'coordination-funder-report', entityId: report.id, fields: ['submitted_on'] });
    return { id: report.id, fileId: report.file_id };
  },
});
