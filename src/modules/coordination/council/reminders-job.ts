import { sql } from 'kysely';
import { systemActor } from '../../../platform/access/actor.js';
import { defineOperation } from '../../../platform/access/operation.js';
import { defineJob } from '../../../platform/jobs/job.js';
import { listTenants } from '../../../platform/tenants/tenant-queries.js';
import { localToday } from './council-time.js';

/** Tasks are recalled this many days before they are due (and when overdue). */
export const TASK_REMINDER_DAYS = 3;
/** Reports due to a funder are recalled this many days before. */
export const REPORT_REMINDER_DAYS = 30;

const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * What to recall, marked as recalled in the same transaction: open tasks due within 3 days or overdue (once
 * per task and due date: a new due date gets a new reminder) with their owner's address, and funder reports
 * due within 30 days and not submitted (once per report) with the coordinators' addresses.
 */
const collectReminders = defineOperation({
  name: 'coordination.collect-reminders',
  permission: 'coordination.manage',
  async run({ tx, tenant, clock, audit }, _input: undefined) {
    const today = localToday(clock.now(), tenant.time_zone);
    const tasks = await tx
      .selectFrom('coordination_tasks as t')
      .innerJoin('users as u', 'u.id', 't.owner_user_id')
      .select(['t.id', 't.title', 't.due_on', 'u.email'])
      .where('t.state', '=', 'open')
      .where('t.due_on', '<=', plusDays(today, TASK_REMINDER_DAYS))
      .where('u.active', '=', true)
      .where((eb) => eb.or([eb('t.reminded_for', 'is', null), eb('t.reminded_for', '<>', eb.ref('t.due_on'))]))
      .execute();
    const reports = await tx
      .selectFrom('coordination_funder_reports as r')
      .innerJoin('coordination_funding_files as f', 'f.id', 'r.file_id')
      .select(['r.id', 'r.label', 'r.due_on', 'f.funder_name', 'f.year', 'f.id as file_id'])
      .where('r.submitted_on', 'is', null)
      .where('r.reminded_at', 'is', null)
      .where('r.due_on', '<=', plusDays(today, REPORT_REMINDER_DAYS))
      .execute();
    for (const task of tasks)
      await tx.updateTable('coordination_tasks').set({ reminded_for: sql`due_on` }).where('id', '=', task.id).execute();
    if (reports.length)
      await tx
        .updateTable('coordination_funder_reports')
        .set({ reminded_at: clock.now() })
        .where(
          'id',
          'in',
          reports.map((r) => r.id),
        )
        .execute();
    const coordinators = reports.length
      ? await tx
          .selectFrom('memberships as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select('u.email')
          .where('m.tenant_id', '=', tenant.id)
          .where('m.role', '=', 'coordinator')
          .where('u.active', '=', true)
          .execute()
      : [];
    audit({ entityType: 'coordination-task', entityId: null, fields: ['reminded_for'], count: tasks.length });
    if (reports.length)
      audit({ entityType: 'coordination-funder-report', entityId: null, fields: ['reminded_at'], count: reports.length });
    return { today, tasks, reports, coordinators: [...new Set(coordinators.map((c) => c.email))] };
  },
});

export const councilRemindersJob = defineJob({
  name: 'coordination-reminders',
  description:
    'Mails task owners when a task is due within 3 days or overdue, and coordinators when a funder report is due within 30 days',
  everyMinutes: 24 * 60,
  async run({ database, clock, mailer, config }) {
    let sent = 0;
    for (const tenant of await listTenants(database.db)) {
      if (!tenant.programmes.includes('coordination')) continue;
      const { today, tasks, reports, coordinators } = await collectReminders(
        { db: database.db, clock, actor: systemActor('coordination-reminders'), tenant },
        undefined,
      );
      const base = `${config?.publicUrl ?? ''}/t/${tenant.slug}/espace/coordination`;
      const byOwner = new Map<string, typeof tasks>();
      for (const task of tasks) byOwner.set(task.email, [...(byOwner.get(task.email) ?? []), task]);
      for (const [to, own] of byOwner) {
        const lines = own.map(
          (task) => `- ${task.title} : échéance le ${task.due_on}${task.due_on < today ? ' (en retard)' : ''}`,
        );
        await mailer?.send({
          to,
          subject: `Quiétude — ${own.length} tâche(s) du CLSPD à échéance (${tenant.name})`,
          text: `Bonjour,\n\nCes tâches du CLSPD qui vous sont confiées arrivent à échéance ou sont en retard :\n${lines.join('\n')}\n\nVos tâches : ${base}/taches\n`,
        });
        sent++;
      }
      if (reports.length) {
        const lines = reports.map((r) => `- ${r.label} (${r.funder_name}, ${r.year}) : à remettre le ${r.due_on}`);
        for (const to of coordinators) {
          await mailer?.send({
            to,
            subject: `Quiétude — ${reports.length} compte(s) rendu(s) à remettre à un financeur (${tenant.name})`,
            text: `Bonjour,\n\nCes comptes rendus sont attendus par les financeurs dans les 30 jours (ou sont en retard) :\n${lines.join('\n')}\n\nLes dossiers : ${base}/financements\n`,
          });
          sent++;
        }
      }
    }
    return `${sent} coordination reminders sent`;
  },
});
