import { Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../deps.js';
import { pickLang } from '../i18n/i18n.js';
import { Layout } from '../pages/layout.js';
import { pageContext, sendPage } from '../pages/render.js';
import { readSettings } from '../settings/tenant-settings.js';
import { privacyRegister } from './privacy-register.js';

const Entry = Type.Object({
  module: Type.String(),
  id: Type.String(),
  purpose: Type.String(),
  legalBasis: Type.String(),
  dataCategories: Type.Array(Type.String()),
  dataSubjects: Type.Array(Type.String()),
  recipients: Type.Array(Type.String()),
  retention: Type.String(),
  retentionDays: Type.Union([Type.Integer(), Type.Null()]),
  sensitive: Type.Boolean({ description: 'Special categories or offences data: an impact assessment is due' }),
});

export function registerPrivacyRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  app.get<{ Params: { slug: string }; Querystring: { lang?: string } }>(
    '/api/v1/t/:slug/privacy/register',
    {
      config: { permission: 'platform.privacy-register' },
      schema: {
        tags: ['platform'],
        summary: 'Record of processing activities of the modules the local authority runs',
        security: [{ bearer: [] }],
        params: Type.Object({ slug: Type.String() }),
        querystring: Type.Object(
          { lang: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')])) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ entries: Type.Array(Entry) }) },
      },
    },
    async (request) => {
      const tenant = request.tenant!;
      const settings = await withTenant(db, tenant.id, readSettings);
      return { entries: privacyRegister(tenant, settings, pickLang(request.query, request.headers['accept-language'])) };
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/t/:slug/espace/confidentialite',
    { config: { permission: 'platform.privacy-register' }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = request.tenant!;
      const page = pageContext(request);
      const { t, lang } = page;
      const settings = await withTenant(db, tenant.id, readSettings);
      const entries = privacyRegister(tenant, settings, lang);
      return sendPage(
        reply,
        <Layout page={page} title={t('privacy.title')} homeHref={`/t/${tenant.slug}/espace/`}>
          <h1>{t('privacy.title')}</h1>
          <p>{t('privacy.intro')}</p>
          {settings.dpoContact ? <p>{t('privacy.dpo', { contact: settings.dpoContact })}</p> : null}
          {entries.map((entry) => (
            <section class="cards" aria-labelledby={`activity-${entry.module}-${entry.id}`}>
              <h2 id={`activity-${entry.module}-${entry.id}`}>{entry.purpose}</h2>
              <dl>
                <dt>{t('privacy.legalBasis')}</dt>
                <dd>{entry.legalBasis}</dd>
                <dt>{t('privacy.data')}</dt>
                <dd>{entry.dataCategories.join(' ; ')}</dd>
                <dt>{t('privacy.people')}</dt>
                <dd>{entry.dataSubjects.join(' ; ')}</dd>
                <dt>{t('privacy.recipients')}</dt>
                <dd>{entry.recipients.join(' ; ')}</dd>
                <dt>{t('privacy.retention')}</dt>
                <dd>{entry.retention}</dd>
              </dl>
              {entry.sensitive ? <p class="notice">{t('privacy.sensitive')}</p> : null}
            </section>
          ))}
        </Layout>,
        { sensitive: true },
      );
    },
  );
}
