import type { ComponentChildren } from 'preact';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { changeBetween, type PlaceSeries, type YearFigure } from './crime-figures.js';
import type { CrimeSection, TargetView } from './dashboard-data.js';
import { changeText, formatNumber, unitText } from './format.js';
import { LineChart } from './svg-chart.js';

/** A table that scrolls in its own box on a narrow screen (keyboard-reachable, named), never the page. */
export function ScrollBox({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <section class="table-scroll" tabindex={0} aria-label={label}>
      {children}
    </section>
  );
}

/** The caveats, always next to the crime figures. */
export function Caveats({ t }: { t: Translate }) {
  return (
    <aside class="notice caveats" aria-labelledby="caveats-title">
      <h2 id="caveats-title">{t('obs.caveats.title')}</h2>
      <ul>
        <li>{t('obs.caveat.recorded')}</li>
        <li>{t('obs.caveat.drugs')}</li>
        <li>{t('obs.caveat.2020')}</li>
        <li>{t('obs.caveat.municipal')}</li>
        <li>{t('obs.caveat.units')}</li>
      </ul>
    </aside>
  );
}

export const placeName = (place: PlaceSeries, t: Translate) =>
  place.level === 'france'
    ? t('obs.france')
    : place.level === 'departement'
      ? t('obs.departement', { code: place.code })
      : place.level === 'similar'
        ? t('obs.similar', { band: place.name })
        : place.name;

/** The places of a section in reading order: communes, their whole, then the comparisons. */
export const sectionPlaces = (section: CrimeSection): PlaceSeries[] => [
  ...section.communes,
  ...(section.whole ? [section.whole] : []),
  ...(section.departement ? [section.departement] : []),
  ...(section.france ? [section.france] : []),
  ...(section.similar ? [section.similar] : []),
];

/** A count, or why there is none: an unpublished figure is said as such, never as 0. */
export function countText(figure: YearFigure | undefined, t: Translate, lang: Lang): string {
  if (!figure) return t('obs.noYear');
  if (figure.count !== null) return formatNumber(figure.count, lang, 0);
  return figure.published ? t('obs.unknown') : t('obs.unpublished');
}

export function rateText(figure: YearFigure | undefined, t: Translate, lang: Lang): string {
  if (!figure) return t('obs.noYear');
  if (figure.rate !== null) return formatNumber(figure.rate, lang, 2);
  return figure.published ? t('obs.unknown') : t('obs.unpublished');
}

