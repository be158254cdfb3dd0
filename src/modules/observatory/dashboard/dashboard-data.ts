import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { figureSourcesOf } from '../../../platform/figures/figure-registry.js';
import { readSettings } from '../../../platform/settings/tenant-settings.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { localToday, monthPeriod, yearPeriod } from './calendar-year.js';
import { combineCommunes, type PlaceSeries, type TargetProgress, targetProgress } from './crime-figures.js';
import { type CrimeIndicator, crimeIndicators, readCrimeSeries } from './crime-source.js';
import { listPublications, listTargets, type TargetRow, tenantCommunes } from './dashboard-queries.js';
import { type OwnFigureLine, readOwnFigures } from './own-figures.js';
import { type PoliceFigures, readPoliceFigures } from './police-figures.js';

/** One SSMSI indicator for the tenant: each commune, the whole when there are several, the département and France. */
export interface CrimeSection {
  indicator: CrimeIndicator;
  communes: PlaceSeries[];
  /** Several communes recomputed as one (counts summed when all known, rate from counts and populations). */
  whole: PlaceSeries | null;
  departement: PlaceSeries | null;
  france: PlaceSeries | null;
  /** Communes of the same population band (published figures only), for a single-commune tenant. */
  similar: PlaceSeries | null;
}

export interface TargetView {
  row: TargetRow;
  label: string;
  unit: string;
  progress: TargetProgress;
}

export interface DashboardData {
  year: number;
  baselineYear: number;
  currentYear: number;
  /** Years of the own figures: three, ending with the current year when the chosen year is recent. */
  ownYears: number[];
  /** The current month ("YYYY-MM") whose own figures to date the lines carry (staff only). */
  ownMonth?: string;
  crime: CrimeSection[];
  own: OwnFigureLine[];
  targets: TargetView[];
  police: PoliceFigures | null;
  published: Set<string>;
  k: number;
}

const OWN_YEARS = 3;

/** Reads one SSMSI indicator for the tenant's communes (empty when no edition is loaded). */
export async function crimeSection(
  db: Kysely<DB>,
  communes: readonly { code: string; name: string }[],
  indicator: CrimeIndicator,
): Promise<CrimeSection> {
  const read = await readCrimeSeries(
    db,
    communes.map((c) => c.code),
    indicator.key,
  );
  const named = read.communes.map((s) => ({ ...s, name: communes.find((c) => c.code === s.code)?.name ?? s.name }));
  return {
    indicator,
    communes: named,
    whole: named.length > 1 ? combineCommunes(named, 'ensemble', 'Ensemble') : null,
    departement: read.departement,
    france: read.france,
    similar: read.similar,
  };
}

/** Values of a target's indicator by year, from the SSMSI counts or the figure source. */
async function targetValues(
  db: Kysely<DB>,
  tenant: Tenant,
  row: TargetRow,
  crime: CrimeSection[],
  communes: { code: string; name: string }[],
  currentYear: number,
): Promise<{ values: { year: number; value: number | null; seriesBreakBefore?: boolean }[]; label: string; unit: string }> {
  if (row.indicator_kind === 'ssmsi') {
    const indicator = crimeIndicators().find((i) => i.key === row.indicator);
    const section =
      crime.find((c) => c.indicator.key === row.indicator) ??
      (indicator ? await crimeSection(db, communes, indicator) : undefined);
    const place = section?.whole ?? section?.communes[0];
    return {
      values: (place?.years ?? []).map((y) => ({ year: y.year, value: y.count, seriesBreakBefore: y.seriesBreakBefore })),
      label: indicator?.label.fr ?? row.indicator,
      unit: indicator?.unit ?? '',
    };
  }
  const source = (await figureSourcesOf(tenant.programmes)).find((s) => s.id === row.indicator);
  if (!source) return { values: [], label: row.indicator, unit: '' };
  const last = Math.min(row.target_year, currentYear);
  const values = await withTenant(db, tenant.id, async (tx) => {
    const out: { year: number; value: number | null }[] = [];
    for (let year = row.baseline_year; year <= last; year++)
      out.push({ year, value: await source.count(tx, yearPeriod(year, tenant.time_zone), row.figure_option || undefined) });
    return out;
  });
  return { values, label: source.label.fr, unit: source.unit.fr };
}

/**
 * Everything the staff dashboard, the public dashboard, the open data and the CLSPD report show, read once.
 * `audience: 'public'` keeps only the published figures (and reads no police figure, which are staff-only).
 */
export async function readDashboard(
  db: Kysely<DB>,
  tenant: Tenant,
  now: Date,
  choice: { year?: number; baselineYear?: number; audience: 'staff' | 'public' },
): Promise<DashboardData> {
  const today = localToday(now, tenant.time_zone);
  const baselineYear = choice.baselineYear ?? 2019;
  const settings = await withTenant(db, tenant.id, async (tx) => ({
    published: await listPublications(tx),
    communes: await tenantCommunes(tx, tenant.insee_code),
    targets: choice.audience === 'staff' ? await listTargets(tx) : [],
    k: (await readSettings(tx)).smallNumberThreshold,
  }));
  const indicators = crimeIndicators().filter((i) => choice.audience === 'staff' || settings.published.ssmsi.has(i.key));
  const crime: CrimeSection[] = [];
  for (const indicator of indicators) crime.push(await crimeSection(db, settings.communes, indicator));
  // By default the latest year the SSMSI published for the tenant (the current year is never in the files).
  const latest = Math.max(0, ...crime.flatMap((c) => c.communes.flatMap((p) => p.years.map((y) => y.year))));
  const year = choice.year ?? (latest || today.year);
  // Up to the current year (to date) when the chosen year is recent, else ending with the chosen year.
  const last = year >= today.year - 1 ? today.year : year;
  const ownYears = Array.from({ length: OWN_YEARS }, (_, i) => last - OWN_YEARS + 1 + i);
  // Staff also see this month's activity to date: what was reported yesterday is counted today.
  const month = choice.audience === 'staff' ? monthPeriod(today.date, tenant.time_zone) : undefined;
  const own = await withTenant(db, tenant.id, (tx) =>
    readOwnFigures(
      tx,
      tenant.programmes,
      tenant.time_zone,
      ownYears,
      choice.audience === 'public' ? settings.published.figures : undefined,
      month,
    ),
  );
  const base = { ...settings, own };
  const targets: TargetView[] = [];
  for (const row of base.targets) {
    const read = await targetValues(db, tenant, row, crime, base.communes, today.year);
    targets.push({
      row,
      label: read.label,
      unit: read.unit,
      progress: targetProgress(read.values, {
        baselineYear: row.baseline_year,
        targetYear: row.target_year,
        changePercent: row.target_change_percent,
        value: row.target_value,
      }),
    });
  }
  const police =
    choice.audience === 'staff' && tenant.programmes.includes('police')
      ? await readPoliceFigures(db, tenant, ownYears, today.date, now)
      : null;
  return {
    year,
    baselineYear,
    currentYear: today.year,
    ownYears,
    ...(month ? { ownMonth: month.month } : {}),
    crime,
    own: base.own,
    targets,
    police,
    published: base.published.choices,
    k: base.k,
  };
}
