import { fromWallClock } from '../orders/wall-time.js';

/** The school year ("2026-2027") a local date "YYYY-MM-DD" belongs to: it starts on 1 September. */
export function schoolYearOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 9 ? year : year - 1;
  return `${start}-${start + 1}`;
}

/** The instants a school year runs between (from 1 September 00:00 to the next, in the tenant's zone). */
export function schoolYearBounds(schoolYear: string, zone: string): { from: Date; to: Date } {
  const start = Number(schoolYear.slice(0, 4));
  return {
    from: fromWallClock(`${start}-09-01T00:00`, zone) as Date,
    to: fromWallClock(`${start + 1}-09-01T00:00`, zone) as Date,
  };
}
