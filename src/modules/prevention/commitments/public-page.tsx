import type { FastifyInstance } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { AppDeps } from '../../../platform/deps.js';
import { notFound } from '../../../platform/errors.js';
import { localHref } from '../../../platform/i18n/i18n.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { suppressionLegend } from '../../../platform/privacy/small-numbers.js';
import { readSettings } from '../../../platform/settings/tenant-settings.js';
import { requireTenant } from '../../../platform/tenants/tenant-queries.js';
import { CommitmentCard } from './commitment-card.js';
import { listCommitments, listEvidence, listFundings } from './commitment-queries.js';
import { protectedFigures } from './figure-formats.js';
import { type LiveEvidence, readLiveEvidence } from './live-evidence.js';

/** What the public sees of the live evidence: no link a member of staff left broken (a programme or category gone). */
export function publicEvidence(live: LiveEvidence): LiveEvidence {
  return {
    ...(live.sessions && live.sessions !== 'unknown-programme' ? { sessions: live.sessions } : {}),
    ...(live.police && live.police.state !== 'unknown-module' ? { police: live.police } : {}),
    ...(live.reports?.category ? { reports: live.reports } : {}),
  };
}

/**
 * `/t/{slug}/zone-de-liberte`: each commitment of the charter, its state and what was done — evidence added by
 * staff, funding summed by year, and the live figures through the small-number helper. No responsible service,
 * internal note or association-by-association amount: those stay on the staff page.
 */
export function registerPublicCommitmentsPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  app.get<{ Params: { slug: string } }>(
    '/t/:slug/zone-de-liberte',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await requireTenant(db, request.params.slug);
      if (!tenant.programmes.includes('prevention')) throw notFound('Page');
      const page = pageContext(request, `/t/${tenant.slug}/zone-de-liberte`);
      const { t, lang } = page;
      const data = await withTenant(db, tenant.id, async (tx) => ({
        commitments: await listCommitments(tx),
        evidence: await listEvidence(tx),
        fundings: await listFundings(tx),
        k: (await readSettings(tx)).smallNumberThreshold,
      }));
      const live = await readLiveEvidence(db, tenant, data.commitments, deps.clock.now());
      const figures = protectedFigures(data.k, lang);
      return sendPage(
        reply,
        <Layout page={page} title={`${t('commitments.publicTitle')} — ${tenant.name}`} homeHref={`/t/${tenant.slug}/`}>
          <h1>{t('commitments.publicTitle')}</h1>
          <p>{t('commitments.publicIntro')}</p>
          {data.commitments.length === 0 ? <p>{t('commitments.publicNone')}</p> : null}
          {data.commitments.map((c) => (
            <CommitmentCard
              commitment={c}
              live={publicEvidence(live.get(c.id) ?? {})}
              evidence={data.evidence.filter((e) => e.commitment_id === c.id)}
              fundings={data.fundings.filter((f) => f.commitment_id === c.id)}
              figures={figures}
              t={t}
              lang={lang}
              staff={false}
            />
          ))}
          <p class="hint">
            {t('commitments.publicMethod', { k: String(data.k) })} {suppressionLegend(lang, data.k)}
          </p>
          {tenant.programmes.includes('reports') ? (
            <p>
              {t('commitments.help')} <a href={localHref(`/t/${tenant.slug}/signaler`, lang)}>{t('commitments.reportLink')}</a>
            </p>
          ) : null}
        </Layout>,
      );
    },
  );
}
