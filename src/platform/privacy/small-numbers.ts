/**
 * The one small-number helper (DESIGN.md, Conventions → Privacy). Every public or partner-facing
 * figure goes through it, so that nobody can be singled out by a count such as "2 reports in this
 * street": a count under k is not shown, and other figures are hidden too when a published total
 * would otherwise give the small one back by subtraction.
 *
 * Zero is shown. A true zero concerns nobody, "nothing was reported here" is useful to residents,
 * and it is the French statistical convention (secret statistique on 1..k-1). Zero is never hidden
 * either, not even as a complement: a hidden 0 is pinned by non-negativity and would help recover
 * its neighbours. The price is that a reader knows every hidden figure is at least 1; the
 * recovery check below takes that into account.
 */
import { invalidInput } from '../errors.js';
import type { Lang } from '../i18n/i18n.js';

/** The floor set by DESIGN.md: a tenant may raise k, never lower it. */
export const MIN_K = 5;

/**
 * `below` is the k in force. Complements carry it too: if a reader could tell them from small
 * counts, knowing "this one is at least k" would narrow both down.
 */
export type ProtectedCount = { kind: 'shown'; value: number } | { kind: 'suppressed'; below: number };

export interface ProtectedTable {
  cells: ProtectedCount[][];
  /** Absent with `totals: false`, when the caller publishes no total at all. */
  totals?: { rows: ProtectedCount[]; columns: ProtectedCount[]; grand: ProtectedCount };
}

export interface ProtectedSeries {
  counts: ProtectedCount[];
  total: ProtectedCount;
}

export function protectCount(n: number, k = MIN_K): ProtectedCount {
  checkK(k);
  checkCount(n, 'count');
  return n > 0 && n < k ? { kind: 'suppressed', below: k } : { kind: 'shown', value: n };
}

/**
 * Protects a rows × columns table whose row, column and grand totals are published too (unless
 * `totals: false`). Hidden cells all look alike, so a reader cannot tell a small count from a
 * complement.
 */
export function protectTable(
  cells: readonly (readonly number[])[],
  k = MIN_K,
  options: {
    totals?: boolean;
    /**
     * Totals that another published table hides (linked tables sharing a margin): hidden here too,
     * and protected like the rest, or the other table's complement could be worked out from this one.
     */
    alsoHide?: { columnTotals?: readonly boolean[]; grand?: boolean };
  } = {},
): ProtectedTable {
  checkK(k);
  if (!Array.isArray(cells as unknown)) throw invalidInput('cells', 'must be an array of rows');
  for (const [i, row] of cells.entries()) {
    checkCounts(row, `cells[${i}]`);
    if (row.length !== cells[0]!.length)
      throw invalidInput(`cells[${i}]`, `has ${row.length} columns, expected ${cells[0]!.length} like row 0`);
  }
  const show = (n: number, hidden: boolean): ProtectedCount =>
    hidden ? { kind: 'suppressed', below: k } : { kind: 'shown', value: n };
  // Without published totals there is nothing to subtract from: hiding the small counts is enough.
  if (options.totals === false) return { cells: cells.map((row) => row.map((n) => show(n, n > 0 && n < k))) };

  // One grid with the totals as an extra row and column: item [r][c] is the total of row r when c is
  // the last column, and so on, so that totals are protected by the same rules as cells.
  const sum = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0);
  const rows = cells.map((row) => [...row, sum(row)]);
  const grid = [...rows, rows.length ? rows[0]!.map((_, j) => sum(rows.map((row) => row[j]!))) : [0]];
  const forced = grid.map((row, r) =>
    row.map((_, c) =>
      r === grid.length - 1
        ? c === row.length - 1
          ? options.alsoHide?.grand === true
          : options.alsoHide?.columnTotals?.[c] === true
        : false,
    ),
  );
  const hidden = suppress(grid, k, forced);
  const out = grid.map((row, r) => row.map((n, c) => show(n, hidden[r]![c]!)));
  const last = out.pop()!;
  return {
    cells: out.map((row) => row.slice(0, -1)),
    totals: { rows: out.map((row) => row.at(-1)!), columns: last.slice(0, -1), grand: last.at(-1)! },
  };
}

