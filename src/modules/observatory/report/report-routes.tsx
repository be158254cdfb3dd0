import { Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../platform/deps.js';
import { localHref } from '../../../platform/i18n/i18n.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { suppressionLegend } from '../../../platform/privacy/small-numbers.js';
import { localToday } from '../dashboard/calendar-year.js';
import { ScrollBox } from '../dashboard/dashboard-view.js';
import { observatoryTenant } from '../dashboard/observatory-tenant.js';
import { buildClspdReport } from './report-content.js';
import { clspdReportPdf } from './report-pdf.js';

/**
 * `/t/{slug}/espace/observatoire/rapport/{year}` (HTML) and `…/{year}.pdf`: the CLSPD annual report. One route for
 * both, since the year and the extension share a path segment.
 */
export function registerClspdReport(app: FastifyInstance, deps: AppDeps) {
  app.get<{ Params: { slug: string; year: string } }>(
    '/t/:slug/espace/observatoire/rapport/:year',
    {
      config: { permission: 'observatory.view' },
      schema: { hide: true, params: Type.Object({ slug: Type.String(), year: Type.String({ pattern: '^20\\d{2}(\\.pdf)?$' }) }) },
    },
    async (request, reply) => {
      const tenant = await observatoryTenant(deps.database.db, '', request.tenant);
      const page = pageContext(request);
      const { t, lang } = page;
      const year = Number(request.params.year.slice(0, 4));
      const now = deps.clock.now();
      const report = await buildClspdReport(deps.database.db, tenant, year, now, t, lang);
      if (request.params.year.endsWith('.pdf')) {
        const pdf = await clspdReportPdf(report, t, lang, localToday(now, tenant.time_zone).date);
        return reply
          .type('application/pdf')
          .header('Cache-Control', 'no-store')
          .header('Content-Disposition', `attachment; filename="rapport-clspd-${tenant.slug}-${year}.pdf"`)
          .send(pdf);
      }
      return sendPage(
        reply,
        <Layout page={page} title={report.title} homeHref={`/t/${tenant.slug}/espace/`}>
          <h1>{report.title}</h1>
          <p>{report.intro}</p>
          <p>
            <a href={localHref(`/t/${tenant.slug}/espace/observatoire/rapport/${year}.pdf`, lang)}>{t('obs.report.pdf')}</a>
          </p>
          {report.chapters.map((chapter, n) => (
            <section aria-labelledby={`ch-${chapter.id}`} data-chapter={chapter.id}>
              <h2 id={`ch-${chapter.id}`}>{`${n + 1}. ${chapter.title}`}</h2>
              {chapter.paragraphs.map((p) => (
                <p>{p}</p>
              ))}
              {chapter.tables.map((table) => (
                <ScrollBox label={table.caption}>
                  <table>
                    <caption>{table.caption}</caption>
                    <thead>
                      <tr>
                        {table.head.map((h) => (
                          <th scope="col">{h}</th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {table.rows.map((row) => (
                        <tr>
                          <th scope="row">{row[0]}</th>
                          {row.slice(1).map((cell) => (
                            <td class="num">{cell}</td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollBox>
              ))}
            </section>
          ))}
          <p class="hint">{suppressionLegend(lang, report.k)}</p>
        </Layout>,
      );
    },
  );
}
