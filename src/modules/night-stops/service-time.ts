/**
 * Times of a night's service: seconds after the service day's midnight, which may pass 24:00 (GTFS's
 * « 25:30:00 » is 01:30 the next morning of the same service day).
 */

export const DAY_S = 86_400;

/** The week's days, Monday first, as the rules and the pages name them. */
export const DAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;

/** Seconds of the service day as the local clock reads them: 91 800 → "01:30". */
export const hhmm = (seconds: number) => {
  const s = seconds % DAY_S;
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
};

/** "22:00" (or "22h00") → seconds; undefined when it is not a time of day. */
export function readClock(value: string): number | undefined {
  const match = /^([01]?\d|2[0-3])[:h]([0-5]\d)$/.exec(value.trim());
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 : undefined;
}
