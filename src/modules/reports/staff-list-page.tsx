import type { FastifyInstance } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import { can } from '../../platform/access/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { localHref } from '../../platform/i18n/i18n.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { listCategories } from './category-queries.js';
import { listReports, type ReportFilters } from './report-queries.js';
import { StaffMap } from './staff-map.js';
import { formatDate, reportsBase, staffRoute, staffTenant } from './staff-pages-common.js';
import { isClosed, reportStatuses } from './tables.js';

type Query = { status?: string; categorie?: string; du?: string; au?: string; page?: string; lang?: string };

/** The staff list: the reports in the actor's reach, filtered by a GET form, newest first, 50 a page. */
export function registerStaffListPage(app: FastifyInstance, deps: AppDeps) {
  app.get<{ Params: { slug: string }; Querystring: Query }>(reportsBase(':slug'), staffRoute, async (request, reply) => {
    const tenant = staffTenant(request);
    const page = pageContext(request);
    const { t, lang } = page;
    const q = request.query;
    const filters: ReportFilters = { status: q.status, category: q.categorie, from: q.du, to: q.au, page: Number(q.page) || 1 };
    const [categories, list] = await withTenant(
      deps.database.db,
      tenant.id,
      async (tx) =>
        [
          await listCategories(tx, { publicOnly: false }),
          await listReports(tx, request.actor, filters, tenant.time_zone),
        ] as const,
    );
    const base = reportsBase(tenant.slug);
    const pageHref = (n: number) => {
      const params = new URLSearchParams(
        Object.entries({ ...q, page: String(n) }).filter((e): e is [string, string] => Boolean(e[1])),
      );
      return `${base}?${params}`;
    };
    return sendPage(
      reply,
      <Layout page={page} title={t('reports.list.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('reports.list.title')}</h1>
        <p>{t(can(request.actor, 'reports.manage') ? 'reports.list.scopeAll' : 'reports.list.scope')}</p>
        {can(request.actor, 'reports.intake') ? (
          <p>
            <a href={localHref(`${base}/nouveau`, lang)}>{t('reports.new')}</a>
          </p>
        ) : null}
        {can(request.actor, 'reports.manage') ? (
          <p>
            <a href={localHref(`${base}/categories`, lang)}>{t('categories.title')}</a>
          </p>
        ) : null}
        <form method="get" action={base} aria-label={t('reports.filter.title')}>
          {lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
          <div class="field">
            <label for="filter-status">{t('reports.filter.status')}</label>
            <select id="filter-status" name="status">
              <option value="">{t('reports.filter.any')}</option>
              {reportStatuses.map((s) => (
                <option value={s} selected={q.status === s}>
                  {t(`reports.status.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-category">{t('reports.filter.category')}</label>
            <select id="filter-category" name="categorie">
              <option value="">{t('reports.filter.any')}</option>
              {categories.map((c) => (
                <option value={c.code} selected={q.categorie === c.code}>
                  {c.name[lang]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-from">{t('reports.filter.from')}</label>
            <input id="filter-from" name="du" type="date" value={q.du ?? ''} />
          </div>
          <div class="field">
            <label for="filter-to">{t('reports.filter.to')}</label>
            <input id="filter-to" name="au" type="date" value={q.au ?? ''} />
          </div>
          <button type="submit" class="secondary">
            {t('reports.filter.submit')}
          </button>
        </form>
        <StaffMap
          lang={lang}
          label={t('reports.map')}
          hrefOf={(id) => localHref(`${base}/${id}`, lang)}
          points={list.rows.map((r) => ({
            id: r.id,
            lat: r.lat,
            lon: r.lon,
            open: !isClosed(r.status),
            label: `${formatDate(r.created_at, lang, tenant.time_zone, true)} — ${lang === 'fr' ? r.category_fr : r.category_en} — ${t(`reports.status.${r.status}` as MessageKey)}`,
          }))}
        />
        {list.rows.length === 0 ? (
          <p>{t('reports.none')}</p>
        ) : (
          <section class="table-scroll" tabindex={0} aria-label={t('reports.list.title')}>
            <table>
              <caption>{t('reports.page', { n: list.page })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.col.date')}</th>
                  <th scope="col">{t('reports.col.category')}</th>
                  <th scope="col">{t('reports.col.state')}</th>
                  <th scope="col">{t('reports.col.territory')}</th>
                  <th scope="col">{t('reports.col.organisation')}</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((r) => (
                  <tr>
                    <td>
                      <a href={localHref(`${base}/${r.id}`, lang)}>{formatDate(r.created_at, lang, tenant.time_zone, true)}</a>
                    </td>
                    <td>{lang === 'fr' ? r.category_fr : r.category_en}</td>
                    <td>
                      {t(`reports.status.${r.status}` as MessageKey)}
                      {r.duplicate_of ? ` (${t('reports.duplicate')})` : ''}
                    </td>
                    <td>{r.territory ?? ''}</td>
                    <td>{r.organisation ?? t('reports.unrouted')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        <nav aria-label={t('reports.page', { n: list.page })}>
          {list.page > 1 ? <a href={pageHref(list.page - 1)}>{t('reports.previous')}</a> : null}{' '}
          {list.hasMore ? <a href={pageHref(list.page + 1)}>{t('reports.next')}</a> : null}
        </nav>
      </Layout>,
      { sensitive: true },
    );
  });
}
