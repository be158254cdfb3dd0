import type { Tx } from '../../db/database.js';
import { DEMO_NIGHT_ROUTES } from './demo-night-feed.js';
import { activeFeedLines } from './log-queries.js';
import { lastNightServiceDate } from './record-drop-offs.js';
import type { RefusalReason } from './tables.js';

const DAY = 86_400_000;
/** Night buses run on the nights starting Thursday, Friday and Saturday (ISO days 4, 5, 6). */
const serviceDays = new Set([4, 5, 6]);
/** 23:00 to 03:00: when riders ask most. */
const bands = [23, 24, 25, 26];
const reasons: RefusalReason[] = ['roundabout', 'tram_tracks', 'no_lighting', 'traffic', 'no_pavement', 'other'];

/** A small deterministic generator (mulberry32): the same demo every time. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A fictional operator's log for the last four months, on the active feed's first two lines or, while no
 * feed is active, the demo feed's « N1 » and « N2 » (loaded right after): a few hundred entries, more on Fridays and Saturdays and around
 * midnight. Called once, when the demo tenant is created. Returns how many entries it wrote.
 */
export async function seedDemoNightStopLog(tx: Tx, tenantId: string, now: Date, timeZone: string): Promise<number> {
  const feedLines = await activeFeedLines(tx);
  const lines =
    feedLines && feedLines.length > 0
      ? feedLines.slice(0, 2).map((l) => l.routeId)
      : [DEMO_NIGHT_ROUTES.N1, DEMO_NIGHT_ROUTES.N2];
  const next = random(20261126);
  const last = new Date(`${lastNightServiceDate(now, timeZone)}T12:00:00Z`).getTime();
  const rows = [];
  for (let day = 120; day >= 0; day--) {
    const date = new Date(last - day * DAY);
    const isoDay = ((date.getUTCDay() + 6) % 7) + 1;
    if (!serviceDays.has(isoDay)) continue;
    for (const [l, routeId] of lines.entries()) {
      for (const band of bands) {
        const busy = (isoDay === 4 ? 2 : 5) + (band === 24 || band === 25 ? 3 : 0) - l * 2;
        const requests = Math.floor(next() * busy * 1.6);
        let left = requests;
        const take = (share: number) => {
          const n = Math.min(left, Math.round(requests * share * (0.7 + next() * 0.6)));
          left -= n;
          return n;
        };
        const granted = take(0.72);
        const moved = take(0.15);
        const refused: Partial<Record<RefusalReason, number>> = {};
        while (left > 0) {
          const reason = reasons[Math.floor(next() * next() * reasons.length)]!;
          refused[reason] = (refused[reason] ?? 0) + 1;
          left--;
        }
        rows.push({
          tenant_id: tenantId,
          route_id: routeId,
          service_date: date.toISOString().slice(0, 10),
          hour_band: band,
          requests,
          granted,
          moved,
          refused: JSON.stringify(refused),
          recorded_at: new Date(date.getTime() + DAY - 4 * 3_600_000),
        });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 200)
    await tx
      .insertInto('night_stop_log')
      .values(rows.slice(i, i + 200))
      .execute();
  return rows.length;
}
