import type { FigurePeriod } from '../../../platform/figures/figure-source.js';
import { localMoment } from '../../prevention/orders/order-time.js';
import { fromWallClock } from '../../prevention/orders/wall-time.js';

/** A calendar year in the tenant's zone (1 January 00:00 to the next), as the figure sources read periods. */
export function yearPeriod(year: number, zone: string): FigurePeriod {
  return {
    from: fromWallClock(`${year}-01-01T00:00`, zone) as Date,
    to: fromWallClock(`${year + 1}-01-01T00:00`, zone) as Date,
  };
}

/** The tenant's current year and today's local date. */
export function localToday(now: Date, zone: string): { year: number; date: string } {
  const date = localMoment(now, zone).date;
  return { year: Number(date.slice(0, 4)), date };
}

/** The tenant's current calendar month ("YYYY-MM"), from its first instant to the next month's, in its zone. */
export function monthPeriod(today: string, zone: string): FigurePeriod & { month: string } {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return {
    month: today.slice(0, 7),
    from: fromWallClock(`${today.slice(0, 7)}-01T00:00`, zone) as Date,
    to: fromWallClock(`${next}-01T00:00`, zone) as Date,
  };
}
