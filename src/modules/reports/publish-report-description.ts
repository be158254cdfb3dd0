import { defineOperation } from '../../platform/access/operation.js';
import { invalidInput } from '../../platform/errors.js';
import { reportInReach } from './report-access.js';
import { writeReportEvent } from './report-event.js';

/**
 * Moderation: the public only ever reads a description a moderator rewrote (names, plates, addresses of
 * people removed) and published — or nothing, once hidden.
 */
export const publishReportDescription = defineOperation({
  name: 'reports.publish-report-description',
  permission: 'reports.manage',
  async run(scope, input: { id: string; action: string; text?: string }) {
    const { tx, actor, audit, clock } = scope;
    const report = await reportInReach(tx, actor, input.id);
    if (input.action !== 'publish' && input.action !== 'hide')
      throw invalidInput('action', 'must be publish or hide', 'choisissez publier ou masquer');
    const text = input.text?.trim() ?? '';
    if (input.action === 'publish' && !text)
      throw invalidInput('text', 'write the public description', 'écrivez la description publique');
    if (text.length > 1000) throw invalidInput('text', 'must be at most 1000 characters', 'au plus 1000 caractères');
    const publish = input.action === 'publish';
    await tx
      .updateTable('reports')
      .set({
        published_description: publish ? text : null,
        moderation: publish ? 'published' : 'hidden',
        updated_at: clock.now(),
      })
      .where('id', '=', report.id)
      .execute();
    await writeReportEvent(tx, scope, report.id, {
      kind: 'note',
      note: publish ? 'Description publique publiée (modérée).' : 'Description masquée au public.',
    });
    audit({ entityType: 'report', entityId: report.id, fields: ['published_description', 'moderation'] });
  },
});
