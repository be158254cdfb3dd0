/**
 * Reading the SSMSI figures for the dashboard: one place's series of an indicator (from the active edition of its
 * file kind only), changes against a baseline year or the previous year, and the comparisons — its département, France
 * (the sum of the départements in the departmental file), and communes of the same population band. Unknown stays
 * unknown: a change or a total involving an unknown figure is null, never computed as if it were 0. Figures of
 * different units are never added: a key stands for one unit (see indicators.ts).
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { indicatorByKey } from './indicators.js';
import type { SsmsiLevel } from './tables.js';

/** The complement the file gives for an unpublished commune: the département's average, never the commune's figure. */
export interface DepartmentAverage {
  label: 'departement-average';
  count: number | null;
  rate: number | null;
}

export interface SeriesPoint {
  year: number;
  /** null: unknown (not published or NA), never 0. */
  count: number | null;
  rate: number | null;
  published: boolean;
  complement: DepartmentAverage | null;
  unit: string;
  definition: string;
  /** This year was counted under another definition than the year before: do not read the change as a trend. */
  seriesBreakBefore: boolean;
  population: number | null;
  dwellings: number | null;
}

const fileKindOf = (level: SsmsiLevel) => (level === 'commune' ? 'communal' : 'departmental');

/** One commune's (or département's) indicator, year by year, from the active edition of its file kind. */
export async function indicatorSeries(
  db: Kysely<DB>,
  where: { level: SsmsiLevel; code: string; indicator: string },
): Promise<SeriesPoint[]> {
  const rows = await db
    .selectFrom('ssmsi_values as v')
    .innerJoin('ssmsi_editions as e', 'e.id', 'v.edition_id')
    .select([
      'v.year',
      'v.count',
      'v.rate_per_mille',
      'v.published',
      'v.department_average_count',
      'v.department_average_rate',
      'v.unit',
      'v.definition',
      'v.population',
      'v.dwellings',
    ])
    .where('e.status', '=', 'active')
    .where('e.file_kind', '=', fileKindOf(where.level))
    .where('v.code', '=', where.code)
    .where('v.indicator', '=', where.indicator)
    .orderBy('v.year')
    .execute();
  return rows.map((r, i) => ({
    year: r.year,
    count: r.count,
    rate: r.rate_per_mille,
    published: r.published,
    complement:
      r.department_average_count === null && r.department_average_rate === null
        ? null
        : { label: 'departement-average', count: r.department_average_count, rate: r.department_average_rate },
    unit: r.unit,
    definition: r.definition,
    seriesBreakBefore: i > 0 && rows[i - 1]!.definition !== r.definition,
    population: r.population,
    dwellings: r.dwellings,
  }));
}

export interface Change {
  year: number;
  against: number;
  /** Difference in count; null when either count is unknown. */
  difference: number | null;
  /** (count − baseline) / baseline; null when either is unknown or the baseline is 0. */
  relative: number | null;
  /** A definition changed between the two years: the change mixes two ways of counting. */
  acrossBreak: boolean;
}

function change(series: { year: number; count: number | null; seriesBreakBefore: boolean }[], from: number, to: number): Change {
  const a = series[from]!;
  const b = series[to]!;
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const acrossBreak = series.slice(lo + 1, hi + 1).some((p) => p.seriesBreakBefore);
  const known = a.count !== null && b.count !== null;
  return {
    year: b.year,
    against: a.year,
    difference: known ? b.count! - a.count! : null,
    relative: known && a.count! > 0 ? (b.count! - a.count!) / a.count! : null,
    acrossBreak,
  };
}

/** Each year against the baseline year (none when the baseline year is not in the series). */
export function changeAgainst(series: SeriesPoint[] | ComparisonPoint[], baselineYear: number): Change[] {
  const base = series.findIndex((p) => p.year === baselineYear);
  if (base < 0) return [];
  return series.map((_, i) => change(series, base, i)).filter((c) => c.year !== baselineYear);
}

/** Each year against the year before it. */
export function changeFromPrevious(series: SeriesPoint[] | ComparisonPoint[]): Change[] {
  return series.slice(1).map((_, i) => change(series, i, i + 1));
}

/** A total over several places: known only when every place's figure is known. */
export interface ComparisonPoint {
  year: number;
  count: number | null;
  /** Recomputed: the summed count per 1 000 of the summed population (dwellings for burglaries). */
  rate: number | null;
  places: number;
  unknown: number;
  unit: string;
  seriesBreakBefore: boolean;
}

