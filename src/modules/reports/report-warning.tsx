import type { Translate } from '../../platform/i18n/i18n.js';

/** Above every reporting page: a report is neither an emergency call nor a complaint; where to go instead. */
export function ReportWarning({ t }: { t: Translate }) {
  return (
    <section class="notice report-warning" aria-labelledby="report-warning">
      <h2 id="report-warning">{t('report.warningTitle')}</h2>
      <p>
        <strong>{t('report.warning')}</strong>
      </p>
      <ul>
        <li>
          <a href="tel:17">17</a> · <a href="tel:112">112</a> · <a href="sms:114">114</a> {t('report.sms')}
        </li>
        <li>
          <a href="https://www.pre-plainte-en-ligne.gouv.fr/" rel="noreferrer">
            {t('report.preComplaint')}
          </a>
        </li>
        <li>
          <a href="https://www.masecurite.interieur.gouv.fr/" rel="noreferrer">
            {t('report.maSecurite')}
          </a>
        </li>
        <li>
          <a href="tel:116006">116 006</a> — {t('report.franceVictimes')}
        </li>
        <li>
          <a href="tel:119">119</a> — {t('report.children')}
        </li>
        <li>
          <a href="tel:3919">3919</a> — {t('report.violencesFemmes')}
        </li>
        <li>
          <a href="tel:3117">3117</a> — {t('report.transport')}
        </li>
      </ul>
    </section>
  );
}
