import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import type { Lang } from '../../platform/i18n/i18n.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { suppressionLegend } from '../../platform/privacy/small-numbers.js';
import { logBase } from './journal-page.js';
import { cellText, shareText } from './log-labels.js';
import type { LogStatistics } from './log-statistics.js';
import { publishedTables, readLogStatistics, reasonLabel } from './published-statistics.js';

/** Bars of the requests by month; hidden months are hatched. The table after it says the same in words. */
function MonthBars({ stats, lang }: { stats: LogStatistics; lang: Lang }) {
  const shown = stats.byMonth.map((m) => (m.requests.kind === 'shown' ? m.requests.value : 0));
  const max = Math.max(1, ...shown);
  const [bar, gap, height] = [30, 8, 90];
  return (
    <svg
      class="growth-bars"
      viewBox={`0 0 ${stats.byMonth.length * (bar + gap)} ${height + 16}`}
      width="100%"
      height="130"
      aria-hidden="true"
      focusable="false"
    >
      <defs>
        <pattern id="hidden-bar" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#eeeeee" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#6a6a6a" stroke-width="2" />
        </pattern>
      </defs>
      {stats.byMonth.map((m, i) => {
        const hidden = m.requests.kind === 'suppressed';
        const h = hidden ? height / 4 : Math.round((shown[i]! / max) * height);
        return (
          <g>
            <rect x={i * (bar + gap)} y={height - h} width={bar} height={h} fill={hidden ? 'url(#hidden-bar)' : '#1d4f91'} />
            <text x={i * (bar + gap) + bar / 2} y={height + 12} font-size="9" text-anchor="middle" fill="#1b1b1b">
              {new Date(`${m.key}-15T12:00:00Z`).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
                month: 'short',
                timeZone: 'UTC',
              })}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The statistics of the log, for the transport authority and the operator: protected figures only. */
export async function sendStatisticsPage(deps: AppDeps, request: FastifyRequest, reply: FastifyReply) {
  const tenant = request.tenant!;
  const page = pageContext(request);
  const { t, lang } = page;
  const { stats, lineLabel } = await readLogStatistics(deps, tenant);
  const base = logBase(tenant.slug);
  return sendPage(
    reply,
    <Layout page={page} title={t('nightStats.title')} homeHref={`/t/${tenant.slug}/espace/`}>
      <h1>{t('nightStats.title')}</h1>
      <p>{t('nightStats.intro', { from: stats.from, until: stats.until })}</p>
      <p>
        <a href={`${base}/statistiques.csv`}>{t('nightStats.csv')}</a> · <a href={`${base}/journal`}>{t('nightStats.journal')}</a>
      </p>
      {stats.entries === 0 ? <p>{t('nightStats.none')}</p> : null}
      <p class="hint">{t('nightStats.method', { k: stats.k })}</p>
      {publishedTables(stats, lang, lineLabel).map((table) => (
        <>
          <h2 id={`${table.id}-title`}>{t(table.title)}</h2>
          {table.id === 'par_mois' ? (
            <>
              <MonthBars stats={stats} lang={lang} />
              <p class="hint">{t('nightStats.barsHint')}</p>
            </>
          ) : null}
          <section class="table-scroll" tabindex={0} aria-labelledby={`${table.id}-title`}>
            <table id={table.id}>
              <thead>
                <tr>
                  <th scope="col">{t(table.keyTitle)}</th>
                  <th scope="col" class="num">
                    {t('nightStats.requests')}
                  </th>
                  <th scope="col" class="num">
                    {t('nightStats.granted')}
                  </th>
                  <th scope="col" class="num">
                    {t('nightStats.moved')}
                  </th>
                  <th scope="col" class="num">
                    {t('nightStats.refused')}
                  </th>
                  <th scope="col" class="num">
                    {t('nightStats.letOff')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {table.rows.map(({ label, row }) => (
                  <tr>
                    <th scope="row">{label}</th>
                    <td class="num">{cellText(row.requests, lang)}</td>
                    {row.counts.map((count) => (
                      <td class="num">{cellText(count, lang)}</td>
                    ))}
                    <td class="num">{shareText(row.letOff, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ))}
      <h2 id="motifs_refus-title">{t('nightStats.reasons')}</h2>
      <section class="table-scroll" tabindex={0} aria-labelledby="motifs_refus-title">
        <table id="motifs_refus">
          <thead>
            <tr>
              <th scope="col">{t('nightStats.reason')}</th>
              <th scope="col" class="num">
                {t('nightStats.refused')}
              </th>
            </tr>
          </thead>
          <tbody>
            {stats.reasons.map(({ reason, count }) => (
              <tr>
                <th scope="row">{reasonLabel(t, reason)}</th>
                <td class="num">{cellText(count, lang)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('figures.total')}</th>
              <td class="num">{cellText(stats.refusedTotal, lang)}</td>
            </tr>
          </tbody>
        </table>
      </section>
      <p class="hint">{suppressionLegend(lang, stats.k)}</p>
      <p class="hint">{t('nightStats.letOffHint')}</p>
    </Layout>,
  );
}
