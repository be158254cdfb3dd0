import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { withTenant } from '../../db/tenant-transaction.js';
import { can } from '../../platform/access/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { requestContext } from '../../platform/http/request-context.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { field } from '../../platform/pages/form-field.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../../platform/pages/forms.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { situationFromReferralHref } from '../mediation/pages-common.js';
import { answerReferral } from './refer-report.js';
import { requireReportsAccess } from './report-access.js';
import { formatDate, staffRoute } from './staff-pages-common.js';

/**
 * The receiving side of referrals (the GIP's mediation managers): reports other tenants passed on, with
 * only what is needed; each is taken in hand or declined, and one taken in hand may open a mediation situation.
 */
export function registerReferralsPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const base = (slug: string) => `/t/${slug}/espace/signalements-recus`;

  async function inbox(request: FastifyRequest, reply: FastifyReply, failed?: { id: string; problems: FieldProblem[] }) {
    const tenant = request.tenant!;
    if (!tenant.programmes.includes('mediation') && !tenant.programmes.includes('reports'))
      throw new AppError('not_found', 'No referrals here');
    requireReportsAccess(request.actor);
    const page = pageContext(request, base(tenant.slug));
    const { t, lang } = page;
    const referrals = await withTenant(db, tenant.id, (tx) =>
      tx
        .selectFrom('report_referrals as r')
        .innerJoin('tenants as f', 'f.id', 'r.from_tenant_id')
        .select([
          'r.id',
          'r.category_name',
          'r.description',
          'r.occurred_at',
          'r.referred_at',
          'r.status',
          'r.answer',
          'f.name as from_name',
          sql<number>`round(ST_Y(r.geom)::numeric, 5)`.as('lat'),
          sql<number>`round(ST_X(r.geom)::numeric, 5)`.as('lon'),
        ])
        .where(sql<boolean>`r.tenant_id = quietude_tenant()`)
        .orderBy('r.referred_at', 'desc')
        .limit(200)
        .execute(),
    );
    const csrf = request.csrf();
    // Mediation (its own module) opens a situation from a referral taken in hand.
    const mayOpenSituation = tenant.programmes.includes('mediation') && can(request.actor, 'mediation.field');
    return sendPage(
      reply,
      <Layout page={page} title={t('referrals.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('referrals.title')}</h1>
        <p>{t('referrals.intro')}</p>
        {failed ? <FormErrors t={t} lang={lang} problems={failed.problems} idPrefix={`referral-${failed.id}`} /> : null}
        {referrals.length === 0 ? <p>{t('referrals.none')}</p> : null}
        {referrals.map((r) => (
          <section aria-labelledby={`referral-${r.id}`}>
            <h2 id={`referral-${r.id}`}>
              {r.category_name} — {formatDate(r.occurred_at, lang, tenant.time_zone, true)}
            </h2>
            <p>
              {t('referrals.from', { from: r.from_name, date: formatDate(r.referred_at, lang, tenant.time_zone) })} ·{' '}
              {t(`referrals.status.${r.status}` as MessageKey)}
              {r.answer ? ` — ${r.answer}` : ''}
            </p>
            <p>{r.description || t('referrals.noDescription')}</p>
            <p class="hint">{t('referrals.place', { lat: String(r.lat), lon: String(r.lon) })}</p>
            {r.status === 'taken' && mayOpenSituation ? (
              <p>
                <a class="button" href={situationFromReferralHref(tenant.slug, r.id)}>
                  {t('mediation.fromReferral.open')}
                </a>
              </p>
            ) : null}
            {r.status === 'received' ? (
              <PostForm action={`${base(tenant.slug)}/${r.id}`} csrf={csrf} label={t('referrals.answer')}>
                <fieldset class="big-choices">
                  <legend>{t('referrals.answer')}</legend>
                  {(['taken', 'declined'] as const).map((a, i) => (
                    <div>
                      <input type="radio" id={`answer-${r.id}-${a}`} name="answer" value={a} checked={i === 0} />{' '}
                      <label for={`answer-${r.id}-${a}`}>{t(`referrals.status.${a}` as MessageKey)}</label>
                    </div>
                  ))}
                </fieldset>
                <Field
                  t={t}
                  idPrefix={`referral-${r.id}`}
                  name="note"
                  label={t('referrals.note')}
                  problem={failed?.id === r.id ? fieldProblem(failed.problems, 'note', lang) : undefined}
                />
                <button type="submit" class="secondary">
                  {t('referrals.submit')}
                </button>
              </PostForm>
            ) : null}
          </section>
        ))}
      </Layout>,
      { sensitive: true, status: failed ? 400 : 200 },
    );
  }

  app.get<{ Params: { slug: string } }>(base(':slug'), staffRoute, (request, reply) => inbox(request, reply));
  app.post<{ Params: { slug: string; id: string } }>(`${base(':slug')}/:id`, staffRoute, async (request, reply) => {
    try {
      await answerReferral(requestContext(deps, request), {
        id: request.params.id,
        answer: field(request.body, 'answer'),
        note: field(request.body, 'note'),
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return inbox(request, reply, { id: request.params.id, problems: error.details });
      throw error;
    }
    return reply.redirect(base(request.tenant!.slug), 303);
  });
}
