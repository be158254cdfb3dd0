import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { withTenant } from '../../db/tenant-transaction.js';
import { can } from '../../platform/access/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { type FieldProblem, notFound } from '../../platform/errors.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { field } from '../../platform/pages/form-field.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../../platform/pages/forms.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { retentionDays } from '../../platform/privacy/apply-retention.js';
import { readSettings } from '../../platform/settings/tenant-settings.js';
import { listSituations, situationSteps } from './mediation-queries.js';
import { mediationViewer, teamsInReach } from './mediation-scope.js';
import { mediationModule } from './module.js';
import { openSituation, openSituationFromReferral } from './open-situation.js';
import { fieldRoute, localToday, MediationNav, mediationBase, pageMediationContext, Select, submitForm } from './pages-common.js';
import { addSituationParty, type Party, viewSituationParties } from './situation-parties.js';
import { addSituationStep, setSituationOutcome, situationInReach } from './situation-steps.js';
import { situationKinds, situationOutcomes, stepKinds } from './vocabulary.js';

type Failed = { form: string; problems: FieldProblem[] };

/** The situations followed over time: the list, one situation (steps, outcome, parties behind an audited view). */
export function registerSituationPages(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const list = (slug: string) => `${mediationBase(slug)}/situations`;

  async function renderList(request: FastifyRequest, reply: FastifyReply, failed?: Failed) {
    const ctx = pageMediationContext(deps, request);
    const { tenant } = ctx;
    const p = pageContext(request, list(tenant.slug));
    const { t, lang } = p;
    const { situations, teams } = await withTenant(
      db,
      tenant.id,
      async (tx) => {
        const viewer = await mediationViewer(tx, ctx.actor);
        return { situations: await listSituations(tx, viewer), teams: await teamsInReach(tx, viewer) };
      },
      { userId: ctx.actor.userId },
    );
    const body = request.body as Record<string, string> | undefined;
    const problem = (name: string) => fieldProblem(failed?.problems, name, lang);
    return sendPage(
      reply,
      <Layout page={p} title={t('mediation.situations.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('mediation.situations.title')}</h1>
        <MediationNav slug={tenant.slug} t={t} lang={lang} manage={can(ctx.actor, 'mediation.manage')} />
        {situations.length === 0 ? <p>{t('mediation.situations.none')}</p> : null}
        <ul>
          {situations.map((s) => (
            <li>
              <a href={`${list(tenant.slug)}/${s.id}`}>
                {t('mediation.situations.line', {
                  label: s.label,
                  kind: t(`mediation.kind.${s.kind}` as MessageKey),
                  outcome: t(`mediation.outcome.${s.outcome}` as MessageKey),
                  date: s.lastContactOn,
                })}
              </a>
            </li>
          ))}
        </ul>
        {teams.length ? (
          <section aria-labelledby="situation-new">
            <h2 id="situation-new">{t('mediation.situations.new')}</h2>
            {failed ? <FormErrors t={t} lang={lang} problems={failed.problems} idPrefix="situation" /> : null}
            <PostForm action={list(tenant.slug)} csrf={request.csrf()} label={t('mediation.situations.new')}>
              <input type="hidden" name="id" value={body?.id ?? randomUUID()} />
              <Select
                idPrefix="situation"
                name="teamId"
                label={t('mediation.encounter.team')}
                options={teams.map((x) => ({ value: x.id, label: x.name }))}
                value={body?.teamId}
              />
              <Select
                idPrefix="situation"
                name="kind"
                label={t('mediation.situations.kind')}
                options={situationKinds.map((k) => ({ value: k, label: t(`mediation.kind.${k}` as MessageKey) }))}
                value={body?.kind}
                problem={problem('kind')}
              />
              <Field
                t={t}
                idPrefix="situation"
                name="label"
                label={t('mediation.situations.label')}
                hint={t('mediation.situations.labelHint')}
                value={body?.label}
                required
                problem={problem('label')}
              />
              <Field
                t={t}
                idPrefix="situation"
                name="openedOn"
                type="date"
                label={t('mediation.situations.openedOn')}
                value={body?.openedOn ?? localToday(deps.clock.now(), tenant.time_zone)}
                required
                problem={problem('openedOn')}
              />
              <button type="submit">{t('mediation.situations.submit')}</button>
            </PostForm>
          </section>
        ) : null}
      </Layout>,
      { sensitive: true, status: failed ? 400 : 200 },
    );
  }

  async function renderOne(
    request: FastifyRequest<{ Params: { slug: string; id: string } }>,
    reply: FastifyReply,
    options: { failed?: Failed; parties?: Party[] } = {},
  ) {
    const ctx = pageMediationContext(deps, request);
    const { tenant } = ctx;
    const here = `${list(tenant.slug)}/${request.params.id}`;
    const p = pageContext(request, here);
    const { t, lang } = p;
    const { situation, steps, days, teamName } = await withTenant(
      db,
      tenant.id,
      async (tx) => {
        const situation = await situationInReach(tx, ctx.actor, request.params.id);
        const settings = await readSettings(tx);
        const rule = mediationModule.retention.find((r) => r.id === 'mediation-parties');
        const team = await tx
          .selectFrom('mediation_teams')
          .select('name')
          .where('id', '=', situation.team_id)
          .executeTakeFirstOrThrow();
        return {
          situation,
          steps: await situationSteps(tx, situation.id),
          days: rule ? retentionDays(rule, settings.retentionDays[rule.id]) : 365,
          teamName: team.name,
        };
      },
      { userId: ctx.actor.userId },
    );
    const { failed, parties } = options;
    const problem = (form: string, name: string) =>
      failed?.form === form ? fieldProblem(failed.problems, name, lang) : undefined;
    const csrf = request.csrf();
    const today = localToday(deps.clock.now(), tenant.time_zone);
    return sendPage(
      reply,
      <Layout page={p} title={situation.label} homeHref={`/t/${tenant.slug}/espace/`} sensitive>
        <h1>{situation.label}</h1>
        <MediationNav slug={tenant.slug} t={t} lang={lang} manage={can(ctx.actor, 'mediation.manage')} />
        <p>
          {t(`mediation.kind.${situation.kind}` as MessageKey)} · {teamName} · {t('mediation.situations.openedOn')}{' '}
          {situation.opened_on}
        </p>
        <p>
          <strong>
            {t('mediation.situation.current', { outcome: t(`mediation.outcome.${situation.outcome}` as MessageKey) })}
          </strong>
          {situation.outcome_on ? ` (${situation.outcome_on})` : ''}
        </p>
        {situation.referral_id ? <p class="hint">{t('mediation.situation.fromReferral')}</p> : null}
        {failed ? <FormErrors t={t} lang={lang} problems={failed.problems} idPrefix={failed.form} /> : null}
        <section aria-labelledby="steps-title">
          <h2 id="steps-title">{t('mediation.situation.steps')}</h2>
          {steps.length === 0 ? <p>{t('mediation.situation.noSteps')}</p> : null}
          <ol>
            {steps.map((s) => (
              <li>
                {s.occurred_on} — {t(`mediation.step.${s.kind}` as MessageKey)}
              </li>
            ))}
          </ol>
          <PostForm action={`${here}/etapes`} csrf={csrf} label={t('mediation.situation.addStep')}>
            <input type="hidden" name="id" value={randomUUID()} />
            <Select
              idPrefix="step"
              name="kind"
              label={t('mediation.situation.stepKind')}
              options={stepKinds.map((k) => ({ value: k, label: t(`mediation.step.${k}` as MessageKey) }))}
              problem={problem('step', 'kind')}
            />
            <Field
              t={t}
              idPrefix="step"
              name="occurredOn"
              type="date"
              label={t('mediation.situation.stepOn')}
              value={today}
              required
              problem={problem('step', 'occurredOn')}
            />
            <button type="submit">{t('mediation.situation.stepSubmit')}</button>
          </PostForm>
        </section>
        <section aria-labelledby="outcome-title">
          <h2 id="outcome-title">{t('mediation.situation.outcome')}</h2>
          <PostForm action={`${here}/issue`} csrf={csrf} label={t('mediation.situation.outcome')}>
            <Select
              idPrefix="outcome"
              name="outcome"
              label={t('mediation.situation.outcome')}
              options={situationOutcomes.map((k) => ({ value: k, label: t(`mediation.outcome.${k}` as MessageKey) }))}
              value={situation.outcome}
              problem={problem('outcome', 'outcome')}
            />
            <Field
              t={t}
              idPrefix="outcome"
              name="on"
              type="date"
              label={t('mediation.situation.outcomeOn')}
              value={today}
              required
              problem={problem('outcome', 'on')}
            />
            <button type="submit" class="secondary">
              {t('mediation.situation.outcomeSubmit')}
            </button>
          </PostForm>
        </section>
        <section aria-labelledby="parties-title">
          <h2 id="parties-title">{t('mediation.parties.title')}</h2>
          <p class="hint">{t('mediation.parties.who', { days })}</p>
          {parties ? (
            parties.length === 0 ? (
              <p>{t('mediation.parties.none')}</p>
            ) : (
              <ul>
                {parties.map((party) => (
                  <li>
                    <strong>{party.name}</strong>
                    {party.phone ? (
                      <>
                        {' '}
                        · <a href={`tel:${party.phone.replace(/[^0-9+]/g, '')}`}>{party.phone}</a>
                      </>
                    ) : null}
                    {party.email ? ` · ${party.email}` : ''}
                    {party.address ? ` · ${party.address}` : ''}
                  </li>
                ))}
              </ul>
            )
          ) : (
            <PostForm action={`${here}/coordonnees`} csrf={csrf} label={t('mediation.parties.show')}>
              <button type="submit" class="secondary">
                {t('mediation.parties.show')}
              </button>
            </PostForm>
          )}
          <h3>{t('mediation.parties.add')}</h3>
          <p class="hint">{t('mediation.parties.why', { days })}</p>
          <PostForm action={`${here}/parties`} csrf={csrf} label={t('mediation.parties.add')}>
            <Field
              t={t}
              idPrefix="party"
              name="name"
              label={t('mediation.parties.name')}
              autocomplete="off"
              required
              problem={problem('party', 'name')}
            />
            <Field
              t={t}
              idPrefix="party"
              name="phone"
              type="tel"
              label={t('mediation.parties.phone')}
              autocomplete="off"
              problem={problem('party', 'phone')}
            />
            <Field
              t={t}
              idPrefix="party"
              name="email"
              type="email"
              label={t('mediation.parties.email')}
              autocomplete="off"
              problem={problem('party', 'email')}
            />
            <Field
              t={t}
              idPrefix="party"
              name="address"
              label={t('mediation.parties.address')}
              autocomplete="off"
              problem={problem('party', 'address')}
            />
            <button type="submit" class="secondary">
              {t('mediation.parties.submit')}
            </button>
          </PostForm>
        </section>
      </Layout>,
      { sensitive: true, status: failed ? 400 : 200 },
    );
  }

  app.get<{ Params: { slug: string } }>(list(':slug'), fieldRoute, (request, reply) => renderList(request, reply));
  app.post<{ Params: { slug: string } }>(list(':slug'), fieldRoute, async (request, reply) => {
    const ctx = pageMediationContext(deps, request);
    const b = request.body;
    const id = field(b, 'id');
    return submitForm(
      reply,
      () =>
        openSituation(ctx, {
          id,
          teamId: field(b, 'teamId'),
          kind: field(b, 'kind'),
          label: field(b, 'label'),
          openedOn: field(b, 'openedOn'),
        }),
      (problems) => renderList(request, reply, { form: 'situation', problems }),
      `${list(ctx.tenant.slug)}/${id}`,
    );
  });

  type One = { Params: { slug: string; id: string } };
  app.get<One>(`${list(':slug')}/:id`, fieldRoute, (request, reply) => renderOne(request, reply));
  app.post<One>(`${list(':slug')}/:id/etapes`, fieldRoute, async (request, reply) => {
    const ctx = pageMediationContext(deps, request);
    const b = request.body;
    return submitForm(
      reply,
      () =>
        addSituationStep(ctx, {
          id: field(b, 'id'),
          situationId: request.params.id,
          kind: field(b, 'kind'),
          occurredOn: field(b, 'occurredOn'),
        }),
      (problems) => renderOne(request, reply, { failed: { form: 'step', problems } }),
      `${list(ctx.tenant.slug)}/${request.params.id}`,
    );
  });
  app.post<One>(`${list(':slug')}/:id/issue`, fieldRoute, async (request, reply) => {
    const ctx = pageMediationContext(deps, request);
    return submitForm(
      reply,
      () =>
        setSituationOutcome(ctx, {
          situationId: request.params.id,
          outcome: field(request.body, 'outcome'),
          on: field(request.body, 'on'),
        }),
      (problems) => renderOne(request, reply, { failed: { form: 'outcome', problems } }),
      `${list(ctx.tenant.slug)}/${request.params.id}`,
    );
  });
  app.post<One>(`${list(':slug')}/:id/parties`, fieldRoute, async (request, reply) => {
    const ctx = pageMediationContext(deps, request);
    const b = request.body;
    return submitForm(
      reply,
      () =>
        addSituationParty(ctx, {
          situationId: request.params.id,
          name: field(b, 'name'),
          phone: field(b, 'phone'),
          email: field(b, 'email'),
          address: field(b, 'address'),
        }),
      (problems) => renderOne(request, reply, { failed: { form: 'party', problems } }),
      `${list(ctx.tenant.slug)}/${request.params.id}`,
    );
  });
  // « Voir les coordonnées » is a POST: each view is an audited read, never cached, never prefetched.
  app.post<One>(`${list(':slug')}/:id/coordonnees`, fieldRoute, async (request, reply) => {
    const ctx = pageMediationContext(deps, request);
    const parties = await viewSituationParties(ctx, { situationId: request.params.id });
    return renderOne(request, reply, { parties });
  });

  // A report passed on by another tenant, taken in hand, opens a situation (linked from the referral inbox).
  const fromReferral = (slug: string) => `${list(slug)}/depuis-signalement`;
  async function renderFromReferral(request: FastifyRequest<One>, reply: FastifyReply, failed?: Failed) {
    const ctx = pageMediationContext(deps, request);
    const { tenant } = ctx;
    const p = pageContext(request, `${fromReferral(tenant.slug)}/${request.params.id}`);
    const { t, lang } = p;
    const { referral, teams } = await withTenant(
      db,
      tenant.id,
      async (tx) => ({
        referral: await tx
          .selectFrom('report_referrals')
          .select(['id', 'category_name', 'occurred_at'])
          .where(sql<boolean>`tenant_id = quietude_tenant()`)
          .where('id', '=', request.params.id)
          .executeTakeFirst(),
        teams: await teamsInReach(tx, await mediationViewer(tx, ctx.actor)),
      }),
      { userId: ctx.actor.userId },
    );
    if (!referral) throw notFound('Referral');
    return sendPage(
      reply,
      <Layout page={p} title={t('mediation.fromReferral.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('mediation.fromReferral.title')}</h1>
        <p>{referral.category_name}</p>
        {failed ? <FormErrors t={t} lang={lang} problems={failed.problems} idPrefix="from-referral" /> : null}
        <PostForm
          action={`${fromReferral(tenant.slug)}/${referral.id}`}
          csrf={request.csrf()}
          label={t('mediation.fromReferral.title')}
        >
          <Select
            idPrefix="from-referral"
            name="teamId"
            label={t('mediation.encounter.team')}
            options={teams.map((x) => ({ value: x.id, label: x.name }))}
          />
          <Select
            idPrefix="from-referral"
            name="kind"
            label={t('mediation.situations.kind')}
            options={situationKinds.map((k) => ({ value: k, label: t(`mediation.kind.${k}` as MessageKey) }))}
          />
          <button type="submit">{t('mediation.fromReferral.submit')}</button>
        </PostForm>
      </Layout>,
      { sensitive: true, status: failed ? 400 : 200 },
    );
  }
  app.get<One>(`${fromReferral(':slug')}/:id`, fieldRoute, (request, reply) => renderFromReferral(request, reply));
  app.post<One>(`${fromReferral(':slug')}/:id`, fieldRoute, async (request, reply) => {
    const ctx = pageMediationContext(deps, request);
    let opened: string | undefined;
    return submitForm(
      reply,
      async () => {
        opened = (
          await openSituationFromReferral(ctx, {
            referralId: request.params.id,
            teamId: field(request.body, 'teamId'),
            kind: field(request.body, 'kind'),
          })
        ).situation.id;
      },
      (problems) => renderFromReferral(request, reply, { form: 'from-referral', problems }),
      () => `${list(ctx.tenant.slug)}/${opened}`,
    );
  });
}
