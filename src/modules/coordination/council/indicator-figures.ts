import type { Tx } from '../../../db/database.js';
import { figureSourcesOf, readFigure } from '../../../platform/figures/figure-registry.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { localToday, yearPeriod } from './council-time.js';
import { type Direction, MANUAL_SOURCE } from './tables.js';

type Text = { fr: string; en: string };

export interface YearFigure {
  year: number;
  /** Null: nothing typed yet (manual), or the source's module no longer runs here. */
  value: number | null;
  /** The current year: counted up to now. */
  soFar: boolean;
  /** A year that has not begun: no figure. */
  future: boolean;
}

export interface IndicatorFigures {
  id: string;
  label: string;
  sourceId: string;
  sourceOption: string | null;
  /** « Signalements reçus — Protoxyde d'azote », « saisi à la main »… */
  sourceLabel: Text;
  unit: Text;
  targetValue: number;
  targetYear: number;
  baselineYear: number | null;
  direction: Direction;
  /** The baseline year's figure (it may lie before the strategy). */
  baseline: number | null;
  years: YearFigure[];
  /**
   * How far from the baseline toward the target the latest figure is, in percent (may pass 100 or go
   * below 0); null without a baseline figure or when the target equals the baseline.
   */
  progress: number | null;
  /** Whether the latest figure meets the target (up: at least it; down: at most it). */
  met: boolean | null;
}

interface IndicatorRow {
  id: string;
  label: string;
  source_id: string;
  source_option: string | null;
  target_value: number;
  target_year: number;
  baseline_year: number | null;
  direction: Direction;
}

/**
 * Each indicator's figure for each calendar year of the strategy (in the tenant's zone), read live from its
 * module through `readFigure` — or typed by hand for « manual » ones — with the progress from its baseline
 * toward its target. Years not begun have no figure; the current year is counted up to now and says so.
 */
export async function indicatorFigures(
  tx: Tx,
  tenant: Tenant,
  now: Date,
  rows: IndicatorRow[],
  years: number[],
): Promise<IndicatorFigures[]> {
  const thisYear = Number(localToday(now, tenant.time_zone).slice(0, 4));
  const sources = await figureSourcesOf(tenant.programmes);
  const manual = rows.some((r) => r.source_id === MANUAL_SOURCE)
    ? await tx
        .selectFrom('coordination_indicator_values')
        .select(['indicator_id', 'year', 'value'])
        .where(
          'indicator_id',
          'in',
          rows.filter((r) => r.source_id === MANUAL_SOURCE).map((r) => r.id),
        )
        .execute()
    : [];
  const out: IndicatorFigures[] = [];
  for (const row of rows) {
    const source = sources.find((s) => s.id === row.source_id);
    const read = async (year: number): Promise<number | null> => {
      if (year > thisYear) return null;
      if (row.source_id === MANUAL_SOURCE) return manual.find((v) => v.indicator_id === row.id && v.year === year)?.value ?? null;
      const period = yearPeriod(year, tenant.time_zone);
      return readFigure(
        tx,
        tenant.programmes,
        row.source_id,
        { from: period.from, to: year === thisYear ? now : period.to },
        row.source_option ?? undefined,
      );
    };
    const figures: YearFigure[] = [];
    for (const year of years) figures.push({ year, value: await read(year), soFar: year === thisYear, future: year > thisYear });
    const baseline =
      row.baseline_year === null
        ? null
        : (figures.find((f) => f.year === row.baseline_year)?.value ?? (await read(row.baseline_year)));
    const latest = [...figures].reverse().find((f) => f.value !== null)?.value ?? null;
    const progress =
      baseline === null || latest === null || row.target_value === baseline
        ? null
        : Math.round(((latest - baseline) / (row.target_value - baseline)) * 100);
    const met = latest === null ? null : row.direction === 'up' ? latest >= row.target_value : latest <= row.target_value;
    const optionLabel =
      source?.option && row.source_option
        ? (await source.option.list(tx)).find((o) => o.value === row.source_option)?.label
        : undefined;
    const sourceLabel: Text =
      row.source_id === MANUAL_SOURCE
        ? { fr: 'saisi à la main', en: 'typed by hand' }
        : source
          ? {
              fr: optionLabel ? `${source.label.fr} — ${optionLabel.fr}` : source.label.fr,
              en: optionLabel ? `${source.label.en} — ${optionLabel.en}` : source.label.en,
            }
          : { fr: `${row.source_id} (module arrêté)`, en: `${row.source_id} (module no longer running)` };
    out.push({
      id: row.id,
      label: row.label,
      sourceId: row.source_id,
      sourceOption: row.source_option,
      sourceLabel,
      unit: row.source_id === MANUAL_SOURCE ? { fr: '', en: '' } : (source?.unit ?? { fr: '', en: '' }),
      targetValue: row.target_value,
      targetYear: row.target_year,
      baselineYear: row.baseline_year,
      direction: row.direction,
      baseline,
      years: figures,
      progress,
      met,
    });
  }
  return out;
}

/** The indicators of one action sheet, in the order they were added. */
export const indicatorRowsOf = (tx: Tx, sheetId: string) =>
  tx
    .selectFrom('coordination_indicators')
    .select(['id', 'label', 'source_id', 'source_option', 'target_value', 'target_year', 'baseline_year', 'direction'])
    .where('sheet_id', '=', sheetId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
