import { describe, expect, it } from 'vitest';
import { readOrderInput } from './order-input.js';
import { appliesAt, hoursText, localMoment, type OrderTimeRule } from './order-time.js';
import { fromWallClock } from './wall-time.js';

const ZONE = 'Europe/Paris';
const prefect: OrderTimeRule = {
  publishedOn: '2025-11-15',
  withdrawnOn: null,
  validFrom: '2025-11-15',
  validUntil: '2026-05-15',
  hoursStart: 18 * 60,
  hoursEnd: 8 * 60,
  days: [true, true, true, true, true, true, true],
};
const at = (iso: string) => appliesAt(prefect, localMoment(new Date(iso), ZONE));

describe('when an order applies', () => {
  it('runs 18:00–08:00 across midnight, in the tenant’s zone, summer time included', () => {
    expect(at('2026-03-10T17:59:00+01:00')).toBe(false);
    expect(at('2026-03-10T18:00:00+01:00')).toBe(true);
    expect(at('2026-03-11T07:59:00+01:00')).toBe(true);
    expect(at('2026-03-11T08:00:00+01:00')).toBe(false);
    // 16:30 UTC is 18:30 in Paris in April (UTC+2): already in force.
    expect(at('2026-04-10T16:30:00Z')).toBe(true);
  });

  it('applies only once published, within its validity, and not after its withdrawal', () => {
    expect(at('2025-11-14T23:00:00+01:00')).toBe(false);
    expect(at('2026-05-15T23:00:00+02:00')).toBe(true);
    expect(at('2026-05-16T23:00:00+02:00')).toBe(false);
    expect(appliesAt({ ...prefect, publishedOn: null }, localMoment(new Date('2026-03-10T23:00:00+01:00'), ZONE))).toBe(false);
    expect(appliesAt({ ...prefect, withdrawnOn: '2026-03-01' }, localMoment(new Date('2026-03-10T23:00:00+01:00'), ZONE))).toBe(
      false,
    );
  });

  it('counts a night by the day it starts: Friday and Saturday nights run into Saturday and Sunday mornings', () => {
    const weekend = { ...prefect, days: [false, false, false, false, true, true, false] };
    const on = (iso: string) => appliesAt(weekend, localMoment(new Date(iso), ZONE));
    expect(on('2026-03-13T23:00:00+01:00')).toBe(true); // Friday evening
    expect(on('2026-03-15T03:00:00+01:00')).toBe(true); // Sunday morning, Saturday's night
    expect(on('2026-03-16T03:00:00+01:00')).toBe(false); // Monday morning, Sunday's night: not listed
    expect(hoursText({ hoursStart: weekend.hoursStart, hoursEnd: weekend.hoursEnd, days: weekend.days })).toBe(
      'Fr,Sa 18:00-08:00',
    );
  });

  it('reads a typed wall-clock time in the tenant’s zone', () => {
    expect(fromWallClock('2026-03-10T23:00', ZONE)?.toISOString()).toBe('2026-03-10T22:00:00.000Z');
    expect(fromWallClock('2026-07-10T23:00', ZONE)?.toISOString()).toBe('2026-07-10T21:00:00.000Z');
    expect(fromWallClock('2026-02-30T23:00', ZONE)).toBeUndefined();
    expect(fromWallClock('hier', ZONE)).toBeUndefined();
  });
});

describe('an order’s fields', () => {
  const good = {
    number: 'A-1',
    title: 'Arrêté de test',
    author: 'mayor',
    subject: 'nitrous_oxide',
    prohibitions: ['possession'],
    summaryFr: 'Un résumé suffisamment long.',
    signedOn: '2026-01-10',
    validFrom: '2026-01-10',
  };
  const fieldsOf = (input: Partial<typeof good> & Record<string, unknown>) => {
    try {
      readOrderInput({ ...good, ...input } as never);
      return [];
    } catch (error) {
      return (error as { details: { field: string }[] }).details.map((d) => d.field);
    }
  };

  it('names each wrong field at once', () => {
    expect(fieldsOf({})).toEqual([]);
    expect(fieldsOf({ validUntil: '2026-01-01' })).toEqual(['validUntil']);
    expect(fieldsOf({ hoursStart: '18h00', hoursEnd: '8:61' })).toEqual(['hoursEnd']);
    expect(fieldsOf({ hoursStart: '18:00', hoursEnd: '18:00' })).toEqual(['hoursEnd']);
    expect(fieldsOf({ prohibitions: [], author: 'king', signedOn: '2026-02-30' })).toEqual([
      'author',
      'prohibitions',
      'signedOn',
    ]);
    expect(fieldsOf({ perimeter: '{"type":"Point","coordinates":[6,48]}' })).toEqual(['perimeter']);
    expect(fieldsOf({ perimeter: 'not json' })).toEqual(['perimeter']);
    expect(fieldsOf({ author: 'prefect', sentToPrefectOn: '2026-01-11' })).toEqual(['sentToPrefectOn']);
  });
});
