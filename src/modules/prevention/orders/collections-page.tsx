import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { field } from '../../../platform/pages/form-field.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import {
  formatProtected,
  type ProtectedCount,
  protectSeries,
  suppressionLegend,
} from '../../../platform/privacy/small-numbers.js';
import { readSettings } from '../../../platform/settings/tenant-settings.js';
import { listAreas } from '../../../platform/territories/territory-queries.js';
import { collectionsByMonthAndTerritory, latestCollections, nitrousReportsByMonth } from './collection-queries.js';
import { localMoment } from './order-time.js';
import { recordCollection } from './record-collection.js';

const access = { config: { permission: 'prevention.collections' }, schema: { hide: true } } as const;
const MONTHS = 12;

/** The last `count` months ("YYYY-MM") up to the one holding `today`. */
export function lastMonths(today: string, count = MONTHS): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (count - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

const monthLabel = (month: string, lang: Lang) =>
  new Date(`${month}-15T12:00:00Z`).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** Bars: cartridges picked up; line: reports (hidden months are left out of the line). Described by the table below. */
function TrendChart({
  months,
  cartridges,
  reports,
  t,
  lang,
}: {
  months: string[];
  cartridges: number[];
  reports: ProtectedCount[];
  t: Translate;
  lang: Lang;
}) {
  const width = 640;
  const height = 220;
  const pad = 30;
  const shownReports = reports.map((r) => (r.kind === 'shown' ? r.value : 0));
  const maxBar = Math.max(1, ...cartridges);
  const maxLine = Math.max(1, ...shownReports);
  const step = (width - 2 * pad) / months.length;
  const y = (v: number, max: number) => height - pad - (v / max) * (height - 2 * pad);
  const points = reports
    .map((r, i) => (r.kind === 'shown' ? `${(pad + step * (i + 0.5)).toFixed(1)},${y(r.value, maxLine).toFixed(1)}` : ''))
    .filter(Boolean)
    .join(' ');
  return (
    <figure>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby="trend-caption"
        xmlns="http://www.w3.org/2000/svg"
      >
        <line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} stroke="currentColor" />
        {cartridges.map((v, i) => (
          <rect
            x={(pad + step * i + step * 0.15).toFixed(1)}
            y={y(v, maxBar).toFixed(1)}
            width={(step * 0.7).toFixed(1)}
            height={(height - pad - y(v, maxBar)).toFixed(1)}
            fill="#2d6a9f"
          >
            <title>{`${monthLabel(months[i] as string, lang)} : ${v}`}</title>
          </rect>
        ))}
        {points ? <polyline points={points} fill="none" stroke="#b3261e" stroke-width="3" /> : null}
        {months.map((m, i) =>
          i % 2 === 0 ? (
            <text x={(pad + step * (i + 0.5)).toFixed(1)} y={height - 10} font-size="11" text-anchor="middle">
              {monthLabel(m, lang)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption id="trend-caption">{t('collections.chartHint')}</figcaption>
    </figure>
  );
}

/** Collections: the form, the trend by month beside the nitrous-oxide reports, by territory, and the latest entries. */
export function registerCollectionPages(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const path = (slug: string) => `/t/${slug}/espace/collectes`;

  async function collectionsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { problems?: FieldProblem[]; status?: number } = {},
  ) {
    const tenant = request.tenant!;
    const page = pageContext(request, path(tenant.slug));
    const { t, lang } = page;
    const today = localMoment(deps.clock.now(), tenant.time_zone).date;
    const months = lastMonths(today);
    const from = `${months[0]}-01`;
    const data = await withTenant(db, tenant.id, async (tx) => ({
      cells: await collectionsByMonthAndTerritory(tx, from),
      reports: await nitrousReportsByMonth(tx, from, tenant.time_zone),
      areas: await listAreas(tx),
      latest: await latestCollections(tx),
      k: (await readSettings(tx)).smallNumberThreshold,
    }));
    const sum = (month: string, key: 'cartridges' | 'weightKg') =>
      data.cells.filter((c) => c.month === month).reduce((s, c) => s + c[key], 0);
    const cartridges = months.map((m) => sum(m, 'cartridges'));
    const weights = months.map((m) => sum(m, 'weightKg'));
    const reports = protectSeries(
      months.map((m) => data.reports.get(m) ?? 0),
      data.k,
    );
    const problems = state.problems ?? [];
    const p = (name: string) => fieldProblem(problems, name, lang);
    const sent = (name: string) => (problems.length ? field(request.body, name) : undefined);
    const done = (request.query as { fait?: string }).fait;
    const kg = (n: number) => n.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 });
    return sendPage(
      reply,
      <Layout page={page} title={t('collections.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('collections.title')}</h1>
        <p>{t('collections.intro')}</p>
        {done ? (
          <p class="notice" role="status">
            {t('collections.saved')}
          </p>
        ) : null}
        <h2>{t('collections.trend')}</h2>
        <TrendChart months={months} cartridges={cartridges} reports={reports.counts} t={t} lang={lang} />
        <table>
          <thead>
            <tr>
              <th scope="col">{t('collections.month')}</th>
              <th scope="col">{t('collections.cartridges')}</th>
              <th scope="col">{t('collections.weight')}</th>
              <th scope="col">{t('collections.reports')}</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m, i) => (
              <tr>
                <th scope="row">{monthLabel(m, lang)}</th>
                <td class="num">{cartridges[i]}</td>
                <td class="num">{kg(weights[i] as number)}</td>
                <td class="num">{formatProtected(reports.counts[i] as ProtectedCount, lang, { inTable: true })}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="hint">{suppressionLegend(lang, data.k)}</p>
        <h2>{t('collections.byTerritory')}</h2>
        <p>
          <a href={`${path(tenant.slug)}.csv`}>{t('collections.csv')}</a>
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('collections.month')}</th>
              <th scope="col">{t('collections.territory')}</th>
              <th scope="col">{t('collections.cartridges')}</th>
              <th scope="col">{t('collections.weight')}</th>
            </tr>
          </thead>
          <tbody>
            {data.cells.map((c) => (
              <tr>
                <th scope="row">{monthLabel(c.month, lang)}</th>
                <td>{c.territory ?? t('collections.wholeTerritory')}</td>
                <td class="num">{c.cartridges}</td>
                <td class="num">{kg(c.weightKg)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{t('collections.add')}</h2>
        <FormErrors t={t} lang={lang} problems={problems} />
        <PostForm action={path(tenant.slug)} csrf={request.csrf()} label={t('collections.add')}>
          <Field
            t={t}
            name="collectedOn"
            type="date"
            label={t('collections.field.collectedOn')}
            value={sent('collectedOn') ?? today}
            problem={p('collectedOn')}
            required
          />
          <div class={p('territoryId') ? 'field has-error' : 'field'}>
            <label for="field-territoryId">{t('collections.field.territory')}</label>
            <p class="hint">{t('collections.field.placeHint')}</p>
            {p('territoryId') ? <p class="error">{p('territoryId')}</p> : null}
            <select id="field-territoryId" name="territoryId">
              <option value="">{t('collections.field.territoryNone')}</option>
              {data.areas.map((a) => (
                <option value={a.id} selected={sent('territoryId') === a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <Field t={t} name="lat" label={t('collections.field.lat')} value={sent('lat')} problem={p('lat')} />
          <Field t={t} name="lon" label={t('collections.field.lon')} value={sent('lon')} problem={p('lon')} />
          <Field
            t={t}
            name="cartridges"
            type="number"
            label={t('collections.field.cartridges')}
            hint={t('collections.field.amountHint')}
            value={sent('cartridges')}
            problem={p('cartridges')}
          />
          <Field t={t} name="weightKg" label={t('collections.field.weightKg')} value={sent('weightKg')} problem={p('weightKg')} />
          <Field
            t={t}
            name="service"
            label={t('collections.field.service')}
            value={sent('service')}
            problem={p('service')}
            required
          />
          <button type="submit">{t('collections.add')}</button>
        </PostForm>
        <h2>{t('collections.list')}</h2>
        {data.latest.length === 0 ? (
          <p>{t('collections.empty')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('collections.field.collectedOn')}</th>
                <th scope="col">{t('collections.territory')}</th>
                <th scope="col">{t('collections.cartridges')}</th>
                <th scope="col">{t('collections.weight')}</th>
                <th scope="col">{t('collections.field.service')}</th>
              </tr>
            </thead>
            <tbody>
              {data.latest.map((c) => (
                <tr>
                  <th scope="row">{c.collected_on}</th>
                  <td>{c.territory ?? c.point ?? ''}</td>
                  <td class="num">{c.cartridges ?? '—'}</td>
                  <td class="num">{c.weight_kg === null ? '—' : kg(c.weight_kg)}</td>
                  <td>{c.service}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Layout>,
      { status: state.status ?? 200 },
    );
  }

  app.get<{ Params: { slug: string } }>(path(':slug'), access, (request, reply) => collectionsPage(request, reply));
  app.post<{ Params: { slug: string } }>(path(':slug'), access, async (request, reply) => {
    try {
      await recordCollection(requestContext(deps, request), {
        collectedOn: field(request.body, 'collectedOn'),
        territoryId: field(request.body, 'territoryId'),
        lat: field(request.body, 'lat'),
        lon: field(request.body, 'lon'),
        cartridges: field(request.body, 'cartridges'),
        weightKg: field(request.body, 'weightKg'),
        service: field(request.body, 'service'),
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return collectionsPage(request, reply, { problems: error.details, status: 400 });
      throw error;
    }
    return reply.redirect(`${path(request.params.slug)}?fait=1`, 303);
  });
}
