import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { formatProtected, protectCount, protectTable } from '../../../platform/privacy/small-numbers.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { changeBetween } from '../dashboard/crime-figures.js';
import { type DashboardData, readDashboard } from '../dashboard/dashboard-data.js';
import { countText, placeName, rateText, sectionPlaces } from '../dashboard/dashboard-view.js';
import { changeText, formatNumber, unitText } from '../dashboard/format.js';
import { lineLabel, yearHeads } from '../dashboard/own-figures-view.js';
import { protectOwnFigures } from '../dashboard/public-figures.js';
import { readStrategyChapter } from './strategy-chapter.js';

/** A table of the report in words, the same for the page and the PDF. */
export interface ReportTable {
  caption: string;
  head: string[];
  rows: string[][];
}

export interface ReportChapter {
  id: string;
  title: string;
  paragraphs: string[];
  tables: ReportTable[];
}

export interface ClspdReport {
  tenant: string;
  year: number;
  baselineYear: number;
  title: string;
  intro: string;
  chapters: ReportChapter[];
  /** The small-number threshold the report's own figures went through. */
  k: number;
}

const BASELINE = 2019;

/**
 * The CLSPD's annual report: the strategy's actions and their indicators, recorded crime and its trend against the
 * baseline with the caveats, the targets, and each programme's activity. It is read by the council's partners, so
 * the platform's own figures go through the small-number helper.
 */
export async function buildClspdReport(
  db: Kysely<DB>,
  tenant: Tenant,
  year: number,
  now: Date,
  t: Translate,
  lang: Lang,
): Promise<ClspdReport> {
  const data = await readDashboard(db, tenant, now, { year, baselineYear: BASELINE, audience: 'staff' });
  const strategy = await readStrategyChapter(db, tenant, year, now, t, lang, data.k);
  const chapters: ReportChapter[] = [
    {
      id: 'strategie',
      title: t('obs.strategy.title'),
      paragraphs: strategy ? [strategy.title] : [t('obs.strategy.none')],
      tables: (strategy?.actions ?? []).map((a) => ({
        caption: `${a.axis} — ${a.title} (${a.state})`,
        head: [t('obs.strategy.indicator'), String(year), t('obs.targets.col.baseline'), t('obs.targets.col.goal')],
        rows: a.indicators.length
          ? a.indicators.map((i) => [i.label, i.value, i.baseline, i.target])
          : [[t('obs.strategy.noIndicator'), '', '', '']],
      })),
    },
    crimeChapter(data, t, lang),
    {
      id: 'objectifs',
      title: t('obs.targets.title'),
      paragraphs: data.targets.length ? [] : [t('obs.targets.none')],
      tables: data.targets.length
        ? [
            {
              caption: t('obs.targets.title'),
              head: [
                t('obs.targets.col.label'),
                t('obs.targets.col.baseline'),
                t('obs.targets.col.latest'),
                t('obs.targets.col.goal'),
                t('obs.targets.col.progress'),
              ],
              rows: data.targets.map(({ row, progress, unit }) => {
                const v = (n: number | null) => (n === null ? t('obs.unknown') : formatNumber(n, lang));
                return [
                  row.label,
                  `${v(progress.baseline)} (${row.baseline_year})`,
                  progress.latestYear === null
                    ? t('obs.unknown')
                    : `${v(progress.latest)} (${progress.latestYear})${progress.acrossBreak ? ` — ${t('obs.acrossBreak')}` : ''}`,
                  `${v(progress.goal)} ${unitText(unit, lang)} (${row.target_year})`,
                  progress.achievedPercent === null
                    ? t('obs.notComputable')
                    : t('obs.targets.achieved', { percent: progress.achievedPercent }),
                ];
              }),
            },
          ]
        : [],
    },
    programmesChapter(data, t, lang),
  ];
  return {
    tenant: tenant.name,
    year,
    baselineYear: BASELINE,
    title: t('obs.report.title', { year }),
    intro: t('obs.report.intro', { tenant: tenant.name, year, baseline: BASELINE }),
    chapters,
    k: data.k,
  };
}

