import ical from 'ical-generator';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';

/** The training sessions as an iCalendar feed: module, place, trainer, places taken — never who attends. */
export async function sessionsCalendar(db: Kysely<DB>, tenant: Tenant, publicUrl: string): Promise<string> {
  const sessions = await withTenant(db, tenant.id, (tx) =>
    tx
      .selectFrom('police_training_sessions as s')
      .innerJoin('police_training_modules as m', 'm.id', 's.module_id')
      .select(['s.id', 's.starts_at', 's.ends_at', 's.place', 's.trainer', 's.capacity', 'm.title', 'm.provider'])
      .orderBy('s.starts_at')
      .execute(),
  );
  const calendar = ical({
    name: `Formations police municipale — ${tenant.name}`,
    prodId: { company: 'Quiétude', product: 'police-trainings' },
  });
  for (const s of sessions)
    calendar.createEvent({
      id: `${s.id}@quietude`,
      start: s.starts_at,
      end: s.ends_at,
      summary: s.title,
      location: s.place,
      description: `Organisme : ${s.provider}\nFormateur·rice : ${s.trainer}\nPlaces : ${s.capacity}`,
      url: `${publicUrl}/t/${tenant.slug}/espace/police/formations`,
    });
  return calendar.toString();
}
