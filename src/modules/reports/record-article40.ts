import { defineOperation } from '../../platform/access/operation.js';
import { invalidInput } from '../../platform/errors.js';
import { reportInReach } from './report-access.js';
import { writeReportEvent } from './report-event.js';

const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/**
 * « Avis article 40 » (code de procédure pénale): the prosecutor was informed of the facts — when, and by
 * whom. Kept in the report's history (never shown to the reporter).
 */
export const recordArticle40 = defineOperation({
  name: 'reports.record-article40',
  permission: 'platform.staff-home',
  async run(scope, input: { id: string; informedOn: string; informedBy: string }) {
    const { tx, actor, audit, clock, tenant } = scope;
    const report = await reportInReach(tx, actor, input.id);
    const on = input.informedOn?.trim() ?? '';
    if (!isDate(on)) throw invalidInput('informedOn', 'must be a date YYYY-MM-DD', 'date invalide (AAAA-MM-JJ)');
    const today = clock.now().toLocaleDateString('sv-SE', { timeZone: tenant.time_zone });
    if (on > today) throw invalidInput('informedOn', 'is in the future', 'date à venir');
    const by = input.informedBy?.trim() ?? '';
    if (!by) throw invalidInput('informedBy', 'who informed the prosecutor?', 'indiquez qui a avisé le parquet');
    if (by.length > 200) throw invalidInput('informedBy', 'must be at most 200 characters', 'au plus 200 caractères');
    await writeReportEvent(tx, scope, report.id, { kind: 'article40', note: `${on} — ${by}` });
    audit({ entityType: 'report', entityId: report.id, fields: ['article40'] });
  },
});
