import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, checkOpeningHours, OpeningSchedule, wallClock } from './opening-schedule.js';

// Europe/Paris in 2026: CET (UTC+1) until 2026-03-29T01:00Z, CEST (UTC+2) until 2026-10-25T01:00Z, then CET.
const ZONE = 'Europe/Paris';
const at = (iso: string) => new Date(iso);
const schedule = (hours: string, from: string) => new OpeningSchedule(hours, ZONE, at(from));

describe('checkOpeningHours', () => {
  it('accepts a valid value, with the warnings of a value the library accepts only with warnings', () => {
    expect(checkOpeningHours('Mo-Sa 09:00-19:00')).toEqual({ ok: true, warnings: [] });
    const loose = checkOpeningHours('Mo-Fr 9-18', 'en');
    expect(loose.ok).toBe(true);
    expect(loose.ok && loose.warnings).toEqual([expect.stringContaining('"09:00-18:00"')]);
  });

  it("refuses invalid values with the library's own message, in French by default", () => {
    expect(checkOpeningHours('Mo-Fr 25:00-26:00', 'en')).toEqual({
      ok: false,
      message: expect.stringContaining('Time range starts outside of the current day'),
    });
    expect(checkOpeningHours('Mo-Fr 25:00-26:00')).toEqual({
      ok: false,
      message: expect.stringContaining('La plage horaire commence en dehors du jour actuel'),
    });
    expect(checkOpeningHours('nonsense', 'en')).toEqual({ ok: false, message: expect.stringContaining('Unexpected token') });
    expect(checkOpeningHours('', 'en')).toEqual({
      ok: false,
      message: 'The value contains nothing meaningful which can be parsed.',
    });
  });

  it('refuses sun times, but not the word in a comment', () => {
    expect(checkOpeningHours('sunrise-sunset', 'en')).toEqual({ ok: false, message: expect.stringContaining('not supported') });
    expect(checkOpeningHours('Mo-Fr 08:00-18:00 open "closes at sunset in winter"').ok).toBe(true);
  });

  it('refuses school holidays (none are known for France) with what to write instead', () => {
    expect(checkOpeningHours('Mo-Fr 08:00-12:00; SH off')).toEqual({
      ok: false,
      message:
        'Les vacances scolaires (SH) ne sont pas prises en charge : indiquez les dates, par exemple « Jul 06-Aug 31 off ».',
    });
    expect(checkOpeningHours('Mo-Fr 08:00-12:00; Jul 06-Aug 31 off').ok).toBe(true);
  });

  it('makes the schedule refuse what the check refuses', () => {
    expect(() => schedule('nonsense', '2026-03-02T06:00:00Z')).toThrow(/Unexpected token/);
  });
});

// The library reads Dates in the process zone: every answer must be the same whatever that zone is.
// Node applies a change of process.env.TZ at once; this file runs in its own worker process.
const PROCESS_ZONES = { UTC: 0, 'America/New_York': 240, 'Asia/Tokyo': -540, 'Europe/Paris': -120 };

