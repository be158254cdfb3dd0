import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { activeEditions } from '../ssmsi/edition-queries.js';
import { knownIndicators } from '../ssmsi/indicators.js';
import {
  type ComparisonPoint,
  departementOf,
  franceSeries,
  indicatorSeries,
  type SeriesPoint,
  similarCommunesSeries,
} from '../ssmsi/series.js';
import type { PlaceSeries, YearFigure } from './crime-figures.js';

type Text = { fr: string; en: string };

/** An SSMSI indicator as the dashboard shows it. */
export interface CrimeIndicator {
  key: string;
  label: Text;
  /** The SSMSI counting unit (victime, infraction, mis_en_cause…): figures of different units are never added. */
  unit: string;
  rateBase: 'inhabitants' | 'dwellings';
}

/** The indicators the SSMSI part maps across editions, in its order. */
export function crimeIndicators(): CrimeIndicator[] {
  return knownIndicators().map((i) => ({ key: i.key, label: { fr: i.fr, en: i.en }, unit: i.unit, rateBase: i.rateBase }));
}

export const isCrimeIndicator = (key: string) => crimeIndicators().some((i) => i.key === key);

const fromSeries = (points: SeriesPoint[]): YearFigure[] =>
  points.map((p) => ({
    year: p.year,
    count: p.count,
    rate: p.rate,
    published: p.published,
    departmentAverageRate: p.complement?.rate ?? null,
    seriesBreakBefore: p.seriesBreakBefore,
    population: p.population,
  }));

const fromTotals = (points: ComparisonPoint[]): YearFigure[] =>
  points.map((p) => ({
    year: p.year,
    count: p.count,
    rate: p.rate === null ? null : Math.round(p.rate * 100) / 100,
    published: p.count !== null,
    departmentAverageRate: null,
    seriesBreakBefore: p.seriesBreakBefore,
    population: null,
  }));

/**
 * France and the similar communes are sums over a whole edition (millions of rows for the communal file): national
 * data that only changes when an edition is switched on. They are kept in memory under the active editions' ids, so a
 * new edition is read at once and the old entries are dropped.
 */
let memo: { editions: string; values: Map<string, Promise<unknown>> } = { editions: '', values: new Map() };

async function remembered<T>(db: Kysely<DB>, key: string, read: () => Promise<T>): Promise<T> {
  const editions = (await activeEditions(db)).map((e) => e.id).join(',');
  if (memo.editions !== editions) memo = { editions, values: new Map() };
  let value = memo.values.get(key) as Promise<T> | undefined;
  if (!value) {
    value = read();
    memo.values.set(key, value);
    // A failed read is not kept.
    value.catch(() => memo.values.delete(key));
  }
  return value;
}

/**
 * One indicator for the tenant's communes, their département, France and — for a single commune — the communes of
 * its population band, from the SSMSI part's series functions (active editions; national data, no tenant
 * transaction). A commune absent from the file is left out, never shown as zeros.
 */
export async function readCrimeSeries(
  db: Kysely<DB>,
  communes: readonly string[],
  indicator: string,
): Promise<{
  communes: PlaceSeries[];
  departement: PlaceSeries | null;
  france: PlaceSeries | null;
  similar: PlaceSeries | null;
}> {
  const places: PlaceSeries[] = [];
  for (const code of communes) {
    const years = fromSeries(await indicatorSeries(db, { level: 'commune', code, indicator }));
    if (years.length) places.push({ code, name: code, level: 'commune', years });
  }
  if (places.length === 0) return { communes: [], departement: null, france: null, similar: null };
  const dep = departementOf(places[0]!.code);
  const depYears = fromSeries(await indicatorSeries(db, { level: 'departement', code: dep, indicator }));
  const franceYears = fromTotals(await remembered(db, `france|${indicator}`, () => franceSeries(db, indicator)));
  const code = places[0]!.code;
  const similar =
    places.length === 1
      ? await remembered(db, `similar|${code}|${indicator}`, () => similarCommunesSeries(db, { code, indicator }))
      : undefined;
  return {
    communes: places,
    departement: depYears.length ? { code: dep, name: dep, level: 'departement', years: depYears } : null,
    france: franceYears.length ? { code: 'FR', name: 'France', level: 'france', years: franceYears } : null,
    similar: similar?.points.length
      ? {
          code: `${similar.band.from}-${Number.isFinite(similar.band.to) ? similar.band.to : ''}`,
          name: Number.isFinite(similar.band.to) ? `${similar.band.from}–${similar.band.to}` : `${similar.band.from}+`,
          level: 'similar',
          years: fromTotals(similar.points),
        }
      : null,
  };
}
