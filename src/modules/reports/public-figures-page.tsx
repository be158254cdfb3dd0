import type { FastifyInstance, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import { type AppDeps, readingDb } from '../../platform/deps.js';
import type { Lang } from '../../platform/i18n/i18n.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { formatProtected, type ProtectedCount, suppressionLegend } from '../../platform/privacy/small-numbers.js';
import { readPublicSettings } from '../../platform/settings/tenant-settings.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import { type PublicFigures, readPublicFigures } from './public-figures.js';
import { tenantWithReports } from './tenant-with-reports.js';

const DAY = 86_400_000;

/** A plain SVG of the cells, shaded by their (protected) total; hidden cells are hatched. No tiles, no script. */
function CellsMap({ figures, lang, label }: { figures: PublicFigures; lang: Lang; label: string }) {
  const points = figures.cells.flatMap((c) => c.outline);
  if (points.length === 0) return null;
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const width = 600;
  const scale = width / ((maxLon - minLon) * kx || 1);
  const height = Math.max(1, Math.round((maxLat - minLat) * scale));
  const max = Math.max(1, ...figures.cells.map((c) => (c.total.kind === 'shown' ? c.total.value : 0)));
  const fill = (total: ProtectedCount) =>
    total.kind === 'suppressed' ? 'url(#hidden)' : `rgba(0, 0, 145, ${(0.15 + (0.85 * total.value) / max).toFixed(2)})`;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} class="coverage-map">
      <defs>
        <pattern id="hidden" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#eeeeee" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#6a6a6a" stroke-width="2" />
        </pattern>
      </defs>
      {figures.cells.map((c) => (
        <polygon
          points={c.outline
            .map(([lon, lat]) => `${((lon - minLon) * kx * scale).toFixed(1)},${((maxLat - lat) * scale).toFixed(1)}`)
            .join(' ')}
          fill={fill(c.total)}
          stroke="#ffffff"
          stroke-width="1"
        >
          <title>{formatProtected(c.total, lang)}</title>
        </polygon>
      ))}
    </svg>
  );
}

/** The public figures of the reports: a map of cells and a table by territory, public categories only. */
export function registerPublicFiguresPage(app: FastifyInstance, deps: AppDeps) {
  // Reads only: the replica when there is one (docs/deploy.md).
  const db = readingDb(deps);

  async function figuresOf(request: FastifyRequest<{ Params: { slug: string } }>) {
    const tenant = await tenantWithReports(db, request.params.slug);
    const settings = await readPublicSettings(db, tenant.id);
    const until = deps.clock.now();
    const from = new Date(until.getTime() - 365 * DAY);
    const figures = await withTenant(db, tenant.id, (tx) =>
      readPublicFigures(tx, { from, until, k: settings.smallNumberThreshold }),
    );
    return { tenant, figures };
  }
  const day = (d: Date, tenant: Tenant) => d.toLocaleDateString('fr-CA', { timeZone: tenant.time_zone });

  app.get<{ Params: { slug: string } }>(
    '/t/:slug/signalements',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const { tenant, figures } = await figuresOf(request);
      const page = pageContext(request, `/t/${tenant.slug}/signalements`);
      const { t, lang } = page;
      return sendPage(
        reply,
        <Layout page={page} title={t('reportFigures.title')} homeHref={`/t/${tenant.slug}/`}>
          <h1>{t('reportFigures.title')}</h1>
          <p>{t('reportFigures.intro', { from: day(figures.from, tenant), until: day(figures.until, tenant) })}</p>
          <CellsMap figures={figures} lang={lang} label={t('reportFigures.mapLabel')} />
          <p class="hint">{t('reportFigures.mapHint')}</p>
          <section class="table-scroll" tabindex={0} aria-labelledby="by-territory">
            <table>
              <caption id="by-territory">{t('reportFigures.byTerritory')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reportFigures.territory')}</th>
                  {figures.categories.map((c) => (
                    <th scope="col" class="num">
                      {c.name[lang]}
                    </th>
                  ))}
                  <th scope="col" class="num">
                    {t('figures.total')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {figures.territories.map((row) => (
                  <tr>
                    <th scope="row">{row.name}</th>
                    {row.counts.map((count) => (
                      <td class="num">{formatProtected(count, lang, { inTable: true })}</td>
                    ))}
                    <td class="num">{formatProtected(row.total, lang, { inTable: true })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <p class="hint">{suppressionLegend(lang, figures.k)}</p>
          <p>
            <a href={`/t/${tenant.slug}/signalements.csv`}>{t('reportFigures.csv')}</a> ·{' '}
            <a href={`/t/${tenant.slug}/signalements.geojson`}>{t('reportFigures.geojson')}</a>
          </p>
          <p>
            <a href={`/t/${tenant.slug}/signaler`}>{t('report.title')}</a>
          </p>
        </Layout>,
      );
    },
  );

  const value = (count: ProtectedCount) => (count.kind === 'shown' ? count.value : null);

  app.get<{ Params: { slug: string } }>(
    '/t/:slug/signalements.csv',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const { figures } = await figuresOf(request);
      const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
      const lines = [
        ['territoire', ...figures.categories.map((c) => c.code), 'total'].map(quote).join(','),
        ...figures.territories.map((row) =>
          [quote(row.name), ...[...row.counts, row.total].map((c) => (c.kind === 'shown' ? String(c.value) : 'secret'))].join(
            ',',
          ),
        ),
      ];
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="signalements.csv"')
        .send(`${lines.join('\r\n')}\r\n`);
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/t/:slug/signalements.geojson',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const { figures } = await figuresOf(request);
      return reply.type('application/geo+json').send({
        type: 'FeatureCollection',
        features: figures.cells.map((c) => ({
          type: 'Feature',
          properties: {
            h3: c.h3,
            total: value(c.total),
            suppressed: c.total.kind === 'suppressed',
            ...Object.fromEntries(figures.categories.map((cat, j) => [cat.code, value(c.counts[j] as ProtectedCount)])),
          },
          geometry: { type: 'Polygon', coordinates: [[...c.outline, c.outline[0]]] },
        })),
      });
    },
  );
}
