import type { Lang } from '../../../platform/i18n/i18n.js';
import { formatProtected, type ProtectedCount, protectCount } from '../../../platform/privacy/small-numbers.js';

/**
 * A figure as a reader may see it: exact for those who manage the council (k null), else through the
 * small-number helper — partners read the strategy, and a funder's report leaves the local authority. No
 * total is published beside the yearly figures, so hiding each small one is enough.
 */
export function shown(value: number | null, k: number | null): ProtectedCount | null {
  if (value === null) return null;
  return k === null ? { kind: 'shown', value } : protectCount(value, k);
}

/** The value to draw (null when hidden), and its text. */
export const drawn = (cell: ProtectedCount | null) => (cell?.kind === 'shown' ? cell.value : null);
export const text = (cell: ProtectedCount | null, lang: Lang, empty: string) => (cell ? formatProtected(cell, lang) : empty);
