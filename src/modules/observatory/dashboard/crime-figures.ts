/**
 * The arithmetic of the dashboard's recorded-crime tables, pure: changes against a baseline and the previous
 * year, series breaks between them, and the figures of several communes put together. Unknown stays unknown:
 * a figure the SSMSI did not publish is `null` here and never becomes 0 in a sum or a change.
 */

/** One year of one indicator for one place, as the SSMSI part gives it. */
export interface YearFigure {
  year: number;
  /** null: not published (statistical secrecy) or not available. */
  count: number | null;
  /** Per 1 000 inhabitants (or dwellings); null when unknown. */
  rate: number | null;
  published: boolean;
  /** The file's département-average complement for an unpublished commune: shown as such, never as the commune's. */
  departmentAverageRate: number | null;
  /** The year is counted under another definition than the previous one. */
  seriesBreakBefore: boolean;
  population: number | null;
}

export interface PlaceSeries {
  /** INSEE code, département code, 'FR', or the population band of similar communes. */
  code: string;
  name: string;
  level: 'commune' | 'departement' | 'france' | 'similar';
  years: YearFigure[];
}

/** A change in per cent, or why there is none. */
export type Change =
  | { kind: 'value'; percent: number; acrossBreak: boolean }
  | { kind: 'unknown' }
  | { kind: 'no-base' }
  | { kind: 'no-year' };

/** Percent change from `from` to `to`, rounded to one decimal. */
export function percentChange(from: number, to: number): number {
  return Math.round(((to - from) / from) * 1000) / 10;
}

/** Whether a series break lies after `fromYear` up to and including `toYear`. */
export function breakBetween(years: readonly YearFigure[], fromYear: number, toYear: number): boolean {
  return years.some((y) => y.year > fromYear && y.year <= toYear && y.seriesBreakBefore);
}

/** The change of the count from `fromYear` to `toYear` (counts, not rates: populations move between censuses). */
export function changeBetween(years: readonly YearFigure[], fromYear: number, toYear: number): Change {
  const from = years.find((y) => y.year === fromYear);
  const to = years.find((y) => y.year === toYear);
  if (!from || !to) return { kind: 'no-year' };
  if (from.count === null || to.count === null) return { kind: 'unknown' };
  if (from.count === 0) return { kind: 'no-base' };
  return { kind: 'value', percent: percentChange(from.count, to.count), acrossBreak: breakBetween(years, fromYear, toYear) };
}

/**
 * Several communes as one place (a GIP, an intercommunality): counts add up only when every commune's is known;
 * the rate is recomputed from the summed counts and populations, never by adding rates, and is unknown when a
 * population is missing. A break in any commune is a break of the whole.
 */
export function combineCommunes(series: readonly PlaceSeries[], code: string, name: string): PlaceSeries {
  const years = [...new Set(series.flatMap((s) => s.years.map((y) => y.year)))].sort((a, b) => a - b);
  return {
    code,
    name,
    level: 'commune',
    years: years.map((year) => {
      const each = series.map((s) => s.years.find((y) => y.year === year));
      const known = each.every((y) => y !== undefined && y.count !== null);
      const count = known ? each.reduce((sum, y) => sum + (y?.count ?? 0), 0) : null;
      const populations = each.map((y) => y?.population ?? null);
      const population = populations.every((p) => p !== null) ? populations.reduce((a, b) => (a ?? 0) + (b ?? 0), 0) : null;
      return {
        year,
        count,
        rate: count !== null && population ? Math.round((count / population) * 1000 * 100) / 100 : null,
        published: known,
        departmentAverageRate: null,
        seriesBreakBefore: each.some((y) => y?.seriesBreakBefore === true),
        population,
      };
    }),
  };
}

/** Progress of a target: where the figure stands against the baseline, and against the goal. */
export interface TargetProgress {
  baseline: number | null;
  latestYear: number | null;
  latest: number | null;
  /** The value the target aims at, from the baseline and the change in per cent (or given). */
  goal: number | null;
  changePercent: number | null;
  /** Share of the way from the baseline to the goal, in per cent (may exceed 100 or be negative). */
  achievedPercent: number | null;
  acrossBreak: boolean;
}

export function targetProgress(
  values: readonly { year: number; value: number | null; seriesBreakBefore?: boolean }[],
  target: { baselineYear: number; targetYear: number; changePercent: number | null; value: number | null },
): TargetProgress {
  const baseline = values.find((v) => v.year === target.baselineYear)?.value ?? null;
  const later = values.filter((v) => v.year > target.baselineYear && v.year <= target.targetYear && v.value !== null);
  const last = later.at(-1);
  const goal =
    target.value !== null
      ? target.value
      : baseline !== null && target.changePercent !== null
        ? Math.round(baseline * (1 + target.changePercent / 100) * 10) / 10
        : null;
  const latest = last?.value ?? null;
  const changePercent = baseline !== null && baseline > 0 && latest !== null ? percentChange(baseline, latest) : null;
  const achievedPercent =
    baseline !== null && goal !== null && latest !== null && goal !== baseline
      ? Math.round(((latest - baseline) / (goal - baseline)) * 100)
      : null;
  const acrossBreak = values.some(
    (v) => v.year > target.baselineYear && v.year <= (last?.year ?? target.baselineYear) && v.seriesBreakBefore === true,
  );
  return { baseline, latestYear: last?.year ?? null, latest, goal, changePercent, achievedPercent, acrossBreak };
}
