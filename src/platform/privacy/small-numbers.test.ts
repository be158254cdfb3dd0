import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import {
  formatProtected,
  type ProtectedCount,
  protectCount,
  protectSeries,
  protectTable,
  suppressionLegend,
} from './small-numbers.js';

const shown = (value: number): ProtectedCount => ({ kind: 'shown', value });
const hidden = (below = 5): ProtectedCount => ({ kind: 'suppressed', below });
const isHidden = (cell: ProtectedCount) => cell.kind === 'suppressed';

function rejection(run: () => unknown): { field: string | undefined; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('invalid_input');
    return { field: appError.details[0]?.field, message: appError.message };
  }
  throw new Error('expected a rejection');
}

describe('protectCount and formatProtected', () => {
  it('shows a count of 3 as « moins de 5 » / "fewer than 5"', () => {
    expect(protectCount(3)).toEqual(hidden(5));
    expect(formatProtected(protectCount(3), 'fr')).toBe('moins de 5');
    expect(formatProtected(protectCount(3), 'en')).toBe('fewer than 5');
    expect(formatProtected(protectCount(5), 'fr')).toBe('5');
  });

  it('lets a tenant raise k to 10', () => {
    expect(protectCount(7, 10)).toEqual(hidden(10));
    expect(formatProtected(protectCount(9, 10), 'fr')).toBe('moins de 10');
    expect(protectCount(10, 10)).toEqual(shown(10));
  });

  it('shows zero: it concerns nobody', () => {
    expect(protectCount(0)).toEqual(shown(0));
    expect(formatProtected(protectCount(0), 'fr')).toBe('0');
  });

  it('refuses to lower k, or a k that is not a whole number', () => {
    expect(rejection(() => protectCount(3, 4)).field).toBe('k');
    expect(rejection(() => protectCount(3, 5.5)).field).toBe('k');
    expect(rejection(() => protectTable([[1]], 0)).field).toBe('k');
    expect(rejection(() => protectSeries([1], Number.NaN)).field).toBe('k');
  });

  it('names the figure that is not a count', () => {
    expect(rejection(() => protectCount(-1)).field).toBe('count');
    expect(rejection(() => protectCount(2.5)).field).toBe('count');
    expect(rejection(() => protectSeries([4, -2])).field).toBe('counts[1]');
    expect(
      rejection(() =>
        protectTable([
          [1, 2],
          [3, Number.NaN],
        ]),
      ).field,
    ).toBe('cells[1][1]');
    expect(rejection(() => protectTable([[1, 2], [3]]))).toEqual({
      field: 'cells[1]',
      message: 'cells[1]: has 1 columns, expected 2 like row 0',
    });
  });
});

describe('protectTable', () => {
  it('hides a small cell and complements in its row and column', () => {
    const table = protectTable([
      [3, 20, 30],
      [12, 40, 50],
    ]);
    expect(table.cells).toEqual([
      [hidden(), hidden(), shown(30)],
      [hidden(), hidden(), shown(50)],
    ]);
    expect(table.totals).toEqual({
      rows: [shown(53), shown(102)],
      columns: [shown(15), shown(60), shown(80)],
      grand: shown(155),
    });
  });

  it('hides a total under k and what would give it back', () => {
    const table = protectTable([
      [1, 2],
      [10, 20],
    ]);
    expect(table.totals?.rows[0]).toEqual(hidden());
    expect(table.totals?.rows.filter(isHidden).length).not.toBe(1);
  });

  it('goes beyond two per line when hidden cells could only be 1s', () => {
    // Two-per-line is met by the four 1s alone, yet each row would then hide two figures summing
    // to 2: both are 1, since a hidden figure is never 0.
    const table = protectTable([
      [1, 1, 50],
      [1, 1, 50],
      [50, 50, 50],
    ]);
    const cells = table.cells.flat();
    expect(cells.filter(isHidden).length).toBeGreaterThan(4);
  });

  it('publishes no totals when asked, and then only hides the small counts', () => {
    expect(protectTable([[3, 20]], 5, { totals: false })).toEqual({ cells: [[hidden(), shown(20)]] });
  });

  it('accepts an empty table', () => {
    expect(protectTable([]).totals?.grand).toEqual(shown(0));
  });
});

describe('protectSeries', () => {
  it('hides a small count and the smallest other one', () => {
    expect(protectSeries([3, 10, 20, 0])).toEqual({ counts: [hidden(), hidden(), shown(20), shown(0)], total: shown(33) });
  });

  it('hides more when the hidden counts could only be 1s', () => {
    // Hiding just the two 1s would publish "two hidden counts, 7 - 5 = 2 between them": both are 1.
    expect(protectSeries([1, 1, 5]).counts).toEqual([hidden(), hidden(), hidden()]);
  });

  it('hides a small total', () => {
    expect(protectSeries([0, 2, 0])).toEqual({ counts: [shown(0), hidden(), shown(0)], total: hidden() });
  });
});

// ---- Properties ----