const rateBaseColumn = (indicator: string) => (indicatorByKey(indicator)?.rateBase === 'dwellings' ? 'dwellings' : 'population');

async function totals(
  db: Kysely<DB>,
  kind: 'communal' | 'departmental',
  indicator: string,
  filter: (code: ReturnType<typeof sql.ref>, population: ReturnType<typeof sql.ref>) => ReturnType<typeof sql>,
  knownOnly: boolean,
): Promise<ComparisonPoint[]> {
  const base = sql.ref(`v.${rateBaseColumn(indicator)}`);
  const { rows } = await sql<{
    year: number;
    unit: string;
    definitions: number;
    first_definition: string;
    total: number | null;
    base: number | null;
    places: number;
    unknown: number;
  }>`SELECT v.year, v.unit, count(DISTINCT v.definition)::int AS definitions, min(v.definition) AS first_definition,
        sum(v.count) FILTER (WHERE v.count IS NOT NULL)::float8 AS total,
        sum(${base}) FILTER (WHERE v.count IS NOT NULL)::float8 AS base,
        count(*)::int AS places, count(*) FILTER (WHERE v.count IS NULL)::int AS unknown
      FROM ssmsi_values v JOIN ssmsi_editions e ON e.id = v.edition_id
      WHERE e.status = 'active' AND e.file_kind = ${kind} AND v.indicator = ${indicator}
        AND ${filter(sql.ref('v.code'), sql.ref('v.population'))}
      GROUP BY v.year, v.unit ORDER BY v.year`.execute(db);
  return rows.map((r, i) => {
    const complete = r.unknown === 0 || knownOnly;
    const count = complete && r.total !== null ? r.total : null;
    return {
      year: r.year,
      count,
      rate: count !== null && r.base ? (count / r.base) * 1000 : null,
      places: r.places,
      unknown: r.unknown,
      unit: r.unit,
      seriesBreakBefore: i > 0 && (r.definitions > 1 || rows[i - 1]!.first_definition !== r.first_definition),
    };
  });
}

/** France: the départements of the departmental file added up (unknown when one is unknown). */
export const franceSeries = (db: Kysely<DB>, indicator: string) => totals(db, 'departmental', indicator, () => sql`true`, false);

/** The département of a commune's INSEE code (2A/2B in Corsica, three digits overseas). */
export const departementOf = (insee: string): string => (insee.startsWith('97') ? insee.slice(0, 3) : insee.slice(0, 2));

/** Population bands for « communes of similar size ». */
export const populationBands = [0, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, Number.POSITIVE_INFINITY];

export function bandOf(population: number): { from: number; to: number } {
  const i = populationBands.findIndex((limit, k) => population >= limit && population < populationBands[k + 1]!);
  return { from: populationBands[i]!, to: populationBands[i + 1]! };
}

/**
 * The other communes whose population (as the file gives it for that year) falls in the commune's band. Only the
 * published figures are added (an unpublished commune's count is unknown): `places` and `unknown` say how many
 * communes the total stands on, and the rate is recomputed over the published communes' population only.
 */
export async function similarCommunesSeries(
  db: Kysely<DB>,
  where: { code: string; indicator: string },
): Promise<{ band: { from: number; to: number }; points: ComparisonPoint[] } | undefined> {
  const own = await indicatorSeries(db, { level: 'commune', ...where });
  const population = [...own].reverse().find((p) => p.population !== null)?.population;
  if (population === undefined || population === null) return undefined;
  const band = bandOf(population);
  const upper = Number.isFinite(band.to) ? band.to : 1e12;
  const points = await totals(
    db,
    'communal',
    where.indicator,
    (code, pop) => sql`${code} <> ${where.code} AND ${pop} >= ${band.from} AND ${pop} < ${upper}`,
    true,
  );
  return { band, points };
}

/** A tenant's communes: its commune territories, else its own INSEE code. */
export async function tenantCommunes(db: Kysely<DB>, tenant: { id: string; insee_code: string | null }): Promise<string[]> {
  const codes = await withTenant(db, tenant.id, (tx) =>
    tx
      .selectFrom('territories')
      .select('code')
      .where('kind', '=', 'commune')
      .where('tenant_id', '=', tenant.id)
      .orderBy('code')
      .execute(),
  );
  if (codes.length) return codes.map((c) => c.code);
  return tenant.insee_code ? [tenant.insee_code] : [];
}
