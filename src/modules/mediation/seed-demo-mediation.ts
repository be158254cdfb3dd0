import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { findOrCreateUser } from '../../platform/accounts/user-queries.js';
import { demoEmail } from '../../platform/demo/demo-tenants.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import { upsertTerritory } from '../../platform/territories/territory-queries.js';
import { inputHash } from './entry-checks.js';
import { localInstant } from './pages-common.js';
import { actionKinds, activities, ageBands, genders, themes } from './vocabulary.js';

/** A rectangle (WGS 84) drawn for the demo: [west, south, east, north]. Not an official outline. */
const box = ([w, s, e, n]: [number, number, number, number]) => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
});

type Box = [number, number, number, number];
/** The demo sectors (drawn by hand around real neighbourhoods), each with a QPV drawn inside. */
const sectors: {
  code: string;
  name: string;
  box: Box;
  qpv: { code: string; name: string; box: Box };
  team: string;
  commune: string;
}[] = [
  {
    code: 'BDX-NORD',
    name: 'Bordeaux Nord — Bacalan, Aubiers (démo)',
    box: [-0.575, 44.865, -0.54, 44.885],
    qpv: { code: 'DEMO-QPV-AUBIERS', name: 'Les Aubiers – Le Lac (démo)', box: [-0.572, 44.872, -0.562, 44.88] },
    team: 'Équipe Bordeaux Nord',
    commune: '33063',
  },
  {
    code: 'BDX-RD',
    name: 'Bordeaux Rive droite — Bastide, Benauge (démo)',
    box: [-0.555, 44.835, -0.53, 44.855],
    qpv: { code: 'DEMO-QPV-BENAUGE', name: 'Benauge – Henri Sellier (démo)', box: [-0.548, 44.838, -0.54, 44.846] },
    team: 'Équipe Rive droite',
    commune: '33063',
  },
  {
    code: 'BEGLES',
    name: 'Bègles — Yser, Terres Neuves (démo)',
    box: [-0.56, 44.8, -0.535, 44.815],
    qpv: { code: 'DEMO-QPV-YSER', name: 'Yser – Pont de la Maye (démo)', box: [-0.556, 44.802, -0.548, 44.808] },
    team: 'Équipe Sud',
    commune: '33039',
  },
  {
    code: 'TALENCE',
    name: 'Talence — Thouars, Raba (démo)',
    box: [-0.6, 44.795, -0.575, 44.812],
    qpv: { code: 'DEMO-QPV-THOUARS', name: 'Thouars (démo)', box: [-0.594, 44.797, -0.586, 44.803] },
    team: 'Équipe Sud',
    commune: '33522',
  },
  {
    code: 'MERIGNAC',
    name: 'Mérignac — Beaudésert, Yser (démo)',
    box: [-0.66, 44.825, -0.63, 44.845],
    qpv: { code: 'DEMO-QPV-BEAUDESERT', name: 'Beaudésert (démo)', box: [-0.652, 44.828, -0.644, 44.835] },
    team: 'Équipe Mérignac',
    commune: '33281',
  },
];

const partners = [
  { name: 'CCAS de Bordeaux (démo)', kind: 'ccas', commune: 'Bordeaux' },
  { name: 'CCAS de Talence (démo)', kind: 'ccas', commune: 'Talence' },
  { name: 'France Services Bègles (démo)', kind: 'france_services', commune: 'Bègles' },
  { name: 'CSAPA / CJC de la métropole (démo)', kind: 'csapa_cjc', commune: 'Bordeaux' },
  { name: 'Association de quartier des Aubiers (démo)', kind: 'association', commune: 'Bordeaux' },
  { name: 'Bailleur social girondin n° 1 (démo)', kind: 'landlord', commune: null },
] as const;

/** A small deterministic generator (mulberry32): the demo's figures are the same on every start. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The GIP's demo: sectors and QPV drawn by hand, four teams, mediators, who funds what, a partner
 * directory, three months of rounds and encounters, and one neighbour dispute followed to agreement.
 * Runs inside the demo tenant's seed (by the instance that created the tenant). Returns the encounters.
 */
