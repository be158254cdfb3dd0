import { sql } from 'kysely';
import type { OperationScope } from '../../../platform/access/operation.js';
import { createAgent } from '../../police/workforce/agent-operations.js';
import { createTrainingModule, createTrainingSession, recordAttendance } from '../../police/workforce/training-operations.js';
import { localMoment } from '../orders/order-time.js';
import type { CommitmentKind, CommitmentState } from './tables.js';

/** The tenant whose demo carries the freedom zone's commitments. */
export const DEMO_COMMITMENTS_TENANT = 'strasbourg';
const POLICE_MODULE = 'Accueil des victimes d’infractions à raison de l’orientation sexuelle ou de l’identité de genre (démo)';

const dayOffset = (today: string, days: number) =>
  new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The police training the demo links to, written through the police module's own operations (that module owns
 * its tables): twelve fictional municipal police officers, a module on LGBTI-phobic offences and one session
 * held two months ago that seven of them attended. Returns the module's id.
 */
async function seedPoliceTraining(scope: OperationScope, today: string): Promise<string> {
  const { tx } = scope;
  const covered = { coveredBy: 'platform.settings-manage' as const };
  const module = await createTrainingModule.within(
    tx,
    scope,
    { title: POLICE_MODULE, provider: 'CNFPT (démo)', kind: 'specific', validityMonths: '', requiredFor: ['apm'] },
    covered,
  );
  const held = dayOffset(today, -60);
  const session = await createTrainingSession.within(
    tx,
    scope,
    {
      moduleId: module.id,
      startsAt: `${held}T09:00`,
      endsAt: `${held}T17:00`,
      place: 'Centre de formation (démo)',
      trainer: 'Association partenaire (démo)',
      capacity: 15,
    },
    covered,
  );
  const names = ['Aulne', 'Cèdre', 'Charme', 'Cormier', 'Hêtre', 'If', 'Mélèze', 'Noyer', 'Orme', 'Pin', 'Sorbier', 'Tremble'];
  for (const [i, name] of names.entries()) {
    const agent = await createAgent.within(
      tx,
      scope,
      {
        staffNumber: `STR-DEMO-${String(i + 1).padStart(2, '0')}`,
        familyName: `Démo-${name}`,
        givenName: 'Camille',
        effectiveOn: dayOffset(today, -700),
        category: 'apm',
      },
      covered,
    );
    if (i < 7)
      await recordAttendance.within(tx, scope, { sessionId: session.id, agentId: agent.id, status: 'attended' }, covered);
  }
  return module.id;
}

interface DemoCommitment {
  title: string;
  description: string;
  kind: CommitmentKind;
  state: CommitmentState;
  stateDaysAgo: number;
  service: string;
  target?: string;
  internalNote?: string;
  evidence?: { daysAgo: number; text: string; link?: string }[];
}

