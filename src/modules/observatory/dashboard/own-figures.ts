import type { Tx } from '../../../db/database.js';
import { figureSourcesOf } from '../../../platform/figures/figure-registry.js';
import type { FigurePeriod, FigureSource } from '../../../platform/figures/figure-source.js';
import { yearPeriod } from './calendar-year.js';

type Text = { fr: string; en: string };

/** One of the platform's own figures, year by year: a source read whole, or narrowed by one of its options. */
export interface OwnFigureLine {
  /** `<source id>` or `<source id>:<option>`: what a publication choice or a target names. */
  key: string;
  sourceId: string;
  option: string;
  label: Text;
  /** The option's label when narrowed (a report category). */
  optionLabel?: Text;
  unit: Text;
  /** The module page the figure comes from (staff). */
  page: string;
  values: number[];
  /** The current month to date, when asked (the staff dashboard: the month's own activity). */
  month?: number;
}

/** Where each figure is shown in full, under /t/{slug}/espace/. */
const pages: Record<string, string> = {
  'reports.received': 'signalements',
  'safe-places.help-requests': 'lieux',
  'police.interventions': 'main-courante/statistiques',
  'police.agents-trained': 'police/formations/conformite',
  'mediation.people-met': 'mediation/rapport',
  'mediation.encounters': 'mediation/rapport',
  'night-stops.granted': 'descente/statistiques',
  'prevention.sessions-held': 'prevention',
  'prevention.people-reached': 'prevention',
  'prevention.cartridges-collected': 'collectes',
};

/** The sources whose options are worth a line each on the dashboard (reports by category). */
const splitByOption = new Set(['reports.received']);

export const figureKey = (sourceId: string, option = '') => (option ? `${sourceId}:${option}` : sourceId);

/**
 * The tenant's own figures for each year (a calendar year in the tenant's zone), read through the figure sources
 * of the modules it runs. `only` keeps the keys listed (the public dashboard's published figures); `month` adds
 * that period's count to each line.
 */
export async function readOwnFigures(
  tx: Tx,
  programmes: readonly string[],
  zone: string,
  years: readonly number[],
  only?: ReadonlySet<string>,
  month?: FigurePeriod,
): Promise<OwnFigureLine[]> {
  const lines: OwnFigureLine[] = [];
  const read = async (source: FigureSource, option: string, optionLabel?: Text) => {
    const key = figureKey(source.id, option);
    if (only && !only.has(key)) return;
    const values: number[] = [];
    for (const year of years) values.push(await source.count(tx, yearPeriod(year, zone), option || undefined));
    lines.push({
      key,
      sourceId: source.id,
      option,
      label: source.label,
      ...(optionLabel ? { optionLabel } : {}),
      unit: source.unit,
      page: pages[source.id] ?? '',
      values,
      ...(month ? { month: await source.count(tx, month, option || undefined) } : {}),
    });
  };
  for (const source of await figureSourcesOf(programmes)) {
    await read(source, '');
    if (splitByOption.has(source.id) && source.option)
      for (const option of await source.option.list(tx)) await read(source, option.value, option.label);
  }
  return lines;
}
