import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { formatProtected, protectCount } from '../../../platform/privacy/small-numbers.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { indicatorFigures, indicatorRowsOf } from '../../coordination/council/indicator-figures.js';
import { loadStrategies } from '../../coordination/council/strategy-queries.js';
import { formatNumber } from '../dashboard/format.js';

/** The strategy's actions and their indicators, as the report shows them. */
export interface StrategyChapter {
  title: string;
  actions: {
    title: string;
    axis: string;
    state: string;
    indicators: { label: string; value: string; baseline: string; target: string }[];
  }[];
}

/**
 * The tenant's strategy running in the year (coordination module), read through that module's exported queries:
 * each action sheet with its indicators' figures for the year. Null when no strategy covers the year — the report
 * then says « stratégie non renseignée », never invented content. Counts go through the small-number helper: the
 * report is read by the council's partners.
 */
export async function readStrategyChapter(
  db: Kysely<DB>,
  tenant: Tenant,
  year: number,
  now: Date,
  t: Translate,
  lang: Lang,
  k: number,
): Promise<StrategyChapter | null> {
  if (!tenant.programmes.includes('coordination')) return null;
  return withTenant(db, tenant.id, async (tx) => {
    const strategy = (await loadStrategies(tx)).find((s) => s.first_year <= year && year <= s.last_year);
    if (!strategy) return null;
    const shown = (n: number | null) =>
      n === null
        ? t('obs.unknown')
        : Number.isSafeInteger(n) && n >= 0
          ? formatProtected(protectCount(n, k), lang)
          : formatNumber(n, lang);
    const actions: StrategyChapter['actions'] = [];
    for (const axis of strategy.axes)
      for (const sheet of axis.sheets) {
        const figures = await indicatorFigures(tx, tenant, now, await indicatorRowsOf(tx, sheet.id), [year]);
        actions.push({
          title: `${axis.number}.${sheet.number} ${sheet.title}`,
          axis: `${axis.number}. ${axis.title}`,
          state: t(`council.sheetState.${sheet.state}`),
          indicators: figures.map((f) => ({
            label: `${f.label} (${lang === 'fr' ? f.sourceLabel.fr : f.sourceLabel.en})`,
            value: `${shown(f.years[0]?.value ?? null)}${f.years[0]?.soFar ? ` (${t('obs.own.toDate', { year })})` : ''}`,
            baseline: f.baselineYear === null ? '' : `${shown(f.baseline)} (${f.baselineYear})`,
            target: `${formatNumber(f.targetValue, lang)} (${f.targetYear})`,
          })),
        });
      }
    return { title: `${strategy.title} (${strategy.first_year}–${strategy.last_year})`, actions };
  });
}
