import { defineOperation } from '../../../platform/access/operation.js';
import { moveAnsweredReport } from '../../reports/answered-report.js';
import type { StatusChange } from '../../reports/change-report-status.js';
import { checkEntry, type EntryInput } from './check-entry.js';
import { checkReferences, entryColumns, entryNumber, nextNumber, replaceAgentsAndPeople } from './entry-writes.js';
import { localParts } from './local-time.js';

/** The fields an entry's creation sets, for the audit (names, never values). */
export const entryFields = (people: boolean) => [
  'kind',
  'nature',
  'natinf_code',
  'source',
  'report_id',
  'called_at',
  'arrived_at',
  'ended_at',
  'geom',
  'address',
  'vehicles',
  'findings',
  'follow_up',
  'agents',
  ...(people ? ['people'] : []),
];

/**
 * Logs an intervention in the main courante with the next number of its year. An entry that answers a resident's
 * report moves that report to « in progress » in the same transaction.
 */
export const createEntry = defineOperation({
  name: 'police.create-main-courante-entry',
  permission: 'police.log',
  async run(scope, input: EntryInput): Promise<{ id: string; number: string; reportChange?: StatusChange }> {
    const { tx, tenant, clock, actor, audit } = scope;
    const now = clock.now();
    const entry = checkEntry(input, { now, zone: tenant.time_zone });
    await checkReferences(tx, actor, entry, { checkReport: true });
    const year = localParts(entry.calledAt, tenant.time_zone).year;
    const number = await nextNumber(tx, tenant.id, year);
    const { id } = await tx
      .insertInto('main_courante_entries')
      .values({
        tenant_id: tenant.id,
        year,
        number,
        ...(await entryColumns(tx, entry)),
        created_by: actor.label,
        created_at: now,
        updated_at: now,
        validated_by: null,
        validated_at: null,
        elimination_list_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await replaceAgentsAndPeople(tx, tenant.id, id, entry);
    let reportChange: StatusChange | undefined;
    if (entry.reportId) {
      reportChange = await moveAnsweredReport(
        tx,
        scope,
        entry.reportId,
        'in_progress',
        'Intervention de la police municipale en cours.',
      );
      audit({ entityType: 'report', entityId: entry.reportId, fields: ['status'] });
    }
    audit({ entityType: 'main-courante-entry', entityId: id, fields: entryFields(entry.people.length > 0) });
    return { id, number: entryNumber(year, number), reportChange };
  },
});
