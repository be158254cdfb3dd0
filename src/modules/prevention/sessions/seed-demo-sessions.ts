import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import { localMoment } from '../orders/order-time.js';
import { fromWallClock } from '../orders/wall-time.js';
import { EVALUATION_DAYS, newEvaluationCode } from './evaluation-form.js';
import { schoolYearOf } from './school-year.js';
import type { PlaceKind, SchoolKind } from './tables.js';

/** The UAI check letter: the 7 digits modulo 23, in the alphabet without I, O and Q. */
export const uaiWithKey = (digits: string) => `${digits}${'ABCDEFGHJKLMNPRSTUVWXYZ'[Number(digits) % 23]}`;

interface DemoSession {
  /** Days after 1 September of the current school year, and the local time. */
  day: number;
  time: string;
  place: PlaceKind;
  school?: number;
  placeName?: string;
  level: string;
  classes: number;
  reached: number;
  association: boolean;
  others?: string;
  theme: string;
  /** Participants' evaluations (Strasbourg: one session, some values above k, some under). */
  evaluated?: boolean;
}

interface DemoProgramme {
  title: string;
  summary: string;
  goal: { classes: number | null; youngPeople: number | null };
  association: { name: string; reference: string | null; on: string | null };
  schools: { digits: string; name: string; kind: SchoolKind; commune: string; lon: number; lat: number }[];
  sessions: DemoSession[];
}

function demoProgramme(slug: string): DemoProgramme | undefined {
  if (slug === 'strasbourg')
    return {
      title: 'Zone de liberté LGBTI+ — interventions en milieu scolaire',
      summary:
        'Sensibilisation aux discriminations et éducation à l’égalité dans les collèges et lycées, avec une association agréée (démo).',
      goal: { classes: 40, youngPeople: 1000 },
      association: { name: 'Association Arc-en-ciel Éducation (démo)', reference: 'AGR-67-DEMO-12', on: '2024-06-14' },
      schools: [
        { digits: '0679901', name: 'Collège des Tilleuls (démo)', kind: 'college', commune: '67482', lon: 7.7446, lat: 48.5846 },
        { digits: '0679902', name: 'Lycée du Rhin (démo)', kind: 'lycee', commune: '67482', lon: 7.7621, lat: 48.5734 },
        {
          digits: '0679903',
          name: 'École élémentaire des Cigognes (démo)',
          kind: 'ecole',
          commune: '67482',
          lon: 7.7318,
          lat: 48.5912,
        },
      ],
      sessions: [
        {
          day: 20,
          time: '09:00',
          place: 'school',
          school: 0,
          level: '4e',
          classes: 2,
          reached: 51,
          association: true,
          theme: 'Stéréotypes et discriminations',
        },
        {
          day: 34,
          time: '14:00',
          place: 'school',
          school: 1,
          level: '2de',
          classes: 1,
          reached: 29,
          association: true,
          theme: 'Homophobie et transphobie : ce que dit la loi',
        },
        {
          day: 48,
          time: '10:00',
          place: 'school',
          school: 0,
          level: '3e',
          classes: 3,
          reached: 74,
          association: true,
          others: 'Police municipale',
          theme: 'Harcèlement et cyberharcèlement LGBTIphobes',
          evaluated: true,
        },
        {
          day: 62,
          time: '13:30',
          place: 'school',
          school: 2,
          level: 'CM2',
          classes: 1,
          reached: 24,
          association: true,
          theme: 'Égalité filles-garçons',
        },
      ],
    };
  if (slug === 'vandoeuvre-les-nancy')
    return {
      title: 'Protoxyde d’azote — prévention jeunesse',
      summary:
        'Les médiateurs préviennent les jeunes des risques du protoxyde d’azote (« proto ») et rappellent les arrêtés en vigueur (démo).',
      goal: { classes: 12, youngPeople: 400 },
      association: { name: 'Prévention Jeunesse 54 (démo)', reference: 'AGR-54-DEMO-3', on: '2023-09-01' },
      schools: [
        { digits: '0549901', name: 'Collège Jean Démo (démo)', kind: 'college', commune: '54547', lon: 6.1702, lat: 48.6601 },
      ],
      sessions: [
        {
          day: 25,
          time: '10:00',
          place: 'school',
          school: 0,
          level: '3e',
          classes: 2,
          reached: 48,
          association: true,
          others: 'Médiateurs de la ville',
          theme: 'Protoxyde d’azote : risques et loi',
        },
        {
          day: 40,
          time: '17:30',
          place: 'youth_centre',
          placeName: 'Maison des jeunes des Nations (démo)',
          level: '14-17 ans',
          classes: 0,
          reached: 18,
          association: false,
          others: 'Médiateurs de la ville',
          theme: 'Le « proto », parlons-en',
        },
        {
          day: 55,
          time: '19:00',
          place: 'public_space',
          placeName: 'Parc du Charmois',
          level: '16-20 ans',
          classes: 0,
          reached: 23,
          association: false,
          others: 'Médiateurs et police municipale',
          theme: 'Rappel de l’arrêté et des risques',
        },
      ],
    };
  return undefined;
}

