import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import type { OperationScope } from '../../../platform/access/operation.js';
import { demoEmail } from '../../../platform/demo/demo-tenants.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { moveAnsweredReport } from '../../reports/answered-report.js';
import { localParts } from './local-time.js';
import { natures } from './natures.js';
import type { FollowUp } from './tables.js';

/** The demo tenant whose police has a main courante. */
export const MAIN_COURANTE_DEMO_TENANT = 'lyon';
const ENTRIES = 360;
const DAYS = 150;

/**
 * Illustrative NATINF rows for the demo only, when the official list was not loaded: the numbers are placeholders
 * (labelled as such), never to be taken for official codes. `quietude import-natinf` loads the real list.
 */
const demoNatinf: [number, string][] = [
  [90001, 'Tapage ou bruit (code fictif de démonstration)'],
  [90002, 'Stationnement gênant (code fictif de démonstration)'],
  [90003, 'Dépôt d’ordures sur la voie publique (code fictif de démonstration)'],
  [90004, 'Dégradation d’un bien (code fictif de démonstration)'],
  [90005, 'Outrage sexiste et sexuel (code fictif de démonstration)'],
  [90006, 'Infraction à un arrêté municipal (code fictif de démonstration)'],
];

/** The tenant's agents (seeded by the workforce part, which runs before), or five obviously fictional ones. */
async function demoAgents(tx: Tx, tenant: Tenant, now: Date): Promise<string[]> {
  const tenantId = tenant.id;
  const agentUser = await tx
    .selectFrom('users')
    .select('id')
    .where('email', '=', demoEmail('police_agent', tenant.slug))
    .executeTakeFirst();
  const existing = await tx
    .selectFrom('police_agents')
    .select(['id', 'user_id'])
    .where('tenant_id', '=', tenantId)
    .orderBy('staff_number')
    .execute();
  if (existing.length > 0) {
    // The demo agent's account logs interventions as the first agent (the form ticks « me » from this link).
    if (agentUser && !existing.some((a) => a.user_id === agentUser.id))
      await tx.updateTable('police_agents').set({ user_id: agentUser.id }).where('id', '=', existing[0]!.id).execute();
    return existing.map((a) => a.id);
  }
  const rows = await tx
    .insertInto('police_agents')
    .values(
      [1, 2, 3, 4, 5].map((n) => ({
        tenant_id: tenantId,
        staff_number: `MC-DEMO-${n}`,
        family_name: `Démo ${n}`,
        given_name: 'Agent·e fictif·ve',
        user_id: n === 1 ? (agentUser?.id ?? null) : null,
        created_at: now,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * A police tenant other than the main courante's demo one: its agents only (fictional, the demo agent's account
 * linked to the first), so that its demo agent can log an intervention answering a report.
 */
export async function seedDemoPoliceAgents(scope: Pick<OperationScope, 'tx' | 'tenant' | 'clock'>): Promise<number> {
  return (await demoAgents(scope.tx, scope.tenant, scope.clock.now())).length;
}

/**
 * A few hundred fictional entries over the last months around the commune's heart (batch inserts), the older ones
 * validated, one answering a demo report of the municipal police (which then reads « in progress »).
 */
export async function seedDemoMainCourante(scope: Pick<OperationScope, 'tx' | 'tenant' | 'actor' | 'clock'>): Promise<number> {
  const { tx, tenant } = scope;
  const now = scope.clock.now();
  const centre = await tx
    .selectFrom('territories')
    .select([sql<number>`ST_Y(ST_PointOnSurface(geom))`.as('lat'), sql<number>`ST_X(ST_PointOnSurface(geom))`.as('lon')])
    .where('tenant_id', '=', tenant.id)
    .where('kind', '=', 'commune')
    .executeTakeFirst();
  if (!centre) return 0;
  await tx
    .insertInto('natinf_codes')
    .values(demoNatinf.map(([code, label]) => ({ code, label, source: 'demo' as const, updated_at: now })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  const agents = await demoAgents(tx, tenant, now);
  const judicial = natures.filter((n) => n.kind === 'judicial');
  const administrative = natures.filter((n) => n.kind === 'administrative');
  const plan = Array.from({ length: ENTRIES }, (_, i) => {
    // Deterministic spread: more in the evening, over DAYS days, on a spiral around the centre.
    const hour = [8, 10, 12, 14, 16, 17, 18, 19, 20, 21, 22, 23, 0, 1][(i * 7) % 14]!;
    const day = (i * 37) % DAYS;
    const calledAt = new Date(now.getTime() - (day + 1) * 86_400_000);
    calledAt.setUTCHours(hour, (i * 13) % 60, 0, 0);
    const isJudicial = i % 3 !== 0;
    const nature = isJudicial ? judicial[i % judicial.length]! : administrative[i % administrative.length]!;
    const metres = 1500 * Math.sqrt(((i % 97) + 1) / 97);
    const angle = i * 2.4;
    return {
      calledAt,
      kind: nature.kind,
      nature: nature.code,
      natinf: isJudicial ? demoNatinf[i % demoNatinf.length]![0] : null,
      lat: centre.lat + (metres * Math.cos(angle)) / 111_320,
      lon: centre.lon + (metres * Math.sin(angle)) / (111_320 * Math.cos((centre.lat * Math.PI) / 180)),
      arrivalMin: 4 + ((i * 11) % 35),
      durationMin: 10 + ((i * 17) % 80),
      source: (['call', 'patrol', 'cctv', 'walk_in'] as const)[i % 4]!,
      followUp: (isJudicial ? [['pv'], ['rapport'], ['opj'], []][i % 4] : [[], ['referral']][i % 2]) as FollowUp[],
      validated: day > 7,
      agents: [agents[i % agents.length]!, agents[(i + 1) % agents.length]!],
    };
  }).sort((a, b) => +a.calledAt - +b.calledAt);
  const numbers = new Map<number, number>();
  const rows = plan.map((p) => {
    const year = localParts(p.calledAt, tenant.time_zone).year;
    const number = (numbers.get(year) ?? 0) + 1;
    numbers.set(year, number);
    const arrived = new Date(+p.calledAt + p.arrivalMin * 60_000);
    return {
      tenant_id: tenant.id,
      year,
      number,
      kind: p.kind,
      nature: p.nature,
      natinf_code: p.natinf,
      source: p.source,
      report_id: null,
      called_at: p.calledAt,
      arrived_at: arrived,
      ended_at: new Date(+arrived + p.durationMin * 60_000),
      geom: sql`ST_SetSRID(ST_MakePoint(${p.lon}, ${p.lat}), 4326)`,
      address: null,
      territory_id: null,
      vehicles: [`VL-${(p.agents.length % 3) + 1}`],
      findings: 'Intervention de démonstration (fictive).',
      follow_up: p.followUp,
      created_by: 'démo',
      created_at: p.calledAt,
      updated_at: p.calledAt,
      validated_by: p.validated ? 'Encadrant·e de démonstration' : null,
      validated_at: p.validated ? new Date(+p.calledAt + 86_400_000) : null,
      elimination_list_id: null,
    };
  });
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 120) {
    const inserted = await tx
      .insertInto('main_courante_entries')
      .values(rows.slice(i, i + 120))
      .returning('id')
      .execute();
    ids.push(...inserted.map((r) => r.id));
  }
  const links = ids.flatMap((entry_id, i) =>
    [...new Set(plan[i]!.agents)].map((agent_id) => ({ entry_id, tenant_id: tenant.id, agent_id })),
  );
  for (let i = 0; i < links.length; i += 500)
    await tx
      .insertInto('main_courante_entry_agents')
      .values(links.slice(i, i + 500))
      .execute();
  await tx
    .insertInto('main_courante_people')
    .values(
      ids
        .filter((_, i) => i % 5 === 0)
        .map((entry_id) => ({
          entry_id,
          tenant_id: tenant.id,
          role: 'caller' as const,
          family_name: null,
          given_name: null,
          birth_year: null,
          phone: null,
        })),
    )
    .execute();
  await tx
    .updateTable('main_courante_entries as e')
    .set({
      territory_id: sql`(SELECT t.id FROM territories t WHERE t.tenant_id = e.tenant_id AND ST_Covers(t.geom, e.geom) ORDER BY ST_Area(t.geom) LIMIT 1)`,
    })
    .where('e.tenant_id', '=', tenant.id)
    .execute();
  for (const [year, last] of numbers)
    await tx.insertInto('main_courante_counters').values({ tenant_id: tenant.id, year, last_number: last }).execute();
  await answerOneReport(scope, agents, centre);
  return ids.length + 1;
}

/** One open demo report routed to the municipal police gets its intervention, not validated yet. */
async function answerOneReport(
  scope: Pick<OperationScope, 'tx' | 'tenant' | 'actor' | 'clock'>,
  agents: string[],
  centre: { lat: number; lon: number },
) {
  const { tx, tenant } = scope;
  const report = await tx
    .selectFrom('reports as r')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .select(['r.id', 'r.created_at', sql<number>`ST_Y(r.geom)`.as('lat'), sql<number>`ST_X(r.geom)`.as('lon')])
    .where('r.tenant_id', '=', tenant.id)
    .where('o.name', '=', 'Police municipale')
    .where('r.status', 'in', ['new', 'triaged', 'assigned'])
    .orderBy('r.created_at', 'desc')
    .executeTakeFirst();
  if (!report) return;
  const calledAt = new Date(+report.created_at + 3_600_000);
  const year = localParts(calledAt, tenant.time_zone).year;
  const counter = await tx
    .updateTable('main_courante_counters')
    .set({ last_number: sql`last_number + 1` })
    .where('tenant_id', '=', tenant.id)
    .where('year', '=', year)
    .returning('last_number')
    .executeTakeFirst();
  const number =
    counter?.last_number ??
    (
      await tx
        .insertInto('main_courante_counters')
        .values({ tenant_id: tenant.id, year, last_number: 1 })
        .returning('last_number')
        .executeTakeFirstOrThrow()
    ).last_number;
  const { id } = await tx
    .insertInto('main_courante_entries')
    .values({
      tenant_id: tenant.id,
      year,
      number,
      kind: 'administrative',
      nature: 'surveillance-voie-publique',
      natinf_code: null,
      source: 'report',
      report_id: report.id,
      called_at: calledAt,
      arrived_at: new Date(+calledAt + 15 * 60_000),
      ended_at: new Date(+calledAt + 45 * 60_000),
      geom: sql`ST_SetSRID(ST_MakePoint(${report.lon ?? centre.lon}, ${report.lat ?? centre.lat}), 4326)`,
      address: null,
      territory_id: null,
      vehicles: ['VL-1'],
      findings: 'Passage sur place à la suite du signalement (démonstration, fictif).',
      follow_up: ['rapport'],
      created_by: 'démo',
      created_at: calledAt,
      updated_at: calledAt,
      validated_by: null,
      validated_at: null,
      elimination_list_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('main_courante_entry_agents')
    .values({ entry_id: id, tenant_id: tenant.id, agent_id: agents[0]! })
    .execute();
  await moveAnsweredReport(tx, scope, report.id, 'in_progress', 'Intervention de la police municipale en cours.');
}
