import type { Lang } from '../../../platform/i18n/i18n.js';
import { formatProtected, protectCount, protectSeries } from '../../../platform/privacy/small-numbers.js';

/** How a page writes the live figures: exact for staff, through the small-number helper for the public. */
export interface Figures {
  one(n: number): string;
  /** A part of a whole (officers trained among those concerned), and the share when both can be shown. */
  part(part: number, whole: number): { part: string; whole: string; share: string | null };
  series(counts: number[]): { cells: string[]; total: string };
}

const share = (part: number, whole: number) => (whole > 0 ? ` (${Math.round((part / whole) * 100)} %)` : '');

export const exactFigures: Figures = {
  one: (n) => String(n),
  part: (part, whole) => ({ part: String(part), whole: String(whole), share: share(part, whole) }),
  series: (counts) => ({ cells: counts.map(String), total: String(counts.reduce((a, b) => a + b, 0)) }),
};

/**
 * The public's figures: every count through the small-number helper. A part and its whole are protected as one
 * series (the part and the rest, with the total), so that neither gives the other back; the share is shown only
 * when both are.
 */
export function protectedFigures(k: number, lang: Lang): Figures {
  return {
    one: (n) => formatProtected(protectCount(n, k), lang),
    part: (part, whole) => {
      const { counts, total } = protectSeries([part, whole - part], k);
      const shown = counts[0]!.kind === 'shown' && total.kind === 'shown';
      return {
        part: formatProtected(counts[0]!, lang, { inTable: true }),
        whole: formatProtected(total, lang, { inTable: true }),
        share: shown ? share(part, whole) : null,
      };
    },
    series: (counts) => {
      const { counts: cells, total } = protectSeries(counts, k);
      return {
        cells: cells.map((c) => formatProtected(c, lang, { inTable: true })),
        total: formatProtected(total, lang, { inTable: true }),
      };
    },
  };
}
