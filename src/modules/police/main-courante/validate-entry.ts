import { defineOperation } from '../../../platform/access/operation.js';
import { AppError, invalidInput } from '../../../platform/errors.js';
import { moveAnsweredReport } from '../../reports/answered-report.js';
import type { StatusChange } from '../../reports/change-report-status.js';
import { activeEntry } from './entry-access.js';

/**
 * A supervisor validates an ended entry, which locks it. An entry that answers a report and records findings moves
 * that report to « resolved » (the reporter then sees « handled »).
 */
export const validateEntry = defineOperation({
  name: 'police.validate-main-courante-entry',
  permission: 'police.validate',
  async run(scope, input: { id: string }): Promise<{ id: string; reportResolved: boolean; reportChange?: StatusChange }> {
    const { tx, clock, actor, audit } = scope;
    const entry = await activeEntry(tx, input.id);
    if (entry.validated_at)
      throw new AppError('conflict', 'This entry is already validated.', [
        { field: 'id', message: 'already validated', fr: 'Entrée déjà validée.' },
      ]);
    if (!entry.ended_at)
      throw invalidInput(
        'endedAt',
        'an entry is validated once the intervention has ended',
        'indiquez la fin de l’intervention avant de valider',
      );
    await tx
      .updateTable('main_courante_entries')
      .set({ validated_by: actor.label, validated_at: clock.now() })
      .where('id', '=', entry.id)
      .execute();
    let reportResolved = false;
    let reportChange: StatusChange | undefined;
    if (entry.report_id && entry.findings.trim()) {
      const moved = await moveAnsweredReport(
        tx,
        scope,
        entry.report_id,
        'resolved',
        'Intervention de la police municipale terminée.',
      );
      if (moved) {
        reportResolved = true;
        reportChange = moved;
        audit({ entityType: 'report', entityId: entry.report_id, fields: ['status', 'closed_at'] });
      }
    }
    audit({ entityType: 'main-courante-entry', entityId: entry.id, fields: ['validated_by', 'validated_at'] });
    return { id: entry.id, reportResolved, reportChange };
  },
});
