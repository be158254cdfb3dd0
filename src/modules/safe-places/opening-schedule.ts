/**
 * Opening hours of the safe places: OSM `opening_hours` values, checked, then evaluated in the tenant's zone.
 *
 * The library reads Dates in the process's local zone; we keep that zone out of the answers. An instant
 * becomes the tenant's wall clock ("wall ms": milliseconds whose UTC fields read the tenant's local
 * time), goes to the library as a local Date with those same fields, and the library's answers come
 * back through the local getters. So only the fields travel, and the process zone does not matter.
 * One exception: a boundary that falls inside the process zone's own skipped spring hour is moved by up
 * to an hour. It cannot happen when the process runs in UTC or in the tenant's zone.
 *
 * DST: wall time is authoritative. At the autumn change 02:00–03:00 happens twice, and a place open at
 * 02:30 is open both times. An instant still has exactly one wall time, so `isOpenAt` is right.
 */
import opening_hours, { type nominatim_object } from 'opening_hours';
import type { Lang } from '../../platform/i18n/i18n.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** French public holidays (`PH`) need a French location; Besançon stands for any commune of mainland France. */
const FRANCE: nominatim_object = { lat: 47.238, lon: 6.0243, address: { country_code: 'fr', state: '' } };

/** `openUntil` label for a place that does not close within the precomputed window (24/7). */
export const ALWAYS_OPEN = '24h/24';

/*
 * Sun times are refused. The library computes them as instants and reads those instants in the process
 * zone, so they would be off by the gap between the process zone and the tenant zone. It also reads
 * lat/lon only as strings, so with the numbers above it uses fixed 06:00/18:00 times. Safe places keep
 * fixed hours.
 */
const SCHOOL_HOLIDAYS_REFUSED: Record<Lang, string> = {
  fr: 'Les vacances scolaires (SH) ne sont pas prises en charge : indiquez les dates, par exemple « Jul 06-Aug 31 off ».',
  en: 'School holidays (SH) are not supported: give the dates, for example “Jul 06-Aug 31 off”.',
};
const SUN_TIME = /\b(?:sunrise|sunset|dawn|dusk)\b/i;
const SUN_TIME_REFUSED: Record<Lang, string> = {
  fr: 'Les horaires liés au soleil (sunrise, sunset, dawn, dusk) ne sont pas pris en charge : indiquez des heures fixes.',
  en: 'Times tied to the sun (sunrise, sunset, dawn, dusk) are not supported: give fixed times.',
};

/** The parsed value, or the reason it is refused (the library's own message when it is the library that refuses). */
function parse(value: string, lang: Lang): opening_hours | string {
  let oh: opening_hours;
  try {
    // mode 0 = time ranges, the mode for a point of interest's hours (the enum is types-only, not exported at runtime).
    oh = new opening_hours(value, FRANCE, {
      mode: 0,
      locale: lang,
      tag_key: undefined,
      map_value: undefined,
      warnings_severity: undefined,
    });
  } catch (error) {
    // The library throws plain strings.
    const message = error instanceof Error ? error.message : String(error);
    // It knows no French school holidays and says so as a bug to report: say what to write instead (ADR 0004).
    return /\bSH\b/.test(value.replace(/"[^"]*"/g, '')) ? SCHOOL_HOLIDAYS_REFUSED[lang] : message;
  }
  // Check the prettified value: it is normalised, and comments are removed so that a comment such as "fermé après sunset" is not caught.
  return SUN_TIME.test(oh.prettifyValue().replace(/"[^"]*"/g, '')) ? SUN_TIME_REFUSED[lang] : oh;
}

export type HoursCheck = { ok: true; warnings: string[] } | { ok: false; message: string };

/**
 * Checks an `opening_hours` value before it is stored. Values the library accepts with warnings (e.g.
 * `Mo-Fr 9-18`) are accepted, because they evaluate correctly, and the warnings are passed on for the form to show.
 */
export function checkOpeningHours(value: string, lang: Lang = 'fr'): HoursCheck {
  const parsed = parse(value, lang);
  return typeof parsed === 'string' ? { ok: false, message: parsed } : { ok: true, warnings: parsed.getWarnings() };
}

const HOUR = 3_600_000;
const wallFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall clock through Intl: exact for any instant, but costly (a few µs a call). */
function exactWallClock(time: number, zone: string): number {
  let format = wallFormats.get(zone);
  if (!format) {
    // h23: some engines write midnight as "24" with hour12: false.
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallFormats.set(zone, format);
  }
  const f: Record<string, number> = {};
  for (const part of format.formatToParts(time)) f[part.type] = Number(part.value);
  const millis = ((time % 1000) + 1000) % 1000;
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, millis);
}

/**
 * Per zone, the offset (wall − instant, ms) of each UTC hour seen, or NaN for an hour in which the offset
 * changes. An hour's offset is read at its first and its last millisecond; when both agree it held the
 * whole hour (no zone changes its offset twice within an hour), so one subtraction answers exactly what
 * Intl would. Bounded: cleared when it grows past MAX_CACHED_HOURS.
 */
const zoneOffsets = new Map<string, Map<number, number>>();
const MAX_CACHED_HOURS = 4096;

/** The tenant's wall clock at `instant`, as ms whose UTC fields are that local date and time. Does not depend on the process zone. */
export function wallClock(instant: Date, zone: string): number {
  return wallAt(instant.getTime(), zone);
}

/** `wallClock` for an instant in ms. */
function wallAt(time: number, zone: string): number {
  if (!Number.isFinite(time)) return exactWallClock(time, zone); // Intl's own RangeError
  let offsets = zoneOffsets.get(zone);
  if (!offsets) {
    offsets = new Map();
    zoneOffsets.set(zone, offsets);
  }
  const hour = Math.floor(time / HOUR);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const first = hour * HOUR;
    const last = first + HOUR - 1;
    const atFirst = exactWallClock(first, zone) - first;
    offset = exactWallClock(last, zone) - last === atFirst ? atFirst : Number.NaN;
    if (offsets.size >= MAX_CACHED_HOURS) offsets.clear();
    offsets.set(hour, offset);
  }
  return Number.isNaN(offset) ? exactWallClock(time, zone) : time + offset;
}

