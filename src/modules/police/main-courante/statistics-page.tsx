import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../platform/deps.js';
import type { Translate } from '../../../platform/i18n/i18n.js';
import type { MessageKey } from '../../../platform/i18n/messages.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { formatProtected, suppressionLegend } from '../../../platform/privacy/small-numbers.js';
import type { RawFilter } from './entry-queries.js';
import { readFilter } from './entry-queries.js';
import { requireProgramme } from './form-pages.js';
import { natureLabel } from './natures.js';
import { mcBase } from './page-data.js';
import { type Breakdown, entryStatistics } from './statistics.js';

type Req = FastifyRequest<{ Params: { slug: string }; Querystring: RawFilter }>;

function Table({
  id,
  title,
  rows,
  labelOf,
  t,
  lang,
}: {
  id: string;
  title: string;
  rows: Breakdown[];
  labelOf: (key: string) => string;
  t: Translate;
  lang: 'fr' | 'en';
}) {
  return (
    <section class="table-scroll" tabindex={0} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{title}</th>
            <th scope="col" class="num">
              {t('mc.count')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">{labelOf(r.key)}</th>
              <td class="num">{formatProtected(r.count, lang, { inTable: true })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The figures of the main courante: police roles see counts; others (`police.figures` only) protected ones. */
export function registerStatisticsPage(app: FastifyInstance, deps: AppDeps) {
  app.get(
    `${mcBase(':slug')}/statistiques`,
    { config: { permission: 'police.figures' }, schema: { hide: true } },
    async (request: Req, reply) => {
      requireProgramme(request);
      const tenant = request.tenant!;
      const page = pageContext(request);
      const { t, lang } = page;
      const stats = await entryStatistics(deps, tenant, request.actor, readFilter(request.query, tenant.time_zone));
      return sendPage(
        reply,
        <Layout page={page} title={t('mc.statsTitle')} homeHref={`/t/${tenant.slug}/espace/`}>
          <h1>{t('mc.statsTitle')}</h1>
          {stats.protected ? <p>{t('mc.statsProtected', { k: stats.k })}</p> : null}
          <p>
            {t('mc.total')} : {formatProtected(stats.total, lang, { inTable: true })}
          </p>
          <p>{stats.medianResponseMinutes === null ? t('mc.medianNone') : t('mc.median', { n: stats.medianResponseMinutes })}</p>
          <Table
            id="by-nature"
            title={t('mc.byNature')}
            rows={stats.byNature}
            labelOf={(k) => natureLabel(k, lang)}
            t={t}
            lang={lang}
          />
          <Table id="by-territory" title={t('mc.byTerritory')} rows={stats.byTerritory} labelOf={(k) => k} t={t} lang={lang} />
          <Table
            id="by-hour"
            title={t('mc.byHour')}
            rows={stats.byHour}
            labelOf={(k) => t('mc.hour', { h: k })}
            t={t}
            lang={lang}
          />
          <Table
            id="by-weekday"
            title={t('mc.byWeekday')}
            rows={stats.byWeekday}
            labelOf={(k) => t(`mc.weekday.${k}` as MessageKey)}
            t={t}
            lang={lang}
          />
          {stats.protected ? <p class="hint">{suppressionLegend(lang, stats.k)}</p> : null}
        </Layout>,
      );
    },
  );
}
