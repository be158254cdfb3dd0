import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { readSettings } from '../../platform/settings/tenant-settings.js';
import { type PlaceStatus, placeStatuses } from './tables.js';

/** One month of the network's growth: active places at the month's end, and the moves during it. */
export interface GrowthMonth {
  /** 'YYYY-MM' in the tenant's zone. */
  month: string;
  activeAtEnd: number;
  joined: number;
  left: number;
}

export interface StatusChange {
  place_id: string;
  to_status: PlaceStatus;
  at: Date;
}

/** What the coordinator must follow up: a training to renew, hours to confirm. */
export interface DuePlace {
  id: string;
  name: string;
  status: PlaceStatus;
  /** Last training date, or null when the place never attended one. */
  trainedOn: string | null;
  trainingDue: boolean;
  hoursConfirmedOn: string | null;
  /** 'hidden': out of the public list until confirmed; 'soon': within a month of it; null: fine. */
  confirmation: 'hidden' | 'soon' | null;
}

export interface NetworkDashboard {
  byStatus: Record<PlaceStatus, number>;
  growth: GrowthMonth[];
  due: DuePlace[];
  confirmationMonths: number;
  trainingYears: number;
}

/** 'YYYY-MM' of an instant in a zone. */
const monthOf = (at: Date, zone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' }).format(at).slice(0, 7);

/** The last `count` months up to the one containing `now`, oldest first, as 'YYYY-MM'. */
export function lastMonths(now: Date, zone: string, count: number): string[] {
  const [year, month] = monthOf(now, zone).split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, month - 1 - (count - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

/**
 * Active places at the end of each month, from the life-cycle history. A place counts as active from a
 * change to `active` until a change to anything else. `months` must be sorted, oldest first.
 */
export function networkGrowth(changes: StatusChange[], months: string[], zone: string): GrowthMonth[] {
  const byPlace = new Map<string, StatusChange[]>();
  for (const c of [...changes].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const list = byPlace.get(c.place_id) ?? [];
    list.push(c);
    byPlace.set(c.place_id, list);
  }
  return months.map((month) => {
    let activeAtEnd = 0;
    let joined = 0;
    let left = 0;
    for (const list of byPlace.values()) {
      let active = false;
      let activeBefore = false;
      for (const c of list) {
        const m = monthOf(c.at, zone);
        if (m > month) break;
        if (m < month) activeBefore = c.to_status === 'active';
        active = c.to_status === 'active';
      }
      if (active) activeAtEnd++;
      if (active && !activeBefore) joined++;
      if (!active && activeBefore) left++;
    }
    return { month, activeAtEnd, joined, left };
  });
}

const shiftDate = (now: Date, unit: 'month' | 'year', by: number) => {
  const d = new Date(now);
  if (unit === 'month') d.setUTCMonth(d.getUTCMonth() + by);
  else d.setUTCFullYear(d.getUTCFullYear() + by);
  return d.toISOString().slice(0, 10);
};

/** The coordinator's dashboard figures, read in the caller's tenant transaction. */
export async function readNetworkDashboard(tx: Tx, now: Date, zone: string): Promise<NetworkDashboard> {
  const settings = await readSettings(tx);
  const places = await tx
    .selectFrom('safe_places as p')
    .select([
      'p.id',
      'p.name',
      'p.status',
      'p.hours_confirmed_on',
      sql<string | null>`(SELECT max(attended_on)::text FROM safe_place_trainings t WHERE t.place_id = p.id)`.as('trained_on'),
    ])
    // Active places of every tenant are readable (the public finder's policy): keep to this one.
    .where(sql<boolean>`p.tenant_id = quietude_tenant()`)
    .orderBy('p.name')
    .execute();
  const changes = await tx
    .selectFrom('safe_place_status_changes')
    .select(['place_id', 'to_status', 'at'])
    .where(sql<boolean>`tenant_id = quietude_tenant()`)
    .execute();

  const byStatus = Object.fromEntries(placeStatuses.map((s) => [s, 0])) as Record<PlaceStatus, number>;
  for (const p of places) byStatus[p.status]++;

  const trainingLimit = shiftDate(now, 'year', -settings.safePlaceTrainingYears);
  const hiddenBefore = shiftDate(now, 'month', -settings.safePlaceConfirmationMonths);
  const soonBefore = shiftDate(now, 'month', 1 - settings.safePlaceConfirmationMonths);
  const due: DuePlace[] = [];
  for (const p of places) {
    if (p.status === 'withdrawn' || p.status === 'candidate') continue;
    const trainingDue = p.trained_on === null || p.trained_on < trainingLimit;
    const confirmed = p.hours_confirmed_on;
    const confirmation =
      p.status !== 'active'
        ? null
        : confirmed === null || confirmed < hiddenBefore
          ? 'hidden'
          : confirmed < soonBefore
            ? 'soon'
            : null;
    if (trainingDue || confirmation)
      due.push({
        id: p.id,
        name: p.name,
        status: p.status,
        trainedOn: p.trained_on,
        trainingDue,
        hoursConfirmedOn: confirmed,
        confirmation,
      });
  }
  return {
    byStatus,
    growth: networkGrowth(changes, lastMonths(now, zone, 12), zone),
    due,
    confirmationMonths: settings.safePlaceConfirmationMonths,
    trainingYears: settings.safePlaceTrainingYears,
  };
}
