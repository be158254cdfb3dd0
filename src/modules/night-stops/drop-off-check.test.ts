import { describe, expect, it } from 'vitest';
import { checkDropOff, type DropOffRules, type DropOffSection } from './drop-off-check.js';
import { RouteGeometry } from './route-geometry.js';

// A straight line eastward from Besançon’s centre, 2.4 km, a stop every 400 m: S0 … S5 (the line goes on 400 m past S5).
const LAT = 47.238;
const LON = 6.0243;
const perMetreLon = 1 / (111_412.84 * Math.cos((LAT * Math.PI) / 180) - 93.5 * Math.cos((3 * LAT * Math.PI) / 180));
const east = (metres: number) => ({ lat: LAT, lon: LON + metres * perMetreLon });
const path = Array.from({ length: 25 }, (_, i) => east(i * 100)).map((p) => [p.lat, p.lon] as [number, number]);
const stops = Array.from({ length: 6 }, (_, i) => ({ stopId: `S${i}`, name: `Arrêt ${i}`, ...east(i * 400) }));
const geometry = new RouteGeometry(path, stops);

const everyDay = [true, true, true, true, true, true, true];
/** From S2 to S4, 22:00 to 02:00 the next morning. */
const night: DropOffSection = { fromStopId: 'S2', toStopId: 'S4', days: everyDay, startS: 22 * 3600, endS: 26 * 3600 };
const rules = (over: Partial<DropOffRules> = {}): DropOffRules => ({
  sections: [night],
  zones: [],
  minDistanceM: 50,
  timeZone: 'Europe/Paris',
  ...over,
});
// Wednesday 2026-12-02 (UTC+1 in winter).
const paris = (local: string) => new Date(`${local}+01:00`);

describe('checkDropOff', () => {
  it('allows a point of an allowed section at night, and says between which stops and from when', () => {
    const answer = checkDropOff(geometry, rules(), { ...east(1000), lat: LAT + 0.0001, at: paris('2026-12-02T23:00:00') });
    expect(answer).toMatchObject({
      allowed: true,
      from_time: '22:00',
      between: { from_stop: { stop_id: 'S2', name: 'Arrêt 2' }, to_stop: { stop_id: 'S3' } },
    });
    expect(answer.offset_m).toBe(11);
    expect(answer.snapped.lat).toBeCloseTo(LAT, 6);
  });

  it('keeps the service day past midnight: 01:30 on Thursday is Wednesday night', () => {
    const wednesdayOnly = { ...night, days: [false, false, true, false, false, false, false] };
    expect(
      checkDropOff(geometry, rules({ sections: [wednesdayOnly] }), { ...east(1000), at: paris('2026-12-03T01:30:00') }).allowed,
    ).toBe(true);
    // Thursday 23:00 is not Wednesday's service.
    const thursday = checkDropOff(geometry, rules({ sections: [wednesdayOnly] }), {
      ...east(1000),
      at: paris('2026-12-03T23:00:00'),
    });
    expect(thursday).toMatchObject({ allowed: false, reason: 'not_at_this_time' });
    expect(thursday.nearest_allowed).toBeUndefined();
  });

  it('before the hours, says from when it will be possible here', () => {
    expect(checkDropOff(geometry, rules(), { ...east(1000), at: paris('2026-12-02T15:00:00') })).toMatchObject({
      allowed: false,
      reason: 'too_early',
      from_time: '22:00',
    });
  });

  it('outside the allowed section, points to the nearest allowed place along the line', () => {
    const answer = checkDropOff(geometry, rules(), { ...east(600), at: paris('2026-12-02T23:00:00') });
    expect(answer).toMatchObject({ allowed: false, reason: 'section_not_allowed', between: { from_stop: { stop_id: 'S1' } } });
    // The section starts at S2 (800 m), and no drop-off within 50 m of a stop: 850 m.
    expect(answer.nearest_allowed).toMatchObject({
      between: { from_stop: { stop_id: 'S2' }, to_stop: { stop_id: 'S3' } },
      from_time: '22:00',
    });
    expect((answer.nearest_allowed!.lon - LON) / perMetreLon).toBeCloseTo(850, -1);
  });

  it('refuses too close to an official stop, and beyond the last stop', () => {
    const close = checkDropOff(geometry, rules(), { ...east(1220), at: paris('2026-12-02T23:00:00') });
    expect(close).toMatchObject({ allowed: false, reason: 'too_close_to_stop' });
    // The first point 50 m or more past S3 (1 200 m), found every 5 m from the asked point.
    const nearest = (close.nearest_allowed!.lon - LON) / perMetreLon;
    expect(nearest).toBeGreaterThanOrEqual(1249.9);
    expect(nearest).toBeLessThan(1255.1);
    const beyond = checkDropOff(geometry, rules({ sections: [{ ...night, toStopId: 'S5' }] }), {
      ...east(2300),
      at: paris('2026-12-02T23:00:00'),
    });
    expect(beyond).toMatchObject({ allowed: false, reason: 'outside_route' });
    expect(beyond.between).toBeUndefined();
  });

  it('refuses inside a forbidden zone, naming it, and finds the nearest point outside it', () => {
    const [a, b] = [east(1350), east(1450)];
    const roundabout = {
      name: 'Rond-point de la Gare',
      reason: 'roundabout' as const,
      geometry: {
        type: 'MultiPolygon' as const,
        coordinates: [
          [
            [
              [a.lon, LAT - 0.0005],
              [b.lon, LAT - 0.0005],
              [b.lon, LAT + 0.0005],
              [a.lon, LAT + 0.0005],
              [a.lon, LAT - 0.0005],
            ],
          ],
        ],
      },
    };
    const answer = checkDropOff(geometry, rules({ zones: [roundabout] }), { ...east(1420), at: paris('2026-12-02T23:00:00') });
    expect(answer).toMatchObject({
      allowed: false,
      reason: 'forbidden_zone',
      zone: { name: 'Rond-point de la Gare', reason: 'roundabout' },
    });
    expect((answer.nearest_allowed!.lon - LON) / perMetreLon).toBeCloseTo(1455, -1);
  });

  it('with no section for the line, refuses everywhere and has nothing nearer to offer', () => {
    const answer = checkDropOff(geometry, rules({ sections: [] }), { ...east(1000), at: paris('2026-12-02T23:00:00') });
    expect(answer).toMatchObject({ allowed: false, reason: 'section_not_allowed' });
    expect(answer.nearest_allowed).toBeUndefined();
  });
});