const commitments: DemoCommitment[] = [
  {
    title: 'Former les agents d’accueil de la ville',
    description:
      'Chaque agent qui reçoit du public apprend à accueillir sans préjugé et à orienter une victime de discrimination.',
    kind: 'staff_training',
    state: 'in_progress',
    stateDaysAgo: 200,
    service: 'Direction des ressources humaines',
    target: 'Tous les agents d’accueil d’ici la fin de l’année',
    evidence: [
      { daysAgo: 150, text: 'Première journée de formation pour les agents des mairies de quartier (démo).' },
      { daysAgo: 40, text: 'Deuxième journée, pour les agents des piscines et médiathèques (démo).' },
    ],
  },
  {
    title: 'Former la police municipale aux infractions LGBTIphobes',
    description:
      'Reconnaître une infraction commise à raison de l’orientation sexuelle ou de l’identité de genre, et accueillir la victime.',
    kind: 'police_training',
    state: 'in_progress',
    stateDaysAgo: 90,
    service: 'Police municipale',
    target: 'Tous les policiers municipaux',
  },
  {
    title: 'Intervenir dans les collèges et lycées',
    description: 'Des séances menées avec une association agréée, avec l’accord des chefs d’établissement.',
    kind: 'school_sessions',
    state: 'in_progress',
    stateDaysAgo: 120,
    service: 'Mission prévention',
    target: '40 classes par année scolaire',
  },
  {
    title: 'Soutenir les associations LGBTI+ du territoire',
    description: 'Une subvention annuelle aux associations qui accompagnent les personnes et interviennent dans les écoles.',
    kind: 'association_funding',
    state: 'in_progress',
    stateDaysAgo: 300,
    service: 'Direction de la vie associative',
    internalNote: 'Montant de l’an prochain à confirmer au vote du budget (interne, démo).',
  },
  {
    title: 'Rendre l’engagement visible dans l’espace public',
    description: 'Drapeaux et campagne d’affichage autour du 17 mai, journée mondiale contre l’homophobie et la transphobie.',
    kind: 'visibility',
    state: 'done',
    stateDaysAgo: 180,
    service: 'Direction de la communication',
    evidence: [
      {
        daysAgo: 185,
        text: 'Campagne d’affichage sur les abribus et drapeaux sur l’hôtel de ville (démo).',
        link: 'https://example.org/demo/campagne-17-mai.pdf',
      },
    ],
  },
  {
    title: 'Nommer un référent LGBTI+',
    description: 'Un conseiller expert auprès du maire, interlocuteur des associations et des victimes.',
    kind: 'expert_adviser',
    state: 'planned',
    stateDaysAgo: 30,
    service: 'Cabinet du maire',
    target: 'Nomination avant la fin de l’année',
  },
  {
    title: 'Suivre les actes LGBTIphobes signalés',
    description:
      'Le nombre de signalements d’actes contre des personnes LGBTI+, mois par mois, protégé par le secret statistique.',
    kind: 'other',
    state: 'in_progress',
    stateDaysAgo: 100,
    service: 'Conseil local de sécurité et de prévention de la délinquance',
  },
];

/**
 * Strasbourg's charter commitments (wording written for the demo), linked to its sessions programme, to a police
 * training module when the city runs the police module, and to the « lgbtiphobie » report category; some evidence
 * and two years of grants to its partner association. Runs after the sessions' demo.
 */
export async function seedDemoCommitments(scope: OperationScope, runsPolice: boolean): Promise<number> {
  const { tx, tenant, clock } = scope;
  const now = clock.now();
  const today = localMoment(now, tenant.time_zone).date;
  const programme = await tx
    .selectFrom('prevention_programmes')
    .select('id')
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .orderBy('title')
    .executeTakeFirst();
  const association = await tx
    .selectFrom('prevention_associations')
    .select('id')
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .orderBy('name')
    .executeTakeFirst();
  const policeModule = runsPolice ? await seedPoliceTraining(scope, today) : null;
  for (const [i, c] of commitments.entries()) {
    const row = await tx
      .insertInto('prevention_commitments')
      .values({
        tenant_id: tenant.id,
        title: c.title,
        description: c.description,
        kind: c.kind,
        state: c.state,
        state_on: dayOffset(today, -c.stateDaysAgo),
        service: c.service,
        internal_note: c.internalNote ?? '',
        target: c.target ?? '',
        position: i + 1,
        programme_id: c.kind === 'school_sessions' ? (programme?.id ?? null) : null,
        police_training_module_id: c.kind === 'police_training' ? policeModule : null,
        report_category: c.kind === 'other' ? 'lgbtiphobie' : null,
        is_demo: true,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const e of c.evidence ?? [])
      await tx
        .insertInto('prevention_commitment_evidence')
        .values({
          tenant_id: tenant.id,
          commitment_id: row.id,
          happened_on: dayOffset(today, -e.daysAgo),
          text: e.text,
          link: e.link ?? null,
          is_demo: true,
          created_at: now,
        })
        .execute();
    if (c.kind === 'association_funding' && association) {
      const year = Number(today.slice(0, 4));
      for (const [y, amount, purpose] of [
        [year - 1, 8000, 'Interventions en milieu scolaire et permanence d’écoute (démo)'],
        [year, 9500, 'Interventions en milieu scolaire et formation des bénévoles (démo)'],
      ] as const)
        await tx
          .insertInto('prevention_association_fundings')
          .values({
            tenant_id: tenant.id,
            commitment_id: row.id,
            association_id: association.id,
            year: y,
            amount_eur: amount,
            purpose,
            is_demo: true,
            created_at: now,
          })
          .execute();
    }
  }
  return commitments.length;
}
