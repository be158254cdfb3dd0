import type { Tx } from '../../../db/database.js';
import type { Lang } from '../../../platform/i18n/i18n.js';
import type { ProtectedCount } from '../../../platform/privacy/small-numbers.js';
import { readSettings } from '../../../platform/settings/tenant-settings.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { loadFundingFile } from './funding-queries.js';
import { indicatorFigures, indicatorRowsOf } from './indicator-figures.js';
import { shown, text } from './protect-figures.js';

export interface FunderReportLine {
  label: string;
  source: { fr: string; en: string };
  unit: { fr: string; en: string };
  value: ProtectedCount | null;
  soFar: boolean;
  target: number;
  targetYear: number;
  direction: 'up' | 'down';
}

/**
 * What the funder's report needs: the file and the figures of its action's indicators for the funding year
 * (the year so far when it is the current one), through the small-number helper since the report leaves
 * the local authority. Undefined when the file is not this tenant's.
 */
export async function funderReport(tx: Tx, tenant: Tenant, now: Date, fileId: string) {
  const file = await loadFundingFile(tx, fileId);
  if (!file) return undefined;
  const k = (await readSettings(tx)).smallNumberThreshold;
  const figures = await indicatorFigures(tx, tenant, now, await indicatorRowsOf(tx, file.action_sheet_id), [file.year]);
  const lines: FunderReportLine[] = figures.map((f) => ({
    label: f.label,
    source: f.sourceLabel,
    unit: f.unit,
    value: shown(f.years[0]?.value ?? null, k),
    soFar: f.years[0]?.soFar ?? false,
    target: f.targetValue,
    targetYear: f.targetYear,
    direction: f.direction,
  }));
  return { file, k, lines };
}

export type FunderReport = NonNullable<Awaited<ReturnType<typeof funderReport>>>;

/** The report's lines as rows of text, for the CSV and the PDF. */
export function reportRows(report: FunderReport, lang: Lang): string[][] {
  const fr = lang === 'fr';
  return [
    fr
      ? ['Indicateur', 'Source', 'Année', 'Valeur', 'Objectif', 'Année de l’objectif', 'Sens']
      : ['Indicator', 'Source', 'Year', 'Value', 'Target', 'Target year', 'Direction'],
    ...report.lines.map((l) => [
      l.label,
      l.source[lang],
      `${report.file.year}${l.soFar ? (fr ? ' (en cours)' : ' (so far)') : ''}`,
      text(l.value, lang, fr ? 'non saisi' : 'not typed'),
      String(l.target),
      String(l.targetYear),
      l.direction === 'up' ? (fr ? 'hausse' : 'up') : fr ? 'baisse' : 'down',
    ]),
  ];
}
