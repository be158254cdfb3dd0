import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import { localHref } from '../../../platform/i18n/i18n.js';
import { field } from '../../../platform/pages/form-field.js';
import { Field, FormErrors, PostForm } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext } from '../../../platform/pages/render.js';
import { localMoment } from '../../prevention/orders/order-time.js';
import { closePlace } from './close-place.js';
import {
  Confidential,
  type FormState,
  formHelpers,
  groupPath,
  groupsBase,
  memberRoute,
  requireCoordination,
  Select,
  sendGroupPage,
} from './page-common.js';
import { monthLabel, PlaceChart } from './place-chart.js';
import { readPlace } from './read-place.js';
import { recordPlaceAction } from './record-place-action.js';
import { actionKinds } from './tables.js';

type Params = { slug: string; groupId: string; placeId: string };
type Req = FastifyRequest<{ Params: Params; Querystring: { fait?: string } }>;

/** A place's page: where it is, whether it improves (chart and table), its actions, and the form to add one. */
export function registerPlacePage(app: FastifyInstance, deps: AppDeps) {
  async function placePage(request: Req, reply: FastifyReply, state: FormState = {}) {
    requireCoordination(request);
    const tenant = request.tenant!;
    const { groupId, placeId } = request.params;
    const here = `${groupPath(tenant.slug, groupId)}/lieux/${placeId}`;
    const page = pageContext(request, here);
    const { t, lang } = page;
    const view = await readPlace(requestContext(deps, request), { groupId, placeId });
    const { group, place } = view;
    const form = formHelpers(state, 'action', lang);
    const closing = formHelpers(state, 'close', lang);
    const number = (value: number | null) => (value === null ? '—' : value.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB'));
    const ba = view.reportsBeforeAfter;
    const today = localMoment(deps.clock.now(), tenant.time_zone).date;
    return sendGroupPage(
      reply,
      <Layout
        page={page}
        title={`${t('groups.place.title', { name: place.name })} — ${group.name}`}
        sensitive
        homeHref={`/t/${tenant.slug}/espace/`}
      >
        <p>
          <a href={localHref(groupPath(tenant.slug, group.id), lang)}>
            {t('groups.back')} : {group.name}
          </a>
        </p>
        <h1>{t('groups.place.title', { name: place.name })}</h1>
        <Confidential t={t} />
        {request.query.fait ? (
          <p class="notice" role="status">
            {t('groups.saved')}
          </p>
        ) : null}
        <p>
          {t('groups.place.where', {
            lat: place.lat.toFixed(5),
            lon: place.lon.toFixed(5),
            radius: place.radius_m,
            opened: place.opened_on,
          })}{' '}
          ({t(`groups.origin.${place.origin}`)})
        </p>
        {place.closed_on ? <p>{t('groups.place.closedOn', { date: place.closed_on })}</p> : null}
        <h2>{t('groups.place.trend')}</h2>
        <PlaceChart
          months={view.months}
          reports={view.reports}
          police={view.police}
          actionMonth={ba.actionMonth}
          caption={t('groups.place.chartHint')}
          lang={lang}
        />
        <ul>
          {ba.actionMonth ? (
            <>
              <li>{t('groups.place.before', { value: number(ba.before.perMonth), months: ba.before.months })}</li>
              <li>
                {ba.after.months
                  ? t('groups.place.after', { value: number(ba.after.perMonth), months: ba.after.months })
                  : t('groups.place.noAfter')}
              </li>
            </>
          ) : (
            <li>{t('groups.place.noAction')}</li>
          )}
        </ul>
        <section class="table-scroll" tabindex={0} aria-label={t('groups.place.trend')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('groups.place.month')}</th>
                <th scope="col" class="num">
                  {t('groups.place.reports')}
                </th>
                {view.police ? (
                  <th scope="col" class="num">
                    {t('groups.place.police')}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {view.months.map((m, i) => (
                <tr>
                  <th scope="row">
                    {monthLabel(m, lang)}
                    {m === ba.actionMonth ? ` — ${t('groups.col.firstAction')}` : ''}
                  </th>
                  <td class="num">{view.reports[i]}</td>
                  {view.police ? <td class="num">{view.police[i]}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <h2>{t('groups.place.actions')}</h2>
        {view.actions.length === 0 ? (
          <p>{t('groups.place.noActions')}</p>
        ) : (
          <section class="table-scroll" tabindex={0} aria-label={t('groups.place.actions')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('groups.col.date')}</th>
                  <th scope="col">{t('groups.field.actionKind')}</th>
                  <th scope="col">{t('groups.col.by')}</th>
                  <th scope="col">{t('groups.col.details')}</th>
                </tr>
              </thead>
              <tbody>
                {view.actions.map((a) => (
                  <tr>
                    <th scope="row">{a.done_on}</th>
                    <td>{t(`groups.action.${a.kind}`)}</td>
                    <td>{a.organisation}</td>
                    <td>{a.description || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {group.closed_at ? null : (
          <section aria-labelledby="action-form-title">
            <h3 id="action-form-title">{t('groups.place.addAction')}</h3>
            <FormErrors t={t} lang={lang} problems={form.problems} idPrefix="action" />
            <PostForm action={`${here}/actions`} csrf={request.csrf()} label={t('groups.place.addAction')}>
              <Select
                t={t}
                id="action-kind"
                name="kind"
                label={t('groups.field.actionKind')}
                value={form.sent('kind')}
                problem={form.p('kind')}
                options={actionKinds.map((k) => ({ value: k, label: t(`groups.action.${k}`) }))}
              />
              <Field
                t={t}
                idPrefix="action"
                name="doneOn"
                type="date"
                label={t('groups.field.doneOn')}
                value={form.sent('doneOn') ?? today}
                problem={form.p('doneOn')}
                required
              />
              <Field
                t={t}
                idPrefix="action"
                name="organisation"
                label={t('groups.field.organisation')}
                hint={t('groups.field.organisationHint')}
                value={form.sent('organisation')}
                problem={form.p('organisation')}
                required
              />
              <Field
                t={t}
                idPrefix="action"
                name="description"
                label={t('groups.field.description')}
                value={form.sent('description')}
                problem={form.p('description')}
              />
              <button type="submit">{t('groups.place.addAction')}</button>
            </PostForm>
          </section>
        )}
        {group.closed_at || place.closed_on ? null : (
          <section aria-labelledby="close-form-title">
            <h3 id="close-form-title">{t('groups.place.close')}</h3>
            <FormErrors t={t} lang={lang} problems={closing.problems} idPrefix="close" />
            <PostForm action={`${here}/clore`} csrf={request.csrf()} label={t('groups.place.close')}>
              <Field
                t={t}
                idPrefix="close"
                name="closedOn"
                type="date"
                label={t('groups.place.closedOnField')}
                value={closing.sent('closedOn') ?? today}
                problem={closing.p('closedOn')}
                required
              />
              <button type="submit" class="secondary">
                {t('groups.place.close')}
              </button>
            </PostForm>
          </section>
        )}
      </Layout>,
      state.status ?? 200,
    );
  }

  const route = `${groupsBase(':slug')}/:groupId/lieux/:placeId`;
  app.get<{ Params: Params; Querystring: { fait?: string } }>(route, memberRoute, (request, reply) => placePage(request, reply));
  app.post<{ Params: Params; Querystring: { fait?: string } }>(`${route}/actions`, memberRoute, async (request, reply) => {
    requireCoordination(request);
    try {
      await recordPlaceAction(requestContext(deps, request), {
        groupId: request.params.groupId,
        placeId: request.params.placeId,
        kind: field(request.body, 'kind'),
        doneOn: field(request.body, 'doneOn'),
        description: field(request.body, 'description'),
        organisation: field(request.body, 'organisation'),
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return placePage(request, reply, { form: 'action', problems: error.details, body: request.body, status: 400 });
      throw error;
    }
    const { slug, groupId, placeId } = request.params;
    return reply.redirect(`${groupPath(slug, groupId)}/lieux/${placeId}?fait=1`, 303);
  });
  app.post<{ Params: Params; Querystring: { fait?: string } }>(`${route}/clore`, memberRoute, async (request, reply) => {
    requireCoordination(request);
    try {
      await closePlace(requestContext(deps, request), {
        groupId: request.params.groupId,
        placeId: request.params.placeId,
        closedOn: field(request.body, 'closedOn'),
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return placePage(request, reply, { form: 'close', problems: error.details, body: request.body, status: 400 });
      throw error;
    }
    const { slug, groupId, placeId } = request.params;
    return reply.redirect(`${groupPath(slug, groupId)}/lieux/${placeId}?fait=1`, 303);
  });
}
