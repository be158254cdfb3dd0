import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import { can } from '../../../platform/access/actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { longDate } from '../../../platform/i18n/dates.js';
import { localHref } from '../../../platform/i18n/i18n.js';
import { field } from '../../../platform/pages/form-field.js';
import { Field, FormErrors, PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { addAxis } from './add-axis.js';
import { organisationChoices, territoryChoices } from './council-queries.js';
import { localToday } from './council-time.js';
import {
  CouncilNav,
  coordinationBase,
  type FormState,
  formOf,
  manageRoute,
  many,
  Notice,
  requireProgramme,
  Section,
  Select,
  submitForm,
  viewRoute,
} from './page-common.js';
import { saveActionSheet } from './save-action-sheet.js';
import { saveStrategy } from './save-strategy.js';
import { SheetFields } from './sheet-fields.js';
import { loadStrategies } from './strategy-queries.js';

/** The strategy (STSPD): its axes and action sheets; those who manage it add strategies, axes and sheets. */
export function registerStrategyPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  async function strategyPage(request: FastifyRequest, reply: FastifyReply, state: FormState = {}) {
    requireProgramme(request);
    const tenant = request.tenant!;
    const base = coordinationBase(tenant.slug);
    const page = pageContext(request, `${base}/strategie`);
    const { t, lang } = page;
    const manages = can(request.actor, 'coordination.manage');
    const data = await withTenant(db, tenant.id, async (tx) => ({
      strategies: await loadStrategies(tx),
      organisations: manages ? await organisationChoices(tx) : [],
      territories: manages ? await territoryChoices(tx) : [],
    }));
    const strategyForm = formOf(state, 'strategy', lang);
    const axisForm = formOf(state, 'axis', lang);
    const sheetForm = formOf(state, 'sheet', lang);
    const axes = data.strategies.flatMap((s) => s.axes.map((a) => ({ ...a, period: `${s.first_year}–${s.last_year}` })));
    const year = localToday(deps.clock.now(), tenant.time_zone).slice(0, 4);
    return sendPage(
      reply,
      <Layout page={page} title={t('council.strategy')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('council.strategy')}</h1>
        <CouncilNav request={request} t={t} lang={lang} />
        <Notice request={request} t={t} />
        {data.strategies.length === 0 ? <p>{t('council.none')}</p> : null}
        {data.strategies.map((s) => (
          <section aria-labelledby={`strategy-${s.id}`}>
            <h2
              id={`strategy-${s.id}`}
            >{`${s.title} (${t('council.strategyPeriod', { first: s.first_year, last: s.last_year })})`}</h2>
            <p>
              {s.signed_on
                ? t('council.signed', { date: longDate(s.signed_on, lang), who: s.signatories ?? '' })
                : t('council.notSigned')}
            </p>
            {s.axes.map((a) => (
              <>
                <h3>{`${t('council.axis', { n: a.number })} — ${a.title}`}</h3>
                {a.sheets.length === 0 ? (
                  <p>{t('council.none')}</p>
                ) : (
                  <ul>
                    {a.sheets.map((sheet) => (
                      <li>
                        <a
                          href={localHref(`${base}/strategie/fiches/${sheet.id}`, lang)}
                        >{`${a.number}.${sheet.number} ${sheet.title}`}</a>
                        {` — ${t('council.lead')} : ${sheet.lead} · ${t(`council.sheetState.${sheet.state}`)}`}
                      </li>
                    ))}
                  </ul>
                )}
              </>
            ))}
          </section>
        ))}
        {manages ? (
          <>
            {axes.length ? (
              <Section id="add-sheet" title={t('council.addSheet')}>
                <FormErrors t={t} lang={lang} problems={sheetForm.problems} idPrefix="sheet" />
                <PostForm action={`${base}/strategie/fiches`} csrf={request.csrf()} label={t('council.addSheet')}>
                  <SheetFields
                    t={t}
                    form={sheetForm}
                    axes={axes.map((a) => ({
                      id: a.id,
                      label: `${a.period} · ${t('council.axis', { n: a.number })} — ${a.title}`,
                    }))}
                    organisations={data.organisations}
                    territories={data.territories}
                  />
                  <button type="submit">{t('council.addSheet')}</button>
                </PostForm>
              </Section>
            ) : null}
            {data.strategies.length ? (
              <Section id="add-axis" title={t('council.addAxis')}>
                <FormErrors t={t} lang={lang} problems={axisForm.problems} idPrefix="axis" />
                <PostForm action={`${base}/strategie/axes`} csrf={request.csrf()} label={t('council.addAxis')}>
                  <Select
                    idPrefix="axis"
                    name="strategyId"
                    label={t('council.strategy')}
                    value={axisForm.v('strategyId')}
                    problem={axisForm.p('strategyId')}
                    options={data.strategies.map((s) => ({ value: s.id, label: `${s.title} (${s.first_year}–${s.last_year})` }))}
                  />
                  <Field
                    t={t}
                    idPrefix="axis"
                    name="title"
                    label={t('council.axisTitle')}
                    value={axisForm.v('title')}
                    problem={axisForm.p('title')}
                    required
                  />
                  <button type="submit">{t('council.addAxis')}</button>
                </PostForm>
              </Section>
            ) : null}
            <Section id="add-strategy" title={t('council.addStrategy')}>
              <FormErrors t={t} lang={lang} problems={strategyForm.problems} idPrefix="strategy" />
              <PostForm action={`${base}/strategie`} csrf={request.csrf()} label={t('council.addStrategy')}>
                <Field
                  t={t}
                  idPrefix="strategy"
                  name="title"
                  label={t('council.strategyTitle')}
                  value={strategyForm.v('title')}
                  problem={strategyForm.p('title')}
                  required
                />
                <Field
                  t={t}
                  idPrefix="strategy"
                  name="firstYear"
                  type="number"
                  label={t('council.firstYear')}
                  value={strategyForm.v('firstYear') ?? year}
                  problem={strategyForm.p('firstYear')}
                  required
                />
                <Field
                  t={t}
                  idPrefix="strategy"
                  name="signedOn"
                  type="date"
                  label={t('council.signedOn')}
                  value={strategyForm.v('signedOn')}
                  problem={strategyForm.p('signedOn')}
                />
                <Field
                  t={t}
                  idPrefix="strategy"
                  name="signatories"
                  label={t('council.signatories')}
                  value={strategyForm.v('signatories')}
                  problem={strategyForm.p('signatories')}
                />
                <button type="submit">{t('council.addStrategy')}</button>
              </PostForm>
            </Section>
          </>
        ) : null}
      </Layout>,
      { status: state.status },
    );
  }

  const base = coordinationBase(':slug');
  const back = (request: FastifyRequest<{ Params: { slug: string } }>) => `${coordinationBase(request.params.slug)}/strategie`;
  app.get(`${base}/strategie`, viewRoute, (request, reply) => strategyPage(request, reply));
  app.post<{ Params: { slug: string } }>(`${base}/strategie`, manageRoute, (request, reply) =>
    submitForm(
      request,
      reply,
      'strategy',
      () =>
        saveStrategy(requestContext(deps, request), {
          title: field(request.body, 'title'),
          firstYear: field(request.body, 'firstYear'),
          signedOn: field(request.body, 'signedOn'),
          signatories: field(request.body, 'signatories'),
        }),
      (state) => strategyPage(request, reply, state),
      back(request),
    ),
  );
  app.post<{ Params: { slug: string } }>(`${base}/strategie/axes`, manageRoute, (request, reply) =>
    submitForm(
      request,
      reply,
      'axis',
      () =>
        addAxis(requestContext(deps, request), {
          strategyId: field(request.body, 'strategyId'),
          title: field(request.body, 'title'),
        }),
      (state) => strategyPage(request, reply, state),
      back(request),
    ),
  );
  app.post<{ Params: { slug: string } }>(`${base}/strategie/fiches`, manageRoute, async (request, reply) => {
    let created = '';
    return submitForm(
      request,
      reply,
      'sheet',
      async () => {
        created = (
          await saveActionSheet(requestContext(deps, request), {
            axisId: field(request.body, 'axisId'),
            title: field(request.body, 'title'),
            objective: field(request.body, 'objective'),
            leadOrganisationId: field(request.body, 'leadOrganisationId'),
            partnerOrganisationIds: many(request.body, 'partnerOrganisationIds'),
            territoryIds: many(request.body, 'territoryIds'),
            publicConcerned: field(request.body, 'publicConcerned'),
            means: field(request.body, 'means'),
            startsOn: field(request.body, 'startsOn'),
            endsOn: field(request.body, 'endsOn'),
            state: field(request.body, 'state'),
          })
        ).id;
      },
      (state) => strategyPage(request, reply, state),
      () => `${back(request)}/fiches/${created}`,
    );
  });
}
