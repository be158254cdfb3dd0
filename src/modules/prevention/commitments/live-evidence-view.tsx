import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import type { Figures } from './figure-formats.js';
import type { LiveEvidence } from './live-evidence.js';

export const monthLabel = (month: string, lang: Lang) =>
  new Date(`${month}-15T12:00:00Z`).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** What the platform holds about a commitment: the sessions' figures, the police training, the reports by month. */
export function LiveEvidenceView({
  live,
  figures,
  t,
  lang,
  idPrefix,
}: {
  live: LiveEvidence;
  figures: Figures;
  t: Translate;
  lang: Lang;
  idPrefix: string;
}) {
  const { sessions, police, reports } = live;
  if (!sessions && !police && !reports) return null;
  const reportFigures = reports ? figures.series(reports.counts) : undefined;
  const policeFigures =
    police?.state === 'tracked' ? figures.part(police.trained, police.trained + police.due + police.never) : undefined;
  return (
    <div class="live-evidence">
      {sessions === 'unknown-programme' ? <p>{t('commitments.unknownProgramme')}</p> : null}
      {sessions && sessions !== 'unknown-programme' ? (
        <>
          <p>
            {t('commitments.sessions', {
              programme: sessions.programme,
              year: sessions.schoolYear,
              sessions: figures.one(sessions.sessions),
              classes: figures.one(sessions.classes),
              reached: figures.one(sessions.reached),
            })}
          </p>
          {sessions.goalClasses !== null || sessions.goalYoungPeople !== null ? (
            <p>
              {t('commitments.goal', {
                classes: sessions.goalClasses === null ? '—' : String(sessions.goalClasses),
                young: sessions.goalYoungPeople === null ? '—' : String(sessions.goalYoungPeople),
              })}
            </p>
          ) : null}
          {sessions.planned > 0 ? <p>{t('commitments.sessionsPlanned', { planned: figures.one(sessions.planned) })}</p> : null}
        </>
      ) : null}
      {police?.state === 'not-run' ? <p>{t('commitments.policeNotRun')}</p> : null}
      {police?.state === 'unknown-module' ? <p>{t('commitments.policeUnknown')}</p> : null}
      {police?.state === 'tracked' && policeFigures ? (
        <p>
          {t('commitments.policeTracked', {
            module: police.module,
            trained: policeFigures.part,
            total: policeFigures.whole,
            share: policeFigures.share ?? '',
          })}
        </p>
      ) : null}
      {reports && !reports.category ? <p>{t('commitments.reportsUnknown', { code: reports.code })}</p> : null}
      {reports?.category && reportFigures ? (
        <div class="table-scroll">
          <table>
            <caption id={`${idPrefix}-reports`}>{t('commitments.reports', { category: reports.category.name[lang] })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('commitments.month')}</th>
                <th scope="col">{t('commitments.count')}</th>
              </tr>
            </thead>
            <tbody>
              {reports.months.map((m, i) => (
                <tr>
                  <th scope="row">{monthLabel(m, lang)}</th>
                  <td class="num">{reportFigures.cells[i]}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('commitments.total')}</th>
                <td class="num">{reportFigures.total}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}
    </div>
  );
}