describe.each(Object.entries(PROCESS_ZONES))('with the process in %s', (processZone, julyOffset) => {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = processZone;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('really runs in that zone', () => {
    expect(at('2026-07-01T00:00:00Z').getTimezoneOffset()).toBe(julyOffset);
  });

  it('reads the tenant wall clock, the repeated autumn hour included', () => {
    expect(wallClock(at('2026-03-29T00:30:00Z'), ZONE)).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(wallClock(at('2026-03-29T01:30:00Z'), ZONE)).toBe(Date.UTC(2026, 2, 29, 3, 30));
    expect(wallClock(at('2026-10-25T00:30:00Z'), ZONE)).toBe(Date.UTC(2026, 9, 25, 2, 30));
    expect(wallClock(at('2026-10-25T01:30:00Z'), ZONE)).toBe(Date.UTC(2026, 9, 25, 2, 30));
    expect(wallClock(at('2026-12-31T23:00:00.250Z'), ZONE)).toBe(Date.UTC(2027, 0, 1, 0, 0, 0, 250));
  });

  it('Mo-Sa 09:00-19:00: open Tuesday 10:00, closed 19:30 and on Sunday', () => {
    const s = schedule('Mo-Sa 09:00-19:00', '2026-03-02T06:00:00Z'); // Monday 07:00 CET
    expect(s.isOpenAt(at('2026-03-03T09:00:00Z'))).toBe(true); // Tue 10:00
    expect(s.openUntil(at('2026-03-03T09:00:00Z'))).toEqual({ wall: Date.UTC(2026, 2, 3, 19, 0), label: '19:00' });
    expect(s.isOpenAt(at('2026-03-03T18:30:00Z'))).toBe(false); // Tue 19:30
    expect(s.openUntil(at('2026-03-03T18:30:00Z'))).toBeUndefined();
    expect(s.isOpenAt(at('2026-03-08T11:00:00Z'))).toBe(false); // Sun 12:00
  });

  it('« ferme dans 10 min »', () => {
    const s = schedule('Mo-Sa 09:00-19:00', '2026-03-02T06:00:00Z');
    expect(s.minutesUntilClose(at('2026-03-03T17:50:00Z'))).toBe(10); // Tue 18:50
    expect(s.minutesUntilClose(at('2026-03-03T17:50:30Z'))).toBe(9); // rounded down: never later than the shutter
    expect(s.minutesUntilClose(at('2026-03-03T18:30:00Z'))).toBeUndefined();
  });

  it('after midnight: Fr 18:00-02:00 is open on Saturday 01:30 and closes at 02:00', () => {
    const s = schedule('Fr 18:00-02:00', '2026-03-06T08:00:00Z'); // Friday 09:00 CET
    expect(s.isOpenAt(at('2026-03-06T16:30:00Z'))).toBe(false); // Fri 17:30
    expect(s.openUntil(at('2026-03-06T22:00:00Z'))?.label).toBe('02:00'); // Fri 23:00
    expect(s.isOpenAt(at('2026-03-07T00:30:00Z'))).toBe(true); // Sat 01:30
    expect(s.isOpenAt(at('2026-03-07T01:30:00Z'))).toBe(false); // Sat 02:30
  });

  it('merges touching intervals: Fr 18:00-24:00; Sa 00:00-02:00 closes at 02:00', () => {
    const s = schedule('Fr 18:00-24:00; Sa 00:00-02:00', '2026-03-06T08:00:00Z');
    expect(s.openUntil(at('2026-03-06T22:00:00Z'))).toEqual({ wall: Date.UTC(2026, 2, 7, 2, 0), label: '02:00' });
    expect(s.minutesUntilClose(at('2026-03-06T22:00:00Z'))).toBe(180);
  });

  it('DST: Mo-Su 08:00-20:00 on the Sundays of both changes', () => {
    const spring = schedule('Mo-Su 08:00-20:00', '2026-03-27T12:00:00Z');
    expect(spring.isOpenAt(at('2026-03-28T07:30:00Z'))).toBe(true); // Sat 08:30 CET
    expect(spring.isOpenAt(at('2026-03-29T06:30:00Z'))).toBe(true); // Sun 08:30 CEST
    expect(spring.isOpenAt(at('2026-03-29T05:30:00Z'))).toBe(false); // Sun 07:30 CEST
    const autumn = schedule('Mo-Su 08:00-20:00', '2026-10-23T12:00:00Z');
    expect(autumn.isOpenAt(at('2026-10-25T07:30:00Z'))).toBe(true); // Sun 08:30 CET
    expect(autumn.isOpenAt(at('2026-10-25T06:30:00Z'))).toBe(false); // Sun 07:30 CET
    expect(autumn.isOpenAt(at('2026-10-25T18:30:00Z'))).toBe(true); // Sun 19:30 CET
    expect(autumn.isOpenAt(at('2026-10-25T19:30:00Z'))).toBe(false); // Sun 20:30 CET
  });

  it('DST: Sa 22:00-04:00 across the autumn night, open during both 02:30s', () => {
    const s = schedule('Sa 22:00-04:00', '2026-10-23T12:00:00Z');
    expect(s.isOpenAt(at('2026-10-24T19:30:00Z'))).toBe(false); // 21:30 CEST
    expect(s.isOpenAt(at('2026-10-24T20:00:00Z'))).toBe(true); // 22:00 CEST
    expect(s.isOpenAt(at('2026-10-24T23:30:00Z'))).toBe(true); // 01:30 CEST
    expect(s.isOpenAt(at('2026-10-25T00:30:00Z'))).toBe(true); // 02:30 CEST, first time
    expect(s.isOpenAt(at('2026-10-25T01:30:00Z'))).toBe(true); // 02:30 CET, second time
    expect(s.isOpenAt(at('2026-10-25T02:59:00Z'))).toBe(true); // 03:59 CET
    expect(s.isOpenAt(at('2026-10-25T03:00:00Z'))).toBe(false); // 04:00 CET
    expect(s.openUntil(at('2026-10-25T00:30:00Z'))?.label).toBe('04:00');
    // 02:30 CEST → 04:00 CET (03:00Z) is 150 real minutes, though the wall clock shows 90.
    expect(s.minutesUntilClose(at('2026-10-25T00:30:00Z'))).toBe(150);
  });

  it('DST: Sa 22:00-04:00 across the spring night counts real minutes', () => {
    const s = schedule('Sa 22:00-04:00', '2026-03-27T12:00:00Z');
    // 01:30 CET (00:30Z) → 04:00 CEST (02:00Z) is 90 real minutes, though the wall clock shows 150.
    expect(s.minutesUntilClose(at('2026-03-29T00:30:00Z'))).toBe(90);
    expect(s.isOpenAt(at('2026-03-29T01:59:00Z'))).toBe(true); // 03:59 CEST
    expect(s.isOpenAt(at('2026-03-29T02:00:00Z'))).toBe(false); // 04:00 CEST
  });

  it('French public holidays: closed on 14 July and 25 December, open on 13 July', () => {
    const july = schedule('Mo-Su 10:00-18:00; PH off', '2026-07-12T12:00:00Z');
    expect(july.isOpenAt(at('2026-07-13T10:00:00Z'))).toBe(true); // 13 July 12:00 CEST
    expect(july.isOpenAt(at('2026-07-14T10:00:00Z'))).toBe(false); // 14 July 12:00 CEST
    expect(july.nextOpening(at('2026-07-14T10:00:00Z'))).toEqual({
      wall: Date.UTC(2026, 6, 15, 10, 0),
      label: '10:00',
      day: '2026-07-15',
    });
    const december = schedule('Mo-Su 10:00-18:00; PH off', '2026-12-20T12:00:00Z');
    expect(december.isOpenAt(at('2026-12-24T11:00:00Z'))).toBe(true); // 24 Dec 12:00 CET
    expect(december.isOpenAt(at('2026-12-25T11:00:00Z'))).toBe(false); // 25 Dec 12:00 CET
  });

  it('24/7: always open, with no closing time', () => {
    const s = schedule('24/7', '2026-03-25T12:00:00Z');
    for (const iso of ['2026-03-25T12:00:00Z', '2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', '2026-04-01T23:59:00Z']) {
      expect(s.isOpenAt(at(iso))).toBe(true);
    }
    expect(s.openUntil(at('2026-03-29T01:30:00Z'))).toEqual({ wall: Number.POSITIVE_INFINITY, label: ALWAYS_OPEN });
    expect(s.minutesUntilClose(at('2026-03-29T01:30:00Z'))).toBe(Number.POSITIVE_INFINITY);
    expect(s.nextOpening(at('2026-03-29T01:30:00Z'))).toBeUndefined();
  });

  it('nextOpening: Tu-Sa 10:00-19:00 on a Monday morning gives Tuesday 10:00', () => {
    const s = schedule('Tu-Sa 10:00-19:00', '2026-03-02T06:00:00Z');
    expect(s.nextOpening(at('2026-03-02T08:00:00Z'))).toEqual({
      wall: Date.UTC(2026, 2, 3, 10, 0),
      label: '10:00',
      day: '2026-03-03',
    });
    // Saturday evening: the next Tuesday, still within the window.
    expect(s.nextOpening(at('2026-03-07T19:00:00Z'))?.day).toBe('2026-03-10');
  });

  it('counts "unknown" hours (a bare comment) as closed', () => {
    expect(schedule('Mo-Fr 09:00-18:00 "sur rendez-vous"', '2026-03-02T06:00:00Z').isOpenAt(at('2026-03-03T09:00:00Z'))).toBe(
      false,
    );
    expect(schedule('Mo-Fr 09:00-18:00 open "sonner"', '2026-03-02T06:00:00Z').isOpenAt(at('2026-03-03T09:00:00Z'))).toBe(true);
  });

  it('tells until when it can answer, and refuses to guess beyond', () => {
    const s = schedule('Mo-Sa 09:00-19:00', '2026-03-02T06:00:00Z');
    expect(s.coversUntil()).toEqual(at('2026-03-10T06:00:00Z'));
    expect(s.isOpenAt(at('2026-03-01T06:00:00Z'))).toBe(false); // from − 1 day: Sunday
    expect(() => s.isOpenAt(at('2026-03-14T09:00:00Z'))).toThrow(RangeError);
  });
});
