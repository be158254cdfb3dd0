import type { Tx } from '../../../db/database.js';
import { defaultGrades } from './grades.js';
import type { Category, StatutoryKind, Weapon } from './tables.js';

/** The tenant whose demo carries the police workforce. */
export const DEMO_WORKFORCE_TENANT = 'lyon';

/** A small deterministic generator (mulberry32): the same demo every time. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Obviously fictional names: « Démo » names built from trees and birds.
const families = [
  'Démo-Chêne',
  'Démo-Tilleul',
  'Démo-Frêne',
  'Démo-Érable',
  'Démo-Saule',
  'Démo-Mésange',
  'Démo-Pinson',
  'Démo-Héron',
  'Démo-Loriot',
  'Démo-Bouleau',
  'Démo-Merle',
  'Démo-Platane',
];
const givens = [
  'Alix',
  'Camille',
  'Dominique',
  'Lou',
  'Sacha',
  'Morgan',
  'Noa',
  'Charlie',
  'Eden',
  'Maxime',
  'Yanis',
  'Inès',
  'Claude',
  'Andréa',
];

const day = (date: string, days: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const monthStart = (i: number) => {
  const d = new Date(Date.UTC(2020, 6 + i, 1));
  return d.toISOString().slice(0, 10);
};
const chunks = <T>(rows: T[], size = 500) =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

interface DemoAgent {
  n: number;
  category: Category;
  arrival: string;
  departure?: string;
  unit: number;
  grade: string | null;
  fte: number;
}

/**
 * Lyon's fictional municipal police: a mandate from 1 July 2020 starting at about 215 APM, recruitments and
 * departures month by month up to `today` reaching about 340 APM, ASVP, CCTV operators, trainees and agents lent
 * by the metropole; a target of 365 APM on 31 December 2026; statutory files with some acts due; the trainings
 * with sessions and attendance; the coordination agreement with the State; budget lines. Batch inserts only.
 */
