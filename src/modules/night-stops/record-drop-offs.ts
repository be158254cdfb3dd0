import { defineOperation } from '../../platform/access/operation.js';
import { checkLogEntry, type LogEntryInput } from './check-log-entry.js';
import { activeFeedLines } from './log-queries.js';

/** A calendar date (YYYY-MM-DD) in a time zone. */
export const localDate = (at: Date, timeZone: string) => at.toLocaleDateString('fr-CA', { timeZone });

/** The service date of the last night that has ended: yesterday in the tenant's zone. */
export function lastNightServiceDate(now: Date, timeZone: string): string {
  const today = new Date(`${localDate(now, timeZone)}T12:00:00Z`);
  return new Date(today.getTime() - 86_400_000).toISOString().slice(0, 10);
}

/**
 * Records one line's figures for one service date and hour band: requests, granted, moved a little
 * further on, refused by reason. Counts only — never a driver, a vehicle or a badge (per-driver figures
 * would be employee monitoring). Recording the same line, date and band again replaces the entry.
 */
export const recordDropOffs = defineOperation({
  name: 'night-stops.record-drop-offs',
  permission: 'night-stops.log',
  async run({ tx, tenant, clock, audit }, input: LogEntryInput): Promise<{ replaced: boolean }> {
    const lines = await activeFeedLines(tx);
    const entry = checkLogEntry(input, {
      today: localDate(clock.now(), tenant.time_zone),
      lines: lines ? lines.map((l) => l.routeId) : null,
    });
    const key = { route_id: entry.routeId, service_date: entry.serviceDate, hour_band: entry.hourBand };
    const existing = await tx
      .selectFrom('night_stop_log')
      .select('id')
      .where('route_id', '=', key.route_id)
      .where('service_date', '=', key.service_date)
      .where('hour_band', '=', key.hour_band)
      .executeTakeFirst();
    const values = {
      requests: entry.requests,
      granted: entry.granted,
      moved: entry.moved,
      refused: JSON.stringify(entry.refused),
      recorded_at: clock.now(),
    };
    if (existing) await tx.updateTable('night_stop_log').set(values).where('id', '=', existing.id).execute();
    else
      await tx
        .insertInto('night_stop_log')
        .values({ tenant_id: tenant.id, ...key, ...values })
        .execute();
    audit({
      entityType: 'night-stop-log',
      entityId: `${entry.routeId}/${entry.serviceDate}/${entry.hourBand}`,
      fields: ['requests', 'granted', 'moved', 'refused'],
    });
    return { replaced: existing !== undefined };
  },
});
