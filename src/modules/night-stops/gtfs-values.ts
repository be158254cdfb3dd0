/**
 * GTFS field values: times that may pass 24:00, dates as YYYYMMDD, coordinates. Each parser returns the
 * value, or a problem text in English and French (the caller adds the place).
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; fr: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string, fr: string): Parsed<never> => ({ ok: false, message, fr });

/** « 25:10:00 » → seconds after the service day's start (90600). Hours may pass 24 (a night bus); minutes and seconds may not reach 60. */
export function parseTime(text: string): Parsed<number> {
  const match = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return bad(`"${text}" is not a time (H:MM:SS)`, `« ${text} » n’est pas une heure (H:MM:SS)`);
  const [hours, minutes, seconds] = match.slice(1).map(Number) as [number, number, number];
  if (minutes >= 60 || seconds >= 60)
    return bad(
      `"${text}" is not a time: minutes and seconds stay under 60`,
      `« ${text} » n’est pas une heure : minutes et secondes restent sous 60`,
    );
  return ok(hours * 3600 + minutes * 60 + seconds);
}

/** « 20260101 » → « 2026-01-01 », refusing days that do not exist (20260230). */
export function parseDate(text: string): Parsed<string> {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  const iso = match ? `${match[1]}-${match[2]}-${match[3]}` : '';
  const date = new Date(`${iso}T00:00:00Z`);
  if (!match || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso)
    return bad(`"${text}" is not a date (YYYYMMDD)`, `« ${text} » n’est pas une date (AAAAMMJJ)`);
  return ok(iso);
}

const decimal = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export function parseCoordinate(text: string, axis: 'lat' | 'lon'): Parsed<number> {
  const limit = axis === 'lat' ? 90 : 180;
  const value = Number(text);
  if (!decimal.test(text.trim()) || !Number.isFinite(value))
    return bad(`"${text}" is not a number`, `« ${text} » n’est pas un nombre`);
  if (Math.abs(value) > limit)
    return bad(
      `${value} is out of range (${axis === 'lat' ? 'latitude' : 'longitude'} −${limit} to ${limit})`,
      `${value} est hors limites (${axis === 'lat' ? 'latitude' : 'longitude'} de −${limit} à ${limit})`,
    );
  return ok(value);
}

/** A whole number, optionally limited to a few accepted values (direction_id 0/1, exception_type 1/2). */
export function parseInteger(text: string, accepted?: readonly number[]): Parsed<number> {
  const value = Number(text);
  if (!/^[+-]?\d+$/.test(text.trim()) || !Number.isSafeInteger(value))
    return bad(`"${text}" is not a whole number`, `« ${text} » n’est pas un nombre entier`);
  if (accepted && !accepted.includes(value))
    return bad(`${value} is not one of ${accepted.join(', ')}`, `${value} n’est pas parmi ${accepted.join(', ')}`);
  return ok(value);
}

export function parseNumber(text: string): Parsed<number> {
  const value = Number(text);
  if (!decimal.test(text.trim()) || !Number.isFinite(value))
    return bad(`"${text}" is not a number`, `« ${text} » n’est pas un nombre`);
  return ok(value);
}