export async function seedDemoWorkforce(tx: Tx, tenantId: string, now: Date): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const next = random(20200701);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  await tx
    .insertInto('police_grades')
    .values(defaultGrades.map((g, i) => ({ tenant_id: tenantId, ...g, sort_order: i })))
    .execute();
  const units = await tx
    .insertInto('police_units')
    .values(
      ['Brigade de jour', 'Brigade de nuit', 'Brigade cynophile', 'Brigade VTT', 'Centre de supervision urbain'].map((name) => ({
        tenant_id: tenantId,
        name,
      })),
    )
    .returning('id')
    .execute();
  await tx
    .insertInto('police_mandates')
    .values({ tenant_id: tenantId, starts_on: '2020-07-01', label: 'Mandat 2020–2026' })
    .execute();
  await tx
    .insertInto('police_targets')
    .values({ tenant_id: tenantId, category: 'apm', target_on: '2026-12-31', heads: 365 })
    .execute();

  const agents: DemoAgent[] = [];
  const add = (category: Category, arrival: string, unit: number) => {
    const grade =
      category === 'apm'
        ? next() < 0.08
          ? pick(['chef_de_service', 'chef_de_service_p2', 'chef_de_service_p1'])
          : pick(['gardien_brigadier', 'brigadier_chef_principal'])
        : null;
    const a: DemoAgent = { n: agents.length + 1, category, arrival, unit, grade, fte: next() < 0.06 ? 80 : 100 };
    agents.push(a);
    return a;
  };
  // In post on the mandate's first day.
  for (let i = 0; i < 215; i++) add('apm', day('2005-01-01', Math.floor(next() * 5600)), i % 4);
  for (let i = 0; i < 58; i++) add('asvp', day('2008-01-01', Math.floor(next() * 4500)), 0);
  for (let i = 0; i < 18; i++) add('cctv_operator', day('2012-01-01', Math.floor(next() * 3000)), 4);
  for (let i = 0; i < 3; i++) add('lent_by_epci', '2019-09-01', 4);
  // Month by month: recruitments spread evenly, a departure three months out of four.
  const months = Math.max(0, (Number(today.slice(0, 4)) - 2020) * 12 + Number(today.slice(5, 7)) - 7 + 1);
  const totalDepartures = Array.from({ length: months }, (_, m) => (m % 4 !== 0 ? 1 : 0)).reduce<number>((a, b) => a + b, 0);
  const totalRecruits = Math.round(125 * (months / 77)) + totalDepartures;
  for (let m = 0; m < months; m++) {
    const first = monthStart(m);
    const lastDay = Math.min(
      27,
      Math.max(0, Math.floor((Date.parse(`${today}T12:00:00Z`) - Date.parse(`${first}T12:00:00Z`)) / 86_400_000)),
    );
    const recruits = Math.floor(((m + 1) * totalRecruits) / months) - Math.floor((m * totalRecruits) / months);
    for (let r = 0; r < recruits; r++) add('apm', day(first, Math.floor(next() * (lastDay + 1))), Math.floor(next() * 4));
    if (m % 4 !== 0) {
      const inPost = agents.filter((a) => a.category === 'apm' && !a.departure && a.arrival < first);
      const leaving = pick(inPost);
      leaving.departure = day(first, Math.floor(next() * (lastDay + 1)));
    }
    if (m % 9 === 4) add('asvp', day(first, 3), 0);
  }
  for (let i = 0; i < 8; i++) add('fia_trainee', day(today, -20 - i * 17), i % 4);

  const agentRows = [];
  for (const chunk of chunks(agents)) {
    agentRows.push(
      ...(await tx
        .insertInto('police_agents')
        .values(
          chunk.map((a) => ({
            tenant_id: tenantId,
            staff_number: `LYO-${String(a.n).padStart(5, '0')}`,
            family_name: families[a.n % families.length]!,
            given_name: givens[(a.n * 7) % givens.length]!,
            user_id: null,
            created_at: now,
          })),
        )
        .returning('id')
        .execute()),
    );
  }
  const ids = agentRows.map((r) => r.id);
  const movements = agents.flatMap((a, i) => [
    {
      tenant_id: tenantId,
      agent_id: ids[i]!,
      kind: 'arrival' as const,
      effective_on: a.arrival,
      category: a.category,
      grade_code: a.grade,
      unit_id: units[a.unit]!.id,
      fte_percent: a.fte,
      status: 'active' as const,
      note: null,
      recorded_at: now,
    },
    ...(a.departure
      ? [
          {
            tenant_id: tenantId,
            agent_id: ids[i]!,
            kind: 'departure' as const,
            effective_on: a.departure,
            category: null,
            grade_code: null,
            unit_id: null,
            fte_percent: null,
            status: null,
            note: null,
            recorded_at: now,
          },
        ]
      : []),
  ]);
  for (const chunk of chunks(movements)) await tx.insertInto('police_movements').values(chunk).execute();

  // Statutory files of the APM in post: recent recruits still wait for their swearing-in; some practice is late.
  const items: {
    tenant_id: string;
    agent_id: string;
    kind: StatutoryKind;
    weapon: Weapon | null;
    done_on: string;
    valid_until: string | null;
    days: number | null;
    recorded_at: Date;
  }[] = [];
  const item = (
    agentId: string,
    kind: StatutoryKind,
    doneOn: string,
    extra: { weapon?: Weapon; validUntil?: string; days?: number } = {},
  ) =>
    doneOn <= today &&
    items.push({
      tenant_id: tenantId,
      agent_id: agentId,
      kind,
      weapon: extra.weapon ?? null,
      done_on: doneOn,
      valid_until: extra.validUntil ?? null,
      days: extra.days ?? null,
      recorded_at: now,
    });
  agents.forEach((a, i) => {
    if (a.category !== 'apm' || a.departure) return;
    const id = ids[i]!;
    item(id, 'approval_prefet', day(a.arrival, 20));
    item(id, 'approval_procureur', day(a.arrival, 35));
    item(id, 'swearing_in', day(a.arrival, 60));
    item(id, 'initial_training', day(a.arrival, 180));
    for (let y = 1; day(a.arrival, 180 + y * 400) <= today; y++)
      if (next() < 0.8) item(id, 'fco', day(a.arrival, 180 + y * 400), { days: 3 });
    if (next() < 0.6) {
      item(id, 'weapon_authorisation', day(a.arrival, 200), {
        weapon: 'firearm',
        validUntil:
          day(a.arrival, 200 + 5 * 365) > today ? day(a.arrival, 200 + 5 * 365) : day(today, 30 + Math.floor(next() * 700)),
      });
      item(id, 'weapon_initial_training', day(a.arrival, 210), { weapon: 'firearm' });
      item(id, 'weapon_practice', day(today, -Math.floor(next() * 420)), { weapon: 'firearm' });
    }
    if (next() < 0.3)
      item(id, 'body_camera', day(today, -Math.floor(next() * 800)), { validUntil: day(today, Math.floor(next() * 400)) });
  });
  for (const chunk of chunks(items)) await tx.insertInto('police_statutory_items').values(chunk).execute();

  const modules = await tx
    .insertInto('police_training_modules')
    .values([
      {
        tenant_id: tenantId,
        title: 'Accueil des victimes de violences sexistes et sexuelles',
        provider: 'Association d’aide aux victimes (démo)',
        kind: 'specific',
        validity_months: 36,
        required_for: ['apm', 'asvp'],
      },
      {
        tenant_id: tenantId,
        title: 'Discriminations et harcèlement envers les personnes LGBTI+',
        provider: 'Association LGBTI+ (démo)',
        kind: 'specific',
        validity_months: 36,
        required_for: ['apm'],
      },
      {
        tenant_id: tenantId,
        title: 'Gestes et techniques professionnels d’intervention',
        provider: 'CNFPT',
        kind: 'statutory',
        validity_months: 12,
        required_for: ['apm'],
      },
    ])
    .returning('id')
    .execute();
  const sessionRows = [];
  for (const [mi, mod] of modules.entries())
    for (let s = 0; s < 8; s++) {
      const date = day(today, -700 + s * 110 + mi * 9);
      sessionRows.push({
        tenant_id: tenantId,
        module_id: mod.id,
        starts_at: new Date(`${date}T07:30:00Z`),
        ends_at: new Date(`${date}T15:30:00Z`),
        place: pick(['Hôtel de police municipale', 'CNFPT Rhône-Alpes (démo)', 'Salle de formation, Gerland']),
        trainer: pick(['Formatrice associative (démo)', 'Formateur CNFPT (démo)']),
        capacity: 15,
      });
    }
  const sessions = await tx
    .insertInto('police_training_sessions')
    .values(sessionRows)
    .returning(['id', 'module_id', 'starts_at'])
    .execute();
  const attendance: { tenant_id: string; session_id: string; agent_id: string; status: 'enrolled' | 'attended' | 'absent' }[] =
    [];
  for (const session of sessions) {
    const future = session.starts_at > now;
    const eligible = agents.map((a, i) => ({ a, id: ids[i]! })).filter(({ a }) => a.category === 'apm' && !a.departure);
    const taken = new Set<string>();
    for (let k = 0; k < 13; k++) {
      const { id } = pick(eligible);
      if (taken.has(id)) continue;
      taken.add(id);
      attendance.push({
        tenant_id: tenantId,
        session_id: session.id,
        agent_id: id,
        status: future ? 'enrolled' : next() < 0.92 ? 'attended' : 'absent',
      });
    }
  }
  for (const chunk of chunks(attendance)) await tx.insertInto('police_training_attendance').values(chunk).execute();

  await tx
    .insertInto('police_agreements')
    .values([
      {
        tenant_id: tenantId,
        kind: 'state_coordination',
        parties: 'Préfet du Rhône, procureur de la République de Lyon, maire de Lyon (démo)',
        subject: 'Convention communale de coordination de la police municipale et des forces de sécurité de l’État',
        signed_on: '2022-03-15',
        expires_on: '2027-03-14',
        pdf: null,
        pdf_name: null,
        alerted_for: null,
        recorded_at: now,
      },
      {
        tenant_id: tenantId,
        kind: 'landlord',
        parties: 'Bailleur social (démo)',
        subject: 'Tranquillité des halls et parkings',
        signed_on: '2023-01-10',
        expires_on: day(today, 45),
        pdf: null,
        pdf_name: null,
        alerted_for: null,
        recorded_at: now,
      },
      {
        tenant_id: tenantId,
        kind: 'transit',
        parties: 'Réseau de transport (démo)',
        subject: 'Patrouilles communes sur le réseau de nuit',
        signed_on: '2024-09-01',
        expires_on: '2027-08-31',
        pdf: null,
        pdf_name: null,
        alerted_for: null,
        recorded_at: now,
      },
    ])
    .execute();
  const budget = [];
  for (let year = 2021; year <= 2026; year++) {
    const spentShare = year < 2026 ? 0.97 : 0.78;
    budget.push(
      {
        tenant_id: tenantId,
        year,
        kind: 'equipment' as const,
        label: 'Véhicules, radios, caméras-piétons',
        planned_cents: 83_000_000,
        spent_cents: Math.round(83_000_000 * spentShare),
      },
      {
        tenant_id: tenantId,
        year,
        kind: 'pay' as const,
        label: 'Mesures salariales et déroulement de carrière',
        planned_cents: 18_000_000,
        spent_cents: Math.round(18_000_000 * spentShare),
      },
      {
        tenant_id: tenantId,
        year,
        kind: 'training' as const,
        label: 'Formations spécifiques (VSS, LGBTI+, intervention)',
        planned_cents: 6_000_000,
        spent_cents: Math.round(6_000_000 * spentShare),
      },
    );
  }
  await tx.insertInto('police_budget_lines').values(budget).execute();
  return agents.length;
}
