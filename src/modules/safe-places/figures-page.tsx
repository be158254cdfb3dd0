import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { withTenant } from '../../db/tenant-transaction.js';
import { type AppDeps, readingDb } from '../../platform/deps.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { formatProtected, protectSeries, suppressionLegend } from '../../platform/privacy/small-numbers.js';
import { readPublicSettings } from '../../platform/settings/tenant-settings.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';
import { wallClock } from './opening-schedule.js';

/** The last four quarters, oldest first, as "YYYY-Qn" in the tenant's calendar. */
function lastQuarters(now: Date, zone: string): string[] {
  const local = new Date(wallClock(now, zone));
  let year = local.getUTCFullYear();
  let quarter = Math.floor(local.getUTCMonth() / 3) + 1;
  const quarters: string[] = [];
  for (let i = 0; i < 4; i++) {
    quarters.unshift(`${year}-Q${quarter}`);
    quarter -= 1;
    if (quarter === 0) {
      quarter = 4;
      year -= 1;
    }
  }
  return quarters;
}

/** Help requests of the whole network per quarter: never per venue, small numbers hidden. */
export function registerFiguresPage(app: FastifyInstance, deps: AppDeps) {
  // Reads only: the replica when there is one (docs/deploy.md).
  const db = readingDb(deps);
  app.get<{ Params: { slug: string } }>(
    '/t/:slug/angela/chiffres',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await requireTenant(db, request.params.slug);
      const settings = await readPublicSettings(db, tenant.id);
      const quarters = lastQuarters(deps.clock.now(), tenant.time_zone);
      const rows = await withTenant(db, tenant.id, (tx) =>
        tx
          .selectFrom('safe_place_help_requests')
          .select([
            sql<string>`to_char(occurred_at AT TIME ZONE ${tenant.time_zone}, 'YYYY') || '-Q' || to_char(occurred_at AT TIME ZONE ${tenant.time_zone}, 'Q')`.as(
              'quarter',
            ),
            (eb) => eb.fn.countAll<number>().as('n'),
          ])
          .groupBy('quarter')
          .execute(),
      );
      const counts = quarters.map((q) => rows.find((r) => r.quarter === q)?.n ?? 0);
      const k = settings.smallNumberThreshold;
      const protectedSeries = protectSeries(counts, k);
      const page = pageContext(request);
      const { t, lang } = page;
      return sendPage(
        reply,
        <Layout page={page} title={t('figures.title')} homeHref={`/t/${tenant.slug}/`}>
          <h1>{t('figures.title')}</h1>
          <p>{t('figures.intro')}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('figures.quarter')}</th>
                <th scope="col">{t('figures.requests')}</th>
              </tr>
            </thead>
            <tbody>
              {quarters.map((q, i) => (
                <tr>
                  <th scope="row">{q.replace('-Q', ' T')}</th>
                  <td>
                    {formatProtected(protectedSeries.counts[i] as Parameters<typeof formatProtected>[0], lang, { inTable: true })}
                  </td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('figures.total')}</th>
                <td>{formatProtected(protectedSeries.total, lang, { inTable: true })}</td>
              </tr>
            </tbody>
          </table>
          <p class="hint">{suppressionLegend(lang, k)}</p>
        </Layout>,
      );
    },
  );
}
