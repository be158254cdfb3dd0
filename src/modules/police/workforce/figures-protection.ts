import { type ProtectedCount, protectCount } from '../../../platform/privacy/small-numbers.js';
import type { Headcount } from './headcount.js';
import type { TrajectoryView } from './read-trajectory.js';
import { type Category, categories } from './tables.js';

/**
 * What a holder of `police.figures` alone (the coordinator, an analyst) sees: a category of fewer than k
 * agents (say 2 gardes champêtres) could name them, so its heads and FTE go through the small-number helper.
 * Police managers (`police.workforce`) see the names anyway and keep exact figures.
 */
export interface ProtectedCategory {
  heads: ProtectedCount;
  /** Null when the heads are hidden: the FTE would give them back. */
  fte: number | null;
}

export const exactCategory = (c: { heads: number; fte: number }): ProtectedCategory => ({
  heads: { kind: 'shown', value: c.heads },
  fte: c.fte,
});

const protectCategory = (c: { heads: number; fte: number }, k: number): ProtectedCategory => {
  const heads = protectCount(c.heads, k);
  return { heads, fte: heads.kind === 'shown' ? c.fte : null };
};

/** Heads and FTE by category; no total is published beside them, so hiding the small ones is enough. */
export function protectHeadcount(h: Headcount, k: number | null): Record<Category, ProtectedCategory> {
  return Object.fromEntries(categories.map((c) => [c, k === null ? exactCategory(h[c]) : protectCategory(h[c], k)])) as Record<
    Category,
    ProtectedCategory
  >;
}

export interface ProtectedMonth {
  month: string;
  on: string;
  count: ProtectedCategory;
  recruitments: ProtectedCount;
  departures: ProtectedCount;
  transfersIn: ProtectedCount;
  transfersOut: ProtectedCount;
}

export interface ProtectedTrajectory {
  start: ProtectedCategory;
  current: ProtectedCategory;
  /** Null when the start or the current count is hidden (the growth would give one from the other). */
  growthPercent: number | null;
  recruitments: ProtectedCount;
  departures: ProtectedCount;
  months: ProtectedMonth[];
  /** Null gap and pace when the current count is hidden (target − gap would give it back). */
  targets: { targetOn: string; heads: number; gap: number | null; monthlyNetNeeded: number | null }[];
}

/**
 * The trajectory with small figures hidden (k) or exact (k null). A month's movements satisfy
 * « end − previous end = recruitments − departures + transfers in − transfers out »: when one of them, or
 * either end, is hidden, all four are hidden (zeros too), so none can be worked out by subtraction; and the
 * period's totals are hidden as soon as one month's are, for the same reason.
 */
export function protectTrajectory(view: TrajectoryView, k: number | null): ProtectedTrajectory {
  const shown = (n: number): ProtectedCount => ({ kind: 'shown', value: n });
  if (k === null)
    return {
      start: exactCategory(view.start),
      current: exactCategory(view.current),
      growthPercent: view.growthPercent,
      recruitments: shown(view.recruitments),
      departures: shown(view.departures),
      months: view.months.map((m) => ({
        month: m.month,
        on: m.on,
        count: exactCategory(m),
        recruitments: shown(m.recruitments),
        departures: shown(m.departures),
        transfersIn: shown(m.transfersIn),
        transfersOut: shown(m.transfersOut),
      })),
      targets: view.targets,
    };
  const hidden: ProtectedCount = { kind: 'suppressed', below: k };
  const start = protectCategory(view.start, k);
  const current = protectCategory(view.current, k);
  let anyMonthHidden = false;
  let previousEnd = start.heads;
  const months = view.months.map((m) => {
    const count = protectCategory(m, k);
    const moves = [m.recruitments, m.departures, m.transfersIn, m.transfersOut].map((n) => protectCount(n, k));
    const hideMoves =
      moves.some((c) => c.kind === 'suppressed') || count.heads.kind === 'suppressed' || previousEnd.kind === 'suppressed';
    previousEnd = count.heads;
    if (hideMoves) anyMonthHidden = true;
    const [recruitments, departures, transfersIn, transfersOut] = hideMoves ? [hidden, hidden, hidden, hidden] : moves;
    return {
      month: m.month,
      on: m.on,
      count,
      recruitments: recruitments!,
      departures: departures!,
      transfersIn: transfersIn!,
      transfersOut: transfersOut!,
    };
  });
  const bothShown = start.heads.kind === 'shown' && current.heads.kind === 'shown';
  return {
    start,
    current,
    growthPercent: bothShown ? view.growthPercent : null,
    recruitments: anyMonthHidden ? hidden : protectCount(view.recruitments, k),
    departures: anyMonthHidden ? hidden : protectCount(view.departures, k),
    months,
    targets: view.targets.map((t) => (current.heads.kind === 'shown' ? t : { ...t, gap: null, monthlyNetNeeded: null })),
  };
}
