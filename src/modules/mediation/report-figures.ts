import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { invalidInput } from '../../platform/errors.js';
import {
  type ProtectedCount,
  type ProtectedTable,
  protectCount,
  protectSeries,
  protectTable,
} from '../../platform/privacy/small-numbers.js';
import { localInstant } from './pages-common.js';
import { activities, type ReferralOutcome, referralOutcomes, situationOutcomes, themes } from './vocabulary.js';

/**
 * The activity report of the GIP for a period, or of one member's funded territories. Every figure is
 * an SQL aggregate. A member's report only counts what it funded that year (a team it funds, or a
 * sector or QPV it funds: the round's sector, or for an encounter on appointment the team's sector
 * covering its place) and every count goes through the small-number helper; the GIP's own report
 * (managers) is exact.
 */
export interface ReportOptions {
  /** Local dates (the tenant's zone), both included. */
  from: string;
  to: string;
  timeZone: string;
  /** The member organisation whose funded territories are reported; null for the whole GIP. */
  memberId: string | null;
  /** Through the small-number helper (a member's report, or anyone who is not a manager). */
  protect: boolean;
  k: number;
}

/** One row of a breakdown of encounters: how many encounters, how many people met in them. */
export interface ReportLine {
  key: string;
  label: string;
  encounters: ProtectedCount;
  people: ProtectedCount;
}

export interface MediationReport {
  from: string;
  to: string;
  member: { id: string; name: string } | null;
  protected: boolean;
  k: number;
  /** Contacts: the sum of people met in each encounter (one person met twice counts twice). */
  peopleMet: ProtectedCount;
  /** Distinct people known through follow-up: the parties of the situations followed in the period. */
  distinctPeople: ProtectedCount;
  encounters: ProtectedCount;
  rounds: ProtectedCount;
  /** Hours of presence in the field (ended rounds), one decimal; null when the rounds are hidden. */
  hours: number | null;
  faireAvec: { encounters: ProtectedCount; people: ProtectedCount; share: number | null };
  /** An encounter may have several themes: these do not add up to the encounters. */
  themes: ReportLine[];
  activities: ReportLine[];
  byMonth: ReportLine[];
  byTerritory: ReportLine[];
  byQpv: ReportLine[];
  situations: { outcome: string; count: ProtectedCount }[];
  situationsTotal: ProtectedCount;
  referrals: { partner: string; counts: ProtectedCount[]; total: ProtectedCount }[];
  referralOutcomes: readonly ReferralOutcome[];
  referralTotals: ProtectedCount[];
  referralsTotal: ProtectedCount;
}

const day = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return day.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

/** Checks a period from query parameters: both dates real, from ≤ to (400 naming the field). */
export function checkPeriod(from: unknown, to: unknown): { from: string; to: string } {
  if (typeof from !== 'string' || !validDay(from))
    throw invalidInput('from', 'must be a date YYYY-MM-DD', 'doit être une date (AAAA-MM-JJ)');
  if (typeof to !== 'string' || !validDay(to))
    throw invalidInput('to', 'must be a date YYYY-MM-DD', 'doit être une date (AAAA-MM-JJ)');
  if (from > to) throw invalidInput('to', 'must not be before from', 'ne peut pas précéder la date de début');
  return { from, to };
}

