import { type ProtectedCount, type ProtectedTable, protectTable } from '../../platform/privacy/small-numbers.js';
import { logBands } from './check-log-entry.js';
import type { LogRow } from './log-queries.js';
import { type RefusalReason, refusalReasons } from './tables.js';

/** The columns of every breakdown; their sum is the row's requests (the operator's form checks it). */
export const outcomes = ['granted', 'moved', 'refused'] as const;

export interface StatsRow {
  key: string;
  /** granted, moved, refused: protected. */
  counts: ProtectedCount[];
  requests: ProtectedCount;
  /** Share of requests let off (on the spot or a little further), 0..1; null when a term is hidden or there were none. */
  letOff: number | null;
}

export interface LogStatistics {
  from: string;
  until: string;
  k: number;
  entries: number;
  overall: StatsRow;
  byLine: StatsRow[];
  /** 'YYYY-MM', every month of the period. */
  byMonth: StatsRow[];
  /** '1' (Monday) to '7', by the service date (a night from Friday to Saturday counts as Friday). */
  byWeekday: StatsRow[];
  /** '18' to '29', every band. */
  byBand: StatsRow[];
  reasons: { reason: RefusalReason; count: ProtectedCount }[];
  refusedTotal: ProtectedCount;
}

const months = (from: string, until: string) => {
  const out: string[] = [];
  for (
    let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
    `${y}-${String(m).padStart(2, '0')}` <= until.slice(0, 7);
  ) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
};
const isoWeekday = (date: string) => String(((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1);
const refusedOf = (row: LogRow) => Object.values(row.refused).reduce((a, b) => a + (b ?? 0), 0);

/**
 * The log's figures for [from, until] (service dates), every count through the small-number helper.
 * The four breakdowns and the refusal reasons publish the same totals (granted, moved, refused,
 * requests): a total hidden by one table is hidden in all of them, or a complement hidden in one
 * could be worked out from another (linked tables). Hiding only grows, so the loop ends.
 */
export function computeLogStatistics(rows: LogRow[], options: { from: string; until: string; k: number }): LogStatistics {
  const { k } = options;
  const tally = (keys: string[], keyOf: (row: LogRow) => string) => {
    const counts = new Map(keys.map((key) => [key, [0, 0, 0]]));
    for (const row of rows) {
      const key = keyOf(row);
      const line = counts.get(key) ?? [0, 0, 0];
      line[0]! += row.granted;
      line[1]! += row.moved;
      line[2]! += refusedOf(row);
      counts.set(key, line);
    }
    return { keys: [...counts.keys()], cells: [...counts.values()] };
  };
  const breakdowns = {
    byLine: tally([...new Set(rows.map((r) => r.route_id))].sort(), (r) => r.route_id),
    byMonth: tally(months(options.from, options.until), (r) => r.service_date.slice(0, 7)),
    byWeekday: tally(['1', '2', '3', '4', '5', '6', '7'], (r) => isoWeekday(r.service_date)),
    byBand: tally(logBands.map(String), (r) => String(r.hour_band)),
  };
  const reasonCounts = refusalReasons.map((reason) => [rows.reduce((a, r) => a + (r.refused[reason] ?? 0), 0)]);

  let hide = { columns: [false, false, false], grand: false };
  let tables: Record<keyof typeof breakdowns, ProtectedTable>;
  let reasons: ProtectedTable;
  for (;;) {
    const alsoHide = { columnTotals: hide.columns, grand: hide.grand };
    tables = {
      byLine: protectTable(breakdowns.byLine.cells, k, { alsoHide }),
      byMonth: protectTable(breakdowns.byMonth.cells, k, { alsoHide }),
      byWeekday: protectTable(breakdowns.byWeekday.cells, k, { alsoHide }),
      byBand: protectTable(breakdowns.byBand.cells, k, { alsoHide }),
    };
    reasons = protectTable(reasonCounts, k, { alsoHide: { columnTotals: [hide.columns[2]!], grand: hide.columns[2]! } });
    const next = {
      columns: outcomes.map(
        (_, j) =>
          hide.columns[j]! ||
          Object.values(tables).some((t) => t.totals?.columns[j]?.kind === 'suppressed') ||
          (j === 2 && reasons.totals?.columns[0]?.kind === 'suppressed'),
      ),
      grand: hide.grand || Object.values(tables).some((t) => t.totals?.grand.kind === 'suppressed'),
    };
    if (next.grand === hide.grand && next.columns.every((h, j) => h === hide.columns[j])) break;
    hide = next;
  }

  const row = (key: string, counts: ProtectedCount[], requests: ProtectedCount): StatsRow => {
    const [granted, moved] = counts;
    const letOff =
      granted?.kind === 'shown' && moved?.kind === 'shown' && requests.kind === 'shown' && requests.value > 0
        ? (granted.value + moved.value) / requests.value
        : null;
    return { key, counts, requests, letOff };
  };
  const rowsOf = (name: keyof typeof breakdowns) =>
    breakdowns[name].keys.map((key, i) => row(key, tables[name].cells[i]!, tables[name].totals!.rows[i]!));
  // The by-band table always has rows, so its totals are the shared ones.
  const totals = tables.byBand.totals!;
  return {
    from: options.from,
    until: options.until,
    k,
    entries: rows.length,
    overall: row('total', totals.columns, totals.grand),
    byLine: rowsOf('byLine'),
    byMonth: rowsOf('byMonth'),
    byWeekday: rowsOf('byWeekday'),
    byBand: rowsOf('byBand'),
    reasons: refusalReasons.map((reason, i) => ({ reason, count: reasons.cells[i]![0]! })),
    refusedTotal: reasons.totals!.grand,
  };
}