/**
 * A list of counts with its published total. It is the one-row table: each column total equals
 * its cell, so the extra equations tell an attacker nothing new and the same rules apply.
 */
export function protectSeries(counts: readonly number[], k = MIN_K): ProtectedSeries {
  checkCounts(counts, 'counts');
  const table = protectTable([counts], k);
  return { counts: table.cells[0]!, total: table.totals!.rows[0]! };
}

/**
 * A lone figure under k reads « moins de 5 ». In a table or series, every
 * hidden figure must look the same (a complement may be large; telling it apart
 * would narrow down the small ones), so they read « secret stat. », explained by
 * suppressionLegend() under the table.
 */
export function formatProtected(cell: ProtectedCount, lang: Lang, options: { inTable?: boolean } = {}): string {
  // Plain digits, like the CLI; pages may group thousands themselves.
  if (cell.kind === 'shown') return String(cell.value);
  if (options.inTable) return lang === 'fr' ? 'secret stat.' : 'suppressed';
  return lang === 'fr' ? `moins de ${cell.below}` : `fewer than ${cell.below}`;
}

/** The note under a protected table. */
export function suppressionLegend(lang: Lang, k: number): string {
  return lang === 'fr'
    ? `secret stat. : moins de ${k}, ou masqué pour qu’un petit effectif ne puisse pas être déduit des totaux.`
    : `suppressed: fewer than ${k}, or hidden so that a small count cannot be worked out from the totals.`;
}

function checkK(k: number): void {
  if (!Number.isSafeInteger(k) || k < MIN_K)
    throw invalidInput(
      'k',
      `must be a whole number of at least ${MIN_K} (got ${String(k)}): a tenant may raise it, never lower it`,
    );
}

function checkCount(n: number, field: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw invalidInput(field, `must be a non-negative whole number (got ${String(n)})`);
}

function checkCounts(counts: readonly number[], field: string): void {
  if (!Array.isArray(counts as unknown)) throw invalidInput(field, 'must be an array of counts');
  for (const [i, n] of counts.entries()) checkCount(n, `${field}[${i}]`);
}

type Pos = readonly [number, number];

/** Which items of the grid (cells and totals, totals last) to hide. */
function suppress(grid: number[][], k: number, forced: boolean[][]): boolean[][] {
  // Zero stays shown even when forced: it is the same zero in every linked table.
  const hidden = grid.map((row, r) => row.map((n, c) => n > 0 && (n < k || forced[r]![c]!)));
  // Hiding more only adds free steps to cycles, so a figure once found safe stays safe.
  const safe = grid.map((row) => row.map(() => false));
  const lines: Pos[][] = [
    ...grid.map((row, r) => row.map((_, c): Pos => [r, c])),
    ...grid[0]!.map((_, c) => grid.map((_, r): Pos => [r, c])),
  ];
  for (;;) {
    // The classic rule: a line holding a single hidden item gives it back by subtraction, so hide
    // its smallest positive shown item too, until stable.
    for (let changed = true; changed; ) {
      changed = false;
      for (const line of lines) {
        if (line.filter(([r, c]) => hidden[r]![c]).length !== 1) continue;
        const [pick] = line
          .filter(([r, c]) => !hidden[r]![c] && grid[r]![c]! > 0)
          .sort(([a, b], [c, d]) => grid[a]![b]! - grid[c]![d]!);
        if (pick) {
          hidden[pick[0]]![pick[1]] = true;
          changed = true;
        }
      }
    }
    // The rule is not enough: lines can combine (rows 1 and 2 minus column 3…), and hidden 1s can be
    // pinned by the floor of 1. Check each hidden item exactly and widen the pattern where needed.
    const repair = firstRepair(grid, hidden, safe);
    if (!repair) return hidden;
    for (const [r, c] of repair) hidden[r]![c] = true;
  }
}

