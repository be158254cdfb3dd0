import type { FastifyInstance } from 'fastify';
import { type AppDeps, readingDb } from '../../../platform/deps.js';
import { localHref } from '../../../platform/i18n/i18n.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { formatProtected, suppressionLegend } from '../../../platform/privacy/small-numbers.js';
import { readDashboard } from './dashboard-data.js';
import { Caveats, CrimeSectionView, ScrollBox } from './dashboard-view.js';
import { MapsSection } from './maps-section.js';
import { observatoryTenant } from './observatory-tenant.js';
import { lineLabel, yearHeads } from './own-figures-view.js';
import { protectCrimeSection, protectOwnFigures } from './public-figures.js';
import { yearParam } from './staff-page.js';
import { readTerritoryMaps } from './territory-maps.js';

/** The public dashboard: only what the tenant publishes, aggregated, small numbers hidden; no JavaScript. */
export function registerPublicDashboard(app: FastifyInstance, deps: AppDeps) {
  app.get<{ Params: { slug: string }; Querystring: { annee?: string; reference?: string; carte?: string } }>(
    '/t/:slug/observatoire',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await observatoryTenant(readingDb(deps), request.params.slug);
      const page = pageContext(request);
      const { t, lang } = page;
      const data = await readDashboard(readingDb(deps), tenant, deps.clock.now(), {
        year: yearParam(request.query.annee, Number.NaN) || undefined,
        baselineYear: yearParam(request.query.reference, 2019),
        audience: 'public',
      });
      const own = protectOwnFigures(data.own, data.k);
      const crime = data.crime.filter((c) => c.communes.length > 0).map((c) => protectCrimeSection(c, data.k));
      const heads = yearHeads(data.ownYears, data.currentYear, t);
      const maps = await readTerritoryMaps(
        deps.database.db,
        tenant,
        data,
        { indicator: request.query.carte, audience: 'public', k: data.k },
        t,
        lang,
      );
      const base = `/t/${tenant.slug}/observatoire`;
      return sendPage(
        reply,
        <Layout page={page} title={t('obs.publicTitle')} homeHref={`/t/${tenant.slug}`}>
          <h1>{t('obs.publicTitle')}</h1>
          <p>{t('obs.publicIntro', { tenant: tenant.name })}</p>
          {crime.length === 0 && own.length === 0 ? <p>{t('obs.public.none')}</p> : null}
          {crime.length ? (
            <>
              <Caveats t={t} />
              <h2>{t('obs.crime.title')}</h2>
              {crime.map((section) => (
                <CrimeSectionView section={section} year={data.year} baselineYear={data.baselineYear} t={t} lang={lang} />
              ))}
            </>
          ) : null}
          {own.length ? (
            <>
              <h2>{t('obs.own.title')}</h2>
              {crime.length ? null : <p class="hint">{t('obs.caveat.municipal')}</p>}
              <ScrollBox label={t('obs.own.title')}>
                <table data-own-figures>
                  <caption>{t('obs.own.intro')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('obs.own.col.figure')}</th>
                      <th scope="col">{t('obs.own.col.unit')}</th>
                      {heads.map((h) => (
                        <th scope="col">{h}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {own.map(({ line, cells }) => (
                      <tr data-figure={line.key}>
                        <th scope="row">{lineLabel(line, lang)}</th>
                        <td>{lang === 'fr' ? line.unit.fr : line.unit.en}</td>
                        {cells.map((c) => (
                          <td class="num">{formatProtected(c, lang, { inTable: true })}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollBox>
              <p class="hint">{suppressionLegend(lang, data.k)}</p>
            </>
          ) : null}
          {maps.length ? (
            <MapsSection
              maps={maps}
              action={base}
              indicators={crime.map((c) => c.indicator)}
              chosen={request.query.carte}
              year={data.year}
              baselineYear={data.baselineYear}
              t={t}
              lang={lang}
            />
          ) : null}
          <p class="hint">{t('obs.public.k', { k: data.k })}</p>
          <h2>{t('obs.opendata.title')}</h2>
          <ul>
            <li>
              <a href={localHref(`${base}/donnees.csv`, lang)}>{t('obs.opendata.csv')}</a>
            </li>
            <li>
              <a href={localHref(`${base}/donnees.schema.json`, lang)}>{t('obs.opendata.schema')}</a>
            </li>
          </ul>
        </Layout>,
      );
    },
  );
}