/**
 * The demo programme of Strasbourg or Vandœuvre-lès-Nancy: its association (with its agrément), fictional schools
 * and sessions of the current school year (only those already past). Returns how many rows.
 */
export async function seedDemoSessions(tx: Tx, tenantId: string, slug: string, now: Date, zone: string): Promise<number> {
  const demo = demoProgramme(slug);
  if (!demo) return 0;
  const year = schoolYearOf(localMoment(now, zone).date);
  const programme = await tx
    .insertInto('prevention_programmes')
    .values({ tenant_id: tenantId, title: demo.title, summary: demo.summary, is_demo: true, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('prevention_programme_goals')
    .values({
      programme_id: programme.id,
      tenant_id: tenantId,
      school_year: year,
      classes: demo.goal.classes,
      young_people: demo.goal.youngPeople,
    })
    .execute();
  const association = await tx
    .insertInto('prevention_associations')
    .values({
      tenant_id: tenantId,
      name: demo.association.name,
      agrement_reference: demo.association.reference,
      agrement_on: demo.association.on,
      is_demo: true,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('prevention_programme_associations')
    .values({ programme_id: programme.id, association_id: association.id, tenant_id: tenantId })
    .execute();
  const schools: string[] = [];
  for (const school of demo.schools) {
    const row = await tx
      .insertInto('prevention_schools')
      .values({
        tenant_id: tenantId,
        uai: uaiWithKey(school.digits),
        name: school.name,
        kind: school.kind,
        sector: 'public',
        commune_code: school.commune,
        geom: sql`ST_SetSRID(ST_MakePoint(${school.lon}, ${school.lat}), 4326)`,
        is_demo: true,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    schools.push(row.id);
  }
  let written = 3 + schools.length;
  const september = Date.UTC(Number(year.slice(0, 4)), 8, 1);
  for (const session of demo.sessions) {
    const date = new Date(september + session.day * 86_400_000).toISOString().slice(0, 10);
    const startsAt = fromWallClock(`${date}T${session.time}`, zone) as Date;
    if (startsAt > now) continue;
    const schoolId = session.school === undefined ? null : (schools[session.school] as string);
    const kind = session.school === undefined ? undefined : demo.schools[session.school]?.kind;
    const row = await tx
      .insertInto('prevention_sessions')
      .values({
        tenant_id: tenantId,
        programme_id: programme.id,
        starts_at: startsAt,
        place_kind: session.place,
        school_id: schoolId,
        place_name: session.placeName ?? null,
        // The head agreed three weeks before (required for a collège or lycée).
        head_agreement_on:
          kind && kind !== 'ecole' ? new Date(Date.parse(date) - 21 * 86_400_000).toISOString().slice(0, 10) : null,
        audience_level: session.level,
        classes: session.classes,
        reached: session.reached,
        association_id: session.association ? association.id : null,
        other_facilitators: session.others ?? null,
        theme: session.theme,
        is_demo: true,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    written++;
    if (session.evaluated) written += await seedDemoEvaluation(tx, tenantId, row.id, startsAt);
  }
  return written;
}

/**
 * 23 answers per question of one session, chosen so that the small-number helper shows some values and hides others
 * (under 5, and their complements), and three harmless comments. The code is random and unknown: a facilitator
 * would create a new one. Opened by nobody: only programme managers read the comments.
 */
async function seedDemoEvaluation(tx: Tx, tenantId: string, sessionId: string, startsAt: Date): Promise<number> {
  await tx
    .insertInto('prevention_session_evaluations')
    .values({
      session_id: sessionId,
      tenant_id: tenantId,
      token_hash: newEvaluationCode().hash,
      opened_by: null,
      opened_at: startsAt,
      closes_at: new Date(startsAt.getTime() + EVALUATION_DAYS * 86_400_000),
    })
    .execute();
  // Per question, how many chose 1, 2, 3 and 4.
  const counts = { learned: [1, 3, 9, 10], knowsWhom: [0, 6, 8, 9], respected: [0, 0, 5, 18], useful: [2, 2, 7, 12] };
  const column = (question: keyof typeof counts) => counts[question].flatMap((n, value) => Array(n).fill(value + 1) as number[]);
  const [learned, knowsWhom, respected, useful] = [column('learned'), column('knowsWhom'), column('respected'), column('useful')];
  const comments = [
    'Merci, c’était intéressant (démo).',
    'J’aurais aimé plus de temps pour les questions (démo).',
    'Les mises en situation étaient bien (démo).',
  ];
  await tx
    .insertInto('prevention_evaluation_answers')
    .values(
      learned.map((value, i) => ({
        tenant_id: tenantId,
        session_id: sessionId,
        learned: value,
        knows_whom: knowsWhom[i] as number,
        respected: respected[i] as number,
        useful: useful[i] as number,
        comment: comments[i] ?? null,
      })),
    )
    .execute();
  return 1 + learned.length;
}
