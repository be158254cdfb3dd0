import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon } from 'geojson';
import { wallClock } from '../safe-places/opening-schedule.js';
import type { PlacedStop, RouteGeometry } from './route-geometry.js';
import { DAY_S, hhmm } from './service-time.js';
import type { ForbiddenZoneReason } from './tables.js';

/** A section of the line where riders may ask to get off, on these service days (Monday first) and hours. */
export interface DropOffSection {
  fromStopId: string;
  toStopId: string;
  days: boolean[];
  /** Seconds after the service day's midnight; may pass 24:00. */
  startS: number;
  endS: number;
}

export interface ForbiddenZone {
  name: string;
  reason: ForbiddenZoneReason;
  geometry: MultiPolygon;
}

export interface DropOffRules {
  sections: DropOffSection[];
  zones: ForbiddenZone[];
  /** No drop-off closer than this to an official stop (measured along the line). */
  minDistanceM: number;
  /** The authority's zone, for the service day and hour of `at`. */
  timeZone: string;
}

export type RefusalReason =
  | 'outside_route'
  | 'section_not_allowed'
  | 'too_early'
  | 'not_at_this_time'
  | 'forbidden_zone'
  | 'too_close_to_stop';

interface StopRef {
  stop_id: string;
  name: string;
}

export interface DropOffAnswer {
  allowed: boolean;
  reason?: RefusalReason;
  /** The forbidden zone, when that is the reason. */
  zone?: { name: string; reason: ForbiddenZoneReason };
  snapped: { lat: number; lon: number };
  between?: { from_stop: StopRef; to_stop: StopRef };
  /** When drop-off starts here tonight (local "HH:MM"): the start of the section's hours. */
  from_time?: string;
  /** Metres from the asked point to the line. */
  offset_m: number;
  nearest_allowed?: { lat: number; lon: number; between: { from_stop: StopRef; to_stop: StopRef }; from_time: string };
}

/** Samples along the line when looking for the nearest allowed point. */
const STEP_M = 5;

/** The instant as (service weekday, seconds) pairs: today's clock, and yesterday's service running past midnight. */
function serviceTimes(at: Date, timeZone: string): { weekday: number; seconds: number }[] {
  const wall = new Date(wallClock(at, timeZone));
  const weekday = (wall.getUTCDay() + 6) % 7;
  const seconds = wall.getUTCHours() * 3600 + wall.getUTCMinutes() * 60 + wall.getUTCSeconds();
  return [
    { weekday, seconds },
    { weekday: (weekday + 6) % 7, seconds: seconds + DAY_S },
  ];
}

type Timing = { state: 'now' | 'later'; startS: number } | { state: 'not-tonight' };

/** Whether a section applies at `at`: now, later the same service day, or not tonight. */
function timing(section: DropOffSection, times: { weekday: number; seconds: number }[]): Timing {
  for (const { weekday, seconds } of times)
    if (section.days[weekday] && section.startS <= seconds && seconds < section.endS)
      return { state: 'now', startS: section.startS };
  const today = times[0]!;
  if (section.days[today.weekday] && today.seconds < section.startS) return { state: 'later', startS: section.startS };
  return { state: 'not-tonight' };
}

const stopRef = (stop: PlacedStop): StopRef => ({ stop_id: stop.stopId, name: stop.name });

/**
 * Checks one point for one line and direction: snapped onto the line, between which two stops, and whether the
 * authority's rules let a rider ask to get off there at `at`. When not, the nearest point along the line where
 * it is allowed tonight (if any). The driver still decides on the spot; this only says what the rules say.
 */
