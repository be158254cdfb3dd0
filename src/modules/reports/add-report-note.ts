import { defineOperation } from '../../platform/access/operation.js';
import { invalidInput } from '../../platform/errors.js';
import { reportInReach } from './report-access.js';
import { writeReportEvent } from './report-event.js';

/** A note in the report's history: internal, or for the reporter (shown on their follow-up page). */
export const addReportNote = defineOperation({
  name: 'reports.add-report-note',
  permission: 'platform.staff-home',
  async run(scope, input: { id: string; note: string; forReporter: boolean }) {
    const { tx, actor, audit, clock } = scope;
    const report = await reportInReach(tx, actor, input.id);
    const note = input.note?.trim() ?? '';
    if (!note) throw invalidInput('note', 'is empty', 'écrivez la note');
    if (note.length > 4000) throw invalidInput('note', 'must be at most 4000 characters', 'au plus 4000 caractères');
    await writeReportEvent(tx, scope, report.id, { kind: 'note', note, forReporter: input.forReporter });
    await tx.updateTable('reports').set({ updated_at: clock.now() }).where('id', '=', report.id).execute();
    audit({ entityType: 'report', entityId: report.id, fields: [input.forReporter ? 'note_for_reporter' : 'internal_note'] });
  },
});
