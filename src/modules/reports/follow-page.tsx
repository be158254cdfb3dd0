import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import { notFound } from '../../platform/errors.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { publicPageHref } from '../../platform/modules/public-page-href.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { readPublicSettings } from '../../platform/settings/tenant-settings.js';
import { hashFollowToken, isFollowToken } from './follow-token.js';
import { ReportWarning } from './report-warning.js';
import { publicStateOf } from './tables.js';
import { tenantWithReports } from './tenant-with-reports.js';
import { VictimSupport } from './victim-support.js';

/**
 * The reporter's follow-up, without an account: the token of the link is the only key. Generic states only
 * (« reçu », « transmis », « traité », « clos ») and the notes written for the reporter — never the
 * operational detail that could tip off the people reported.
 */
export function registerFollowPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  app.get<{ Params: { slug: string; token: string }; Querystring: { nouveau?: string } }>(
    '/t/:slug/suivi/:token',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await tenantWithReports(db, request.params.slug);
      const { token } = request.params;
      if (!isFollowToken(token)) throw notFound('Report');
      const found = await withTenant(db, tenant.id, async (tx) => {
        const report = await tx
          .selectFrom('reports as r')
          .innerJoin('report_categories as c', 'c.id', 'r.category_id')
          .select([
            'r.id',
            'r.status',
            'r.created_at',
            'r.updated_at',
            'r.reporter_role',
            'c.name_fr',
            'c.name_en',
            'c.victim_support',
            'c.help_fr',
            'c.help_en',
            sql<number>`ST_Y(r.geom)`.as('lat'),
            sql<number>`ST_X(r.geom)`.as('lon'),
          ])
          .where('r.follow_token_hash', '=', hashFollowToken(token))
          .executeTakeFirst();
        if (!report) return undefined;
        const notes = await tx
          .selectFrom('report_events')
          .select(['at', 'note'])
          .where('report_id', '=', report.id)
          .where('for_reporter', '=', true)
          .orderBy('at')
          .execute();
        return { report, notes };
      });
      if (!found) throw notFound('Report');
      const { report, notes } = found;
      const page = pageContext(request, `/t/${tenant.slug}/suivi/${token}`);
      const { t, lang } = page;
      const when = (d: Date) =>
        d.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
          timeZone: tenant.time_zone,
          dateStyle: 'long',
          timeStyle: 'short',
        });
      const state = publicStateOf[report.status];
      const link = `${deps.config.publicUrl.replace(/\/$/, '')}/t/${tenant.slug}/suivi/${token}`;
      const justSent = request.query.nouveau === '1';
      const settings = await readPublicSettings(db, tenant.id);
      if (app.hasDecorator('safePlaces')) await app.safePlaces.ensureLoaded();
      return sendPage(
        reply,
        <Layout page={page} title={t('follow.title')} sensitive homeHref={`/t/${tenant.slug}/`}>
          {justSent ? (
            <section class="notice" role="status" aria-labelledby="sent-title">
              <h1 id="sent-title">{t('follow.sent')}</h1>
              <p>{t('follow.keepLink')}</p>
              <p>
                <label for="follow-link">{t('follow.link')}</label>
                <input id="follow-link" type="text" readonly value={link} class="follow-link" />
              </p>
              <p class="hint">{t('follow.linkPrivate')}</p>
            </section>
          ) : (
            <h1>{t('follow.title')}</h1>
          )}
          <dl class="report-summary">
            <dt>{t('follow.category')}</dt>
            <dd>{lang === 'fr' ? report.name_fr : report.name_en}</dd>
            <dt>{t('follow.sentOn')}</dt>
            <dd>{when(report.created_at)}</dd>
            <dt>{t('follow.state')}</dt>
            <dd>
              <strong>{t(`follow.state.${state}` as MessageKey)}</strong> — {t(`follow.stateHelp.${state}` as MessageKey)}
            </dd>
          </dl>
          {notes.length ? (
            <section aria-labelledby="notes-title">
              <h2 id="notes-title">{t('follow.notes')}</h2>
              <ul>
                {notes.map((n) => (
                  <li>
                    {when(n.at)} — {n.note}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {(lang === 'fr' ? report.help_fr : report.help_en) ? <p>{lang === 'fr' ? report.help_fr : report.help_en}</p> : null}
          {report.victim_support && report.reporter_role !== 'witness' ? (
            <VictimSupport
              t={t}
              tenant={tenant}
              helpNumbers={settings.helpNumbers}
              safePlaces={app.hasDecorator('safePlaces') ? app.safePlaces : undefined}
              point={{ lat: report.lat, lon: report.lon }}
              now={deps.clock.now()}
              nightStopsHref={await publicPageHref(db, tenant, 'night-stops')}
            />
          ) : null}
          <ReportWarning t={t} />
        </Layout>,
        { sensitive: true },
      );
    },
  );
}