function firstRepair(grid: number[][], hidden: boolean[][], safe: boolean[][]): Pos[] | undefined {
  for (const [r, row] of hidden.entries()) {
    for (const [c, isHidden] of row.entries()) {
      if (!isHidden || safe[r]![c]) continue;
      const repair = repairFor([r, c], grid, hidden);
      if (repair.length > 0) return repair;
      safe[r]![c] = true;
    }
  }
  return undefined;
}

/**
 * The shown items to hide so that `item` can no longer be recovered; none if it already cannot.
 *
 * Why this is exact: flip the sign of the totals row and column (the grand total keeps its sign)
 * and every line of the grid sums to zero. Two tables that agree on the shown items then differ
 * by a sum of cycles that alternately add and remove 1 along hidden items (rows and columns are the
 * nodes, items the edges). So an item is uncertain if and only if such a cycle runs through it
 * without taking any hidden value below 1. We look for the cheapest such cycle, counting each shown
 * item on it at its value (hiding small figures costs readers least), with Dijkstra.
 */
function repairFor([r0, c0]: Pos, grid: number[][], hidden: boolean[][]): Pos[] {
  const last = grid.length - 1;
  const lastColumn = grid[0]!.length - 1;
  const col = (c: number) => grid.length + c;
  type Arc = { to: number; cost: number; item: Pos };
  const arcs: Arc[][] = Array.from({ length: grid.length + grid[0]!.length }, () => []);
  // Adding 1 to the signed value is fine for a positive sign; for a negative one it removes 1 from
  // the figure, which must then be at least 2. The other way round for removing.
  const canAdd = (r: number, c: number) => (r === last) === (c === lastColumn) || grid[r]![c]! >= 2;
  const canRemove = (r: number, c: number) => (r === last) !== (c === lastColumn) || grid[r]![c]! >= 2;
  for (const [r, row] of grid.entries()) {
    for (const [c, n] of row.entries()) {
      if (n === 0 || (r === r0 && c === c0)) continue;
      const arc = { cost: hidden[r]![c] ? 0 : n, item: [r, c] as const };
      if (canAdd(r, c)) arcs[r]!.push({ ...arc, to: col(c) });
      if (canRemove(r, c)) arcs[col(c)]!.push({ ...arc, to: r });
    }
  }
  const ways = [canAdd(r0, c0) && cheapestPath(arcs, col(c0), r0), canRemove(r0, c0) && cheapestPath(arcs, r0, col(c0))]
    .filter((way) => way !== false && way !== undefined)
    .sort((a, b) => a.cost - b.cost);
  // With every positive item hidden, a cycle through the totals remains (the figure and its three
  // totals all grow by 1), so one way always exists.
  if (!ways[0]) throw new Error('small-numbers: no protecting cycle, which cannot happen');
  return ways[0].items.filter(([r, c]) => !hidden[r]![c]);
}

function cheapestPath(arcs: { to: number; cost: number; item: Pos }[][], from: number, to: number) {
  const cost = arcs.map(() => Number.POSITIVE_INFINITY);
  const via: ({ from: number; item: Pos } | undefined)[] = arcs.map(() => undefined);
  const done = arcs.map(() => false);
  cost[from] = 0;
  for (;;) {
    let node = -1;
    cost.forEach((c, n) => {
      if (!done[n] && c < Number.POSITIVE_INFINITY && (node < 0 || c < cost[node]!)) node = n;
    });
    if (node < 0) return undefined;
    if (node === to) break;
    done[node] = true;
    for (const arc of arcs[node]!) {
      if (cost[node]! + arc.cost < cost[arc.to]!) {
        cost[arc.to] = cost[node]! + arc.cost;
        via[arc.to] = { from: node, item: arc.item };
      }
    }
  }
  const items: Pos[] = [];
  for (let n = to; n !== from; n = via[n]!.from) items.push(via[n]!.item);
  return { cost: cost[to]!, items };
}
