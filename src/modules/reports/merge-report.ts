import { defineOperation } from '../../platform/access/operation.js';
import { invalidInput } from '../../platform/errors.js';
import { moveReport, type StatusChange } from './change-report-status.js';
import { reportInReach } from './report-access.js';
import { writeReportEvent } from './report-event.js';
import { isClosed } from './tables.js';

/**
 * Marks a report as a duplicate of another of the tenant (both within the actor's reach): the duplicate
 * points to the original and is closed; both histories say so.
 */
export const mergeReport = defineOperation({
  name: 'reports.merge-report',
  permission: 'platform.staff-home',
  async run(scope, input: { id: string; into: string }): Promise<StatusChange> {
    const { tx, actor, audit } = scope;
    const duplicate = await reportInReach(tx, actor, input.id);
    if (input.into === duplicate.id)
      throw invalidInput('into', 'a report cannot duplicate itself', 'un signalement ne peut pas se doubler lui-même');
    const original = await reportInReach(tx, actor, input.into).catch(() => {
      throw invalidInput('into', 'is not a report you can see', 'signalement introuvable');
    });
    if (original.duplicate_of) throw invalidInput('into', 'is itself a duplicate', 'est lui-même un doublon');
    if (isClosed(duplicate.status)) throw invalidInput('id', 'is already closed', 'est déjà clos');
    await tx.updateTable('reports').set({ duplicate_of: original.id }).where('id', '=', duplicate.id).execute();
    // The duplicates of the duplicate follow it to the original.
    await tx.updateTable('reports').set({ duplicate_of: original.id }).where('duplicate_of', '=', duplicate.id).execute();
    await writeReportEvent(tx, scope, duplicate.id, { kind: 'merge', note: original.id });
    await writeReportEvent(tx, scope, original.id, { kind: 'merge', note: duplicate.id });
    const change = await moveReport(tx, scope, duplicate, 'closed', null);
    audit({ entityType: 'report', entityId: duplicate.id, fields: ['duplicate_of', 'status', 'closed_at'] });
    return change;
  },
});