function crimeChapter(data: DashboardData, t: Translate, lang: Lang): ReportChapter {
  const sections = data.crime.filter((c) => c.communes.length > 0);
  const caveats = [
    t('obs.caveat.recorded'),
    t('obs.caveat.drugs'),
    t('obs.caveat.2020'),
    t('obs.caveat.municipal'),
    t('obs.caveat.units'),
  ];
  return {
    id: 'delinquance',
    title: t('obs.report.crime'),
    paragraphs: sections.length ? caveats : [t('obs.crime.none'), ...caveats],
    tables: sections.map((section) => {
      const places = sectionPlaces(section);
      const main = section.whole ?? section.communes[0];
      const breaks = (main?.years ?? []).filter((y) => y.seriesBreakBefore && y.year > data.baselineYear && y.year <= data.year);
      return {
        caption: `${lang === 'fr' ? section.indicator.label.fr : section.indicator.label.en} (${unitText(section.indicator.unit, lang)})${
          breaks.length ? ` — ${t('obs.breakNote', { year: breaks.map((b) => b.year).join(', ') })}` : ''
        }`,
        head: [
          t('obs.col.place'),
          `${t('obs.col.count')} ${data.year}`,
          t('obs.col.rate'),
          t('obs.col.vsBaseline', { year: data.baselineYear }),
          t('obs.col.vsPrevious'),
        ],
        rows: places.map((place) => {
          const figure = place.years.find((y) => y.year === data.year);
          const name = place === section.whole ? t('obs.whole') : placeName(place, t);
          return [
            name,
            countText(figure, t, lang),
            rateText(figure, t, lang),
            changeText(changeBetween(place.years, data.baselineYear, data.year), t, lang),
            changeText(changeBetween(place.years, data.year - 1, data.year), t, lang),
          ];
        }),
      };
    }),
  };
}

function programmesChapter(data: DashboardData, t: Translate, lang: Lang): ReportChapter {
  const heads = yearHeads(data.ownYears, data.currentYear, t);
  const own = protectOwnFigures(data.own, data.k);
  const tables: ReportTable[] = own.length
    ? [
        {
          caption: t('obs.own.title'),
          head: [t('obs.own.col.figure'), t('obs.own.col.unit'), ...heads],
          rows: own.map(({ line, cells }) => [
            lineLabel(line, lang),
            lang === 'fr' ? line.unit.fr : line.unit.en,
            ...cells.map((c) => formatProtected(c, lang, { inTable: true })),
          ]),
        },
      ]
    : [];
  if (data.police) {
    const heads2 = protectTable(
      data.police.headcount.map((h) => h.heads),
      data.k,
      { totals: false },
    ).cells;
    tables.push({
      caption: t('obs.police.title'),
      head: [t('obs.own.col.figure'), t('obs.own.col.unit'), ...heads],
      rows: [
        [t('obs.police.response'), 'min', ...data.police.responseMinutes.map((m) => (m === null ? t('obs.unknown') : String(m)))],
        ...data.police.headcount.map((h, i) => [
          t('obs.police.headcount', { category: t(`police.cat.${h.category}`) }),
          'agents',
          ...heads2[i]!.map((c) => formatProtected(c, lang, { inTable: true })),
        ]),
      ],
    });
    if (data.police.compliance.length)
      tables.push({
        caption: t('obs.police.compliance'),
        head: [t('obs.own.col.figure'), t('obs.targets.col.progress')],
        rows: data.police.compliance.map((c) => [
          c.module,
          t('obs.police.trained', {
            trained: formatProtected(protectCount(c.trained, data.k), lang),
            required: formatProtected(protectCount(c.required, data.k), lang),
          }),
        ]),
      });
  }
  return {
    id: 'dispositifs',
    title: t('obs.report.programmes'),
    paragraphs: own.length || data.police ? [t('obs.own.intro')] : [t('obs.own.none')],
    tables,
  };
}
