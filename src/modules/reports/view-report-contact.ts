import { defineOperation } from '../../platform/access/operation.js';
import { notFound } from '../../platform/errors.js';
import { mayReadContact, reportInReach } from './report-access.js';

export interface ReporterContact {
  name: string | null;
  email: string | null;
  phone: string | null;
  erased: boolean;
}

/**
 * « Voir les coordonnées »: the handling organisation reads the reporter's contact. Every view is an
 * audited read (the fields read, never their values); anyone else gets 404.
 */
export const viewReportContact = defineOperation({
  name: 'reports.view-contact',
  permission: 'platform.staff-home',
  async run({ tx, actor, audit }, input: { id: string }): Promise<ReporterContact> {
    const report = await reportInReach(tx, actor, input.id);
    if (!(await mayReadContact(tx, actor, report))) throw notFound('Contact');
    const row = await tx
      .selectFrom('reports')
      .select(['contact_name', 'contact_email', 'contact_phone', 'contact_erased_at'])
      .where('id', '=', report.id)
      .executeTakeFirstOrThrow();
    audit({ entityType: 'report', entityId: report.id, fields: ['contact_name', 'contact_email', 'contact_phone'] });
    return { name: row.contact_name, email: row.contact_email, phone: row.contact_phone, erased: row.contact_erased_at !== null };
  },
});
