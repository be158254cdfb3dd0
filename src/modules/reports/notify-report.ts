import { withTenant } from '../../db/tenant-transaction.js';
import { permissionsOfRole } from '../../platform/access/permissions.js';
import { isRole } from '../../platform/access/roles.js';
import type { AppDeps } from '../../platform/deps.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import type { StatusChange } from './change-report-status.js';
import { reportAssignedMail, reportStateMail } from './report-mails.js';
import { publicStateOf } from './tables.js';

type MailDeps = Pick<AppDeps, 'database' | 'mailer' | 'config'>;

const handles = (role: string) =>
  isRole(role) && permissionsOfRole(role).some((p) => p === 'reports.handle' || p === 'reports.manage');

/**
 * E-mails the active members of the organisation a report is routed to (after `submitReport` or
 * `assignReport`, once committed). Returns how many were sent; none when the report has no organisation.
 */
export async function notifyAssignedOrganisation(deps: MailDeps, tenant: Tenant, reportId: string): Promise<number> {
  const found = await withTenant(deps.database.db, tenant.id, async (tx) => {
    const report = await tx
      .selectFrom('reports as r')
      .innerJoin('report_categories as c', 'c.id', 'r.category_id')
      .select(['r.id', 'r.created_at', 'r.organisation_id', 'c.name_fr as category'])
      .where('r.id', '=', reportId)
      .executeTakeFirst();
    if (!report?.organisation_id) return undefined;
    const members = await tx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.email', 'm.role'])
      .where('m.organisation_id', '=', report.organisation_id)
      .where('u.active', '=', true)
      .execute();
    return { report, emails: [...new Set(members.filter((m) => handles(m.role)).map((m) => m.email))] };
  });
  if (!found) return 0;
  const link = `${deps.config.publicUrl}/t/${tenant.slug}/espace/signalements/${found.report.id}`;
  for (const email of found.emails) {
    await deps.mailer.send(
      reportAssignedMail(email, {
        tenantName: tenant.name,
        category: found.report.category,
        at: new Date(found.report.created_at),
        timeZone: tenant.time_zone,
        link,
      }),
    );
  }
  return found.emails.length;
}

/** After a state change: the reporter who asked is told the new generic state, when that state changed. */
export async function notifyReporter(deps: MailDeps, tenant: Tenant, change: StatusChange): Promise<boolean> {
  const state = publicStateOf[change.to];
  if (!change.notifyReporter || publicStateOf[change.from] === state) return false;
  const row = await withTenant(deps.database.db, tenant.id, (tx) =>
    tx
      .selectFrom('reports')
      .select('contact_email')
      .where('id', '=', change.id)
      .where('notify_reporter', '=', true)
      .executeTakeFirst(),
  );
  if (!row?.contact_email) return false;
  await deps.mailer.send(
    reportStateMail(row.contact_email, {
      tenantName: tenant.name,
      state,
      followUrl: `${deps.config.publicUrl}/t/${tenant.slug}/suivi`,
    }),
  );
  return true;
}
