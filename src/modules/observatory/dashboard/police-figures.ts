import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { responseTimeMedian } from '../../police/figures.js';
import type { Headcount } from '../../police/workforce/headcount.js';
import { readHeadcount } from '../../police/workforce/read-trajectory.js';
import { type Category, categories } from '../../police/workforce/tables.js';
import { readCompliance } from '../../police/workforce/training-compliance.js';
import { yearPeriod } from './calendar-year.js';

/** The municipal police's figures that are not counts: response times, headcount, training compliance. */
export interface PoliceFigures {
  /** Median minutes from call to arrival, per year (null: no intervention recorded an arrival). */
  responseMinutes: (number | null)[];
  /** Heads per category on 31 December of each year (today for the current year); categories with nobody left out. */
  headcount: { category: Category; heads: number[] }[];
  /** Today's compliance per training module: agents trained out of those who must be. */
  compliance: { module: string; trained: number; required: number }[];
}

/** Read through the police module's exported functions; staff only (exact figures). */
export async function readPoliceFigures(
  db: Kysely<DB>,
  tenant: Tenant,
  years: readonly number[],
  today: string,
  now: Date,
): Promise<PoliceFigures> {
  const responseMinutes = await withTenant(db, tenant.id, async (tx) => {
    const out: (number | null)[] = [];
    for (const year of years) out.push((await responseTimeMedian(tx, yearPeriod(year, tenant.time_zone))).minutes);
    return out;
  });
  const counts: Headcount[] = [];
  for (const year of years) {
    const on = `${year}-12-31` < today ? `${year}-12-31` : today;
    counts.push(await readHeadcount(db, tenant, on));
  }
  const headcount = categories
    .map((category) => ({ category, heads: counts.map((c) => c[category].heads) }))
    .filter((c) => c.heads.some((n) => n > 0));
  const compliance = (await readCompliance(db, tenant, today, now)).map((m) => ({
    module: m.module.title,
    trained: m.totals.trained,
    required: m.totals.trained + m.totals.due + m.totals.never,
  }));
  return { responseMinutes, headcount, compliance };
}
