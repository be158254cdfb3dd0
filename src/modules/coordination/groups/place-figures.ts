/** How many months the group's map and each place's chart look back over (this month included). */
export const WINDOW_MONTHS = 12;

/** The last `count` months ("YYYY-MM") up to the one holding `today` ("YYYY-MM-DD"). */
export function monthsUpTo(today: string, count = WINDOW_MONTHS): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(y, m - 1 - (count - 1 - i), 1)).toISOString().slice(0, 7));
}

/** How many months on each side of the first action are compared. */
export const COMPARED_MONTHS = 3;

export interface BeforeAfter {
  /** The month of the first action, or null when nothing was done yet. */
  actionMonth: string | null;
  /** Per month, on average, over up to three months just before that month and up to three just after (that month apart). */
  before: { months: number; perMonth: number | null };
  after: { months: number; perMonth: number | null };
}

/**
 * Before and after the first action at a place: the same number of months on each side when the window allows
 * (three just before, three just after), so that a quiet year long ago does not make the « before » look better
 * or worse. The month of the action itself is left out of both sides (part of it is before, part after).
 */
export function beforeAfter(months: string[], counts: number[], firstActionOn: string | null): BeforeAfter {
  const actionMonth = firstActionOn ? firstActionOn.slice(0, 7) : null;
  const rows = months.map((m, i) => [m, counts[i] ?? 0] as const);
  const side = (picked: (readonly [string, number])[]) => {
    const total = picked.reduce((sum, [, n]) => sum + n, 0);
    return { months: picked.length, perMonth: picked.length ? Math.round((total / picked.length) * 10) / 10 : null };
  };
  if (!actionMonth) return { actionMonth, before: side(rows.slice(-COMPARED_MONTHS)), after: { months: 0, perMonth: null } };
  return {
    actionMonth,
    before: side(rows.filter(([m]) => m < actionMonth).slice(-COMPARED_MONTHS)),
    after: side(rows.filter(([m]) => m > actionMonth).slice(0, COMPARED_MONTHS)),
  };
}