const kArb = fc.integer({ min: 5, max: 10 });
const countArb = (max: number) => fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max }));
const tableArb = (size: number, max: number) =>
  fc
    .tuple(fc.integer({ min: 1, max: size }), fc.integer({ min: 1, max: size }))
    .chain(([rows, columns]) =>
      fc.array(fc.array(countArb(max), { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
    );

const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

/** Each published line: its items (cells, then the total), with their true values. */
function lines(cells: number[][], result: ReturnType<typeof protectTable>) {
  const totals = result.totals!;
  const columns = cells[0]!.map((_, j) => cells.map((row) => row[j]!));
  return [
    ...cells.map((row, i) => ({ values: [...row, sum(row)], items: [...result.cells[i]!, totals.rows[i]!] })),
    ...columns.map((column, j) => ({
      values: [...column, sum(column)],
      items: [...result.cells.map((row) => row[j]!), totals.columns[j]!],
    })),
    { values: [...cells.map(sum), sum(cells.flat())], items: [...totals.rows, totals.grand] },
    { values: [...columns.map(sum), sum(cells.flat())], items: [...totals.columns, totals.grand] },
  ];
}

describe('small-number properties', () => {
  it('never shows 1..k-1, keeps shown figures exact, never leaves one hidden figure alone in a line', () => {
    fc.assert(
      fc.property(tableArb(6, 30), kArb, (cells, k) => {
        for (const { values, items } of lines(cells, protectTable(cells, k))) {
          items.forEach((item, i) => {
            if (item.kind === 'shown') expect(item.value).toBe(values[i]);
            else expect(item.below).toBe(k);
            if (values[i]! > 0 && values[i]! < k) expect(item.kind).toBe('suppressed');
            if (values[i] === 0) expect(item.kind).toBe('shown');
          });
          // With its total published (the last item), a line cannot hide exactly one cell; counting
          // the total, a line never hides exactly one figure.
          expect(items.filter(isHidden).length).not.toBe(1);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('does the same for a series', () => {
    fc.assert(
      fc.property(fc.array(countArb(30), { maxLength: 8 }), kArb, (counts, k) => {
        const result = protectSeries(counts, k);
        const items = [...result.counts, result.total];
        [...counts, sum(counts)].forEach((value, i) => {
          const item = items[i]!;
          if (item.kind === 'shown') expect(item.value).toBe(value);
          if (value > 0 && value < k) expect(item.kind).toBe('suppressed');
        });
        expect(items.filter(isHidden).length).not.toBe(1);
      }),
      { numRuns: 200 },
    );
  });
});

// ---- Brute force: what an attacker can work out ----

/**
 * The attacker sees the shown figures, the published totals and which figures are hidden. They
 * cannot tell a small count from a complement, but they know zero is always shown: every hidden
 * figure is at least 1 (a stricter assumption than "at least 0", so passing here passes there).
 * Unknowns are the hidden cells; each published total is an equation on them; each hidden total is
 * a derived figure, itself at least 1.
 */
interface Problem {
  truth: number[];
  equations: { vars: number[]; sum: number }[];
  derived: { vars: number[]; offset: number; truth: number }[];
  bound: number;
}

/** Whether some assignment consistent with what is published makes `differs` true. */
function another(problem: Problem, differs: (x: number[]) => boolean, notTruthAt = -1): boolean {
  const { truth, equations, derived, bound } = problem;
  const x = truth.map(() => 0);
  const partial = (vars: number[], upTo: number) => sum(vars.filter((v) => v <= upTo).map((v) => x[v]!));
  let budget = 1_000_000;
  const search = (at: number): boolean => {
    if (--budget < 0) throw new Error('brute force: search budget exceeded');
    if (at === x.length) return derived.every((d) => d.offset + partial(d.vars, at) >= 1) && differs(x);
    // Nearest the truth first: a different table, if any, is usually a step away.
    const values = Array.from({ length: 2 * bound + 1 }, (_, i) => truth[at]! + (i % 2 ? (i + 1) / 2 : -i / 2)).filter(
      (v) => v >= 1 && v <= bound && !(at === notTruthAt && v === truth[at]),
    );
    for (const value of values) {
      x[at] = value;
      const fits = equations.every(({ vars, sum: total }) => {
        if (!vars.includes(at)) return true;
        const left = vars.filter((v) => v > at).length;
        const sofar = partial(vars, at);
        return left === 0 ? sofar === total : sofar + left <= total;
      });
      if (fits && search(at + 1)) return true;
    }
    return false;
  };
  if (equations.some((eq) => eq.vars.length === 0 && eq.sum !== 0)) return false;
  return search(0);
}

/** The hidden figures an attacker could recover exactly, by their names. */
function recoverable(problem: Problem, names: string[]): string[] {
  const found: string[] = [];
  problem.truth.forEach((_, i) => {
    if (!another(problem, () => true, i)) found.push(names[i]!);
  });
  problem.derived.forEach((d, i) => {
    if (!another(problem, (x) => d.offset + sum(d.vars.map((v) => x[v]!)) !== d.truth)) found.push(`derived ${i}`);
  });
  return found;
}

function tableProblem(cells: number[][], result: ReturnType<typeof protectTable>) {
  const names: string[] = [];
  const index = new Map<string, number>();
  const truth: number[] = [];
  for (const [i, row] of cells.entries()) {
    for (const [j, n] of row.entries()) {
      if (!isHidden(result.cells[i]![j]!)) continue;
      index.set(`${i},${j}`, truth.length);
      names.push(`cells[${i}][${j}]`);
      truth.push(n);
    }
  }
  const problem: Problem = { truth, equations: [], derived: [], bound: sum(cells.flat()) + 1 };
  const line = (positions: [number, number][], total: ProtectedCount, value: number) => {
    const vars = positions.flatMap(([i, j]) => (index.has(`${i},${j}`) ? [index.get(`${i},${j}`)!] : []));
    const offset = sum(positions.filter(([i, j]) => !index.has(`${i},${j}`)).map(([i, j]) => cells[i]![j]!));
    if (total.kind === 'shown') problem.equations.push({ vars, sum: total.value - offset });
    else problem.derived.push({ vars, offset, truth: value });
  };
  const all = cells.flatMap((row, i) => row.map((_, j): [number, number] => [i, j]));
  const totals = result.totals!;
  for (const [i, row] of cells.entries())
    line(
      all.filter(([r]) => r === i),
      totals.rows[i]!,
      sum(row),
    );
  for (const j of cells[0]!.keys())
    line(
      all.filter(([, c]) => c === j),
      totals.columns[j]!,
      sum(cells.map((row) => row[j]!)),
    );
  line(all, totals.grand, sum(cells.flat()));
  return { problem, names };
}

describe('linked tables (alsoHide)', () => {
  it('hides a column total another table hid, and enough besides that it cannot be worked out', () => {
    const cells = [
      [20, 30, 40],
      [25, 35, 45],
    ];
    // Alone, nothing is small: everything shows.
    expect(
      protectTable(cells)
        .cells.flat()
        .every((c) => !isHidden(c)),
    ).toBe(true);
    const linked = protectTable(cells, 5, { alsoHide: { columnTotals: [false, true, false] } });
    expect(linked.totals?.columns[1]).toEqual(hidden());
    const { problem, names } = tableProblem(cells, linked);
    expect(recoverable(problem, names)).toEqual([]);
    // The hidden total is derived from the grand total minus the others unless more is hidden.
    expect([...linked.totals!.columns, linked.totals!.grand].filter(isHidden).length).toBeGreaterThan(1);
  });

  it('never hides a zero total, even when asked', () => {
    expect(protectTable([[0, 7]], 5, { alsoHide: { columnTotals: [true, false] } }).totals?.columns[0]).toEqual(shown(0));
  });
});

describe('no hidden figure can be recovered', () => {
  it('in small tables, by brute force over every table consistent with what is published', () => {
    fc.assert(
      fc.property(tableArb(3, 12), kArb, (cells, k) => {
        const { problem, names } = tableProblem(cells, protectTable(cells, k));
        expect(recoverable(problem, names)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('in a series with its total, by brute force', () => {
    fc.assert(
      fc.property(fc.array(countArb(12), { maxLength: 6 }), kArb, (counts, k) => {
        const result = protectSeries(counts, k);
        const vars = counts.flatMap((_, i) => (isHidden(result.counts[i]!) ? [i] : []));
        const truth = vars.map((i) => counts[i]!);
        const offset = sum(counts.filter((_, i) => !isHidden(result.counts[i]!)));
        const unknowns = truth.map((_, v) => v);
        const problem: Problem = {
          truth,
          bound: sum(counts) + 1,
          equations: result.total.kind === 'shown' ? [{ vars: unknowns, sum: result.total.value - offset }] : [],
          derived: result.total.kind === 'shown' ? [] : [{ vars: unknowns, offset, truth: sum(counts) }],
        };
        expect(
          recoverable(
            problem,
            vars.map((i) => `counts[${i}]`),
          ),
        ).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('catches a recoverable cell when one is left (the check itself works)', () => {
    // Row [3, 20] with total 23 published and only the 3 hidden: 23 - 20 gives it back.
    const problem: Problem = { truth: [3], equations: [{ vars: [0], sum: 3 }], derived: [], bound: 24 };
    expect(recoverable(problem, ['the 3'])).toEqual(['the 3']);
    // Two hidden 1s summing to a published 2 are both 1.
    const ones: Problem = { truth: [1, 1], equations: [{ vars: [0, 1], sum: 2 }], derived: [], bound: 3 };
    expect(recoverable(ones, ['a', 'b'])).toEqual(['a', 'b']);
  });
});

describe('display in tables', () => {
  it('shows every hidden figure of a table alike, with a legend that says why', () => {
    const table = protectTable([
      [3, 40],
      [50, 60],
    ]);
    const texts = table.cells.flat().map((cell) => formatProtected(cell, 'fr', { inTable: true }));
    expect(texts.filter((x) => x === 'secret stat.').length).toBeGreaterThanOrEqual(2);
    expect(texts.every((x) => x === 'secret stat.' || /^\d+$/.test(x))).toBe(true);
    expect(suppressionLegend('fr', 5)).toContain('moins de 5');
    expect(formatProtected(protectCount(3), 'en')).toBe('fewer than 5');
  });
});
