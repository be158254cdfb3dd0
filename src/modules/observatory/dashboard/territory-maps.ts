/**
 * The dashboards' maps by territory: recorded crime by commune (an SSMSI indicator's rate per 1 000, for a tenant of
 * several communes) and the platform's reports by territory (the reports module's public figures: public categories,
 * by the smallest territory containing each report). On the public dashboard only what the tenant publishes, small
 * numbers through the small-number helper.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { Translate } from '../../../platform/i18n/i18n.js';
import { MIN_K } from '../../../platform/privacy/small-numbers.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { readPublicFigures } from '../../reports/public-figures.js';
import { yearPeriod } from './calendar-year.js';
import type { CrimeSection, DashboardData } from './dashboard-data.js';
import { type MapArea, type MapModel, type MapValue, mapModel } from './map-model.js';
import { communeOutlines, type Outline, readOutlines, reportOutlines } from './territory-outlines.js';

export interface MapChoice {
  /** The SSMSI indicator the commune map is coloured by (the first shown when absent or unknown). */
  indicator?: string;
  audience: 'staff' | 'public';
  /**
   * Counts under k are hidden: the reports always (at least the helper's minimum), the SSMSI figures on the public
   * map only — staff read them exactly in the tables beside, as the State publishes them.
   */
  k: number;
}

/** A commune's rate for the year; on a public map a count from 1 to k-1 hides its rate too (it would give it back). */
export function crimeValue(section: CrimeSection, code: string, year: number, k: number): MapValue {
  const figure = section.communes.find((c) => c.code === code)?.years.find((y) => y.year === year);
  if (!figure || figure.rate === null) return { kind: 'unknown' };
  if (figure.count !== null && figure.count > 0 && figure.count < k) return { kind: 'hidden', below: k };
  return { kind: 'value', value: figure.rate };
}

export function crimeMap(
  section: CrimeSection,
  outlines: readonly Outline[],
  year: number,
  k: number,
  t: Translate,
  lang: 'fr' | 'en',
) {
  const label = lang === 'fr' ? section.indicator.label.fr : section.indicator.label.en;
  return mapModel({
    id: 'carte-communes',
    title: t('obs.map.crimeTitle', { indicator: label, year }),
    measure: t(section.indicator.rateBase === 'dwellings' ? 'obs.map.ratePerDwellings' : 'obs.map.ratePerInhabitants'),
    digits: 2,
    areas: outlines.map((o) => ({ code: o.code, name: o.name, shape: o.shape, value: crimeValue(section, o.code, year, k) })),
  });
}

/** Both maps the tenant's territories allow (none for a single commune without quartiers). */
export async function readTerritoryMaps(
  db: Kysely<DB>,
  tenant: Tenant,
  data: DashboardData,
  choice: MapChoice,
  t: Translate,
  lang: 'fr' | 'en',
): Promise<MapModel[]> {
  const reportsShown =
    tenant.programmes.includes('reports') && (choice.audience === 'staff' || data.published.has('figure:reports.received'));
  const reportYear = data.ownYears.at(-1) ?? data.currentYear;
  const { outlines, reports } = await withTenant(db, tenant.id, async (tx) => {
    const outlines = await readOutlines(tx);
    const period = yearPeriod(reportYear, tenant.time_zone);
    const reports =
      reportsShown && reportOutlines(outlines).length
        ? // The reports module offers counts by territory only as its public figures (public categories, small
          // numbers hidden): staff see them so too; exact counts are on the reports' own pages.
          await readPublicFigures(tx, {
            from: period.from,
            until: new Date(period.to.getTime() - 1),
            k: Math.max(choice.k, MIN_K),
          })
        : null;
    return { outlines, reports };
  });
  const maps: MapModel[] = [];
  const communes = communeOutlines(outlines);
  const sections = data.crime.filter((c) => c.communes.length > 0);
  const section = sections.find((c) => c.indicator.key === choice.indicator) ?? sections[0];
  const crimeK = choice.audience === 'public' ? choice.k : 1;
  if (communes.length && section) maps.push(crimeMap(section, communes, data.year, crimeK, t, lang));
  if (reports) {
    const byName = new Map(reports.territories.map((r) => [r.name, r.total]));
    const areas: MapArea[] = reportOutlines(outlines).map((o) => {
      const total = byName.get(o.name);
      byName.delete(o.name);
      // No row: no report of a public category there that year, a real zero (the platform's own records).
      const value: MapValue = !total
        ? { kind: 'value', value: 0 }
        : total.kind === 'shown'
          ? { kind: 'value', value: total.value }
          : { kind: 'hidden', below: total.below };
      return { code: o.code, name: o.name, shape: o.shape, value };
    });
    // Reports in a territory not drawn (or in none): in the table, not on the map.
    for (const [name, total] of byName)
      areas.push({
        code: name === '—' ? 'hors-territoire' : name,
        name: name === '—' ? t('obs.map.outside') : name,
        shape: null,
        value: total.kind === 'shown' ? { kind: 'value', value: total.value } : { kind: 'hidden', below: total.below },
      });
    maps.push(
      mapModel({
        id: 'carte-signalements',
        title: t(reportYear === data.currentYear ? 'obs.map.reportsTitleToDate' : 'obs.map.reportsTitle', { year: reportYear }),
        measure: t('obs.map.reports'),
        digits: 0,
        areas,
      }),
    );
  }
  return maps;
}
