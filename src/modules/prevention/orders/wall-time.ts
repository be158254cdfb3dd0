import { localMoment } from './order-time.js';

/**
 * A wall-clock time typed in a form ("2026-11-27T23:00", as `<input type="datetime-local">` sends it)
 * read in the tenant's zone; undefined when it is not one. Around a clock change the first matching
 * instant is taken.
 */
export function fromWallClock(text: string, zone: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi] = match.map(Number) as number[];
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  if (Number.isNaN(wall) || new Date(wall).getUTCDate() !== d || h! > 23 || mi! > 59) return undefined;
  // The zone's offset at a nearby instant, then corrected once (offsets change at most once a night).
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const seen = localMoment(new Date(guess), zone);
    const seenWall = Date.parse(`${seen.date}T00:00:00Z`) + seen.minutes * 60_000;
    guess += wall - seenWall;
  }
  return new Date(guess);
}

/** The tenant's wall clock of an instant, as a datetime-local value. */
export function toWallClock(at: Date, zone: string): string {
  const moment = localMoment(at, zone);
  const hh = String(Math.floor(moment.minutes / 60)).padStart(2, '0');
  const mm = String(moment.minutes % 60).padStart(2, '0');
  return `${moment.date}T${hh}:${mm}`;
}