/** One indicator: a table per place for the chosen years, a chart of the counts, the notes that apply. */
export function CrimeSectionView({
  section,
  year,
  baselineYear,
  t,
  lang,
}: {
  section: CrimeSection;
  year: number;
  baselineYear: number;
  t: Translate;
  lang: Lang;
}) {
  const places = sectionPlaces(section);
  const years = [...new Set(places.flatMap((p) => p.years.map((y) => y.year)))]
    .filter((y) => y >= Math.min(baselineYear, year) && y <= year)
    .sort((a, b) => a - b);
  const main = section.whole ?? section.communes[0];
  const breaks = (main?.years ?? []).filter((y) => y.seriesBreakBefore && years.includes(y.year)).map((y) => y.year);
  const complement = section.communes.some((c) => c.years.some((y) => years.includes(y.year) && !y.published));
  const id = `ind-${section.indicator.key}`;
  const label = lang === 'fr' ? section.indicator.label.fr : section.indicator.label.en;
  return (
    <section aria-labelledby={`${id}-h`} data-indicator={section.indicator.key}>
      <h3 id={`${id}-h`}>{label}</h3>
      <p>
        {t('obs.crime.unit', {
          unit: unitText(section.indicator.unit, lang),
          base: t(section.indicator.rateBase === 'dwellings' ? 'obs.crime.base.dwellings' : 'obs.crime.base.inhabitants'),
        })}
      </p>
      {breaks.map((b) => (
        <p class="notice" data-series-break={String(b)}>
          {t('obs.breakNote', { year: b })}
        </p>
      ))}
      <div class="chart-and-table">
        {main ? (
          <LineChart
            id={id}
            title={label}
            desc={t('obs.chart.desc')}
            years={years}
            breaksBefore={breaks}
            series={[main, ...(section.departement ? [section.departement] : [])].map((p) => ({
              name: placeName(p, t),
              values: years.map((y) => p.years.find((f) => f.year === y)?.count ?? null),
            }))}
          />
        ) : null}
        <ScrollBox label={`${label} — ${year}`}>
          <table>
            <caption>{`${label} — ${year}`}</caption>
            <thead>
              <tr>
                <th scope="col">{t('obs.col.place')}</th>
                <th scope="col">{t('obs.col.count')}</th>
                <th scope="col">{t('obs.col.rate')}</th>
                <th scope="col">{t('obs.col.vsBaseline', { year: baselineYear })}</th>
                <th scope="col">{t('obs.col.vsPrevious')}</th>
                {complement ? <th scope="col">{t('obs.col.depAverage')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {places.map((place) => {
                const figure = place.years.find((y) => y.year === year);
                return (
                  <tr data-place={place.code}>
                    <th scope="row">{place === section.whole ? t('obs.whole') : placeName(place, t)}</th>
                    <td class="num">{countText(figure, t, lang)}</td>
                    <td class="num">{rateText(figure, t, lang)}</td>
                    <td class="num">{changeText(changeBetween(place.years, baselineYear, year), t, lang)}</td>
                    <td class="num">{changeText(changeBetween(place.years, year - 1, year), t, lang)}</td>
                    {complement ? (
                      <td class="num">
                        {figure?.departmentAverageRate != null ? formatNumber(figure.departmentAverageRate, lang, 2) : ''}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
        {main ? (
          <ScrollBox label={`${label} — ${t('obs.col.year')}`}>
            <table>
              <caption>{`${label} — ${placeName(main, t)}`}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('obs.col.year')}</th>
                  <th scope="col">{t('obs.col.count')}</th>
                  <th scope="col">{t('obs.col.rate')}</th>
                </tr>
              </thead>
              <tbody>
                {years.map((y) => {
                  const figure = main.years.find((f) => f.year === y);
                  return (
                    <tr>
                      <th scope="row">{figure?.seriesBreakBefore ? `${y} (${t('obs.acrossBreak')})` : String(y)}</th>
                      <td class="num">{countText(figure, t, lang)}</td>
                      <td class="num">{rateText(figure, t, lang)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollBox>
        ) : null}
      </div>
      {complement ? <p class="hint">{t('obs.depAverageNote')}</p> : null}
    </section>
  );
}

/** Targets with their progress, each in its own unit. */
export function TargetsTable({
  targets,
  t,
  lang,
  remove,
}: {
  targets: TargetView[];
  t: Translate;
  lang: Lang;
  remove?: (id: string) => unknown;
}) {
  if (targets.length === 0) return <p>{t('obs.targets.none')}</p>;
  const value = (n: number | null) => (n === null ? t('obs.unknown') : formatNumber(n, lang));
  return (
    <ScrollBox label={t('obs.targets.title')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('obs.targets.col.label')}</th>
            <th scope="col">{t('obs.targets.col.baseline')}</th>
            <th scope="col">{t('obs.targets.col.latest')}</th>
            <th scope="col">{t('obs.targets.col.goal')}</th>
            <th scope="col">{t('obs.targets.col.progress')}</th>
            {remove ? <td /> : null}
          </tr>
        </thead>
        <tbody>
          {targets.map(({ row, progress, unit }) => (
            <tr data-target={row.id}>
              <th scope="row">{row.label}</th>
              <td class="num">{`${value(progress.baseline)} (${row.baseline_year})`}</td>
              <td class="num">
                {progress.latestYear === null
                  ? t('obs.unknown')
                  : `${value(progress.latest)} (${progress.latestYear})${progress.acrossBreak ? ` — ${t('obs.acrossBreak')}` : ''}`}
              </td>
              <td class="num">{`${value(progress.goal)} ${unitText(unit, lang)} (${row.target_year})`}</td>
              <td class="num">
                {progress.achievedPercent === null
                  ? t('obs.notComputable')
                  : `${progress.changePercent === null ? '' : `${progress.changePercent > 0 ? '+' : ''}${formatNumber(progress.changePercent, lang)} % — `}${t('obs.targets.achieved', { percent: progress.achievedPercent })}`}
              </td>
              {remove ? <td>{remove(row.id) as never}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
