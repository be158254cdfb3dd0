/** The wall-clock time of an instant in a zone, as milliseconds of a UTC date with the same fields. */
export function wallTime(instant: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
}

/**
 * An instant from what a form's `datetime-local` sends (YYYY-MM-DDTHH:MM, in the tenant's zone), or from an
 * ISO 8601 time with its offset (the API). Undefined when it is neither.
 */
export function readInstant(value: string, zone: string): Date | undefined {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const at = new Date(text);
    return Number.isNaN(at.getTime()) ? undefined : at;
  }
  const local = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!local) return undefined;
  const [, y, mo, d, h, mi, s] = local.map((part) => Number(part ?? 0)) as number[];
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d! || h! > 23 || mi! > 59) return undefined;
  // The zone's offset at that wall time: two rounds settle it, daylight saving included.
  let instant = wall;
  for (let i = 0; i < 2; i++) instant = wall - (wallTime(new Date(instant), zone) - instant);
  return new Date(instant);
}

/** The `datetime-local` value of an instant in a zone (for forms). */
export const localInputValue = (at: Date | null, zone: string) =>
  at ? new Date(wallTime(at, zone)).toISOString().slice(0, 16) : '';

/** Year, hour (0-23) and weekday (Monday 0) of an instant in a zone. */
export function localParts(at: Date, zone: string) {
  const wall = new Date(wallTime(at, zone));
  return { year: wall.getUTCFullYear(), hour: wall.getUTCHours(), weekday: (wall.getUTCDay() + 6) % 7 };
}

/** Day and time for people, in the tenant's zone. */
export const formatLocal = (at: Date | null, lang: 'fr' | 'en', zone: string) =>
  at
    ? at.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
        timeZone: zone,
        dateStyle: 'short',
        timeStyle: 'short',
      })
    : '—';