export async function seedDemoMediation(tx: Tx, tenant: Tenant, now: Date, passwordHash: string): Promise<number> {
  const tz = tenant.time_zone;
  const rnd = random(7);
  for (const s of sectors) {
    await upsertTerritory(tx, tenant.id, { kind: 'sector', code: s.code, name: s.name, geometry: box(s.box), isDemo: true });
    await upsertTerritory(tx, tenant.id, {
      kind: 'qpv',
      code: s.qpv.code,
      name: s.qpv.name,
      geometry: box(s.qpv.box),
      isDemo: true,
    });
  }
  const territoryIds = new Map(
    (await tx.selectFrom('territories').select(['id', 'code']).where('tenant_id', '=', tenant.id).execute()).map((r) => [
      r.code,
      r.id,
    ]),
  );
  const teamIds = new Map<string, string>();
  for (const name of [...new Set(sectors.map((s) => s.team))]) {
    const row = await tx
      .insertInto('mediation_teams')
      .values({ tenant_id: tenant.id, name })
      .returning('id')
      .executeTakeFirstOrThrow();
    teamIds.set(name, row.id);
  }
  for (const s of sectors)
    await tx
      .insertInto('mediation_team_sectors')
      .values({ tenant_id: tenant.id, team_id: teamIds.get(s.team) as string, territory_id: territoryIds.get(s.code) as string })
      .execute();

  // People: the demo mediator works in the south team (Bègles, Talence); three more mediators; the manager manages every team.
  const userId = async (email: string) =>
    (await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const members: { team: string; user: string; role: 'mediator' | 'manager' }[] = [
    { team: 'Équipe Sud', user: await userId(demoEmail('mediator', tenant.slug)), role: 'mediator' },
  ];
  for (const [i, team] of ['Équipe Bordeaux Nord', 'Équipe Rive droite', 'Équipe Mérignac'].entries()) {
    const user = await findOrCreateUser(
      tx,
      `mediator${i + 2}.${tenant.slug}@demo.invalid`,
      `Médiateur·rice ${i + 2} (démo)`,
      true,
    );
    await tx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();
    await tx
      .insertInto('memberships')
      .values({
        tenant_id: tenant.id,
        user_id: user.id,
        role: 'mediator',
        territory_id: null,
        organisation_id: null,
        working_group_id: null,
      })
      .execute();
    members.push({ team, user: user.id, role: 'mediator' });
  }
  const manager = await userId(demoEmail('mediation_manager', tenant.slug));
  for (const team of teamIds.keys()) members.push({ team, user: manager, role: 'manager' });
  await tx
    .insertInto('mediation_team_members')
    .values(members.map((m) => ({ tenant_id: tenant.id, team_id: teamIds.get(m.team) as string, user_id: m.user, role: m.role })))
    .execute();

  // Who funds what: each city its sectors' teams, the métropole every team, a landlord the Aubiers QPV.
  const organisations = await tx
    .selectFrom('tenant_organisations as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .select(['o.id', 'o.insee_code', 'o.kind', 'o.name'])
    .where('l.tenant_id', '=', tenant.id)
    .where('l.role', '=', 'member')
    .execute();
  const year = Number(now.toLocaleDateString('sv-SE', { timeZone: tz }).slice(0, 4));
  const fundings: { organisation_id: string; team_id: string | null; territory_id: string | null }[] = [];
  for (const org of organisations) {
    if (org.kind === 'commune')
      for (const s of sectors.filter((x) => x.commune === org.insee_code))
        fundings.push({ organisation_id: org.id, team_id: null, territory_id: territoryIds.get(s.code) as string });
    if (org.kind === 'epci')
      for (const team of teamIds.values()) fundings.push({ organisation_id: org.id, team_id: team, territory_id: null });
    if (org.kind === 'social_landlord' && org.name.includes('n° 1'))
      fundings.push({ organisation_id: org.id, team_id: null, territory_id: territoryIds.get('DEMO-QPV-AUBIERS') as string });
  }
  if (fundings.length)
    await tx
      .insertInto('mediation_fundings')
      .values(fundings.map((f) => ({ ...f, tenant_id: tenant.id, year })))
      .execute();
  // The demo funding member speaks for Talence: its membership is scoped to that organisation.
  const talence = organisations.find((o) => o.insee_code === '33522');
  if (talence)
    await tx
      .updateTable('memberships')
      .set({ organisation_id: talence.id })
      .where('tenant_id', '=', tenant.id)
      .where('role', '=', 'funding_member')
      .execute();

  const partnerIds: string[] = [];
  for (const p of partners) {
    const row = await tx
      .insertInto('mediation_partners')
      .values({ tenant_id: tenant.id, name: p.name, kind: p.kind, commune: p.commune, phone: null, email: null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    partnerIds.push(row.id);
  }

  // Three months of evening rounds, two to five encounters each.
  const today = now.toLocaleDateString('sv-SE', { timeZone: tz });
  const rounds: object[] = [];
  const encounters: Record<string, unknown>[] = [];
  const people: object[] = [];
  for (let day = 90; day >= 1; day--) {
    const date = new Date(new Date(`${today}T12:00:00Z`).getTime() - day * 86_400_000).toISOString().slice(0, 10);
    for (const s of sectors) {
      if (rnd() > 0.4) continue;
      const team = teamIds.get(s.team) as string;
      const author = members.find((m) => m.team === s.team && m.role === 'mediator')?.user ?? null;
      const id = randomUUID();
      const started = new Date(localInstant(date, '17:00', tz));
      const ended = new Date(started.getTime() + (150 + Math.floor(rnd() * 60)) * 60_000);
      rounds.push({
        id,
        tenant_id: tenant.id,
        team_id: team,
        sector_id: territoryIds.get(s.code),
        round_date: date,
        started_at: started,
        ended_at: ended,
        recorded_by: author,
        input_hash: inputHash({ id }),
        created_at: ended,
      });
      const count = 2 + Math.floor(rnd() * 4);
      for (let k = 0; k < count; k++) {
        const encounterId = randomUUID();
        const [w, south, e, n] = rnd() < 0.5 ? s.qpv.box : s.box;
        const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
        const peopleCount = 1 + Math.floor(rnd() * 4);
        encounters.push({
          id: encounterId,
          tenant_id: tenant.id,
          team_id: team,
          round_id: id,
          on_appointment: false,
          occurred_at: new Date(started.getTime() + (k + 1) * 25 * 60_000),
          people_count: peopleCount,
          themes: [...new Set([pick(themes), pick(themes)])],
          activity: pick(activities),
          actions: [...new Set([pick(actionKinds), 'listening'])],
          faire_avec: rnd() < 0.3,
          geom: sql`ST_SetSRID(ST_MakePoint(${w + rnd() * (e - w)}, ${south + rnd() * (n - south)}), 4326)`,
          qpv_id: null,
          recorded_by: author,
          input_hash: inputHash({ encounterId }),
          created_at: ended,
        });
        if (rnd() < 0.5)
          people.push({
            tenant_id: tenant.id,
            encounter_id: encounterId,
            position: 0,
            age_band: pick(ageBands),
            gender: pick(genders),
          });
      }
    }
  }
  if (rounds.length)
    await tx
      .insertInto('mediation_rounds')
      .values(rounds as never)
      .execute();
  for (let i = 0; i < encounters.length; i += 200)
    await tx
      .insertInto('mediation_encounters')
      .values(encounters.slice(i, i + 200) as never)
      .execute();
  if (people.length)
    await tx
      .insertInto('mediation_encounter_people')
      .values(people as never)
      .execute();
  // The QPV of each encounter, derived from its place as the operation does.
  await tx
    .updateTable('mediation_encounters as e')
    .set({
      qpv_id: sql`(SELECT z.id FROM territories z WHERE z.tenant_id = e.tenant_id AND z.kind = 'qpv' AND ST_Covers(z.geom, e.geom) LIMIT 1)`,
    })
    .where('e.tenant_id', '=', tenant.id)
    .execute();

  // A neighbour dispute in Talence, followed to agreement.
  const south = teamIds.get('Équipe Sud') as string;
  const dayBefore = (n: number) => new Date(new Date(`${today}T12:00:00Z`).getTime() - n * 86_400_000).toISOString().slice(0, 10);
  const situationId = randomUUID();
  await tx
    .insertInto('mediation_situations')
    .values({
      id: situationId,
      tenant_id: tenant.id,
      team_id: south,
      kind: 'neighbour_dispute',
      label: 'Bruit entre voisins, résidence du Thouars, bât. B (démo)',
      sector_id: territoryIds.get('TALENCE') as string,
      opened_on: dayBefore(60),
      outcome: 'resolved',
      outcome_on: dayBefore(10),
      last_contact_on: dayBefore(10),
      referral_id: null,
      input_hash: inputHash({ situationId }),
      created_by: members[0]?.user ?? null,
      created_at: now,
    })
    .execute();
  const steps = [
    ['first_contact', 60],
    ['separate_interviews', 52],
    ['joint_meeting', 38],
    ['agreement', 38],
    ['follow_up', 10],
  ] as const;
  await tx
    .insertInto('mediation_situation_steps')
    .values(
      steps.map(([kind, ago]) => {
        const id = randomUUID();
        return {
          id,
          tenant_id: tenant.id,
          situation_id: situationId,
          kind,
          occurred_on: dayBefore(ago),
          recorded_by: members[0]?.user ?? null,
          input_hash: inputHash({ id }),
          created_at: now,
        };
      }),
    )
    .execute();
  await tx
    .insertInto('mediation_situation_parties')
    .values([
      {
        tenant_id: tenant.id,
        situation_id: situationId,
        name: 'Camille Exemple (démo)',
        phone: '05 00 00 00 01',
        email: 'camille.exemple@example.invalid',
        address: null,
        created_at: now,
      },
      {
        tenant_id: tenant.id,
        situation_id: situationId,
        name: 'Dominique Modèle (démo)',
        phone: '05 00 00 00 02',
        email: null,
        address: null,
        created_at: now,
      },
    ])
    .execute();
  const referrals = encounters.slice(0, 12).map((e, i) => {
    const id = randomUUID();
    return {
      id,
      tenant_id: tenant.id,
      team_id: e.team_id as string,
      partner_id: partnerIds[i % partnerIds.length] as string,
      encounter_id: e.id as string,
      situation_id: null,
      referred_on: (e.occurred_at as Date).toISOString().slice(0, 10),
      outcome: (['taken', 'pending', 'no_follow_up'] as const)[i % 3],
      outcome_on: i % 3 === 1 ? null : (e.occurred_at as Date).toISOString().slice(0, 10),
      recorded_by: e.recorded_by as string | null,
      input_hash: inputHash({ id }),
      created_at: now,
    };
  });
  if (referrals.length) await tx.insertInto('mediation_referrals').values(referrals).execute();
  return encounters.length;
}
