import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { AppDeps } from '../../../platform/deps.js';
import { localMoment } from '../orders/order-time.js';
import { toWallClock } from '../orders/wall-time.js';
import { schoolYearBounds, schoolYearOf } from './school-year.js';
import { sessionsCalendar } from './sessions-calendar.js';

const access = { config: { permission: 'prevention.sessions' }, schema: { hide: true } } as const;
const placeLabels = { school: 'Établissement scolaire', youth_centre: 'Centre de jeunesse', public_space: 'Espace public' };

/** The sessions between two instants (a school year, a month), oldest first, with their programme, place and facilitators. */
export function sessionsOfYear(tx: Tx, from: Date, to: Date, programmeId?: string) {
  let query = tx
    .selectFrom('prevention_sessions as s')
    .innerJoin('prevention_programmes as p', 'p.id', 's.programme_id')
    .leftJoin('prevention_schools as sc', 'sc.id', 's.school_id')
    .leftJoin('prevention_associations as a', 'a.id', 's.association_id')
    .select([
      's.id',
      's.starts_at',
      's.programme_id',
      'p.title as programme',
      's.place_kind',
      'sc.uai',
      'sc.kind as school_kind',
      sql<string>`coalesce(sc.name, s.place_name)`.as('place'),
      's.head_agreement_on',
      's.audience_level',
      's.classes',
      's.reached',
      'a.name as association',
      's.other_facilitators',
      's.theme',
    ])
    .where(sql<boolean>`s.tenant_id = quietude_tenant()`)
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .orderBy('s.starts_at');
  if (programmeId) query = query.where('s.programme_id', '=', programmeId);
  return query.execute();
}

/** The staff page of a session, as an absolute address (for calendars). */
export const sessionUrl = (deps: AppDeps, slug: string, id: string) =>
  `${deps.config.publicUrl.replace(/\/$/, '')}/t/${slug}/espace/prevention/seances/${id}`;

/** The school year asked with `?annee=2026-2027`, or the current one. */
function yearOf(request: FastifyRequest, deps: AppDeps) {
  const tenant = request.tenant!;
  const asked = (request.query as { annee?: string }).annee ?? '';
  const year = /^\d{4}-\d{4}$/.test(asked) ? asked : schoolYearOf(localMoment(deps.clock.now(), tenant.time_zone).date);
  return { year, ...schoolYearBounds(year, tenant.time_zone) };
}

/** The school year's sessions as CSV (counts only, no participant) and as an iCalendar feed for the staff's calendars. */
export function registerSessionExports(app: FastifyInstance, deps: AppDeps) {
  const base = '/t/:slug/espace/prevention/seances';
  app.get(`${base}.csv`, access, async (request, reply) => {
    const tenant = request.tenant!;
    const { year, from, to } = yearOf(request, deps);
    const rows = await withTenant(deps.database.db, tenant.id, (tx) => sessionsOfYear(tx, from, to));
    const csv = stringify(
      rows.map((s) => [
        toWallClock(s.starts_at, tenant.time_zone).replace('T', ' '),
        s.programme,
        placeLabels[s.place_kind],
        s.uai ?? '',
        s.place,
        s.head_agreement_on ?? '',
        s.audience_level,
        s.classes,
        s.reached,
        s.association ?? '',
        s.other_facilitators ?? '',
        s.theme,
      ]),
      {
        delimiter: ';',
        header: true,
        columns: [
          'date',
          'programme',
          'type_de_lieu',
          'uai',
          'lieu',
          'accord_chef_etablissement',
          'public',
          'classes',
          'personnes_touchees',
          'association',
          'autres_intervenants',
          'theme',
        ],
      },
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="seances-prevention-${year}.csv"`)
      .header('Cache-Control', 'no-store')
      .send(csv);
  });
  app.get(`${base}.ics`, access, async (request, reply) => {
    const tenant = request.tenant!;
    const { year, from, to } = yearOf(request, deps);
    const rows = await withTenant(deps.database.db, tenant.id, (tx) => sessionsOfYear(tx, from, to));
    const calendar = sessionsCalendar(rows, {
      name: `Séances de prévention ${year} — ${tenant.name}`,
      sessionUrl: (id) => sessionUrl(deps, tenant.slug, id),
    });
    return reply.type('text/calendar; charset=utf-8').header('Cache-Control', 'no-store').send(calendar);
  });
}
