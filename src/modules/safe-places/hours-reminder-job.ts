import { sql } from 'kysely';
import { systemActor } from '../../platform/access/actor.js';
import { defineOperation } from '../../platform/access/operation.js';
import { defineJob } from '../../platform/jobs/job.js';
import { readSettings } from '../../platform/settings/tenant-settings.js';
import { listTenants } from '../../platform/tenants/tenant-queries.js';

/** The date `months` months before `now`. */
const monthsBefore = (now: Date, months: number) => {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
};

/**
 * The venues to remind, with their referents' addresses; marks them reminded today. Hours unconfirmed for
 * the tenant's period (6 months by default) take a place off the public list; the venue is reminded a
 * month before, then monthly.
 */
const collectReminders = defineOperation({
  name: 'safe-places.collect-hours-reminders',
  permission: 'safe-places.manage',
  async run({ tx, tenant, clock, audit }, _input: undefined) {
    const now = clock.now();
    const remindAfterMonths = (await readSettings(tx)).safePlaceConfirmationMonths - 1;
    const places = await tx
      .selectFrom('safe_places as p')
      .innerJoin('memberships as m', (join) =>
        join.onRef('m.organisation_id', '=', 'p.organisation_id').on('m.role', '=', 'partner_venue'),
      )
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['p.id', 'p.name', 'u.email'])
      .where('p.status', '=', 'active')
      .where('p.tenant_id', '=', tenant.id)
      .where((eb) =>
        eb.or([eb('p.hours_confirmed_on', 'is', null), eb('p.hours_confirmed_on', '<', monthsBefore(now, remindAfterMonths))]),
      )
      .where((eb) =>
        eb.or([eb('p.hours_reminder_sent_on', 'is', null), eb('p.hours_reminder_sent_on', '<', monthsBefore(now, 1))]),
      )
      .where('u.active', '=', true)
      .execute();
    const ids = [...new Set(places.map((p) => p.id))];
    if (ids.length) {
      await tx
        .updateTable('safe_places')
        .set({ hours_reminder_sent_on: sql`${now.toISOString().slice(0, 10)}::date` })
        .where('id', 'in', ids)
        .execute();
    }
    audit({ entityType: 'safe-place', entityId: null, fields: ['hours_reminder_sent_on'], count: ids.length });
    return places;
  },
});

export const hoursReminderJob = defineJob({
  name: 'safe-places-hours-reminders',
  description: 'Reminds partner venues to confirm their opening hours before they leave the public list',
  everyMinutes: 24 * 60,
  async run({ database, clock, mailer, config }) {
    let sent = 0;
    for (const tenant of await listTenants(database.db)) {
      if (!tenant.programmes.includes('safe-places')) continue;
      const reminders = await collectReminders(
        { db: database.db, clock, actor: systemActor('hours-reminders'), tenant },
        undefined,
      );
      for (const r of reminders) {
        await mailer?.send({
          to: r.email,
          subject: `Quiétude — confirmez les horaires de ${r.name}`,
          text: `Bonjour,\n\nLes horaires de ${r.name} n’ont pas été confirmés depuis plusieurs mois. Sans confirmation, le lieu disparaîtra de la liste publique des lieux sûrs : une personne en danger ne doit jamais trouver porte close.\n\nConfirmez-les ici : ${config?.publicUrl ?? ''}/t/${tenant.slug}/espace/mon-lieu\n`,
        });
        sent++;
      }
    }
    return `${sent} reminders sent`;
  },
});
