import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import { can } from '../../../platform/access/actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import { notFound } from '../../../platform/errors.js';
import { figureSourcesOf } from '../../../platform/figures/figure-registry.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { longDate } from '../../../platform/i18n/dates.js';
import type { Lang, Translate } from '../../../platform/i18n/i18n.js';
import { field } from '../../../platform/pages/form-field.js';
import { Field, FormErrors, PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { readSettings } from '../../../platform/settings/tenant-settings.js';
import { addIndicator } from './add-indicator.js';
import { isUuid } from './council-input.js';
import { organisationChoices, territoryChoices } from './council-queries.js';
import { localToday } from './council-time.js';
import { IndicatorChart } from './indicator-chart.js';
import { type IndicatorFigures, indicatorFigures, indicatorRowsOf } from './indicator-figures.js';
import {
  CouncilNav,
  coordinationBase,
  type FormState,
  formOf,
  type Id,
  manageRoute,
  many,
  Notice,
  requireProgramme,
  Section,
  Select,
  submitForm,
  TextArea,
  viewRoute,
} from './page-common.js';
import { drawn, shown, text } from './protect-figures.js';
import { recordIndicatorValue } from './record-indicator-value.js';
import { reviewActionSheet } from './review-action-sheet.js';
import { type ActionSheetInput, saveActionSheet } from './save-action-sheet.js';
import { SheetFields } from './sheet-fields.js';
import { loadSheet } from './strategy-queries.js';
import { directions, MANUAL_SOURCE, sheetStates } from './tables.js';

/** An indicator's yearly figures as a chart and a table (the table is what screen readers and printers use). */
export function IndicatorBlock({
  figure,
  k,
  t,
  lang,
  today,
}: {
  figure: IndicatorFigures;
  k: number | null;
  t: Translate;
  lang: Lang;
  today: string;
}) {
  const cells = figure.years.map((y) => ({ year: y, cell: shown(y.value, k) }));
  const baseline = shown(figure.baseline, k);
  const yearLabel = (y: IndicatorFigures['years'][number]) =>
    y.soFar ? t('council.soFar', { year: y.year, date: longDate(today, lang) }) : String(y.year);
  return (
    <section class="indicator" aria-labelledby={`indicator-${figure.id}`} data-indicator={figure.id}>
      <h3 id={`indicator-${figure.id}`}>{figure.label}</h3>
      <p>
        {`${t('council.source')} : ${figure.sourceLabel[lang]}`}
        {figure.unit[lang] ? ` (${figure.unit[lang]})` : ''}
        {` · ${t('council.target')} : ${figure.targetValue} (${figure.targetYear}), ${t(`council.direction.${figure.direction}`)}`}
        {figure.baselineYear !== null
          ? ` · ${t('council.baseline', { year: figure.baselineYear, value: text(baseline, lang, t('council.noValue')) })}`
          : ''}
      </p>
      <IndicatorChart
        title={t('council.chart', { label: figure.label })}
        target={figure.targetValue}
        bars={cells.map(({ year, cell }) => ({ label: String(year.year), value: drawn(cell) }))}
      />
      <table class="indicator-table">
        <thead>
          <tr>
            <th scope="col">{t('council.year')}</th>
            <th scope="col" class="num">
              {t('council.value')}
            </th>
          </tr>
        </thead>
        <tbody>
          {cells.map(({ year, cell }) => (
            <tr data-year={year.year}>
              <th scope="row">{yearLabel(year)}</th>
              <td class="num">{year.future ? t('council.future') : text(cell, lang, t('council.noValue'))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {k === null && figure.progress !== null ? <p>{t('council.progress', { percent: figure.progress })}</p> : null}
      {k === null && figure.met !== null ? <p>{figure.met ? t('council.met') : t('council.notMet')}</p> : null}
    </section>
  );
}

/** An action sheet: what, who, where, when, its indicators' live figures, its yearly reviews. */
/** The form's `source` or `source|option` (an API client may still send the option apart). */
function chosenSource(source: string | undefined, option: string | undefined) {
  const [sourceId, chosenOption] = (source ?? '').split('|', 2);
  return { sourceId: sourceId ?? '', sourceOption: chosenOption ?? option };
}

export function registerSheetPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  async function sheetPage(request: FastifyRequest<Id>, reply: FastifyReply, state: FormState = {}) {
    requireProgramme(request);
    const tenant = request.tenant!;
    const base = coordinationBase(tenant.slug);
    const here = `${base}/strategie/fiches/${request.params.id}`;
    const page = pageContext(request, here);
    const { t, lang } = page;
    const manages = can(request.actor, 'coordination.manage');
    const now = deps.clock.now();
    const data = await withTenant(db, tenant.id, async (tx) => {
      const loaded = isUuid(request.params.id) ? await loadSheet(tx, request.params.id) : undefined;
      if (!loaded) return undefined;
      const { first_year, last_year } = loaded.sheet;
      const years = [first_year, first_year + 1, last_year];
      return {
        ...loaded,
        figures: await indicatorFigures(tx, tenant, now, await indicatorRowsOf(tx, loaded.sheet.id), years),
        k: manages ? null : (await readSettings(tx)).smallNumberThreshold,
        organisations: manages ? await organisationChoices(tx) : [],
        territoryList: manages ? await territoryChoices(tx) : [],
        axes: manages
          ? await tx
              .selectFrom('coordination_axes as a')
              .innerJoin('coordination_axes as mine', 'mine.strategy_id', 'a.strategy_id')
              .select(['a.id', 'a.number', 'a.title'])
              .where('mine.id', '=', loaded.sheet.axis_id)
              .orderBy('a.number')
              .execute()
          : [],
      };
    });
    if (!data) throw notFound('Action sheet');
    const { sheet } = data;
    const indicatorForm = formOf(state, 'indicator', lang);
    const valueForm = formOf(state, 'value', lang);
    const reviewForm = formOf(state, 'review', lang);
    const editForm = formOf(state, 'sheet', lang);
    const current: Record<string, string> = {
      axisId: sheet.axis_id,
      title: sheet.title,
      objective: sheet.objective,
      leadOrganisationId: sheet.lead_organisation_id,
      publicConcerned: sheet.public_concerned,
      means: sheet.means,
      startsOn: sheet.starts_on,
      endsOn: sheet.ends_on,
      state: sheet.state,
    };
    const today = localToday(now, tenant.time_zone);
    // One list of every figure the tenant's modules offer, each narrowed by its choices (« Signalements reçus —
    // Protoxyde d'azote »): the coordinator picks, never types a code. The value is `source` or `source|option`.
    const sources = await figureSourcesOf(tenant.programmes);
    const sourceChoices = manages
      ? await withTenant(db, tenant.id, async (tx) => {
          const choices: { value: string; label: string }[] = [];
          for (const source of sources) {
            const options = source.option ? await source.option.list(tx) : [];
            choices.push({
              value: source.id,
              label: options.length ? `${source.label[lang]} — ${t('council.sourceAll')}` : source.label[lang],
            });
            for (const option of options)
              choices.push({ value: `${source.id}|${option.value}`, label: `${source.label[lang]} — ${option.label[lang]}` });
          }
          return choices;
        })
      : [];
    const manual = data.figures.filter((f) => f.sourceId === MANUAL_SOURCE);
    const title = `${t('council.sheet', { axis: sheet.axis_number, n: sheet.number })} — ${sheet.title}`;
    return sendPage(
      reply,
      <Layout page={page} title={title} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{title}</h1>
        <CouncilNav request={request} t={t} lang={lang} />
        <Notice request={request} t={t} />
        <p>{`${sheet.strategy_title} (${sheet.first_year}–${sheet.last_year}) · ${t('council.axis', { n: sheet.axis_number })} — ${sheet.axis_title}`}</p>
        <dl class="sheet">
          <dt>{t('council.objective')}</dt>
          <dd style="white-space: pre-line">{sheet.objective}</dd>
          <dt>{t('council.lead')}</dt>
          <dd>{sheet.lead}</dd>
          <dt>{t('council.partners')}</dt>
          <dd>{data.partners.map((p) => p.name).join(', ') || '—'}</dd>
          <dt>{t('council.territories')}</dt>
          <dd>{data.territories.map((r) => r.name).join(', ') || '—'}</dd>
          <dt>{t('council.publicConcerned')}</dt>
          <dd>{sheet.public_concerned || '—'}</dd>
          <dt>{t('council.means')}</dt>
          <dd style="white-space: pre-line">{sheet.means || '—'}</dd>
          <dt>{t('council.schedule')}</dt>
          <dd>{`${longDate(sheet.starts_on, lang)} – ${longDate(sheet.ends_on, lang)}`}</dd>
          <dt>{t('council.state')}</dt>
          <dd id="sheet-current-state">{t(`council.sheetState.${sheet.state}`)}</dd>
        </dl>
        <Section id="indicators" title={t('council.indicators')}>
          {data.k !== null ? <p>{t('council.protected', { k: data.k })}</p> : null}
          {data.figures.length === 0 ? <p>{t('council.noIndicator')}</p> : null}
          {data.figures.map((figure) => (
            <IndicatorBlock figure={figure} k={data.k} t={t} lang={lang} today={today} />
          ))}
          {manages ? (
            <>
              <h3>{t('council.addIndicator')}</h3>
              <FormErrors t={t} lang={lang} problems={indicatorForm.problems} idPrefix="indicator" />
              <PostForm action={`${here}/indicateurs`} csrf={request.csrf()} label={t('council.addIndicator')}>
                <Field
                  t={t}
                  idPrefix="indicator"
                  name="label"
                  label={t('council.indicatorLabel')}
                  value={indicatorForm.v('label')}
                  problem={indicatorForm.p('label')}
                  required
                />
                <Select
                  idPrefix="indicator"
                  name="source"
                  label={t('council.source')}
                  value={indicatorForm.v('source')}
                  problem={indicatorForm.p('source') ?? indicatorForm.p('source_option')}
                  options={[...sourceChoices, { value: MANUAL_SOURCE, label: t('council.sourceManual') }]}
                />
                <Field
                  t={t}
                  idPrefix="indicator"
                  name="targetValue"
                  type="number"
                  label={t('council.targetValue')}
                  value={indicatorForm.v('targetValue')}
                  problem={indicatorForm.p('targetValue')}
                  required
                />
                <Field
                  t={t}
                  idPrefix="indicator"
                  name="targetYear"
                  type="number"
                  label={t('council.targetYear')}
                  value={indicatorForm.v('targetYear') ?? String(sheet.last_year)}
                  problem={indicatorForm.p('targetYear')}
                  required
                />
                <Field
                  t={t}
                  idPrefix="indicator"
                  name="baselineYear"
                  type="number"
                  label={t('council.baselineYear')}
                  value={indicatorForm.v('baselineYear')}
                  problem={indicatorForm.p('baselineYear')}
                />
                <Select
                  idPrefix="indicator"
                  name="direction"
                  label={t('council.direction')}
                  value={indicatorForm.v('direction')}
                  problem={indicatorForm.p('direction')}
                  options={directions.map((d) => ({ value: d, label: t(`council.direction.${d}`) }))}
                />
                <button type="submit">{t('council.addIndicator')}</button>
              </PostForm>
              {manual.length ? (
                <>
                  <h3>{t('council.typeValue')}</h3>
                  <FormErrors t={t} lang={lang} problems={valueForm.problems} idPrefix="value" />
                  <PostForm action={`${here}/valeurs`} csrf={request.csrf()} label={t('council.typeValue')}>
                    <Select
                      idPrefix="value"
                      name="indicatorId"
                      label={t('council.indicatorLabel')}
                      value={valueForm.v('indicatorId')}
                      options={manual.map((m) => ({ value: m.id, label: m.label }))}
                    />
                    <Field
                      t={t}
                      idPrefix="value"
                      name="year"
                      type="number"
                      label={t('council.year')}
                      value={valueForm.v('year') ?? today.slice(0, 4)}
                      problem={valueForm.p('year')}
                      required
                    />
                    <Field
                      t={t}
                      idPrefix="value"
                      name="value"
                      type="number"
                      label={t('council.value')}
                      value={valueForm.v('value')}
                      problem={valueForm.p('value')}
                      required
                    />
                    <button type="submit">{t('council.typeValue')}</button>
                  </PostForm>
                </>
              ) : null}
            </>
          ) : null}
        </Section>
        {manages ? (
          <Section id="edit-sheet" title={t('council.editSheet')}>
            <FormErrors t={t} lang={lang} problems={editForm.problems} idPrefix="sheet" />
            <PostForm action={here} csrf={request.csrf()} label={t('council.editSheet')}>
              <SheetFields
                t={t}
                form={{ p: editForm.p, v: (name) => editForm.v(name) ?? current[name] }}
                axes={data.axes.map((a) => ({ id: a.id, label: `${t('council.axis', { n: a.number })} — ${a.title}` }))}
                organisations={data.organisations}
                territories={data.territoryList}
                chosenPartners={data.partners.map((p) => p.id)}
                chosenTerritories={data.territories.map((r) => r.id)}
              />
              <button type="submit">{t('council.editSheet')}</button>
            </PostForm>
          </Section>
        ) : null}
        <Section id="reviews" title={t('council.reviews')}>
          {data.reviews.length === 0 ? <p>{t('council.none')}</p> : null}
          {data.reviews.map((r) => (
            <article>
              <h3>{`${t('council.review', { year: r.year })} — ${t(`council.sheetState.${r.state}`)}`}</h3>
              <p style="white-space: pre-line">{r.text}</p>
            </article>
          ))}
          {manages ? (
            <>
              <h3>{t('council.addReview')}</h3>
              <FormErrors t={t} lang={lang} problems={reviewForm.problems} idPrefix="review" />
              <PostForm action={`${here}/bilan`} csrf={request.csrf()} label={t('council.addReview')}>
                <Field
                  t={t}
                  idPrefix="review"
                  name="year"
                  type="number"
                  label={t('council.year')}
                  value={reviewForm.v('year') ?? today.slice(0, 4)}
                  problem={reviewForm.p('year')}
                  required
                />
                <TextArea
                  idPrefix="review"
                  name="text"
                  label={t('council.reviewText')}
                  value={reviewForm.v('text')}
                  problem={reviewForm.p('text')}
                />
                <Select
                  idPrefix="review"
                  name="state"
                  label={t('council.reviewState')}
                  value={reviewForm.v('state') ?? sheet.state}
                  problem={reviewForm.p('state')}
                  options={sheetStates.map((s) => ({ value: s, label: t(`council.sheetState.${s}`) }))}
                />
                <button type="submit">{t('council.addReview')}</button>
              </PostForm>
            </>
          ) : null}
        </Section>
      </Layout>,
      { status: state.status },
    );
  }

  const base = `${coordinationBase(':slug')}/strategie/fiches/:id`;
  const back = (request: FastifyRequest<Id>) => `${coordinationBase(request.params.slug)}/strategie/fiches/${request.params.id}`;
  app.get<Id>(base, viewRoute, (request, reply) => sheetPage(request, reply));
  app.post<Id>(base, manageRoute, (request, reply) =>
    submitForm(
      request,
      reply,
      'sheet',
      () =>
        saveActionSheet(requestContext(deps, request), {
          ...(Object.fromEntries(
            ['axisId', 'title', 'objective', 'leadOrganisationId', 'publicConcerned', 'means', 'startsOn', 'endsOn', 'state'].map(
              (name) => [name, field(request.body, name)],
            ),
          ) as ActionSheetInput),
          id: request.params.id,
          partnerOrganisationIds: many(request.body, 'partnerOrganisationIds'),
          territoryIds: many(request.body, 'territoryIds'),
        }),
      (state) => sheetPage(request, reply, state),
      back(request),
    ),
  );
  app.post<Id>(`${base}/indicateurs`, manageRoute, (request, reply) =>
    submitForm(
      request,
      reply,
      'indicator',
      () =>
        addIndicator(requestContext(deps, request), {
          sheetId: request.params.id,
          label: field(request.body, 'label'),
          ...chosenSource(field(request.body, 'source'), field(request.body, 'source_option')),
          targetValue: field(request.body, 'targetValue'),
          targetYear: field(request.body, 'targetYear'),
          baselineYear: field(request.body, 'baselineYear'),
          direction: field(request.body, 'direction'),
        }),
      (state) => sheetPage(request, reply, state),
      back(request),
    ),
  );
  app.post<Id>(`${base}/valeurs`, manageRoute, (request, reply) =>
    submitForm(
      request,
      reply,
      'value',
      () =>
        recordIndicatorValue(requestContext(deps, request), {
          indicatorId: field(request.body, 'indicatorId'),
          year: field(request.body, 'year'),
          value: field(request.body, 'value'),
        }),
      (state) => sheetPage(request, reply, state),
      back(request),
    ),
  );
  app.post<Id>(`${base}/bilan`, manageRoute, (request, reply) =>
    submitForm(
      request,
      reply,
      'review',
      () =>
        reviewActionSheet(requestContext(deps, request), {
          sheetId: request.params.id,
          year: field(request.body, 'year'),
          text: field(request.body, 'text'),
          state: field(request.body, 'state'),
        }),
      (state) => sheetPage(request, reply, state),
      back(request),
    ),
  );
}
