import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import { type Lang, type Translate, translator } from '../../platform/i18n/i18n.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import type { ProtectedCount } from '../../platform/privacy/small-numbers.js';
import { readSettings } from '../../platform/settings/tenant-settings.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import { bandLabel, monthLabel, weekdayLabel } from './log-labels.js';
import { activeFeedLines, logEntriesBetween } from './log-queries.js';
import { computeLogStatistics, type LogStatistics, type StatsRow } from './log-statistics.js';
import { localDate } from './record-drop-offs.js';

/** The twelve months up to today (service dates, in the tenant's zone). */
export function statisticsPeriod(now: Date, timeZone: string): { from: string; until: string } {
  const until = localDate(now, timeZone);
  const [y, m] = [Number(until.slice(0, 4)), Number(until.slice(5, 7))];
  const start = new Date(Date.UTC(y, m - 1 - 11, 1));
  return { from: start.toISOString().slice(0, 10), until };
}

/** The statistics and what to call each line (the active feed's names, else the codes logged). */
export async function readLogStatistics(deps: AppDeps, tenant: Tenant) {
  const { from, until } = statisticsPeriod(deps.clock.now(), tenant.time_zone);
  return withTenant(deps.database.db, tenant.id, async (tx) => {
    const settings = await readSettings(tx);
    const lines = await activeFeedLines(tx);
    const rows = await logEntriesBetween(tx, from, until);
    const stats = computeLogStatistics(rows, { from, until, k: settings.smallNumberThreshold });
    const names = new Map((lines ?? []).map((l) => [l.routeId, l.label]));
    return { stats, lineLabel: (routeId: string) => names.get(routeId) ?? routeId };
  });
}

/** One published table, as both the page and the CSV show it: the same rows, the same figures. */
export interface PublishedTable {
  /** The CSV's name for it. */
  id: 'par_ligne' | 'par_mois' | 'par_jour' | 'par_tranche' | 'ensemble';
  title: MessageKey;
  keyTitle: MessageKey;
  rows: { key: string; label: string; row: StatsRow }[];
}

export function publishedTables(stats: LogStatistics, lang: Lang, lineLabel: (routeId: string) => string): PublishedTable[] {
  const rows = (list: StatsRow[], label: (key: string) => string) =>
    list.map((row) => ({ key: row.key, label: label(row.key), row }));
  return [
    { id: 'par_ligne', title: 'nightStats.byLine', keyTitle: 'nightStats.line', rows: rows(stats.byLine, lineLabel) },
    {
      id: 'par_mois',
      title: 'nightStats.byMonth',
      keyTitle: 'nightStats.month',
      rows: rows(stats.byMonth, (k) => monthLabel(k, lang)),
    },
    {
      id: 'par_jour',
      title: 'nightStats.byWeekday',
      keyTitle: 'nightStats.weekday',
      rows: rows(stats.byWeekday, (k) => weekdayLabel(k, lang)),
    },
    {
      id: 'par_tranche',
      title: 'nightStats.byBand',
      keyTitle: 'nightStats.band',
      rows: rows(stats.byBand, (k) => bandLabel(Number(k), lang)),
    },
    {
      id: 'ensemble',
      title: 'nightStats.overall',
      keyTitle: 'nightStats.period',
      rows: [{ key: 'total', label: `${stats.from} – ${stats.until}`, row: stats.overall }],
    },
  ];
}

/** The reasons' label in the page's language. */
export const reasonLabel = (t: Translate, reason: string) => t(`nightLog.reason.${reason}` as MessageKey);

const csvValue = (count: ProtectedCount) => (count.kind === 'shown' ? String(count.value) : 'secret');

/** The CSV of the published figures, in French: one line per row of the page's tables, hidden figures as « secret ». */
export function statisticsCsv(stats: LogStatistics, lineLabel: (routeId: string) => string): string {
  const t = translator('fr');
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines = [['tableau', 'cle', 'libelle', 'demandes', 'accordees', 'plus_loin', 'refusees', 'part_accordee_pct'].join(',')];
  for (const table of publishedTables(stats, 'fr', lineLabel)) {
    for (const { key, label, row } of table.rows) {
      const share = row.letOff === null ? '' : String(Math.round(row.letOff * 100));
      lines.push([table.id, quote(key), quote(label), csvValue(row.requests), ...row.counts.map(csvValue), share].join(','));
    }
  }
  for (const { reason, count } of stats.reasons)
    lines.push(['motifs_refus', quote(reason), quote(reasonLabel(t, reason)), '', '', '', csvValue(count), ''].join(','));
  lines.push(['motifs_refus', quote('total'), quote('Total'), '', '', '', csvValue(stats.refusedTotal), ''].join(','));
  return `${lines.join('\r\n')}\r\n`;
}
