import type { FastifyInstance, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import { can } from '../../../platform/access/actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import type { MessageKey } from '../../../platform/i18n/messages.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { StaffMap } from '../../reports/staff-map.js';
import { listAgents, listEntries, listTerritories, PAGE_SIZE, type RawFilter, readFilter } from './entry-queries.js';
import { entryNumber } from './entry-writes.js';
import { logRoute, requireProgramme } from './form-pages.js';
import { formatLocal } from './local-time.js';
import { natureLabel, natures } from './natures.js';
import { answerableReports, mcBase } from './page-data.js';
import { entryKinds } from './tables.js';

type Req = FastifyRequest<{ Params: { slug: string }; Querystring: RawFilter & { page?: string } }>;

/** The list with its filters and map, and the reports waiting for an intervention. */
export function registerListPage(app: FastifyInstance, deps: AppDeps) {
  app.get(mcBase(':slug'), logRoute, async (request: Req, reply) => {
    requireProgramme(request);
    const tenant = request.tenant!;
    const zone = tenant.time_zone;
    const page = pageContext(request);
    const { t, lang } = page;
    const { page: pageNumber, ...raw } = request.query;
    const filter = readFilter(raw, zone);
    const current = Math.max(1, Math.min(10_000, Number(pageNumber) || 1));
    const data = await withTenant(deps.database.db, tenant.id, async (tx) => ({
      list: await listEntries(tx, filter, { limit: PAGE_SIZE, offset: (current - 1) * PAGE_SIZE }),
      agents: await listAgents(tx),
      territories: await listTerritories(tx),
      reports: await answerableReports(tx, request.actor, zone, lang),
    }));
    const base = mcBase(tenant.slug);
    const query = new URLSearchParams(Object.entries(raw).filter(([, v]) => v) as [string, string][]);
    const select = (name: keyof RawFilter, label: string, options: { value: string; label: string }[]) => (
      <div class="field">
        <label for={`filter-${name}`}>{label}</label>
        <select id={`filter-${name}`} name={name}>
          <option value="">{t('mc.all')}</option>
          {options.map((o) => (
            <option value={o.value} selected={raw[name] === o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    );
    const points = data.list.rows
      .filter((r) => r.lat !== null && r.lon !== null)
      .map((r) => ({
        id: r.id,
        lat: r.lat as number,
        lon: r.lon as number,
        label: `${entryNumber(r.year, r.number)} ${natureLabel(r.nature, lang)}`,
        open: r.validated_at === null,
      }));
    return sendPage(
      reply,
      <Layout page={page} title={t('mc.title')} homeHref={`/t/${tenant.slug}/espace/`} sensitive>
        <h1>{t('mc.title')}</h1>
        <p>{t('mc.intro')}</p>
        <ul class="cards">
          <li>
            <a href={`${base}/nouvelle`}>{t('mc.new')}</a>
          </li>
          {can(request.actor, 'police.figures') ? (
            <li>
              <a href={`${base}/statistiques`}>{t('mc.stats')}</a>
            </li>
          ) : null}
          <li>
            <a href={`${base}.csv?${query}`}>{t('mc.csv')}</a>
          </li>
          {can(request.actor, 'police.validate') ? (
            <li>
              <a href={`${base}/eliminations`}>{t('mc.eliminations')}</a>
            </li>
          ) : null}
        </ul>
        {data.reports.length > 0 ? (
          <>
            <h2>{t('mc.toAnswer')}</h2>
            <ul>
              {data.reports.map((r) => (
                <li>
                  {r.label} — <a href={`${base}/nouvelle?signalement=${r.id}`}>{t('mc.answer')}</a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h2>{t('mc.filters')}</h2>
        <form method="get" action={base} aria-label={t('mc.filters')}>
          <div class="field">
            <label for="filter-from">{t('mc.from')}</label>
            <input id="filter-from" type="date" name="from" value={raw.from ?? ''} />
          </div>
          <div class="field">
            <label for="filter-to">{t('mc.to')}</label>
            <input id="filter-to" type="date" name="to" value={raw.to ?? ''} />
          </div>
          {select(
            'kind',
            t('mc.kind'),
            entryKinds.map((k) => ({ value: k, label: t(`mc.kind.${k}` as MessageKey) })),
          )}
          {select(
            'nature',
            t('mc.nature'),
            natures.map((n) => ({ value: n.code, label: n.label[lang] })),
          )}
          {select(
            'territory',
            t('mc.territory'),
            data.territories.map((x) => ({ value: x.id, label: x.name })),
          )}
          {select(
            'agent',
            t('mc.agents'),
            data.agents.map((a) => ({ value: a.id, label: `${a.staff_number} ${a.given_name} ${a.family_name}` })),
          )}
          {select('validated', t('mc.status'), [
            { value: 'yes', label: t('mc.validatedYes') },
            { value: 'no', label: t('mc.validatedNo') },
          ])}
          <button type="submit">{t('mc.apply')}</button>
        </form>
        <StaffMap points={points} label={t('mc.map')} lang={lang} hrefOf={(id) => `${base}/${id}`} />
        {data.list.rows.length === 0 ? (
          <p>{t('mc.none')}</p>
        ) : (
          <section class="table-scroll" tabindex={0} aria-label={t('mc.title')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('mc.number')}</th>
                  <th scope="col">{t('mc.calledAt')}</th>
                  <th scope="col">{t('mc.nature')}</th>
                  <th scope="col">{t('mc.territory')}</th>
                  <th scope="col" class="num">
                    {t('mc.response')}
                  </th>
                  <th scope="col">{t('mc.status')}</th>
                </tr>
              </thead>
              <tbody>
                {data.list.rows.map((r) => (
                  <tr>
                    <th scope="row">
                      <a href={`${base}/${r.id}`}>{entryNumber(r.year, r.number)}</a>
                    </th>
                    <td>{formatLocal(r.called_at, lang, zone)}</td>
                    <td>{natureLabel(r.nature, lang)}</td>
                    <td>{r.territory ?? '—'}</td>
                    <td class="num">
                      {r.arrived_at ? t('mc.minutes', { n: Math.round((+r.arrived_at - +r.called_at) / 60_000) }) : '—'}
                    </td>
                    <td>{r.validated_at ? t('mc.validatedYes') : t('mc.validatedNo')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {data.list.more ? (
          <p>
            <a href={`${base}?${new URLSearchParams({ ...Object.fromEntries(query), page: String(current + 1) })}`}>
              {t('mc.next')}
            </a>
          </p>
        ) : null}
      </Layout>,
      { sensitive: true },
    );
  });
}
