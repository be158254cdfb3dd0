import type { FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import { can } from '../../../platform/access/actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import { longDate } from '../../../platform/i18n/dates.js';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import type { MessageKey } from '../../../platform/i18n/messages.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { formatProtected, protectCount, suppressionLegend } from '../../../platform/privacy/small-numbers.js';
import { readSettings } from '../../../platform/settings/tenant-settings.js';
import { coordinationWarning } from './agreements.js';
import { type ProtectedCategory, protectHeadcount, protectTrajectory } from './figures-protection.js';
import { headcountOn, type TrajectoryMonth } from './headcount.js';
import { MandateForms } from './mandate-forms.js';
import { type FormState, formatFte, PoliceNav, policeBase } from './page-common.js';
import { localToday } from './problems.js';
import { readTrajectory, type TrajectoryView } from './read-trajectory.js';
import { type Category, categories, isCategory } from './tables.js';
import { loadMovements } from './workforce-queries.js';

export const categoryLabel = (t: Translate, c: Category) => t(`police.cat.${c}` as MessageKey);

/** The FTE of a category, or the same mark as its hidden heads. */
const fteText = (c: ProtectedCategory, lang: Lang) =>
  c.fte === null ? formatProtected(c.heads, lang, { inTable: true }) : formatFte(c.fte, lang);

/** The police dashboard: headcount today by category, and the coordination agreement's warning. */
export async function sendDashboard(deps: AppDeps, request: FastifyRequest, reply: FastifyReply) {
  const tenant = request.tenant!;
  const page = pageContext(request);
  const { t, lang } = page;
  const today = localToday(deps.clock.now(), tenant.time_zone);
  const { counts, warning, k } = await withTenant(deps.database.db, tenant.id, async (tx) => {
    // Exact figures for the police management; through the small-number helper for figures alone.
    const k = can(request.actor, 'police.workforce') ? null : (await readSettings(tx)).smallNumberThreshold;
    return {
      counts: protectHeadcount(headcountOn(await loadMovements(tx), today), k),
      warning: await coordinationWarning(tx, today),
      k,
    };
  });
  const agents = warning
    ? formatProtected(k === null ? { kind: 'shown', value: warning.agents } : protectCount(warning.agents, k), lang)
    : '';
  return sendPage(
    reply,
    <Layout page={page} title={t('police.dashboard')} homeHref={`/t/${tenant.slug}/espace/`}>
      <h1>{t('police.dashboard')}</h1>
      <PoliceNav request={request} t={t} lang={lang} />
      {warning ? (
        <p class="warning" role="alert">
          {warning.kind === 'missing'
            ? t('police.coordinationMissing', { agents })
            : t('police.coordinationExpired', { agents, date: longDate(warning.expiredOn!, lang) })}
        </p>
      ) : (
        <p>{t('police.coordinationOk')}</p>
      )}
      <h2 id="effectifs-title">{t('police.headcountOn', { date: longDate(today, lang) })}</h2>
      <section class="table-scroll" tabindex={0} aria-labelledby="effectifs-title">
        <table id="effectifs">
          <thead>
            <tr>
              <th scope="col">{t('police.category')}</th>
              <th scope="col" class="num">
                {t('police.heads')}
              </th>
              <th scope="col" class="num">
                {t('police.fte')}
              </th>
            </tr>
          </thead>
          <tbody>
            {categories.map((c) => (
              <tr>
                <th scope="row">
                  <a href={`${policeBase(tenant.slug)}/trajectoire?categorie=${c}`}>{categoryLabel(t, c)}</a>
                </th>
                <td class="num">{formatProtected(counts[c].heads, lang, { inTable: true })}</td>
                <td class="num">{fteText(counts[c], lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {k !== null ? <p class="hint">{suppressionLegend(lang, k)}</p> : null}
    </Layout>,
    { sensitive: true },
  );
}

/** The line of the headcount by month, the target dashed; the table beside it says the same in words. */
function TrajectoryChart({ view }: { view: TrajectoryView }) {
  const months = view.months;
  const [width, height, left, bottom, top] = [640, 240, 44, 24, 10];
  const max = Math.max(1, ...months.map((m) => m.heads), ...view.targets.map((t) => t.heads), view.start.heads);
  const step = (width - left - 10) / Math.max(1, months.length - 1);
  const y = (v: number) => top + (height - top - bottom) * (1 - v / max);
  const x = (i: number) => left + i * step;
  const points = months.map((m, i) => `${x(i).toFixed(1)},${y(m.heads).toFixed(1)}`).join(' ');
  const ticks = [0, Math.round(max / 2), max];
  return (
    <svg
      class="trajectory-chart"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      height="260"
      aria-hidden="true"
      focusable="false"
    >
      {ticks.map((v) => (
        <g>
          <line x1={left} x2={width - 10} y1={y(v)} y2={y(v)} stroke="#d0d0d0" stroke-width="1" />
          <text x={left - 4} y={y(v) + 3} font-size="10" text-anchor="end" fill="#1b1b1b">
            {v}
          </text>
        </g>
      ))}
      {view.targets.map((target) => (
        <g>
          <line
            x1={left}
            x2={width - 10}
            y1={y(target.heads)}
            y2={y(target.heads)}
            stroke="#b34700"
            stroke-width="2"
            stroke-dasharray="6 4"
          />
          <text x={width - 12} y={y(target.heads) - 4} font-size="10" text-anchor="end" fill="#7a3000">
            {`${target.heads} — ${target.targetOn}`}
          </text>
        </g>
      ))}
      <polyline points={points} fill="none" stroke="#1d4f91" stroke-width="2.5" />
      {months.map((m, i) =>
        m.month.endsWith('-01') || i === 0 || i === months.length - 1 ? (
          <text x={x(i)} y={height - 6} font-size="9" text-anchor="middle" fill="#1b1b1b">
            {i === months.length - 1 || m.month.endsWith('-01') ? m.month.slice(0, 4) : ''}
          </text>
        ) : null,
      )}
    </svg>
  );
}

const monthLabel = (m: Pick<TrajectoryMonth, 'month'>, lang: Lang) =>
  new Date(`${m.month}-15T12:00:00Z`).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** The trajectory of a category against its targets and the mandate's start: chart and table. */
export async function sendTrajectory(
  deps: AppDeps,
  request: FastifyRequest<{ Querystring: { categorie?: string } }>,
  reply: FastifyReply,
  state: FormState = {},
) {
  const tenant = request.tenant!;
  const page = pageContext(request);
  const { t, lang } = page;
  const category: Category = isCategory(request.query.categorie ?? '') ? (request.query.categorie as Category) : 'apm';
  const today = localToday(deps.clock.now(), tenant.time_zone);
  const view = await readTrajectory(deps.database.db, tenant, category, today);
  const k = can(request.actor, 'police.workforce')
    ? null
    : await withTenant(deps.database.db, tenant.id, async (tx) => (await readSettings(tx)).smallNumberThreshold);
  const shown = protectTrajectory(view, k);
  const n = (c: ProtectedCategory['heads']) => formatProtected(c, lang, { inTable: true });
  const chartable = shown.months.every((m) => m.count.heads.kind === 'shown');
  const label = categoryLabel(t, category);
  const growth =
    shown.growthPercent === null
      ? '—'
      : `${shown.growthPercent > 0 ? '+' : ''}${shown.growthPercent.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB')} %`;
  return sendPage(
    reply,
    <Layout page={page} title={t('police.trajectory')} homeHref={`/t/${tenant.slug}/espace/`}>
      <h1>{t('police.trajectory')}</h1>
      <PoliceNav request={request} t={t} lang={lang} />
      {state.notice ? <p role="status">{state.notice}</p> : null}
      <form method="get" action={`${policeBase(tenant.slug)}/trajectoire`} class="inline-form">
        <label for="field-categorie">{t('police.category')}</label>
        <select id="field-categorie" name="categorie">
          {categories.map((c) => (
            <option value={c} selected={c === category}>
              {categoryLabel(t, c)}
            </option>
          ))}
        </select>
        {lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
        <button type="submit" class="secondary">
          {t('police.showCategory')}
        </button>
      </form>
      <p>{t('police.trajectoryIntro')}</p>
      <p>
        {view.mandateLabel
          ? t('police.mandateStart', {
              label: view.mandateLabel,
              date: longDate(view.startsOn, lang),
              heads: n(shown.start.heads),
            })
          : t('police.noMandate')}
      </p>
      <p id="growth">
        <strong>
          {t('police.growth', {
            growth,
            start: n(shown.start.heads),
            now: n(shown.current.heads),
            recruitments: n(shown.recruitments),
            departures: n(shown.departures),
          })}
        </strong>
      </p>
      {shown.targets.map((target) => (
        <p>
          {t('police.target', {
            heads: target.heads,
            date: longDate(target.targetOn, lang),
            gap: target.gap ?? '—',
            pace:
              target.monthlyNetNeeded === null ? '—' : target.monthlyNetNeeded.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB'),
          })}
        </p>
      ))}
      <h2 id="trajectoire-title">{t('police.chartTitle', { category: label })}</h2>
      {chartable ? <TrajectoryChart view={view} /> : null}
      <p class="hint">{t(chartable ? 'police.chartHint' : 'police.chartHidden')}</p>
      {k !== null ? <p class="hint">{suppressionLegend(lang, k)}</p> : null}
      <section class="table-scroll" tabindex={0} aria-labelledby="trajectoire-title">
        <table id="trajectoire">
          <thead>
            <tr>
              <th scope="col">{t('police.month')}</th>
              <th scope="col" class="num">
                {t('police.heads')}
              </th>
              <th scope="col" class="num">
                {t('police.fte')}
              </th>
              <th scope="col" class="num">
                {t('police.recruitments')}
              </th>
              <th scope="col" class="num">
                {t('police.departures')}
              </th>
              <th scope="col" class="num">
                {t('police.transfersIn')}
              </th>
              <th scope="col" class="num">
                {t('police.transfersOut')}
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.months.map((m) => (
              <tr>
                <th scope="row">{monthLabel(m, lang)}</th>
                <td class="num">{n(m.count.heads)}</td>
                <td class="num">{fteText(m.count, lang)}</td>
                <td class="num">{n(m.recruitments)}</td>
                <td class="num">{n(m.departures)}</td>
                <td class="num">{n(m.transfersIn)}</td>
                <td class="num">{n(m.transfersOut)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {can(request.actor, 'police.workforce') ? (
        <MandateForms
          t={t}
          lang={lang}
          csrf={request.csrf()}
          base={policeBase(tenant.slug)}
          category={category}
          mandate={view.mandateLabel ? { startsOn: view.startsOn, label: view.mandateLabel } : undefined}
          state={state}
        />
      ) : null}
    </Layout>,
    { status: state.status },
  );
}
