/** The tenant's calendar: dates and years in its zone, turned into UTC instants for figures and storage. */

/** The date (YYYY-MM-DD) and minutes since midnight of an instant in a zone. */
export function localMoment(at: Date, zone: string): { date: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

export const localToday = (at: Date, zone: string) => localMoment(at, zone).date;

/**
 * A wall-clock time ("2026-11-27T14:00", as `<input type="datetime-local">` sends it) in the zone, as an
 * instant; undefined when it is not one. Around a clock change the first matching instant is taken.
 */
export function fromWallClock(text: string, zone: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi] = match.map(Number) as number[];
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  if (Number.isNaN(wall) || new Date(wall).getUTCDate() !== d || h! > 23 || mi! > 59) return undefined;
  let guess = wall;
  // The zone's offset seen at the guess, corrected twice (offsets change at most once a night).
  for (let i = 0; i < 2; i++) {
    const seen = localMoment(new Date(guess), zone);
    guess += wall - (Date.parse(`${seen.date}T00:00:00Z`) + seen.minutes * 60_000);
  }
  return new Date(guess);
}

/** The instant's wall clock in the zone, as a datetime-local value. */
export function toWallClock(at: Date, zone: string): string {
  const m = localMoment(at, zone);
  return `${m.date}T${String(Math.floor(m.minutes / 60)).padStart(2, '0')}:${String(m.minutes % 60).padStart(2, '0')}`;
}

/** A calendar year in the zone: [1 January 00:00, next 1 January 00:00). */
export function yearPeriod(year: number, zone: string): { from: Date; to: Date } {
  return {
    from: fromWallClock(`${year}-01-01T00:00`, zone) as Date,
    to: fromWallClock(`${year + 1}-01-01T00:00`, zone) as Date,
  };
}
