import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import { can } from '../../platform/access/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import type { FieldProblem } from '../../platform/errors.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { field } from '../../platform/pages/form-field.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../../platform/pages/forms.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { listPartners, recordReferral, savePartner, setReferralOutcome } from './directory.js';
import { listReferrals } from './mediation-queries.js';
import { mediationViewer, teamsInReach } from './mediation-scope.js';
import { fieldRoute, localToday, MediationNav, mediationBase, pageMediationContext, Select, submitForm } from './pages-common.js';
import { partnerKinds, referralOutcomes } from './vocabulary.js';

type Failed = { form: string; problems: FieldProblem[] };

/** The partner directory (kept by managers) and the referrals made to it, with their outcome. */
export function registerDirectoryPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const page = (slug: string) => `${mediationBase(slug)}/partenaires`;

  async function render(request: FastifyRequest, reply: FastifyReply, failed?: Failed) {
    const ctx = pageMediationContext(deps, request);
    const { tenant } = ctx;
    const p = pageContext(request, page(tenant.slug));
    const { t, lang } = p;
    const { partners, referrals, teams } = await withTenant(
      db,
      tenant.id,
      async (tx) => {
        const viewer = await mediationViewer(tx, ctx.actor);
        return {
          partners: await listPartners(tx),
          referrals: await listReferrals(tx, viewer),
          teams: await teamsInReach(tx, viewer),
        };
      },
      { userId: ctx.actor.userId },
    );
    const problem = (form: string, name: string) =>
      failed?.form === form ? fieldProblem(failed.problems, name, lang) : undefined;
    const csrf = request.csrf();
    const today = localToday(deps.clock.now(), tenant.time_zone);
    return sendPage(
      reply,
      <Layout page={p} title={t('mediation.directory.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('mediation.directory.title')}</h1>
        <MediationNav slug={tenant.slug} t={t} lang={lang} manage={can(ctx.actor, 'mediation.manage')} />
        {failed ? <FormErrors t={t} lang={lang} problems={failed.problems} idPrefix={failed.form} /> : null}
        <section aria-labelledby="partners-title">
          <h2 id="partners-title">{t('mediation.directory.partners')}</h2>
          {partners.length === 0 ? <p>{t('mediation.directory.none')}</p> : null}
          <ul>
            {partners.map((x) => (
              <li>
                <strong>{x.name}</strong> — {t(`mediation.partner.${x.kind}` as MessageKey)}
                {x.commune ? `, ${x.commune}` : ''}
                {x.phone ? (
                  <>
                    {' '}
                    · <a href={`tel:${x.phone.replace(/[^0-9+]/g, '')}`}>{x.phone}</a>
                  </>
                ) : null}
                {x.email ? ` · ${x.email}` : ''}
              </li>
            ))}
          </ul>
          {can(ctx.actor, 'mediation.manage') ? (
            <PostForm action={`${page(tenant.slug)}/annuaire`} csrf={csrf} label={t('mediation.directory.add')}>
              <h3>{t('mediation.directory.add')}</h3>
              <Field
                t={t}
                idPrefix="partner"
                name="name"
                label={t('mediation.directory.name')}
                required
                problem={problem('partner', 'name')}
              />
              <Select
                idPrefix="partner"
                name="kind"
                label={t('mediation.directory.kind')}
                options={partnerKinds.map((k) => ({ value: k, label: t(`mediation.partner.${k}` as MessageKey) }))}
                problem={problem('partner', 'kind')}
              />
              <Field
                t={t}
                idPrefix="partner"
                name="commune"
                label={t('mediation.directory.commune')}
                problem={problem('partner', 'commune')}
              />
              <Field
                t={t}
                idPrefix="partner"
                name="phone"
                type="tel"
                label={t('mediation.directory.phone')}
                problem={problem('partner', 'phone')}
              />
              <Field
                t={t}
                idPrefix="partner"
                name="email"
                type="email"
                label={t('mediation.directory.email')}
                problem={problem('partner', 'email')}
              />
              <button type="submit" class="secondary">
                {t('mediation.directory.submit')}
              </button>
            </PostForm>
          ) : null}
        </section>
        <section aria-labelledby="referrals-title">
          <h2 id="referrals-title">{t('mediation.referrals.title')}</h2>
          {teams.length && partners.length ? (
            <PostForm action={`${page(tenant.slug)}/orientations`} csrf={csrf} label={t('mediation.referrals.new')}>
              <h3>{t('mediation.referrals.new')}</h3>
              <input type="hidden" name="id" value={randomUUID()} />
              <Select
                idPrefix="referral"
                name="teamId"
                label={t('mediation.encounter.team')}
                options={teams.map((x) => ({ value: x.id, label: x.name }))}
              />
              <Select
                idPrefix="referral"
                name="partnerId"
                label={t('mediation.referrals.partner')}
                options={partners.map((x) => ({ value: x.id, label: x.name }))}
                problem={problem('referral', 'partnerId')}
              />
              <Field
                t={t}
                idPrefix="referral"
                name="referredOn"
                type="date"
                label={t('mediation.referrals.on')}
                value={today}
                required
                problem={problem('referral', 'referredOn')}
              />
              <button type="submit">{t('mediation.referrals.submit')}</button>
            </PostForm>
          ) : null}
          {referrals.length === 0 ? <p>{t('mediation.referrals.none')}</p> : null}
          <ul>
            {referrals.map((r) => (
              <li>
                {t('mediation.referrals.line', {
                  date: r.referred_on,
                  partner: r.partner_name,
                  outcome: t(`mediation.referralOutcome.${r.outcome}` as MessageKey),
                })}
                <PostForm
                  action={`${page(tenant.slug)}/orientations/${r.id}/suite`}
                  csrf={csrf}
                  label={t('mediation.referrals.outcome')}
                >
                  <input type="hidden" name="on" value={today} />
                  <Select
                    idPrefix={`referral-${r.id}`}
                    name="outcome"
                    label={t('mediation.referrals.outcome')}
                    options={referralOutcomes.map((k) => ({
                      value: k,
                      label: t(`mediation.referralOutcome.${k}` as MessageKey),
                    }))}
                    value={r.outcome}
                  />
                  <button type="submit" class="secondary">
                    {t('mediation.referrals.outcomeSubmit')}
                  </button>
                </PostForm>
              </li>
            ))}
          </ul>
        </section>
      </Layout>,
      { status: failed ? 400 : 200 },
    );
  }

  app.get<{ Params: { slug: string } }>(page(':slug'), fieldRoute, (request, reply) => render(request, reply));
  app.post<{ Params: { slug: string } }>(`${page(':slug')}/annuaire`, fieldRoute, async (request, reply) => {
    const ctx = pageMediationContext(deps, request);
    const b = request.body;
    return submitForm(
      reply,
      () =>
        savePartner(ctx, {
          name: field(b, 'name'),
          kind: field(b, 'kind'),
          commune: field(b, 'commune'),
          phone: field(b, 'phone'),
          email: field(b, 'email'),
        }),
      (problems) => render(request, reply, { form: 'partner', problems }),
      page(ctx.tenant.slug),
    );
  });
  app.post<{ Params: { slug: string } }>(`${page(':slug')}/orientations`, fieldRoute, async (request, reply) => {
    const ctx = pageMediationContext(deps, request);
    const b = request.body;
    return submitForm(
      reply,
      () =>
        recordReferral(ctx, {
          id: field(b, 'id'),
          teamId: field(b, 'teamId'),
          partnerId: field(b, 'partnerId'),
          referredOn: field(b, 'referredOn'),
        }),
      (problems) => render(request, reply, { form: 'referral', problems }),
      page(ctx.tenant.slug),
    );
  });
  app.post<{ Params: { slug: string; id: string } }>(
    `${page(':slug')}/orientations/:id/suite`,
    fieldRoute,
    async (request, reply) => {
      const ctx = pageMediationContext(deps, request);
      return submitForm(
        reply,
        () =>
          setReferralOutcome(ctx, {
            id: request.params.id,
            outcome: field(request.body, 'outcome'),
            on: field(request.body, 'on'),
          }),
        (problems) => render(request, reply, { form: 'referral', problems }),
        page(ctx.tenant.slug),
      );
    },
  );
}
