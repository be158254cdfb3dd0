import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { actAsTenant } from '../../src/db/tenant-transaction.js';
import { activities, referralOutcomes, themes } from '../../src/modules/mediation/vocabulary.js';
import type { mediationTenant } from './mediation.js';

type Mediation = Awaited<ReturnType<typeof mediationTenant>>;

/**
 * Writes two months of field log (September and October 2026, Paris time) in both sectors of
 * `mediationTenant`, a few entries just outside, situations and referrals, and a member organisation
 * « Ville de A » that funds sector A in 2026. Returns what it wrote, so that tests derive their
 * expectations from it.
 */
export async function writeReportEntries(db: Kysely<DB>, m: Mediation) {
  let state = 42;
  const rnd = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
  const rounds: { id: string; sector: string; team: string; date: string; minutes: number; inPeriod: boolean }[] = [];
  const plan: [string, string, string][] = [
    ['2026-09-03', m.teamA, m.sectorA],
    ['2026-09-10', m.teamA, m.sectorA],
    ['2026-09-17', m.teamB, m.sectorB],
    ['2026-09-30', m.teamA, m.sectorA],
    ['2026-10-08', m.teamA, m.sectorA],
    ['2026-10-15', m.teamB, m.sectorB],
    ['2026-10-22', m.teamA, m.sectorA],
    ['2026-11-05', m.teamA, m.sectorA],
  ];
  for (const [date, team, sector] of plan)
    rounds.push({ id: randomUUID(), sector, team, date, minutes: 90 + Math.floor(rnd() * 90), inPeriod: date < '2026-11-01' });
  const encounters: {
    id: string;
    team: string;
    round: string | null;
    at: Date;
    people: number;
    themes: string[];
    activity: string;
    faireAvec: boolean;
    lon: number;
    lat: number;
    qpv: boolean;
    sector: string;
    month: string;
    inPeriod: boolean;
  }[] = [];
  const encounter = (team: string, sector: string, round: string | null, at: Date, month: string, inPeriod: boolean) => {
    const inQpv = sector === m.sectorA && rnd() < 0.4;
    // Sector A is the square from (-0.6, 44.8), its QPV the one from (-0.595, 44.805); sector B from (-0.5, 44.8).
    const [lon, lat] = inQpv
      ? [-0.594 + rnd() * 0.003, 44.806 + rnd() * 0.003]
      : sector === m.sectorA
        ? [-0.589 + rnd() * 0.008, 44.812 + rnd() * 0.006]
        : [-0.49 + rnd() * 0.008, 44.81 + rnd() * 0.008];
    encounters.push({
      id: randomUUID(),
      team,
      round,
      at,
      people: 1 + Math.floor(rnd() * 4),
      themes: [...new Set([pick(themes), pick(themes)])],
      activity: pick(activities),
      faireAvec: rnd() < 0.35,
      lon,
      lat,
      qpv: inQpv,
      sector,
      month,
      inPeriod,
    });
  };
  for (const r of rounds) {
    const count = 2 + Math.floor(rnd() * 4);
    for (let i = 0; i < count; i++)
      encounter(r.team, r.sector, r.id, new Date(`${r.date}T16:${String(10 + i * 5)}:00Z`), r.date.slice(0, 7), r.inPeriod);
  }
  // Around the edges of the period, in Paris time (UTC+2 in summer): on appointment, placed in sector A.
  encounter(m.teamA, m.sectorA, null, new Date('2026-08-31T21:30:00Z'), '2026-08', false);
  encounter(m.teamA, m.sectorA, null, new Date('2026-08-31T22:30:00Z'), '2026-09', true);
  encounter(m.teamA, m.sectorA, rounds[3]?.id as string, new Date('2026-09-30T22:30:00Z'), '2026-10', true);

  const situations = [
    {
      id: randomUUID(),
      team: m.teamA,
      sector: m.sectorA,
      opened: '2026-08-20',
      last: '2026-09-20',
      outcome: 'resolved',
      parties: 2,
    },
    {
      id: randomUUID(),
      team: m.teamB,
      sector: m.sectorB,
      opened: '2026-10-01',
      last: '2026-10-20',
      outcome: 'ongoing',
      parties: 1,
    },
  ];
  const before = {
    id: randomUUID(),
    team: m.teamA,
    sector: m.sectorA,
    opened: '2026-06-01',
    last: '2026-08-01',
    outcome: 'failed',
    parties: 3,
  };
  const inPeriodEncounters = encounters.filter((e) => e.inPeriod);
  const referrals = [0, 1, 2, 3, 4].map((i) => ({
    id: randomUUID(),
    encounter: inPeriodEncounters[i * 3] as (typeof encounters)[number],
    outcome: referralOutcomes[i % 3] as string,
  }));

  const ids = await db.transaction().execute(async (tx) => {
    await actAsTenant(tx, m.tenant.id, { operation: 'test.mediation-report' });
    const organisation = await tx
      .insertInto('organisations')
      .values({ name: 'Ville de A', kind: 'commune' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('tenant_organisations')
      .values({ tenant_id: m.tenant.id, organisation_id: organisation.id, role: 'member' })
      .execute();
    await tx
      .insertInto('mediation_fundings')
      .values({ tenant_id: m.tenant.id, organisation_id: organisation.id, territory_id: m.sectorA, team_id: null, year: 2026 })
      .execute();
    await tx
      .insertInto('mediation_rounds')
      .values(
        rounds.map((r) => ({
          id: r.id,
          tenant_id: m.tenant.id,
          team_id: r.team,
          sector_id: r.sector,
          round_date: r.date,
          started_at: new Date(`${r.date}T16:00:00Z`),
          ended_at: new Date(new Date(`${r.date}T16:00:00Z`).getTime() + r.minutes * 60_000),
          recorded_by: null,
          input_hash: r.id,
          created_at: new Date(),
        })),
      )
      .execute();
    await tx
      .insertInto('mediation_encounters')
      .values(
        encounters.map((e) => ({
          id: e.id,
          tenant_id: m.tenant.id,
          team_id: e.team,
          round_id: e.round,
          on_appointment: e.round === null,
          occurred_at: e.at,
          people_count: e.people,
          themes: e.themes,
          activity: e.activity,
          actions: ['listening'],
          faire_avec: e.faireAvec,
          geom: sql`ST_SetSRID(ST_MakePoint(${e.lon}, ${e.lat}), 4326)`,
          qpv_id: e.qpv ? m.qpv : null,
          recorded_by: null,
          input_hash: e.id,
          created_at: new Date(),
        })) as never,
      )
      .execute();
    for (const s of [...situations, before]) {
      await tx
        .insertInto('mediation_situations')
        .values({
          id: s.id,
          tenant_id: m.tenant.id,
          team_id: s.team,
          kind: 'neighbour_dispute',
          label: 'Bruit entre voisins',
          sector_id: s.sector,
          opened_on: s.opened,
          outcome: s.outcome,
          outcome_on: null,
          last_contact_on: s.last,
          referral_id: null,
          input_hash: s.id,
          created_by: null,
          created_at: new Date(),
        } as never)
        .execute();
      for (let i = 0; i < s.parties; i++)
        await tx
          .insertInto('mediation_situation_parties')
          .values({
            tenant_id: m.tenant.id,
            situation_id: s.id,
            name: `Partie ${i + 1}`,
            phone: null,
            email: null,
            address: null,
            created_at: new Date(),
          })
          .execute();
    }
    await tx
      .insertInto('mediation_referrals')
      .values(
        [...referrals, { id: randomUUID(), encounter: encounters[0] as (typeof encounters)[number], outcome: 'taken' }].map(
          (r, i) => ({
            id: r.id,
            tenant_id: m.tenant.id,
            team_id: r.encounter.team,
            partner_id: m.partnerId,
            encounter_id: r.encounter.id,
            situation_id: null,
            // The last one was made before the period.
            referred_on: i === referrals.length ? '2026-08-15' : r.encounter.at.toISOString().slice(0, 10),
            outcome: r.outcome,
            outcome_on: null,
            recorded_by: null,
            input_hash: r.id,
            created_at: new Date(),
          }),
        ) as never,
      )
      .execute();
    return { memberA: organisation.id };
  });
  return {
    from: '2026-09-01',
    to: '2026-10-31',
    ...ids,
    rounds,
    encounters,
    situations,
    parties: situations.reduce((a, s) => a + s.parties, 0),
    referrals: referrals.map((r) => ({ ...r, team: r.encounter.team })),
  };
}
