import { describe, expect, it } from 'vitest';
import { changeBetween, combineCommunes, type PlaceSeries, targetProgress, type YearFigure } from './crime-figures.js';
import { protectOwnFigures } from './public-figures.js';

const year = (y: number, count: number | null, extra: Partial<YearFigure> = {}): YearFigure => ({
  year: y,
  count,
  rate: count === null ? null : count / 10,
  published: count !== null,
  departmentAverageRate: null,
  seriesBreakBefore: false,
  population: 10_000,
  ...extra,
});

const place = (code: string, years: YearFigure[]): PlaceSeries => ({ code, name: code, level: 'commune', years });

describe('recorded-crime arithmetic', () => {
  it('computes the change against the baseline from counts, and says why when it cannot', () => {
    const years = [year(2019, 200), year(2020, null), year(2024, 180), year(2025, 0)];
    expect(changeBetween(years, 2019, 2024)).toEqual({ kind: 'value', percent: -10, acrossBreak: false });
    // Unknown is never read as 0: no change is made up from it.
    expect(changeBetween(years, 2019, 2020)).toEqual({ kind: 'unknown' });
    expect(changeBetween(years, 2025, 2024)).toEqual({ kind: 'no-base' });
    expect(changeBetween(years, 2018, 2024)).toEqual({ kind: 'no-year' });
  });

  it('marks a change that crosses a series break, and only such a change', () => {
    const years = [year(2019, 100), year(2024, 110), year(2025, 90, { seriesBreakBefore: true })];
    expect(changeBetween(years, 2019, 2025)).toMatchObject({ acrossBreak: true, percent: -10 });
    expect(changeBetween(years, 2019, 2024)).toMatchObject({ acrossBreak: false, percent: 10 });
  });

  it('puts communes together by adding counts and recomputing the rate, never adding rates; one unknown makes the sum unknown', () => {
    const a = place('69001', [year(2024, 30, { rate: 3, population: 10_000 }), year(2025, null)]);
    const b = place('69002', [year(2024, 10, { rate: 0.5, population: 20_000 }), year(2025, 12, { population: 20_000 })]);
    const whole = combineCommunes([a, b], 'ensemble', 'Ensemble');
    expect(whole.years[0]).toMatchObject({ count: 40, rate: 1.33, published: true });
    expect(whole.years[0]!.rate).not.toBe(3.5);
    expect(whole.years[1]).toMatchObject({ count: null, rate: null, published: false });
  });

  it('follows a target from its baseline towards its goal', () => {
    const progress = targetProgress(
      [
        { year: 2019, value: 1000 },
        { year: 2024, value: 950 },
        { year: 2025, value: null },
      ],
      { baselineYear: 2019, targetYear: 2026, changePercent: -10, value: null },
    );
    expect(progress).toMatchObject({
      baseline: 1000,
      goal: 900,
      latest: 950,
      latestYear: 2024,
      changePercent: -5,
      achievedPercent: 50,
    });
  });
});

describe('public own figures', () => {
  const line = (key: string, option: string, values: number[]) => ({
    key: option ? `${key}:${option}` : key,
    sourceId: key,
    option,
    label: { fr: key, en: key },
    unit: { fr: 'signalements', en: 'reports' },
    page: '',
    values,
  });

  it('hides small counts, and a complement when a category would come back from the total', () => {
    const protectedLines = protectOwnFigures(
      [
        line('reports.received', '', [40, 3]),
        line('reports.received', 'tags', [30, 2]),
        line('reports.received', 'bruit', [10, 1]),
      ],
      5,
    );
    const cells = Object.fromEntries(protectedLines.map((p) => [p.line.key, p.cells]));
    expect(cells['reports.received:tags']![0]).toEqual({ kind: 'shown', value: 30 });
    expect(cells['reports.received:tags']![1]!.kind).toBe('suppressed');
    expect(cells['reports.received:bruit']![1]!.kind).toBe('suppressed');
    // The total of 3 is small too: hidden.
    expect(cells['reports.received']![1]!.kind).toBe('suppressed');
    expect(cells['reports.received']![0]).toEqual({ kind: 'shown', value: 40 });
  });
});
