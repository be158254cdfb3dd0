import { defineOperation } from '../../../platform/access/operation.js';
import { moveAnsweredReport } from '../../reports/answered-report.js';
import { checkEntry, type EntryInput } from './check-entry.js';
import { entryFields } from './create-entry.js';
import { activeEntry, lockedEntry } from './entry-access.js';
import { checkReferences, entryColumns, replaceAgentsAndPeople } from './entry-writes.js';

/** Changes an entry before its validation; a validated entry answers 409 (amend it). */
export const editEntry = defineOperation({
  name: 'police.edit-main-courante-entry',
  permission: 'police.log',
  async run(scope, input: EntryInput & { id: string }): Promise<{ id: string }> {
    const { tx, tenant, clock, actor, audit } = scope;
    const current = await activeEntry(tx, input.id);
    if (current.validated_at) throw lockedEntry();
    const entry = checkEntry(input, { now: clock.now(), zone: tenant.time_zone });
    await checkReferences(tx, actor, entry, { checkReport: entry.reportId !== current.report_id });
    await tx
      .updateTable('main_courante_entries')
      .set({ ...(await entryColumns(tx, entry)), updated_at: clock.now() })
      .where('id', '=', current.id)
      .execute();
    await replaceAgentsAndPeople(tx, tenant.id, current.id, entry);
    // A report newly answered moves with the entry, as at creation.
    if (entry.reportId && entry.reportId !== current.report_id) {
      await moveAnsweredReport(tx, scope, entry.reportId, 'in_progress', 'Intervention de la police municipale en cours.');
      audit({ entityType: 'report', entityId: entry.reportId, fields: ['status'] });
    }
    audit({ entityType: 'main-courante-entry', entityId: current.id, fields: entryFields(true) });
    return { id: current.id };
  },
});