/** A local Date whose fields are the wall clock, for the library (which reads local fields). */
function toLibrary(wall: number): Date {
  const w = new Date(wall);
  return new Date(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds());
}

/** The library's local Date back into wall ms. */
function fromLibrary(date: Date): number {
  return Date.UTC(date.getFullYear(), date.getMonth(), date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds());
}

/**
 * The instant at which the tenant's clock reads `wall`, using the offset in force at that time (one
 * correction, starting from `near`'s offset). If the clock reads it twice (autumn), this is the first
 * time. If the clock skips it (spring), this can be up to an hour early. Both errors make a closing time
 * come sooner, never later.
 */
function instantOf(wall: number, zone: string, near: number): number {
  const guess = wall - (wallAt(near, zone) - near);
  return wall - (wallAt(guess, zone) - guess);
}

const hhmm = (wall: number) => new Date(wall).toISOString().slice(11, 16);

export interface WallTime {
  /** Wall-clock ms in the tenant zone; `Infinity` when the place does not close within the window. */
  wall: number;
  /** "HH:MM" in the tenant zone, or `ALWAYS_OPEN`. */
  label: string;
}

export interface Opening extends WallTime {
  /** The wall-clock date of the opening, "YYYY-MM-DD" (the page words it as « demain », « mardi »…). */
  day: string;
}

/**
 * One place's hours, built once (parsing is the costly part). The open intervals of the coming days are
 * precomputed so that each question is a binary search. Answers cover instants from `from` − 1 day to
 * `coversUntil()`. Rebuild nightly, or when that window runs out.
 *
 * Each question comes in two forms: with an instant, or with the tenant's wall clock at that instant
 * (`wallClock(instant, zone)`, same zone as the schedule's). The finder asks many places about one
 * instant, so it reads the wall clock once and asks with it: then a question is a few comparisons.
 */
export class OpeningSchedule {
  /** Merged open intervals in wall ms, sorted, not overlapping, not touching. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** "HH:MM" of each start and end, and "YYYY-MM-DD" of each start, computed once. */
  private readonly startLabels: string[];
  private readonly startDays: string[];
  private readonly endLabels: string[];
  /** The wall-clock range computed. A day of margin on each side so that a DST shift never puts a covered instant outside it. */
  private readonly firstWall: number;
  private readonly lastWall: number;
  private readonly until: Date;

