import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { localHref } from '../../../platform/i18n/i18n.js';
import { formatProtected, type ProtectedCount, protectCount, protectTable } from '../../../platform/privacy/small-numbers.js';
import { ScrollBox } from './dashboard-view.js';
import type { OwnFigureLine } from './own-figures.js';
import type { PoliceFigures } from './police-figures.js';
import { protectOwnFigures } from './public-figures.js';
import { LineChart } from './svg-chart.js';

const text = (label: { fr: string; en: string }, lang: Lang) => (lang === 'fr' ? label.fr : label.en);

export const lineLabel = (line: OwnFigureLine, lang: Lang) =>
  line.optionLabel ? `${text(line.label, lang)} — ${text(line.optionLabel, lang)}` : text(line.label, lang);

/** The column heads of the own figures: the current year is labelled « à date ». */
export const yearHeads = (years: number[], currentYear: number, t: Translate) =>
  years.map((y) => (y === currentYear ? t('obs.own.toDate', { year: y }) : String(y)));

/**
 * The staff's view of the platform's own figures: exact values, one table (each line in its own unit) and a chart
 * per whole figure, with links to the module pages.
 */
export function OwnFiguresView({
  lines,
  years,
  currentYear,
  police,
  month,
  slug,
  t,
  lang,
  k,
}: {
  /** The current month ("YYYY-MM") when the lines carry its count to date. */
  month?: string;
  /** Set for readers outside the coordination (analysts, police managers, funders): counts through the small-number helper. */
  k?: number;
  lines: OwnFigureLine[];
  years: number[];
  currentYear: number;
  police: PoliceFigures | null;
  slug: string;
  t: Translate;
  lang: Lang;
}) {
  if (lines.length === 0 && !police) return <p>{t('obs.own.none')}</p>;
  const shown = k === undefined ? undefined : new Map(protectOwnFigures(lines, k).map((p) => [p.line.key, p.cells]));
  const headcount =
    k === undefined || !police
      ? undefined
      : protectTable(
          police.headcount.map((h) => h.heads),
          k,
          { totals: false },
        ).cells;
  const cell = (v: number, i: number, cells?: ProtectedCount[]) =>
    cells ? formatProtected(cells[i]!, lang, { inTable: true }) : String(v);
  const heads = yearHeads(years, currentYear, t);
  return (
    <>
      <ScrollBox label={t('obs.own.title')}>
        <table data-own-figures>
          <caption>{t('obs.own.intro')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('obs.own.col.figure')}</th>
              <th scope="col">{t('obs.own.col.unit')}</th>
              {heads.map((h) => (
                <th scope="col">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr data-figure={line.key}>
                <th scope="row">
                  {lineLabel(line, lang)}
                  {line.page && !line.option ? (
                    <>
                      {' '}
                      (<a href={localHref(`/t/${slug}/espace/${line.page}`, lang)}>{t('obs.own.details')}</a>)
                    </>
                  ) : null}
                </th>
                <td>{text(line.unit, lang)}</td>
                {line.values.map((v, i) => (
                  <td class="num">{cell(v, i, shown?.get(line.key))}</td>
                ))}
              </tr>
            ))}
            {police ? (
              <>
                <tr data-figure="police.response-time">
                  <th scope="row">{t('obs.police.response')}</th>
                  <td>min</td>
                  {police.responseMinutes.map((v) => (
                    <td class="num">{v === null ? t('obs.unknown') : String(v)}</td>
                  ))}
                </tr>
                {police.headcount.map((h, n) => (
                  <tr data-figure={`police.headcount:${h.category}`}>
                    <th scope="row">{t('obs.police.headcount', { category: t(`police.cat.${h.category}`) })}</th>
                    <td>{lang === 'fr' ? 'agents' : 'agents'}</td>
                    {h.heads.map((v, i) => (
                      <td class="num">{cell(v, i, headcount?.[n])}</td>
                    ))}
                  </tr>
                ))}
              </>
            ) : null}
          </tbody>
        </table>
      </ScrollBox>
      {month ? <MonthTable lines={lines} month={month} t={t} lang={lang} k={k} /> : null}
      {police ? (
        <>
          <h3>{t('obs.police.compliance')}</h3>
          {police.compliance.length === 0 ? (
            <p>{t('obs.police.noCompliance')}</p>
          ) : (
            <ul data-compliance>
              {police.compliance.map((c) => (
                <li>{`${c.module} : ${t('obs.police.trained', {
                  trained: k === undefined ? c.trained : formatProtected(protectCount(c.trained, k), lang),
                  required: k === undefined ? c.required : formatProtected(protectCount(c.required, k), lang),
                })}`}</li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      {lines
        .filter((l) => !l.option && k === undefined)
        .map((line) => (
          <LineChart
            id={`own-${line.sourceId.replace('.', '-')}`}
            title={`${lineLabel(line, lang)} (${text(line.unit, lang)})`}
            desc={t('obs.chart.desc')}
            years={years}
            series={[{ name: lineLabel(line, lang), values: line.values }]}
          />
        ))}
    </>
  );
}

/** « novembre 2026 » / « November 2026 ». */
const monthName = (month: string, lang: Lang) =>
  new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-15T12:00:00Z`));

/** The current month's own figures to date: what a coordinator checks the morning after. */
function MonthTable({
  lines,
  month,
  t,
  lang,
  k,
}: {
  lines: OwnFigureLine[];
  month: string;
  t: Translate;
  lang: Lang;
  k?: number;
}) {
  const monthly = lines.filter((l) => l.month !== undefined);
  if (monthly.length === 0) return null;
  const caption = t('obs.own.month', { month: monthName(month, lang) });
  return (
    <ScrollBox label={caption}>
      <table data-own-month={month}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('obs.own.col.figure')}</th>
            <th scope="col">{t('obs.own.col.unit')}</th>
            <th scope="col">{t('obs.own.col.month')}</th>
          </tr>
        </thead>
        <tbody>
          {monthly.map((line) => (
            <tr data-figure={line.key}>
              <th scope="row">{lineLabel(line, lang)}</th>
              <td>{text(line.unit, lang)}</td>
              <td class="num">
                {k === undefined
                  ? String(line.month)
                  : formatProtected(protectCount(line.month as number, k), lang, { inTable: true })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
