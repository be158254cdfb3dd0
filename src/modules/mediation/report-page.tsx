import type { FastifyInstance, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import type { Lang, Translate } from '../../platform/i18n/i18n.js';
import { localHref } from '../../platform/i18n/i18n.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { type ProtectedCount, suppressionLegend } from '../../platform/privacy/small-numbers.js';
import { readSettings } from '../../platform/settings/tenant-settings.js';
import { localToday, MediationNav, mediationBase, pageMediationContext } from './pages-common.js';
import { reportAudience } from './report-audience.js';
import { checkPeriod, type MediationReport, mediationReport } from './report-figures.js';
import { reportPdf } from './report-pdf.js';
import { cellText, type ReportSection, reportCsv, reportSections } from './report-tables.js';

type Query = { from?: string; to?: string; member?: string };

/** Managers and funding members: the route lets in either permission. */
const reportRoute = { config: { permission: ['mediation.manage', 'mediation.funder'] }, schema: { hide: true } } as const;

/** The period asked for, or this year up to today (the tenant's zone). */
export function periodOf(query: Query, now: Date, timeZone: string) {
  const today = localToday(now, timeZone);
  return checkPeriod(query.from ?? `${today.slice(0, 4)}-01-01`, query.to ?? today);
}

/** Reads the report the actor may see (the same for the page, the PDF, the CSV and the API). */
export async function readReport(deps: AppDeps, request: FastifyRequest, query: Query) {
  const ctx = pageMediationContext(deps, request);
  const { from, to } = periodOf(query, deps.clock.now(), ctx.tenant.time_zone);
  const audience = reportAudience(ctx.actor, query.member);
  return withTenant(deps.database.db, ctx.tenant.id, async (tx) => {
    const settings = await readSettings(tx);
    const report = await mediationReport(tx, {
      from,
      to,
      timeZone: ctx.tenant.time_zone,
      ...audience,
      k: settings.smallNumberThreshold,
    });
    const members = await tx
      .selectFrom('tenant_organisations as l')
      .innerJoin('organisations as g', 'g.id', 'l.organisation_id')
      .select(['g.id', 'g.name'])
      .where('l.role', '=', 'member')
      .orderBy('g.name')
      .execute();
    return { report, members };
  });
}

/** Horizontal bars of one column of a section; hidden figures are hatched. The table beside says the same. */
export function BarChart({ section, t }: { section: ReportSection; t: Translate }) {
  const column = section.chart ?? 0;
  const rows = section.rows.filter((r) => r.key !== 'total');
  const values = rows.map((r) => {
    const cell = r.cells[column];
    return typeof cell === 'object' && cell.kind === 'shown' ? cell.value : 0;
  });
  const max = Math.max(1, ...values);
  const [labelW, barW, rowH] = [170, 230, 22];
  const titleId = `${section.id}-chart`;
  return (
    <svg
      class="report-chart"
      viewBox={`0 0 ${labelW + barW + 50} ${rows.length * rowH + 4}`}
      width="100%"
      role="img"
      aria-labelledby={titleId}
    >
      <title id={titleId}>
        {t('mediation.report.chartOf', { title: section.title, column: section.columns[column]?.title ?? '' })}
      </title>
      <defs>
        <pattern id={`${section.id}-hidden`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#eeeeee" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#6a6a6a" stroke-width="2" />
        </pattern>
      </defs>
      {rows.map((r, i) => {
        const cell = r.cells[column] as ProtectedCount;
        const hidden = cell.kind === 'suppressed';
        const w = hidden ? barW / 8 : Math.round(((values[i] ?? 0) / max) * barW);
        const y = i * rowH + 2;
        return (
          <g>
            <text x={labelW - 6} y={y + 14} font-size="11" text-anchor="end" fill="#1b1b1b">
              {r.label.length > 28 ? `${r.label.slice(0, 27)}…` : r.label}
            </text>
            <rect x={labelW} y={y + 3} width={w} height={rowH - 8} fill={hidden ? `url(#${section.id}-hidden)` : '#1d4f91'} />
            <text x={labelW + w + 4} y={y + 14} font-size="11" fill="#1b1b1b">
              {hidden ? '—' : String(values[i])}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function SectionTable({ section, lang }: { section: ReportSection; lang: Lang }) {
  return (
    <section class="table-scroll" tabindex={0} aria-labelledby={`${section.id}-title`}>
      <table id={section.id}>
        <thead>
          <tr>
            <th scope="col">{section.keyTitle}</th>
            {section.columns.map((c) => (
              <th scope="col" class="num">
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {section.rows.map((row) => (
            <tr>
              <th scope="row">{row.label}</th>
              {row.cells.map((cell) => (
                <td class="num">{cellText(cell, lang)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const fileHref = (base: string, ext: string, report: MediationReport) =>
  `${base}.${ext}?${new URLSearchParams({ from: report.from, to: report.to, ...(report.member ? { member: report.member.id } : {}) })}`;

export function registerReportPages(app: FastifyInstance, deps: AppDeps) {
  app.get<{ Params: { slug: string }; Querystring: Query }>(
    '/t/:slug/espace/mediation/rapport',
    reportRoute,
    async (request, reply) => {
      const tenant = request.tenant!;
      const page = pageContext(request);
      const { t, lang } = page;
      const { report, members } = await readReport(deps, request, request.query);
      const base = `${mediationBase(tenant.slug)}/rapport`;
      const sections = reportSections(report, t, lang);
      const manager = request.actor.grants.has('mediation.manage');
      const title = report.member
        ? t('mediation.report.titleMember', { member: report.member.name })
        : t('mediation.report.title');
      return sendPage(
        reply,
        <Layout page={page} title={title} homeHref={`/t/${tenant.slug}/espace/`}>
          {request.actor.grants.has('mediation.field') ? <MediationNav slug={tenant.slug} t={t} lang={lang} /> : null}
          <h1>{title}</h1>
          <p>
            {tenant.name} — {t('mediation.report.period', { from: report.from, to: report.to })}
          </p>
          <form method="get" action={localHref(base, lang)} class="report-period">
            <fieldset>
              <legend>{t('mediation.report.form')}</legend>
              <label for="report-from">{t('mediation.report.from')}</label>
              <input id="report-from" type="date" name="from" value={report.from} required />
              <label for="report-to">{t('mediation.report.to')}</label>
              <input id="report-to" type="date" name="to" value={report.to} required />
              {manager ? (
                <>
                  <label for="report-member">{t('mediation.report.member')}</label>
                  <select id="report-member" name="member">
                    <option value="" selected={!report.member}>
                      {t('mediation.report.wholeGip')}
                    </option>
                    {members.map((m) => (
                      <option value={m.id} selected={report.member?.id === m.id}>
                        {m.name}
                      </option>
                    ))}
                  </select>
                </>
              ) : null}
              <button type="submit">{t('mediation.report.submit')}</button>
            </fieldset>
          </form>
          <p>
            <a href={fileHref(base, 'pdf', report)}>{t('mediation.report.pdf')}</a> ·{' '}
            <a href={fileHref(base, 'csv', report)}>{t('mediation.report.csv')}</a>
          </p>
          <p class="hint">
            {report.protected ? t('mediation.report.protectedNote', { k: report.k }) : t('mediation.report.exactNote')}
          </p>
          {sections.map((section) => (
            <>
              <h2 id={`${section.id}-title`}>{section.title}</h2>
              <div class="report-figure">
                {section.chart !== undefined ? <BarChart section={section} t={t} /> : null}
                <SectionTable section={section} lang={lang} />
              </div>
              {section.note ? <p class="hint">{section.note}</p> : null}
            </>
          ))}
          {report.protected ? <p class="hint">{suppressionLegend(lang, report.k)}</p> : null}
        </Layout>,
        { sensitive: true },
      );
    },
  );

  app.get<{ Params: { slug: string }; Querystring: Query }>(
    '/t/:slug/espace/mediation/rapport.csv',
    reportRoute,
    async (request, reply) => {
      const { t, lang } = pageContext(request);
      const { report } = await readReport(deps, request, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('Cache-Control', 'no-store')
        .header('Content-Disposition', `attachment; filename="rapport-mediation-${report.from}-${report.to}.csv"`)
        .send(reportCsv(reportSections(report, t, lang)));
    },
  );

  app.get<{ Params: { slug: string }; Querystring: Query }>(
    '/t/:slug/espace/mediation/rapport.pdf',
    reportRoute,
    async (request, reply) => {
      const tenant = request.tenant!;
      const { t, lang } = pageContext(request);
      const { report } = await readReport(deps, request, request.query);
      const pdf = await reportPdf({
        tenant: tenant.name,
        report,
        sections: reportSections(report, t, lang),
        t,
        lang,
        printedOn: localToday(deps.clock.now(), tenant.time_zone),
      });
      return reply
        .type('application/pdf')
        .header('Cache-Control', 'no-store')
        .header('Content-Disposition', `attachment; filename="rapport-mediation-${report.from}-${report.to}.pdf"`)
        .send(pdf);
    },
  );
}
