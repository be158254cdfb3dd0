import { type Category, categories, type MovementKind } from './tables.js';

/** A movement as the computations need it (pure: no database). */
export interface Movement {
  agentId: string;
  kind: MovementKind;
  /** YYYY-MM-DD, the first day of the new situation. */
  effectiveOn: string;
  category: Category | null;
  ftePercent: number | null;
  unitId?: string | null;
}

export interface Count {
  heads: number;
  /** Full-time equivalents, to two decimals. */
  fte: number;
}

export type Headcount = Record<Category, Count>;

const emptyHeadcount = (): Headcount =>
  Object.fromEntries(categories.map((c) => [c, { heads: 0, fte: 0 }])) as unknown as Headcount;

const byDate = (a: Movement, b: Movement) => (a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : 0);

/** Each agent's movements in date order. */
export function timelines<M extends Movement>(movements: readonly M[]): Map<string, M[]> {
  const out = new Map<string, M[]>();
  for (const m of movements) {
    const list = out.get(m.agentId) ?? [];
    list.push(m);
    out.set(m.agentId, list);
  }
  for (const list of out.values()) list.sort(byDate);
  return out;
}

/** The movement in force on a date (the latest on or before it), if the agent is in the workforce then. */
export function situationOn<M extends Movement>(timeline: readonly M[], date: string): M | undefined {
  let current: M | undefined;
  for (const m of timeline) {
    if (m.effectiveOn > date) break;
    current = m;
  }
  return current && current.kind !== 'departure' ? current : undefined;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Heads and FTE by category on a date, computed from the movements. */
export function headcountOn(movements: readonly Movement[], date: string, unitId?: string): Headcount {
  const counts = emptyHeadcount();
  for (const timeline of timelines(movements).values()) {
    const s = situationOn(timeline, date);
    if (!s?.category || (unitId && s.unitId !== unitId)) continue;
    counts[s.category].heads++;
    counts[s.category].fte += (s.ftePercent ?? 100) / 100;
  }
  for (const c of categories) counts[c].fte = round2(counts[c].fte);
  return counts;
}

/** The last day of the month of a YYYY-MM-DD date. */
export const monthEnd = (date: string) => {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** The day before a date. */
export const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

export interface TrajectoryMonth {
  /** YYYY-MM */
  month: string;
  /** The count at the end of the month (or on `until` for the last, unfinished one). */
  on: string;
  heads: number;
  fte: number;
  /** Arrivals in the workforce in this category during the month. */
  recruitments: number;
  /** Departures from the workforce out of this category during the month. */
  departures: number;
  /** Agents who moved into (or out of) this category from another one during the month. */
  transfersIn: number;
  transfersOut: number;
}

export interface Trajectory {
  category: Category;
  startsOn: string;
  start: Count;
  months: TrajectoryMonth[];
  current: Count;
  /** (current − start) / start, in percent with one decimal; null when the start is 0. */
  growthPercent: number | null;
  recruitments: number;
  departures: number;
}

/**
 * The month-by-month trajectory of one category from the mandate's start to `until`: the count at the
 * end of each month, and the movements of the month apart (recruitments, departures, transfers), so that
 * a growth figure is computed from dated movements, never typed.
 */
export function trajectory(movements: readonly Movement[], category: Category, startsOn: string, until: string): Trajectory {
  const lines = timelines(movements);
  const countOn = (date: string): Count => {
    const h = headcountOn(movements, date);
    return h[category];
  };
  const start = countOn(startsOn);
  const months: TrajectoryMonth[] = [];
  let cursor = startsOn;
  while (cursor <= until) {
    const end = monthEnd(cursor);
    const on = end < until ? end : until;
    const row: TrajectoryMonth = {
      month: cursor.slice(0, 7),
      on,
      ...countOn(on),
      recruitments: 0,
      departures: 0,
      transfersIn: 0,
      transfersOut: 0,
    };
    months.push(row);
    cursor = new Date(Date.parse(`${end}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  }
  for (const timeline of lines.values()) {
    let previous: Movement | undefined;
    for (const m of timeline) {
      // Movements on the start date make the starting count; those after it make the trajectory.
      if (m.effectiveOn > startsOn && m.effectiveOn <= until) {
        const row = months.find((r) => r.month === m.effectiveOn.slice(0, 7));
        if (row) {
          const was = previous && previous.kind !== 'departure' ? previous.category : null;
          const is = m.kind === 'departure' ? null : m.category;
          if (m.kind === 'arrival' && is === category) row.recruitments++;
          else if (m.kind === 'departure' && was === category) row.departures++;
          else if (m.kind === 'change' && was !== is) {
            if (is === category) row.transfersIn++;
            if (was === category) row.transfersOut++;
          }
        }
      }
      previous = m;
    }
  }
  const current = countOn(until);
  return {
    category,
    startsOn,
    start,
    months,
    current,
    growthPercent: start.heads === 0 ? null : Math.round(((current.heads - start.heads) / start.heads) * 1000) / 10,
    recruitments: months.reduce((n, r) => n + r.recruitments, 0),
    departures: months.reduce((n, r) => n + r.departures, 0),
  };
}
