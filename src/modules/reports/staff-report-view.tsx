import type { FieldProblem } from '../../platform/errors.js';
import type { Lang, Translate } from '../../platform/i18n/i18n.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { FormErrors, StatusNotice } from '../../platform/pages/forms.js';
import type { ReportView } from './read-report.js';
import { formatDate } from './staff-pages-common.js';
import type { ReporterContact } from './view-report-contact.js';

export interface ReportPageProps {
  t: Translate;
  lang: Lang;
  timeZone: string;
  base: string;
  view: ReportView;
  contact?: ReporterContact;
  csrf: string;
  notice?: string;
  failed?: { form: string; problems: FieldProblem[] };
}

/** What the report says: description, answers, place, photos. */
export function ReportFacts({ t, lang, view, base }: Pick<ReportPageProps, 't' | 'lang' | 'view' | 'base'>) {
  const { report, photos } = view;
  const answers = Object.entries(report.attributes);
  const question = (code: string) => report.category_attributes.find((a) => a.code === code);
  const answer = (code: string, key: string) => question(code)?.values?.find((v) => v.key === key)?.name[lang] ?? key;
  return (
    <>
      <h2>{t('reports.description')}</h2>
      {report.description ? <p class="report-description">{report.description}</p> : <p>{t('reports.noDescription')}</p>}
      {answers.length ? (
        <>
          <h2>{t('reports.attributes')}</h2>
          <dl>
            {answers.map(([code, value]) => (
              <>
                <dt>{question(code)?.description[lang] ?? code}</dt>
                <dd>
                  {[value]
                    .flat()
                    .map((v) => answer(code, v))
                    .join(', ')}
                </dd>
              </>
            ))}
          </dl>
        </>
      ) : null}
      <h2>{t('reports.place')}</h2>
      <dl>
        {report.address ? (
          <>
            <dt>{t('reports.address')}</dt>
            <dd>{report.address}</dd>
          </>
        ) : null}
        <dt>{t('reports.coordinates')}</dt>
        <dd>
          {report.lat.toFixed(5)}, {report.lon.toFixed(5)}
        </dd>
        {report.territory ? (
          <>
            <dt>{t('reports.col.territory')}</dt>
            <dd>{report.territory}</dd>
          </>
        ) : null}
      </dl>
      {photos.length ? (
        <>
          <h2>{t('reports.photos')}</h2>
          <ul class="report-photos">
            {photos.map((p, i) => (
              <li>
                <img
                  src={`${base}/${report.id}/photos/${p.id}.jpg`}
                  width={Math.min(p.width, 480)}
                  height={Math.round((p.height * Math.min(p.width, 480)) / p.width)}
                  alt={t('reports.photoAlt', { n: i + 1 })}
                />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** The report's history, oldest first; notes say whether the reporter sees them. */
export function ReportHistory({ t, lang, timeZone, view }: Pick<ReportPageProps, 't' | 'lang' | 'timeZone' | 'view'>) {
  const status = (s: string | null) => (s ? t(`reports.status.${s}` as MessageKey) : '');
  return (
    <>
      <h2>{t('reports.history')}</h2>
      <ol class="report-history">
        {view.events.map((e) => (
          <li>
            {formatDate(e.at, lang, timeZone, true)} —{' '}
            {e.kind === 'status'
              ? `${e.from_status ? `${status(e.from_status)} → ` : ''}${status(e.to_status)}${e.note ? ` : ${e.note}` : ''}`
              : null}
            {e.kind === 'assign' ? t('reports.event.assign', { organisation: e.note ?? '' }) : null}
            {e.kind === 'article40' ? t('reports.event.article40', { note: e.note ?? '' }) : null}
            {e.kind === 'merge' ? t('reports.event.merge', { id: e.note ?? '' }) : null}
            {e.kind === 'note'
              ? `${e.note ?? ''} (${t(e.for_reporter ? 'reports.event.forReporter' : 'reports.event.internal')})`
              : null}
          </li>
        ))}
      </ol>
    </>
  );
}

export function Notices({ t, lang, notice, failed }: Pick<ReportPageProps, 't' | 'lang' | 'notice' | 'failed'>) {
  return (
    <>
      <StatusNotice text={notice} />
      {failed ? <FormErrors t={t} lang={lang} problems={failed.problems} idPrefix={failed.form} /> : null}
    </>
  );
}