export function checkDropOff(
  geometry: RouteGeometry,
  rules: DropOffRules,
  point: { lat: number; lon: number; at: Date },
): DropOffAnswer {
  const times = serviceTimes(point.at, rules.timeZone);
  const spans = rules.sections.flatMap((section) => {
    const span = geometry.span(section.fromStopId, section.toStopId);
    return span ? [{ span, timing: timing(section, times) }] : [];
  });
  // The sections that apply tonight (now first, then by start): the search for the nearest point asks often.
  const tonight = spans
    .filter(({ timing: t }) => t.state !== 'not-tonight')
    .map(({ span, timing: t }) => ({
      from: span[0].along,
      to: span[1].along,
      timing: t as Exclude<Timing, { state: 'not-tonight' }>,
    }))
    .sort((x, y) => (x.timing.state === y.timing.state ? x.timing.startS - y.timing.startS : x.timing.state === 'now' ? -1 : 1));
  /** Sections containing `along` that apply tonight (now or later), now first, then earliest start. */
  const tonightAt = (along: number) => tonight.filter((s) => s.from <= along && along <= s.to).map((s) => s.timing);
  const anyTonightAt = (along: number) => tonight.some((s) => s.from <= along && along <= s.to);
  const zoneAt = (lat: number, lon: number) => rules.zones.find((zone) => booleanPointInPolygon([lon, lat], zone.geometry));
  /** Why the rules refuse `along` as a place, or undefined when the place is allowed (time aside). */
  const placeProblem = (along: number, point = () => geometry.pointAt(along)): RefusalReason | undefined => {
    if (!geometry.enclosingStops(along)) return 'outside_route';
    if (!anyTonightAt(along)) return 'section_not_allowed';
    if (rules.zones.length > 0) {
      const { lat, lon } = point();
      if (zoneAt(lat, lon)) return 'forbidden_zone';
    }
    if (geometry.distanceToNearestStop(along) < rules.minDistanceM) return 'too_close_to_stop';
    return undefined;
  };

  const snapped = geometry.snap(point.lat, point.lon);
  const around = geometry.enclosingStops(snapped.along);
  const answer: DropOffAnswer = {
    allowed: false,
    snapped: { lat: snapped.lat, lon: snapped.lon },
    offset_m: Math.round(snapped.offsetM),
    ...(around ? { between: { from_stop: stopRef(around[0]), to_stop: stopRef(around[1]) } } : {}),
  };
  let reason = placeProblem(snapped.along, () => snapped);
  if (!reason) {
    const [first] = tonightAt(snapped.along);
    answer.from_time = hhmm(first!.startS);
    if (first!.state === 'now') return { ...answer, allowed: true };
    reason = 'too_early';
  } else if (
    reason === 'section_not_allowed' &&
    spans.some(({ span: [a, b] }) => a.along <= snapped.along && snapped.along <= b.along)
  )
    reason = 'not_at_this_time';
  answer.reason = reason;
  if (reason === 'forbidden_zone') {
    const zone = zoneAt(snapped.lat, snapped.lon)!;
    answer.zone = { name: zone.name, reason: zone.reason };
  }
  if (reason !== 'too_early') {
    const nearest = nearestAllowed(geometry, snapped.along, (along) => placeProblem(along) === undefined);
    if (nearest !== undefined) {
      const at = geometry.pointAt(nearest);
      const [from, to] = geometry.enclosingStops(nearest)!;
      answer.nearest_allowed = {
        ...at,
        between: { from_stop: stopRef(from), to_stop: stopRef(to) },
        from_time: hhmm(tonightAt(nearest)[0]!.startS),
      };
    }
  }
  return answer;
}

/** The nearest position along the line (either way from `along`) that `allowed` accepts, every STEP_M metres. */
function nearestAllowed(geometry: RouteGeometry, along: number, allowed: (along: number) => boolean): number | undefined {
  const steps = Math.ceil(geometry.length / STEP_M);
  for (let k = 1; k <= steps; k++)
    for (const candidate of [along - k * STEP_M, along + k * STEP_M])
      if (candidate >= 0 && candidate <= geometry.length && allowed(candidate)) return candidate;
  return undefined;
}