const nextDay = (date: string) => new Date(new Date(`${date}T12:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);

export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (
    let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
    `${y}-${String(m).padStart(2, '0')}` <= to.slice(0, 7);
  ) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}

/** Whether the member funds, in year `year`, the team or one of the territories (SQL expressions). */
const funded = (memberId: string | null, year: RawBuilder<unknown>, team: RawBuilder<unknown>, places: RawBuilder<unknown>[]) =>
  memberId === null
    ? sql`true`
    : sql`EXISTS (SELECT 1 FROM mediation_fundings f WHERE f.tenant_id = quietude_tenant()
        AND f.organisation_id = ${memberId}::uuid AND f.year = ${year}
        AND (f.team_id = ${team} OR f.territory_id IN (${sql.join(places)})))`;

/** The encounters of the period in scope, with their month, sector and QPV. */
function encountersInScope(o: ReportOptions) {
  const start = localInstant(o.from, '00:00', o.timeZone);
  const end = localInstant(nextDay(o.to), '00:00', o.timeZone);
  const local = sql`(e.occurred_at AT TIME ZONE ${o.timeZone})`;
  const sector = sql`COALESCE(r.sector_id, (SELECT s.territory_id FROM mediation_team_sectors s
      JOIN territories z ON z.id = s.territory_id
      WHERE s.team_id = e.team_id AND e.geom IS NOT NULL AND ST_Covers(z.geom, e.geom) LIMIT 1))`;
  return sql`enc AS (
    SELECT * FROM (
      SELECT e.people_count, e.themes, e.activity, e.faire_avec, e.qpv_id, e.team_id,
        to_char(${local}, 'YYYY-MM') AS month, extract(year FROM ${local})::int AS year, ${sector} AS sector_id
      FROM mediation_encounters e LEFT JOIN mediation_rounds r ON r.id = e.round_id
      WHERE e.tenant_id = quietude_tenant() AND e.occurred_at >= ${start}::timestamptz AND e.occurred_at < ${end}::timestamptz
    ) b
    WHERE ${funded(o.memberId, sql`b.year`, sql`b.team_id`, [sql`b.sector_id`, sql`b.qpv_id`])}
  )`;
}

type Grouped = {
  dim: 'month' | 'sector' | 'qpv' | 'activity' | 'faire_avec' | 'all';
  key: string | null;
  label: string | null;
  encounters: number;
  people: number;
};

async function encounterBreakdowns(tx: Tx, o: ReportOptions) {
  const { rows } = await sql<Grouped>`WITH ${encountersInScope(o)}
    SELECT CASE WHEN GROUPING(month) = 0 THEN 'month' WHEN GROUPING(sector_id) = 0 THEN 'sector'
        WHEN GROUPING(qpv_id) = 0 THEN 'qpv' WHEN GROUPING(activity) = 0 THEN 'activity'
        WHEN GROUPING(faire_avec) = 0 THEN 'faire_avec' ELSE 'all' END AS dim,
      COALESCE(month, sector_id::text, qpv_id::text, activity, faire_avec::text) AS key,
      (SELECT z.name FROM territories z WHERE z.id = COALESCE(sector_id, qpv_id)) AS label,
      count(*)::int AS encounters, COALESCE(sum(people_count), 0)::int AS people
    FROM enc GROUP BY GROUPING SETS ((month), (sector_id), (qpv_id), (activity), (faire_avec), ())`.execute(tx);
  const { rows: themeRows } = await sql<{ key: string; encounters: number; people: number }>`WITH ${encountersInScope(o)}
    SELECT t.theme AS key, count(*)::int AS encounters, sum(people_count)::int AS people
    FROM enc, unnest(enc.themes) AS t(theme) GROUP BY t.theme`.execute(tx);
  return { rows, themeRows };
}

async function roundFigures(tx: Tx, o: ReportOptions) {
  const { rows } = await sql<{ rounds: number; hours: number }>`
    SELECT count(*)::int AS rounds,
      COALESCE(sum(extract(epoch FROM r.ended_at - r.started_at)) / 3600, 0)::float8 AS hours
    FROM mediation_rounds r
    WHERE r.tenant_id = quietude_tenant() AND r.round_date BETWEEN ${o.from}::date AND ${o.to}::date
      AND ${funded(o.memberId, sql`extract(year FROM r.round_date)::int`, sql`r.team_id`, [sql`r.sector_id`])}`.execute(tx);
  return rows[0] ?? { rounds: 0, hours: 0 };
}

/** Situations followed in the period: opened by its end, last contact from its start. */
async function situationFigures(tx: Tx, o: ReportOptions) {
  const { rows } = await sql<{ outcome: string; situations: number; parties: number }>`
    SELECT s.outcome, count(*)::int AS situations,
      COALESCE(sum((SELECT count(*) FROM mediation_situation_parties p WHERE p.situation_id = s.id)), 0)::int AS parties
    FROM mediation_situations s
    WHERE s.tenant_id = quietude_tenant() AND s.opened_on <= ${o.to}::date AND s.last_contact_on >= ${o.from}::date
      AND ${funded(o.memberId, sql`extract(year FROM LEAST(s.last_contact_on, ${o.to}::date))::int`, sql`s.team_id`, [sql`s.sector_id`])}
    GROUP BY s.outcome`.execute(tx);
  return rows;
}

/** Referrals made in the period, placed by their team, or the situation's sector or the encounter's QPV. */
async function referralFigures(tx: Tx, o: ReportOptions) {
  const { rows } = await sql<{ partner: string; outcome: ReferralOutcome; referrals: number }>`
    SELECT p.name AS partner, r.outcome, count(*)::int AS referrals
    FROM mediation_referrals r
    JOIN mediation_partners p ON p.id = r.partner_id
    LEFT JOIN mediation_situations s ON s.id = r.situation_id
    LEFT JOIN mediation_encounters e ON e.id = r.encounter_id
    LEFT JOIN mediation_rounds ro ON ro.id = e.round_id
    WHERE r.tenant_id = quietude_tenant() AND r.referred_on BETWEEN ${o.from}::date AND ${o.to}::date
      AND ${funded(o.memberId, sql`extract(year FROM r.referred_on)::int`, sql`r.team_id`, [sql`s.sector_id`, sql`e.qpv_id`, sql`ro.sector_id`])}
    GROUP BY p.name, r.outcome ORDER BY p.name`.execute(tx);
  return rows;
}

const exact = (n: number): ProtectedCount => ({ kind: 'shown', value: n });

/**
 * Protects vectors that share their total (each partitions the encounters, or the people): a total
 * hidden by one is hidden in all, so that no hidden figure comes back by subtraction from another.
 */
function protectLinked(vectors: number[][], k: number) {
  let hideTotal = false;
  for (;;) {
    const alsoHide: { columnTotals: boolean[]; grand: boolean } = { columnTotals: [hideTotal], grand: hideTotal };
    const tables: ProtectedTable[] = vectors.map((v) =>
      protectTable(
        v.map((n) => [n]),
        k,
        { alsoHide },
      ),
    );
    const hidden: boolean = tables.some((t) => t.totals?.grand.kind === 'suppressed');
    if (hidden === hideTotal)
      return {
        cells: tables.map((t) => t.cells.map((row) => row[0] as ProtectedCount)),
        total: tables.find((t) => t.cells.length > 0)?.totals?.grand ?? exact(0),
      };
    hideTotal = hidden;
  }
}

const shown = (c: ProtectedCount) => (c.kind === 'shown' ? c.value : null);

export async function mediationReport(tx: Tx, o: ReportOptions): Promise<MediationReport> {
  let member: MediationReport['member'] = null;
  if (o.memberId) {
    const row = await tx
      .selectFrom('tenant_organisations as l')
      .innerJoin('organisations as g', 'g.id', 'l.organisation_id')
      .select(['g.id', 'g.name'])
      .where('l.role', '=', 'member')
      .where('l.organisation_id', '=', o.memberId)
      .executeTakeFirst();
    if (!row) throw invalidInput('member', 'is not a member of this grouping', 'n’est pas membre du groupement');
    member = row;
  }
  const [{ rows, themeRows }, rounds, situations, referrals] = [
    await encounterBreakdowns(tx, o),
    await roundFigures(tx, o),
    await situationFigures(tx, o),
    await referralFigures(tx, o),
  ];
  const { k } = o;
  const of = (dim: Grouped['dim']) => rows.filter((r) => r.dim === dim);
  const byKey = (dim: Grouped['dim'], keys: string[]) => keys.map((key) => of(dim).find((r) => r.key === key));
  // Breakdowns that partition the encounters: the month, the sector, the QPV, the activity, « faire avec ».
  const months = monthsOf(o.from, o.to);
  const territories = of('sector').sort((a, b) => (a.label ?? '~').localeCompare(b.label ?? '~'));
  const qpvs = of('qpv').sort((a, b) => (a.label ?? '~').localeCompare(b.label ?? '~'));
  const parts: { key: string; label: string; row?: Grouped }[][] = [
    byKey('month', months).map((row, i) => ({ key: months[i] as string, label: months[i] as string, row })),
    territories.map((row) => ({ key: row.key ?? '', label: row.label ?? '', row })),
    qpvs.map((row) => ({ key: row.key ?? '', label: row.label ?? '', row })),
    byKey('activity', [...activities]).map((row, i) => ({ key: activities[i] as string, label: '', row })),
    byKey('faire_avec', ['true', 'false']).map((row, i) => ({ key: i === 0 ? 'yes' : 'no', label: '', row })),
  ];
  const encounters = o.protect
    ? protectLinked(
        parts.map((p) => p.map((x) => x.row?.encounters ?? 0)),
        k,
      )
    : undefined;
  const people = o.protect
    ? protectLinked(
        parts.map((p) => p.map((x) => x.row?.people ?? 0)),
        k,
      )
    : undefined;
  const lines = parts.map((p, t) =>
    p.map(
      (x, i): ReportLine => ({
        key: x.key,
        label: x.label,
        encounters: encounters ? (encounters.cells[t]?.[i] as ProtectedCount) : exact(x.row?.encounters ?? 0),
        people: people ? (people.cells[t]?.[i] as ProtectedCount) : exact(x.row?.people ?? 0),
      }),
    ),
  );
  const all = of('all')[0];
  const totalEncounters = encounters?.total ?? exact(all?.encounters ?? 0);
  const totalPeople = people?.total ?? exact(all?.people ?? 0);
  const [byMonth, byTerritory, byQpv, activityLines, faireAvecLines] = lines as [
    ReportLine[],
    ReportLine[],
    ReportLine[],
    ReportLine[],
    ReportLine[],
  ];
  const yes = faireAvecLines[0] as ReportLine;
  const yesEncounters = shown(yes.encounters);
  const allEncounters = shown(totalEncounters);

  // Themes: several per encounter, no total published, so each small count is simply hidden.
  const themeLines = themes.map((key) => {
    const row = themeRows.find((r) => r.key === key);
    const [e, p] = [row?.encounters ?? 0, row?.people ?? 0];
    return {
      key,
      label: '',
      encounters: o.protect ? protectCount(e, k) : exact(e),
      people: o.protect ? protectCount(p, k) : exact(p),
    };
  });

  const situationCounts = situationOutcomes.map((outcome) => situations.find((s) => s.outcome === outcome)?.situations ?? 0);
  const situationSeries = o.protect
    ? protectSeries(situationCounts, k)
    : { counts: situationCounts.map(exact), total: exact(situationCounts.reduce((a, b) => a + b, 0)) };
  const parties = situations.reduce((a, s) => a + s.parties, 0);

  const partners = [...new Set(referrals.map((r) => r.partner))];
  const cells = partners.map((partner) =>
    referralOutcomes.map((outcome) => referrals.find((r) => r.partner === partner && r.outcome === outcome)?.referrals ?? 0),
  );
  const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);
  const referralTable = o.protect
    ? protectTable(cells, k)
    : {
        cells: cells.map((row) => row.map(exact)),
        totals: {
          rows: cells.map((row) => exact(sum(row))),
          columns: referralOutcomes.map((_, j) => exact(sum(cells.map((row) => row[j] ?? 0)))),
          grand: exact(sum(cells.flat())),
        },
      };

  const roundCount = o.protect ? protectCount(rounds.rounds, k) : exact(rounds.rounds);
  return {
    from: o.from,
    to: o.to,
    member,
    protected: o.protect,
    k,
    peopleMet: totalPeople,
    distinctPeople: o.protect ? protectCount(parties, k) : exact(parties),
    encounters: totalEncounters,
    rounds: roundCount,
    hours: roundCount.kind === 'shown' ? Math.round(rounds.hours * 10) / 10 : null,
    faireAvec: {
      encounters: yes.encounters,
      people: yes.people,
      share: yesEncounters !== null && allEncounters ? yesEncounters / allEncounters : null,
    },
    themes: themeLines,
    activities: activityLines,
    byMonth,
    byTerritory,
    byQpv,
    situations: situationOutcomes.map((outcome, i) => ({ outcome, count: situationSeries.counts[i] as ProtectedCount })),
    situationsTotal: situationSeries.total,
    referrals: partners.map((partner, i) => ({
      partner,
      counts: referralTable.cells[i] as ProtectedCount[],
      total: referralTable.totals?.rows[i] as ProtectedCount,
    })),
    referralOutcomes,
    referralTotals: referralTable.totals?.columns ?? [],
    referralsTotal: referralTable.totals?.grand ?? exact(0),
  };
}
