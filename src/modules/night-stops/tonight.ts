import { wallClock } from '../safe-places/opening-schedule.js';
import { DAY_S, readClock } from './service-time.js';

/** Before this local hour, « tonight » is the service day that started yesterday. */
const NIGHT_ENDS_H = 5;

/** Tonight's service day: its weekday (Monday 0) and its date, in the tenant's zone. */
export function tonight(now: Date, zone: string): { weekday: number; date: string } {
  const wall = new Date(wallClock(now, zone));
  if (wall.getUTCHours() < NIGHT_ENDS_H) wall.setUTCDate(wall.getUTCDate() - 1);
  return { weekday: (wall.getUTCDay() + 6) % 7, date: wall.toISOString().slice(0, 10) };
}

/** The instant of local "HH:MM" tonight (before 05:00: the next morning), in the tenant's zone. */
export function instantTonight(time: string, now: Date, zone: string): Date | undefined {
  const seconds = readClock(time);
  if (seconds === undefined) return undefined;
  const { date } = tonight(now, zone);
  // Before NIGHT_ENDS_H, the time is the next morning's, still tonight's service.
  const nextMorning = seconds < NIGHT_ENDS_H * 3600 ? DAY_S : 0;
  const wall = Date.parse(`${date}T00:00:00Z`) + (nextMorning + seconds) * 1000;
  // The zone's offset at that wall time: two rounds settle it, daylight saving included.
  let instant = wall;
  for (let i = 0; i < 2; i++) instant = wall - (wallClock(new Date(instant), zone) - instant);
  return new Date(instant);
}
