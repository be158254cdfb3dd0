import { defineOperation } from '../../platform/access/operation.js';
import { invalidInput } from '../../platform/errors.js';
import type { StatusChange } from './change-report-status.js';
import { reportInReach } from './report-access.js';
import { writeReportEvent } from './report-event.js';

/**
 * The coordinator hands a report to another organisation of the tenant. A new or triaged report becomes
 * « assigned »; the caller then e-mails the receiving organisation (`notifyAssignedOrganisation`).
 */
export const assignReport = defineOperation({
  name: 'reports.assign-report',
  permission: 'reports.manage',
  async run(scope, input: { id: string; organisationId: string }): Promise<StatusChange & { organisationId: string }> {
    const { tx, actor, audit, clock } = scope;
    const report = await reportInReach(tx, actor, input.id);
    const organisation = /^[0-9a-f-]{36}$/i.test(input.organisationId)
      ? await tx
          .selectFrom('tenant_organisations as l')
          .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
          .select(['o.id', 'o.name'])
          .where('o.id', '=', input.organisationId)
          .executeTakeFirst()
      : undefined;
    if (!organisation)
      throw invalidInput(
        'organisationId',
        'is not an organisation of this tenant',
        'choisissez une organisation de la collectivité',
      );
    if (organisation.id === report.organisation_id)
      throw invalidInput('organisationId', 'already handles this report', 'traite déjà ce signalement');
    const status = report.status === 'new' || report.status === 'triaged' ? 'assigned' : report.status;
    await tx
      .updateTable('reports')
      .set({ organisation_id: organisation.id, status, updated_at: clock.now() })
      .where('id', '=', report.id)
      .execute();
    await writeReportEvent(tx, scope, report.id, {
      kind: 'assign',
      fromStatus: report.status,
      toStatus: status,
      note: organisation.name,
    });
    audit({
      entityType: 'report',
      entityId: report.id,
      fields: ['organisation_id', ...(status !== report.status ? ['status'] : [])],
    });
    return {
      id: report.id,
      from: report.status,
      to: status,
      notifyReporter: report.notify_reporter,
      organisationId: organisation.id,
    };
  },
});
