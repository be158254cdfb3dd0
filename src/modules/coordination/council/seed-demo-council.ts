import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import type { OperationScope } from '../../../platform/access/operation.js';
import { fromWallClock } from './council-time.js';
import type { CouncilRole } from './tables.js';

/** The demo tenant with the whole council; Lyon gets a lighter one (members and one indicator). */
export const COUNCIL_DEMO_TENANT = 'vandoeuvre-les-nancy';
export const COUNCIL_LIGHT_DEMO_TENANT = 'lyon';

async function organisationsOf(tx: Tx) {
  const rows = await tx
    .selectFrom('tenant_organisations as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .select(['o.id', 'o.kind', 'o.name'])
    .where(sql<boolean>`l.tenant_id = quietude_tenant()`)
    .execute();
  const of = (kind: string) => rows.find((r) => r.kind === kind)?.id ?? rows[0]?.id ?? null;
  return { of, all: rows };
}

const userId = async (tx: Tx, email: string) =>
  (await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())?.id ?? null;

/**
 * The demo council (every name and figure invented, marked « démo »): members, a plenary session with its
 * minutes and decisions, the 2025–2027 strategy with three axes and their action sheets, indicators reading
 * the reports module (nitrous-oxide reports) and the prevention module (sessions held), tasks, and two FIPD
 * files, one through to its submitted report. Runs after the reports and prevention demos. Returns the rows added.
 */
export async function seedDemoCouncil({ tx, tenant, clock }: OperationScope): Promise<number> {
  if (tenant.slug !== COUNCIL_DEMO_TENANT && tenant.slug !== COUNCIL_LIGHT_DEMO_TENANT) return 0;
  const now = clock.now();
  const zone = tenant.time_zone;
  const t = tenant.id;
  const orgs = await organisationsOf(tx);
  const commune = orgs.of('commune');
  const police = orgs.of('national_police');
  const association = orgs.of('association');
  const landlord = orgs.of('social_landlord');
  if (!commune) return 0;
  const coordinator = await userId(tx, `coordinator.${tenant.slug}@demo.invalid`);
  const partner = await userId(tx, `partner_organisation.${tenant.slug}@demo.invalid`);
  const member = (
    council_role: CouncilRole,
    values: { organisation_id?: string | null; person_name?: string; person_function?: string; user_id?: string | null },
  ) => ({
    tenant_id: t,
    council_role,
    organisation_id: values.organisation_id ?? null,
    person_name: values.person_name ?? null,
    person_function: values.person_function ?? null,
    user_id: values.user_id ?? null,
    from_on: '2024-09-01',
    is_demo: true,
    created_at: now,
  });
  const members = await tx
    .insertInto('coordination_council_members')
    .values([
      member('president', { organisation_id: commune, person_name: 'Maire (démo)', person_function: 'président·e du conseil' }),
      member('prefect', {
        person_name: 'Sous-préfet·ète chargé·e de la politique de la ville (démo)',
        person_function: 'représentant·e du préfet',
      }),
      member('prosecutor', {
        person_name: 'Substitut·e référent·e du parquet (démo)',
        person_function: 'représentant·e du procureur de la République',
      }),
      member('member', { organisation_id: police }),
      member('member', { organisation_id: association, user_id: partner }),
      member('member', { organisation_id: landlord }),
      member('member', {
        organisation_id: commune,
        person_name: 'Coordinateur·rice du CLSPD (démo)',
        person_function: 'coordination',
        user_id: coordinator,
      }),
    ])
    .returning('id')
    .execute();
  const strategy = await tx
    .insertInto('coordination_strategies')
    .values({
      tenant_id: t,
      title: 'Stratégie territoriale de sécurité et de prévention de la délinquance (démo)',
      first_year: 2025,
      last_year: 2027,
      signed_on: '2025-06-12',
      signatories: 'Le maire, le préfet de département et le procureur de la République (démo)',
      is_demo: true,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const axisTitles =
    tenant.slug === COUNCIL_DEMO_TENANT
      ? [
          'Tranquillité publique et lutte contre les trafics',
          'Prévention de la délinquance des jeunes et du protoxyde d’azote',
          'Aide aux victimes et prévention des violences intrafamiliales',
        ]
      : ['Tranquillité publique'];
  const axes = await tx
    .insertInto('coordination_axes')
    .values(axisTitles.map((title, i) => ({ tenant_id: t, strategy_id: strategy.id, number: i + 1, title })))
    .returning(['id', 'number'])
    .execute();
  const axis = (n: number) => axes.find((a) => a.number === n)!.id;
  const sheet = (
    n: number,
    axisNumber: number,
    title: string,
    objective: string,
    lead: string | null,
    extra: { public_concerned?: string; means?: string } = {},
  ) => ({
    tenant_id: t,
    axis_id: axis(axisNumber),
    number: n,
    title,
    objective,
    lead_organisation_id: lead ?? commune,
    public_concerned: extra.public_concerned ?? '',
    means: extra.means ?? '',
    starts_on: '2025-09-01',
    ends_on: '2027-12-31',
    state: 'active' as const,
    is_demo: true,
    created_at: now,
    updated_at: now,
  });
  const light = tenant.slug !== COUNCIL_DEMO_TENANT;
  const sheets = await tx
    .insertInto('coordination_action_sheets')
    .values(
      light
        ? [
            sheet(
              1,
              1,
              'Tranquillité des places et des halls (démo)',
              'Suivre les signalements et coordonner les réponses (démo).',
              commune,
            ),
          ]
        : [
            sheet(
              1,
              1,
              'Halls d’immeubles et points de deal : une présence coordonnée (démo)',
              'Réduire l’occupation des halls en coordonnant police nationale, bailleur et médiation (démo).',
              police,
              {
                public_concerned: 'Locataires, jeunes adultes',
                means: 'Cellule de veille mensuelle, rondes coordonnées',
              },
            ),
            sheet(
              1,
              2,
              'Protoxyde d’azote : prévenir, ramasser, sanctionner (démo)',
              'Faire baisser les signalements liés au protoxyde d’azote et toucher les jeunes par des séances de prévention (démo).',
              commune,
              {
                public_concerned: 'Jeunes de 12 à 25 ans',
                means: 'Séances de prévention, ramassage des cartouches, arrêté municipal',
              },
            ),
            sheet(
              1,
              3,
              'Permanence d’aide aux victimes (démo)',
              'Tenir une permanence hebdomadaire d’aide aux victimes (démo).',
              association,
              {
                public_concerned: 'Victimes, dont violences intrafamiliales',
              },
            ),
          ],
    )
    .returning(['id', 'axis_id'])
    .execute();
  const sheetOf = (axisNumber: number) => sheets.find((s) => s.axis_id === axis(axisNumber))!.id;
  const nitrous = light ? sheetOf(1) : sheetOf(2);
  const territory = await tx
    .selectFrom('territories')
    .select('id')
    .where('kind', '=', 'commune')
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .executeTakeFirst();
  if (territory)
    await tx
      .insertInto('coordination_sheet_territories')
      .values({ sheet_id: nitrous, territory_id: territory.id, tenant_id: t })
      .execute();
  const partners = [association, landlord].filter((o): o is string => Boolean(o) && o !== commune);
  if (!light && partners.length)
    await tx
      .insertInto('coordination_sheet_partners')
      .values([...new Set(partners)].map((organisation_id) => ({ sheet_id: nitrous, organisation_id, tenant_id: t })))
      .execute();
  const category = await tx
    .selectFrom('report_categories')
    .select('code')
    .where('code', '=', light ? 'point-de-deal' : 'protoxyde-azote')
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .executeTakeFirst();
  const indicator = (
    sheet_id: string,
    label: string,
    source_id: string,
    source_option: string | null,
    target_value: number,
    direction: 'up' | 'down',
    baseline_year: number | null,
  ) => ({
    tenant_id: t,
    sheet_id,
    label,
    source_id,
    source_option,
    target_value,
    target_year: 2027,
    baseline_year,
    direction,
    created_at: now,
  });
  const indicators = [
    ...(category
      ? [
          indicator(
            nitrous,
            light ? 'Signalements de points de deal' : 'Signalements liés au protoxyde d’azote',
            'reports.received',
            category.code,
            5,
            'down',
            2025,
          ),
        ]
      : []),
  ];
  if (!light) {
    const programme = await tx
      .selectFrom('prevention_programmes')
      .select('id')
      .where('title', 'like', 'Protoxyde%')
      .executeTakeFirst();
    if (programme)
      indicators.push(
        indicator(
          nitrous,
          'Séances de prévention du protoxyde d’azote tenues',
          'prevention.sessions-held',
          programme.id,
          12,
          'up',
          null,
        ),
      );
    indicators.push(indicator(sheetOf(1), 'Réunions de la cellule de veille tenues', 'manual', null, 10, 'up', null));
  }
  const added = indicators.length
    ? await tx.insertInto('coordination_indicators').values(indicators).returning(['id', 'source_id']).execute()
    : [];
  const manual = added.find((i) => i.source_id === 'manual');
  if (manual)
    await tx
      .insertInto('coordination_indicator_values')
      .values({ indicator_id: manual.id, year: 2025, tenant_id: t, value: 8 })
      .execute();
  if (light) return members.length + sheets.length + added.length;

  const session = await tx
    .insertInto('coordination_sessions')
    .values({
      tenant_id: t,
      kind: 'plenary',
      title: 'Séance plénière du CLSPD (démo)',
      starts_at: fromWallClock('2025-10-14T14:00', zone)!,
      ends_at: fromWallClock('2025-10-14T16:30', zone)!,
      place: 'Hôtel de ville, salle du conseil (démo)',
      agenda: ['Bilan de la première année de la stratégie', 'Protoxyde d’azote : point d’étape', 'Dossiers FIPD 2026'],
      minutes:
        'Le conseil a fait le bilan de la première année de la stratégie (démo).\nLes signalements liés au protoxyde d’azote restent nombreux près des équipements sportifs ; le ramassage sera renforcé.\nLes dossiers FIPD 2026 sont validés.',
      minutes_published: true,
      is_demo: true,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('coordination_session_attendance')
    .values(
      members.map((m, i) => ({
        session_id: session.id,
        member_id: m.id,
        tenant_id: t,
        presence: i === 5 ? ('excused' as const) : ('present' as const),
      })),
    )
    .execute();
  const decisions = await tx
    .insertInto('coordination_decisions')
    .values([
      {
        tenant_id: t,
        session_id: session.id,
        text: 'Renforcer le ramassage des cartouches autour des équipements sportifs (démo).',
        action_sheet_id: nitrous,
        created_at: now,
      },
      {
        tenant_id: t,
        session_id: session.id,
        text: 'Déposer un dossier FIPD 2026 pour l’action protoxyde d’azote (démo).',
        action_sheet_id: nitrous,
        created_at: now,
      },
    ])
    .returning('id')
    .execute();
  if (coordinator)
    await tx
      .insertInto('coordination_tasks')
      .values([
        {
          tenant_id: t,
          title: 'Préparer le dossier FIPD 2026 (démo)',
          owner_user_id: coordinator,
          due_on: '2026-01-31',
          state: 'done',
          decision_id: decisions[1]!.id,
          action_sheet_id: null,
          done_at: now,
          is_demo: true,
          created_at: now,
        },
        {
          tenant_id: t,
          title: 'Cartographier les lieux de ramassage (démo)',
          owner_user_id: partner ?? coordinator,
          due_on: '2026-12-15',
          state: 'open',
          decision_id: decisions[0]!.id,
          action_sheet_id: null,
          done_at: null,
          is_demo: true,
          created_at: now,
        },
      ])
      .execute();
  const files = await tx
    .insertInto('coordination_funding_files')
    .values([
      {
        tenant_id: t,
        funder: 'fipd',
        funder_name: 'FIPD — Fonds interministériel de prévention de la délinquance',
        action_sheet_id: nitrous,
        year: 2025,
        asked_cents: 1_800_000,
        granted_cents: 1_200_000,
        spent_cents: 1_135_000,
        state: 'closed',
        is_demo: true,
        created_at: now,
        updated_at: now,
      },
      {
        tenant_id: t,
        funder: 'fipd',
        funder_name: 'FIPD — Fonds interministériel de prévention de la délinquance',
        action_sheet_id: nitrous,
        year: 2026,
        asked_cents: 2_000_000,
        granted_cents: 1_500_000,
        spent_cents: 600_000,
        state: 'granted',
        is_demo: true,
        created_at: now,
        updated_at: now,
      },
    ])
    .returning(['id', 'year'])
    .execute();
  await tx
    .insertInto('coordination_funder_reports')
    .values([
      {
        tenant_id: t,
        file_id: files.find((f) => f.year === 2025)!.id,
        label: 'Bilan d’exécution 2025',
        due_on: '2026-03-31',
        submitted_on: '2026-03-20',
      },
      {
        tenant_id: t,
        file_id: files.find((f) => f.year === 2026)!.id,
        label: 'Bilan d’exécution 2026',
        due_on: '2027-03-31',
        submitted_on: null,
      },
    ])
    .execute();
  return members.length + sheets.length + added.length + decisions.length + files.length;
}
