import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { localHref } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { modules } from '../modules/module-list.js';
import { Layout } from '../pages/layout.js';
import { pageContext, sendPage } from '../pages/render.js';
import { readPublicSettings } from '../settings/tenant-settings.js';
import { listTenants, requireTenant } from './tenant-queries.js';

const publicPageOf = (id: string) => modules.find((m) => m.id === id)?.publicPage;

/** Public pages of the platform: the list of local authorities, and each one's home. */
export function registerTenantPages(app: FastifyInstance, deps: AppDeps) {
  app.get('/', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const page = pageContext(request);
    const { t, lang } = page;
    const tenants = await listTenants(deps.database.db);
    return sendPage(
      reply,
      <Layout page={page} title={t('home.title')}>
        <h1>{t('home.title')}</h1>
        <p>{t('home.intro')}</p>
        <ul class="cards">
          {tenants.map((tenant) => (
            <li>
              <a href={localHref(`/t/${tenant.slug}/`, lang)}>{tenant.name}</a>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  app.get<{ Params: { slug: string } }>('/t/:slug', { config: { public: true }, schema: { hide: true } }, (request, reply) =>
    reply.redirect(`/t/${encodeURIComponent(request.params.slug)}/`, 301),
  );

  app.get<{ Params: { slug: string } }>(
    '/t/:slug/',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await requireTenant(deps.database.db, request.params.slug);
      const settings = await readPublicSettings(deps.database.db, tenant.id);
      const page = pageContext(request);
      const { t } = page;
      // Programmes another tenant runs for this one (the transport authority's night stops for its communes).
      const runFor: { id: string; href: string }[] = [];
      for (const module of modules) {
        const runner = module.publicPage && module.runBy ? await module.runBy(deps.database.db, tenant) : undefined;
        if (runner) runFor.push({ id: module.id, href: `/t/${runner}/${module.publicPage}` });
      }
      return sendPage(
        reply,
        <Layout page={page} title={tenant.name} sensitive homeHref={`/t/${tenant.slug}/`}>
          <h1>{tenant.name}</h1>
          {tenant.is_demo ? <p class="notice demo">{t('tenant.demo')}</p> : null}
          <p class="notice">{t('tenant.notEmergency')}</p>
          <h2>{t('tenant.programmes', { name: tenant.name })}</h2>
          {tenant.programmes.length === 0 ? <p>{t('tenant.noProgrammes')}</p> : null}
          <ul class="cards">
            {tenant.programmes.map((id) => (
              <li>
                <h3>
                  {publicPageOf(id) ? (
                    <a href={localHref(`/t/${tenant.slug}/${publicPageOf(id)}`, page.lang)}>
                      {t(`programme.${id}` as MessageKey)}
                    </a>
                  ) : (
                    t(`programme.${id}` as MessageKey)
                  )}
                </h3>
                <p>{t(`programme.${id}.about` as MessageKey)}</p>
              </li>
            ))}
            {runFor.map(({ id, href }) => (
              <li>
                <h3>
                  <a href={localHref(href, page.lang)}>{t(`programme.${id}` as MessageKey)}</a>
                </h3>
                <p>{t(`programme.${id}.about` as MessageKey)}</p>
              </li>
            ))}
          </ul>
          {settings.helpNumbers.length > 0 ? (
            <section aria-labelledby="local-help">
              <h2 id="local-help">{t('tenant.localHelp')}</h2>
              <ul class="cards">
                {settings.helpNumbers.map((help) => (
                  <li>
                    <a href={`tel:${help.number}`}>{help.number}</a> {help.label}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </Layout>,
        { sensitive: true },
      );
    },
  );
}
