import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProtectedCount } from '../../platform/privacy/small-numbers.js';
import type { LogRow } from './log-queries.js';
import { computeLogStatistics } from './log-statistics.js';
import { refusalReasons } from './tables.js';

const rowArb = fc.record({
  route_id: fc.constantFrom('N1', 'N2', 'N3'),
  service_date: fc.constantFrom('2026-09-04', '2026-10-09', '2026-10-10', '2026-11-20', '2026-11-21'),
  hour_band: fc.integer({ min: 18, max: 29 }),
  granted: fc.integer({ min: 0, max: 9 }),
  moved: fc.integer({ min: 0, max: 4 }),
  traffic: fc.integer({ min: 0, max: 3 }),
  other: fc.integer({ min: 0, max: 2 }),
});

type Generated = {
  route_id: string;
  service_date: string;
  hour_band: number;
  granted: number;
  moved: number;
  traffic: number;
  other: number;
};
const toRow = (r: Generated): LogRow => ({
  route_id: r.route_id,
  service_date: r.service_date,
  hour_band: r.hour_band,
  requests: r.granted + r.moved + r.traffic + r.other,
  granted: r.granted,
  moved: r.moved,
  refused: { traffic: r.traffic, other: r.other },
  recorded_at: new Date(),
});

const period = { from: '2025-12-01', until: '2026-11-25', k: 5 };
const same = (a: ProtectedCount, b: ProtectedCount) => expect(a).toEqual(b);

describe('the log’s statistics', () => {
  it('publish the same totals in every table (a total hidden in one is hidden in all), and never a count from 1 to k-1', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 25 }), (generated) => {
        const stats = computeLogStatistics(generated.map(toRow), period);
        const tables = [stats.byLine, stats.byMonth, stats.byWeekday, stats.byBand];
        for (const rows of tables) {
          if (rows.length === 0) continue;
          // Rebuild each table's column totals from what it shows: where all cells show, the sum must
          // be the overall figure, and an overall figure that is hidden must not be so recoverable.
          for (const j of [0, 1, 2]) {
            const column = rows.map((r) => r.counts[j]!);
            const overall = stats.overall.counts[j]!;
            if (column.every((c) => c.kind === 'shown')) {
              const total = column.reduce((a, c) => a + (c.kind === 'shown' ? c.value : 0), 0);
              expect(overall).toEqual({ kind: 'shown', value: total });
            }
          }
        }
        same(stats.refusedTotal, stats.overall.counts[2]!);
        for (const cell of [
          ...tables.flatMap((rows) => rows.flatMap((r) => [...r.counts, r.requests])),
          ...stats.reasons.map((r) => r.count),
        ])
          if (cell.kind === 'shown') expect(cell.value === 0 || cell.value >= 5).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('lists every month of the period, every weekday and every band, and the reasons in their order', () => {
    const stats = computeLogStatistics([], period);
    expect(stats.byMonth.map((m) => m.key)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(stats.byWeekday.map((d) => d.key)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(stats.byBand.map((b) => b.key)).toEqual(['18', '19', '20', '21', '22', '23', '24', '25', '26', '27', '28', '29']);
    expect(stats.reasons.map((r) => r.reason)).toEqual([...refusalReasons]);
    expect(stats.overall.letOff).toBeNull();
  });
});
