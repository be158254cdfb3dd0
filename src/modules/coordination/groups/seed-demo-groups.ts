import { sql } from 'kysely';
import type { OperationScope } from '../../../platform/access/operation.js';
import { demoEmail } from '../../../platform/demo/demo-tenants.js';
import { localMoment } from '../../prevention/orders/order-time.js';
import { actAsGroupSystem } from './group-access.js';

/** The demo tenant whose coordinator runs a working group. */
export const GROUPS_DEMO_TENANT = 'vandoeuvre-les-nancy';
export const DEMO_GROUP_NAME = 'Trafics — quartier Jeanne-d’Arc (démo)';

const DAY = 86_400_000;

/**
 * The demo working group of Vandœuvre-lès-Nancy: the coordinator and the partner organisation's account as
 * members, a place of concern taken from a demo deal-point report, two meetings with minutes, actions at the
 * place (cleaning, lighting repair, an event) and follow-ups. All fictional. Runs inside the demo seed's
 * operation (no user): it says so to the members-only policy, then stops saying it.
 */
export async function seedDemoGroups(scope: OperationScope): Promise<number> {
  const { tx, tenant, clock } = scope;
  if (tenant.slug !== GROUPS_DEMO_TENANT || !tenant.programmes.includes('coordination')) return 0;
  const users = await tx
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', 'in', [demoEmail('coordinator', tenant.slug), demoEmail('partner_organisation', tenant.slug)])
    .execute();
  const coordinator = users.find((u) => u.email.startsWith('coordinator.'))?.id;
  const partner = users.find((u) => u.email.startsWith('partner_organisation.'))?.id;
  const categories = await tx
    .selectFrom('report_categories')
    .select(['id', 'code'])
    .where('tenant_id', '=', tenant.id)
    .where('code', 'in', ['point-de-deal', 'nuisances'])
    .execute();
  const deal = categories.find((c) => c.code === 'point-de-deal');
  const report = deal
    ? await tx
        .selectFrom('reports')
        .select(['id', sql<number>`ST_Y(geom)`.as('lat'), sql<number>`ST_X(geom)`.as('lon')])
        .where('tenant_id', '=', tenant.id)
        .where('category_id', '=', deal.id)
        .orderBy('created_at')
        .executeTakeFirst()
    : undefined;
  if (!coordinator || !partner || !report) return 0;
  const now = clock.now();
  const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);
  const dateAgo = (n: number) => localMoment(daysAgo(n), tenant.time_zone).date;
  await actAsGroupSystem(tx);
  const group = await tx
    .insertInto('coordination_groups')
    .values({
      tenant_id: tenant.id,
      name: DEMO_GROUP_NAME,
      kind: 'thematic',
      territory_id: null,
      purpose:
        'Suivre les lieux de trafic signalés dans le quartier et les actions menées pour que les habitant·es se réapproprient les espaces (données fictives de démonstration).',
      report_category_ids: categories.map((c) => c.id),
      created_by: coordinator,
      created_at: daysAgo(50),
      closed_at: null,
      is_demo: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('coordination_group_members')
    .values(
      [coordinator, partner].map((user_id) => ({
        tenant_id: tenant.id,
        group_id: group.id,
        user_id,
        since: daysAgo(50),
        until: null,
        added_by: 'system:seed-demo',
      })),
    )
    .execute();
  const place = await tx
    .insertInto('coordination_group_places')
    .values({
      tenant_id: tenant.id,
      group_id: group.id,
      name: 'Pied de la tour, allée des Tilleuls (démo)',
      geom: sql`ST_SetSRID(ST_MakePoint(${Number(report.lon)}, ${Number(report.lat)}), 4326)`,
      radius_m: 150,
      origin: 'report',
      report_id: report.id,
      police_entry_id: null,
      opened_on: dateAgo(45),
      closed_on: null,
      created_by: 'system:seed-demo',
      created_at: daysAgo(45),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const meeting = async (ago: number, agenda: string, minutes: string) =>
    (
      await tx
        .insertInto('coordination_group_meetings')
        .values({
          tenant_id: tenant.id,
          group_id: group.id,
          starts_at: new Date(daysAgo(ago).setUTCHours(8, 30, 0, 0)),
          ends_at: new Date(daysAgo(ago).setUTCHours(10, 0, 0, 0)),
          place: 'Mairie annexe, salle 2 (démo)',
          agenda,
          minutes,
          attendee_ids: [coordinator, partner],
          other_attendees: 'Bailleur social (démo)',
          created_by: 'system:seed-demo',
          created_at: daysAgo(ago + 7),
          updated_at: daysAgo(ago),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const first = await meeting(
    40,
    'Point sur les signalements au pied de la tour.\nActions possibles : propreté, éclairage, animation.',
    'Trois signalements de point de deal depuis un mois.\nDécidé : nettoyage des encombrants, réparation de l’éclairage de l’allée, animation en pied d’immeuble avec le centre social.',
  );
  const second = await meeting(
    10,
    'Bilan des actions engagées.',
    'Nettoyage et éclairage faits. L’animation a réuni des familles du quartier.\nÀ suivre : présence régulière en soirée.',
  );
  for (const [kind, ago, organisation, description] of [
    ['cleaning', 35, 'Service propreté (démo)', 'Encombrants retirés, tags effacés'],
    ['lighting_repair', 30, 'Éclairage public (démo)', 'Deux candélabres réparés dans l’allée'],
    ['event', 15, 'Centre social (démo)', 'Goûter et jeux en pied d’immeuble'],
  ] as const)
    await tx
      .insertInto('coordination_group_place_actions')
      .values({
        tenant_id: tenant.id,
        group_id: group.id,
        place_id: place.id,
        kind,
        done_on: dateAgo(ago),
        description,
        organisation,
        created_by: 'system:seed-demo',
        created_at: daysAgo(ago),
      })
      .execute();
  for (const [title, owner, meetingId, due, state] of [
    ['Demander le nettoyage des encombrants', coordinator, first, 37, 'done'],
    ['Signaler les candélabres en panne', partner, first, 33, 'done'],
    ['Organiser une présence en soirée avec les partenaires', partner, second, -14, 'open'],
  ] as const)
    await tx
      .insertInto('coordination_group_tasks')
      .values({
        tenant_id: tenant.id,
        group_id: group.id,
        meeting_id: meetingId,
        place_id: place.id,
        title,
        owner_id: owner,
        due_on: dateAgo(due),
        state,
        created_by: 'system:seed-demo',
        created_at: daysAgo(40),
        updated_at: daysAgo(10),
      })
      .execute();
  // The rest of the demo seed goes back under the members-only policy.
  await sql`SELECT set_config('quietude.group_system', '', true)`.execute(tx);
  return 1;
}
