import { type ProtectedCount, protectSeries, protectTable } from '../../../platform/privacy/small-numbers.js';
import type { PlaceSeries } from './crime-figures.js';
import type { CrimeSection } from './dashboard-data.js';
import type { OwnFigureLine } from './own-figures.js';

export interface PublicLine {
  line: OwnFigureLine;
  cells: ProtectedCount[];
}

/**
 * The published own figures through the small-number helper. A source published whole and by option (reports and
 * some of their categories) is, year by year, a list whose published total is the whole, with the unpublished categories as one
 * hidden remainder row: so no hidden category comes back by subtracting the shown ones from the total.
 */
export function protectOwnFigures(lines: readonly OwnFigureLine[], k: number): PublicLine[] {
  const out = new Map<string, ProtectedCount[]>();
  for (const sourceId of new Set(lines.map((l) => l.sourceId))) {
    const group = lines.filter((l) => l.sourceId === sourceId);
    const whole = group.find((l) => !l.option);
    const parts = group.filter((l) => l.option);
    if (whole && parts.length) {
      const remainder = whole.values.map((v, i) => Math.max(0, v - parts.reduce((sum, p) => sum + (p.values[i] ?? 0), 0)));
      // Years are not added up anywhere, so each year is its own list whose published total is the whole.
      const years = whole.values.map((_, i) => protectSeries([...parts.map((p) => p.values[i] ?? 0), remainder[i] ?? 0], k));
      for (const [n, p] of parts.entries())
        out.set(
          p.key,
          years.map((y) => y.counts[n]!),
        );
      out.set(
        whole.key,
        years.map((y) => y.total),
      );
    } else {
      for (const line of group) out.set(line.key, protectTable([line.values], k, { totals: false }).cells[0]!);
    }
  }
  return lines.map((line) => ({ line, cells: out.get(line.key)! }));
}

/** A place's small counts (1 to k-1) hidden on public surfaces, said as statistical secrecy, with their rates. */
function protectPlace(place: PlaceSeries, k: number): PlaceSeries {
  return {
    ...place,
    years: place.years.map((y) =>
      y.count !== null && y.count > 0 && y.count < k ? { ...y, count: null, rate: null, published: false } : y,
    ),
  };
}

export function protectCrimeSection(section: CrimeSection, k: number): CrimeSection {
  return {
    ...section,
    communes: section.communes.map((c) => protectPlace(c, k)),
    whole: section.whole ? protectPlace(section.whole, k) : null,
    departement: section.departement ? protectPlace(section.departement, k) : null,
    france: section.france ? protectPlace(section.france, k) : null,
    similar: section.similar ? protectPlace(section.similar, k) : null,
  };
}
