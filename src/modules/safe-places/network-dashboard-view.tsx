import type { Translate } from '../../platform/i18n/i18n.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import type { NetworkDashboard } from './network-dashboard.js';
import { placeStatuses } from './tables.js';

const monthLabel = (month: string, lang: 'fr' | 'en') =>
  new Date(`${month}-15T12:00:00Z`).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** Bars of the active places at each month's end; the table below says the same in words. */
function GrowthBars({ dashboard, lang }: { dashboard: NetworkDashboard; lang: 'fr' | 'en' }) {
  const max = Math.max(1, ...dashboard.growth.map((g) => g.activeAtEnd));
  const barWidth = 24;
  const height = 80;
  return (
    <svg
      class="growth-bars"
      viewBox={`0 0 ${dashboard.growth.length * (barWidth + 6)} ${height + 16}`}
      width="100%"
      height="120"
      aria-hidden="true"
      focusable="false"
    >
      {dashboard.growth.map((g, i) => {
        const h = Math.round((g.activeAtEnd / max) * height);
        return (
          <g>
            <rect x={i * (barWidth + 6)} y={height - h} width={barWidth} height={h} fill="#1d4f91" />
            <text x={i * (barWidth + 6) + barWidth / 2} y={height + 12} font-size="9" text-anchor="middle" fill="#1b1b1b">
              {monthLabel(g.month, lang).replace(/\.? \d{4}$/, '')}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The coordinator's view of the network: places by status, growth by month, what is due. */
export function NetworkDashboardView({
  t,
  lang,
  dashboard,
  placeHref,
}: {
  t: Translate;
  lang: 'fr' | 'en';
  dashboard: NetworkDashboard;
  placeHref: (id: string) => string;
}) {
  return (
    <>
      <h2>{t('dashboard.byStatus')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('places.status')}</th>
            <th scope="col" class="num">
              {t('dashboard.count')}
            </th>
          </tr>
        </thead>
        <tbody>
          {placeStatuses.map((s) => (
            <tr>
              <th scope="row">{t(`status.${s}` as MessageKey)}</th>
              <td class="num">{dashboard.byStatus[s]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="growth-title">{t('dashboard.growth')}</h2>
      <GrowthBars dashboard={dashboard} lang={lang} />
      <table aria-labelledby="growth-title">
        <thead>
          <tr>
            <th scope="col">{t('dashboard.month')}</th>
            <th scope="col" class="num">
              {t('dashboard.active')}
            </th>
            <th scope="col" class="num">
              {t('dashboard.joined')}
            </th>
            <th scope="col" class="num">
              {t('dashboard.left')}
            </th>
          </tr>
        </thead>
        <tbody>
          {dashboard.growth.map((g) => (
            <tr>
              <th scope="row">{monthLabel(g.month, lang)}</th>
              <td class="num">{g.activeAtEnd}</td>
              <td class="num">{g.joined}</td>
              <td class="num">{g.left}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('dashboard.due')}</h2>
      {dashboard.due.length === 0 ? <p>{t('dashboard.dueNone')}</p> : null}
      <ul>
        {dashboard.due.map((d) => (
          <li>
            <a href={placeHref(d.id)}>{d.name}</a>
            {d.trainingDue
              ? ` — ${d.trainedOn ? t('dashboard.trainingOld', { date: d.trainedOn, years: dashboard.trainingYears }) : t('dashboard.trainingNone')}`
              : ''}
            {d.confirmation === 'hidden' ? ` — ${t('dashboard.hidden', { months: dashboard.confirmationMonths })}` : ''}
            {d.confirmation === 'soon' ? ` — ${t('dashboard.soon')}` : ''}
          </li>
        ))}
      </ul>
    </>
  );
}
