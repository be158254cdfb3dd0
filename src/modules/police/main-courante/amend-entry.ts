import { defineOperation } from '../../../platform/access/operation.js';
import { AppError, invalidInput } from '../../../platform/errors.js';
import { checkEntry, type EntryInput } from './check-entry.js';
import { activeEntry } from './entry-access.js';
import { changedFields, snapshotOf, snapshotOfChecked } from './entry-snapshot.js';
import { checkReferences, entryColumns, replaceAgentsAndPeople } from './entry-writes.js';

/**
 * Changes a validated entry: the change is applied, and the amendment keeps the previous and new values of the
 * changed fields, who made it, when and why. The entry stays validated; the audit names the fields.
 */
export const amendEntry = defineOperation({
  name: 'police.amend-main-courante-entry',
  permission: 'police.log',
  async run(scope, input: EntryInput & { id: string; reason: string }): Promise<{ id: string; fields: string[] }> {
    const { tx, tenant, clock, actor, audit } = scope;
    const current = await activeEntry(tx, input.id);
    if (!current.validated_at)
      throw new AppError('conflict', 'This entry is not validated yet: edit it directly.', [
        { field: 'id', message: 'not validated: edit it', fr: 'Entrée pas encore validée : modifiez-la directement.' },
      ]);
    const reason = (input.reason ?? '').trim();
    if (!reason) throw invalidInput('reason', 'an amendment says why', 'indiquez le motif de l’amendement');
    if (reason.length > 2000) throw invalidInput('reason', 'at most 2000 characters', 'au plus 2000 caractères');
    const entry = checkEntry(input, { now: clock.now(), zone: tenant.time_zone });
    if (entry.reportId !== current.report_id)
      throw invalidInput(
        'reportId',
        'the report answered cannot change after validation',
        'le signalement lié ne change plus après validation',
      );
    await checkReferences(tx, actor, entry, { checkReport: false });
    const before = await snapshotOf(tx, current.id);
    const after = snapshotOfChecked(entry);
    const fields = changedFields(before, after);
    if (fields.length === 0) throw invalidInput('id', 'nothing changed', 'aucune modification');
    await tx
      .updateTable('main_courante_entries')
      .set({ ...(await entryColumns(tx, entry)), updated_at: clock.now() })
      .where('id', '=', current.id)
      .execute();
    await replaceAgentsAndPeople(tx, tenant.id, current.id, entry);
    await tx
      .insertInto('main_courante_amendments')
      .values({
        entry_id: current.id,
        tenant_id: tenant.id,
        at: clock.now(),
        actor: actor.label,
        reason,
        fields,
        previous: JSON.stringify(Object.fromEntries(fields.map((f) => [f, before[f] ?? null]))),
        next: JSON.stringify(Object.fromEntries(fields.map((f) => [f, after[f] ?? null]))),
      })
      .execute();
    audit({ entityType: 'main-courante-entry', entityId: current.id, fields });
    return { id: current.id, fields };
  },
});
