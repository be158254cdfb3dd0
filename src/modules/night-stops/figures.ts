import { sql } from 'kysely';
import type { FigureSource } from '../../platform/figures/figure-source.js';

/**
 * Drop-offs between two stops granted, from the operator's log. The log holds service dates, not
 * instants: a date counts in the period that holds its noon (UTC), which falls on that same day in
 * every French time zone from UTC−10 to UTC+11.
 */
export const dropOffsGranted: FigureSource = {
  id: 'night-stops.granted',
  label: { fr: 'Descentes entre deux arrêts accordées', en: 'Drop-offs between stops granted' },
  unit: { fr: 'descentes', en: 'drop-offs' },
  async count(tx, period) {
    const row = await tx
      .selectFrom('night_stop_log')
      .select(sql<string>`coalesce(sum(granted), 0)`.as('n'))
      .where(sql<boolean>`(service_date::timestamp + interval '12 hours') AT TIME ZONE 'UTC' >= ${period.from}`)
      .where(sql<boolean>`(service_date::timestamp + interval '12 hours') AT TIME ZONE 'UTC' < ${period.to}`)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};

export const nightStopsFigures: FigureSource[] = [dropOffsGranted];
