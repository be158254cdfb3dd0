import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { type Headcount, headcountOn, type Trajectory, trajectory } from './headcount.js';
import type { Category } from './tables.js';
import { listTargets, loadMovements, readMandate } from './workforce-queries.js';

export interface TrajectoryView extends Trajectory {
  mandateLabel: string | null;
  targets: { targetOn: string; heads: number; gap: number; monthlyNetNeeded: number | null }[];
}

/** Months between two dates, counting part months as whole ones. */
const monthsBetween = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));

/**
 * The trajectory of a category from the mandate's start (or the first movement) to `until`, with its
 * targets: the gap to each and the net monthly recruitment still needed to reach it.
 */
export async function readTrajectory(db: Kysely<DB>, tenant: Tenant, category: Category, until: string): Promise<TrajectoryView> {
  return withTenant(db, tenant.id, async (tx) => {
    const movements = await loadMovements(tx);
    const mandate = await readMandate(tx);
    const startsOn = mandate?.starts_on ?? movements[0]?.effectiveOn ?? until;
    const t = trajectory(movements, category, startsOn <= until ? startsOn : until, until);
    const targets = (await listTargets(tx, category)).map((target) => {
      const gap = target.heads - t.current.heads;
      const months = monthsBetween(until, target.target_on);
      return {
        targetOn: target.target_on,
        heads: target.heads,
        gap,
        monthlyNetNeeded: months > 0 ? Math.ceil((gap / months) * 10) / 10 : null,
      };
    });
    return { ...t, mandateLabel: mandate?.label ?? null, targets };
  });
}

/** Heads and FTE by category on a date (optionally in one unit). */
export async function readHeadcount(db: Kysely<DB>, tenant: Tenant, on: string, unitId?: string): Promise<Headcount> {
  return withTenant(db, tenant.id, async (tx) => headcountOn(await loadMovements(tx), on, unitId));
}
