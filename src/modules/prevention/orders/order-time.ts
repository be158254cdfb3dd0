/**
 * When an order applies, in the tenant's wall clock: published and not withdrawn by that day, inside its
 * validity (whole days), on its days and hours. Hours may run across midnight (18:00 → 08:00): such a
 * period belongs to the day it starts on, so « the nights of Friday and Saturday » are Friday 18:00 to
 * Saturday 08:00 and Saturday 18:00 to Sunday 08:00.
 */
export interface OrderTimeRule {
  publishedOn: string | null;
  withdrawnOn: string | null;
  validFrom: string;
  validUntil: string | null;
  /** Minutes after midnight; both null: all day. */
  hoursStart: number | null;
  hoursEnd: number | null;
  /** Monday first. */
  days: boolean[];
}

/** A moment in the tenant's zone: its date, minutes after midnight, and day of the week (Monday 0). */
export interface LocalMoment {
  date: string;
  minutes: number;
  weekday: number;
  /** The day before, for periods that started yesterday evening. */
  previousDate: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();
const weekdays: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** The wall clock of `at` in `zone` (throws a RangeError on an unknown zone). */
export function localMoment(at: Date, zone: string): LocalMoment {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formats.set(zone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(at)) parts[part.type] = part.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const previous = new Date(Date.parse(`${date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return {
    date,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: weekdays[parts.weekday as string] ?? 0,
    previousDate: previous,
  };
}

/** Whether the order is in force on a local date (published, valid, not withdrawn), hours aside. */
function inForceOn(rule: OrderTimeRule, date: string): boolean {
  if (rule.publishedOn === null || date < rule.publishedOn) return false;
  if (rule.withdrawnOn !== null && date >= rule.withdrawnOn) return false;
  return date >= rule.validFrom && (rule.validUntil === null || date <= rule.validUntil);
}

/** Whether the order applies at this moment (its place aside). */
export function appliesAt(rule: OrderTimeRule, at: LocalMoment): boolean {
  if (!inForceOn(rule, at.date)) return false;
  const { hoursStart: start, hoursEnd: end, days } = rule;
  if (start === null || end === null) return days[at.weekday] === true;
  if (start < end) return days[at.weekday] === true && at.minutes >= start && at.minutes < end;
  // Across midnight: this evening's period, or the end of yesterday evening's.
  if (at.minutes >= start) return days[at.weekday] === true;
  return at.minutes < end && days[(at.weekday + 6) % 7] === true;
}

/** "18:00" → 1080; undefined when it is not a time of day. */
export function readTime(text: string): number | undefined {
  const match = /^([01]?\d|2[0-3])[:hH]([0-5]\d)$/.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

export const formatTime = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const dayCodes = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];

/** The hours in OpenStreetMap's opening_hours syntax: "18:00-08:00", "Fr,Sa 18:00-08:00", "24/7". */
export function hoursText(rule: Pick<OrderTimeRule, 'hoursStart' | 'hoursEnd' | 'days'>): string {
  const allDays = rule.days.every(Boolean);
  const days = allDays ? '' : dayCodes.filter((_, i) => rule.days[i]).join(',');
  if (rule.hoursStart === null || rule.hoursEnd === null) return allDays ? '24/7' : days;
  const hours = `${formatTime(rule.hoursStart)}-${formatTime(rule.hoursEnd)}`;
  return days ? `${days} ${hours}` : hours;
}