  constructor(
    openingHours: string,
    private readonly zone: string,
    from: Date,
    days = 8,
  ) {
    const oh = parse(openingHours, 'en');
    if (typeof oh === 'string') throw new Error(`Invalid opening_hours "${openingHours}": ${oh}`);
    const now = wallClock(from, zone);
    this.firstWall = now - 2 * DAY;
    this.lastWall = now + (days + 1) * DAY;
    this.until = new Date(from.getTime() + days * DAY);
    for (const [start, end, unknown] of oh.getOpenIntervals(toLibrary(this.firstWall), toLibrary(this.lastWall))) {
      // "Unknown" (`unknown`, or a bare comment such as "sur rendez-vous") counts as closed: never promise an open door.
      if (unknown) continue;
      const s = fromLibrary(start);
      const e = fromLibrary(end);
      const last = this.ends.length - 1;
      // Merge touching intervals so that `Fr 18:00-24:00; Sa 00:00-02:00` closes at 02:00, not at midnight.
      if (last >= 0 && s <= this.ends[last]) this.ends[last] = Math.max(this.ends[last], e);
      else {
        this.starts.push(s);
        this.ends.push(e);
      }
    }
    this.startLabels = this.starts.map(hhmm);
    this.startDays = this.starts.map((start) => new Date(start).toISOString().slice(0, 10));
    this.endLabels = this.ends.map((end) => (end >= this.lastWall ? ALWAYS_OPEN : hhmm(end)));
  }

  /** Where the precomputed answers end. Rebuild before this. */
  coversUntil(): Date {
    return new Date(this.until);
  }

  isOpenAt(instant: Date): boolean {
    return this.isOpenAtWall(this.wallOf(instant));
  }

  /** `isOpenAt` for the tenant's wall clock `wall` at that instant. */
  isOpenAtWall(wall: number): boolean {
    return this.openInterval(this.checked(wall)) >= 0;
  }

  /** When the current opening ends, or undefined when closed. A place that does not close within the window gets `{ wall: Infinity, label: ALWAYS_OPEN }`. */
  openUntil(instant: Date): WallTime | undefined {
    return this.openUntilWall(this.wallOf(instant));
  }

  /** `openUntil` for the tenant's wall clock `wall` at that instant. */
  openUntilWall(wall: number): WallTime | undefined {
    const i = this.openInterval(this.checked(wall));
    if (i < 0) return undefined;
    const end = this.ends[i];
    return end >= this.lastWall
      ? { wall: Number.POSITIVE_INFINITY, label: ALWAYS_OPEN }
      : { wall: end, label: this.endLabels[i] };
  }

  /** Whole minutes of real time left before closing (« ferme dans 10 min »): undefined when closed, Infinity when it does not close within the window. */
  minutesUntilClose(instant: Date): number | undefined {
    return this.minutesUntilCloseWall(instant, this.wallOf(instant));
  }

  /** `minutesUntilClose` for `instant`, whose wall clock `wall` the caller already read. */
  minutesUntilCloseWall(instant: Date, wall: number): number | undefined {
    const i = this.openInterval(this.checked(wall));
    if (i < 0) return undefined;
    const end = this.ends[i] as number;
    if (end >= this.lastWall) return Number.POSITIVE_INFINITY;
    // Real time, not wall-clock difference: on the spring night the wall-clock gap overstates it by an hour.
    return Math.floor((instantOf(end, this.zone, instant.getTime()) - instant.getTime()) / MINUTE);
  }

  /** The next time the place opens after `instant` (after the current opening if it is open), within the window. */
  nextOpening(instant: Date): Opening | undefined {
    return this.nextOpeningWall(this.wallOf(instant));
  }

  /** `nextOpening` for the tenant's wall clock `wall` at that instant. */
  nextOpeningWall(wall: number): Opening | undefined {
    const i = this.lastStartAtOrBefore(this.checked(wall)) + 1;
    const start = this.starts[i];
    if (start === undefined) return undefined;
    return { wall: start, label: this.startLabels[i] as string, day: this.startDays[i] as string };
  }

  private wallOf(instant: Date): number {
    const wall = wallClock(instant, this.zone);
    if (wall < this.firstWall || wall >= this.lastWall) {
      throw new RangeError(`${instant.toISOString()} is outside the precomputed window of this schedule; rebuild it`);
    }
    return wall;
  }

  private checked(wall: number): number {
    if (wall < this.firstWall || wall >= this.lastWall || Number.isNaN(wall)) {
      throw new RangeError(`Wall clock ${wall} is outside the precomputed window of this schedule; rebuild it`);
    }
    return wall;
  }

  /** Index of the open interval containing wall clock `wall`, or −1. */
  private openInterval(wall: number): number {
    const i = this.lastStartAtOrBefore(wall);
    return i >= 0 && wall < this.ends[i] ? i : -1;
  }

  /** Binary search: the last interval starting at or before `wall`, −1 if none. */
  private lastStartAtOrBefore(wall: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= wall) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi;
  }
}
