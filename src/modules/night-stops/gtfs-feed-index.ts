/**
 * What the import remembers between files to check references: sets of ids, and per trip a small summary
 * of its stop times (first and last sequence, their times, the sequences seen). Never the stop-time rows.
 */
export interface TripStopTimes {
  sequences: Set<number>;
  first: { sequence: number; line: number; missing: string[] };
  last: { sequence: number; line: number; missing: string[] };
}

export class FeedIndex {
  readonly agencies = new Set<string>();
  readonly services = new Set<string>();
  readonly routes = new Set<string>();
  readonly stops = new Set<string>();
  readonly trips = new Set<string>();
  /** Shape id → the point sequences seen (a repeated sequence is refused). */
  readonly shapes = new Map<string, Set<number>>();
  readonly tripStopTimes = new Map<string, TripStopTimes>();
  /** Calendar services, kept apart: calendar_dates may name them again, which is its purpose. */
  readonly calendarServices = new Set<string>();
  readonly calendarDates = new Set<string>();
  agencyCount = 0;
}
