import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import type { Scope } from '../../platform/access/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { requestContext } from '../../platform/http/request-context.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { Field, FormErrors, fieldProblem, PostForm } from '../../platform/pages/forms.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import type { SafePlaceIndex } from './place-index.js';
import { helpActions, helpSituations } from './tables.js';
import { recordHelpRequest, updateOwnPlace } from './venue-operations.js';

type Body = Record<string, string | string[] | undefined>;
const own = { config: { permission: 'safe-places.own-place' }, schema: { hide: true } } as const;
const one = (v: string | string[] | undefined) => [v ?? ''].flat()[0] ?? '';

/** The partner venue's screen: its own place only; help requests in three taps. */
export function registerVenuePages(app: FastifyInstance, deps: AppDeps, index: SafePlaceIndex) {
  const { db } = deps.database;

  async function venuePage(
    request: FastifyRequest,
    reply: FastifyReply,
    notice?: string,
    problems: FieldProblem[] = [],
    status = 200,
  ) {
    const tenant = request.tenant!;
    const page = pageContext(request, `/t/${tenant.slug}/espace/mon-lieu`);
    const { t, lang } = page;
    const scope = request.actor.grants.get('safe-places.own-place') as Scope;
    const organisations = scope === 'tenant' ? [] : [...scope.organisations];
    const places = organisations.length
      ? await withTenant(db, tenant.id, (tx) =>
          tx
            .selectFrom('safe_places')
            .select(['id', 'name', 'opening_hours', 'closed_from', 'closed_until', 'staff_briefed', 'hours_confirmed_on'])
            .where('organisation_id', 'in', organisations)
            .orderBy('name')
            .execute(),
        )
      : [];
    const csrf = request.csrf();
    return sendPage(
      reply,
      <Layout page={page} title={t('venue.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('venue.title')}</h1>
        {notice ? (
          <p class="notice" role="status">
            {notice}
          </p>
        ) : null}
        <FormErrors t={t} lang={lang} problems={problems} />
        {places.length === 0 ? <p>{t('venue.none')}</p> : null}
        {places.map((place) => (
          <section aria-labelledby={`place-${place.id}`}>
            <h2 id={`place-${place.id}`}>{place.name}</h2>
            <h3>{t('venue.help')}</h3>
            <p class="hint">{t('venue.helpHint')}</p>
            <PostForm action={`/t/${tenant.slug}/espace/mon-lieu/${place.id}/demande`} csrf={csrf}>
              <fieldset class="big-choices">
                <legend>{t('venue.situation')}</legend>
                {helpSituations.map((s, i) => (
                  <div>
                    <input type="radio" id={`situation-${place.id}-${s}`} name="situation" value={s} required checked={i === 0} />{' '}
                    <label for={`situation-${place.id}-${s}`}>{t(`situation.${s}` as MessageKey)}</label>
                  </div>
                ))}
              </fieldset>
              <fieldset class="big-choices">
                <legend>{t('venue.actions')}</legend>
                {helpActions.map((a) => (
                  <div>
                    <input type="checkbox" id={`action-${place.id}-${a}`} name="actions" value={a} />{' '}
                    <label for={`action-${place.id}-${a}`}>{t(`action.${a}` as MessageKey)}</label>
                  </div>
                ))}
              </fieldset>
              <button type="submit">{t('venue.record')}</button>
            </PostForm>
            <h3>{t('venue.update')}</h3>
            <PostForm action={`/t/${tenant.slug}/espace/mon-lieu/${place.id}`} csrf={csrf}>
              <Field
                t={t}
                name="openingHours"
                label={t('places.hours')}
                value={place.opening_hours}
                required
                problem={fieldProblem(problems, 'openingHours', lang)}
              />
              <Field
                t={t}
                name="closedFrom"
                label={t('places.closedFrom')}
                value={place.closed_from ?? ''}
                problem={fieldProblem(problems, 'closedFrom', lang)}
              />
              <Field
                t={t}
                name="closedUntil"
                label={t('places.closedUntil')}
                value={place.closed_until ?? ''}
                problem={fieldProblem(problems, 'closedUntil', lang)}
              />
              <div class="field">
                <div>
                  <input
                    type="checkbox"
                    id={`briefed-${place.id}`}
                    name="staffBriefed"
                    value="yes"
                    checked={place.staff_briefed}
                  />{' '}
                  <label for={`briefed-${place.id}`}>{t('venue.briefed')}</label>
                </div>
                <div>
                  <input type="checkbox" id={`confirm-${place.id}`} name="confirmHours" value="yes" />{' '}
                  <label for={`confirm-${place.id}`}>{t('venue.confirm')}</label>
                </div>
              </div>
              {place.hours_confirmed_on ? (
                <p class="hint">{t('places.confirmedOn', { date: place.hours_confirmed_on })}</p>
              ) : null}
              <button type="submit" class="secondary">
                {t('places.save')}
              </button>
            </PostForm>
          </section>
        ))}
      </Layout>,
      { sensitive: true, status },
    );
  }

  async function act(request: FastifyRequest, reply: FastifyReply, run: () => Promise<unknown>, done: MessageKey) {
    try {
      await run();
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return venuePage(request, reply, undefined, error.details, 400);
      throw error;
    }
    await index.refresh(request.tenant!.id);
    return venuePage(request, reply, pageContext(request).t(done));
  }

  type Req = { Params: { slug: string; id: string }; Body: Body };
  app.get<{ Params: { slug: string } }>('/t/:slug/espace/mon-lieu', own, (request, reply) => venuePage(request, reply));
  app.post<Req>('/t/:slug/espace/mon-lieu/:id', own, (request, reply) =>
    act(
      request,
      reply,
      () =>
        updateOwnPlace(requestContext(deps, request), {
          placeId: request.params.id,
          openingHours: one(request.body?.openingHours),
          closedFrom: one(request.body?.closedFrom) || null,
          closedUntil: one(request.body?.closedUntil) || null,
          staffBriefed: one(request.body?.staffBriefed) === 'yes',
          confirmHours: one(request.body?.confirmHours) === 'yes',
        }),
      'venue.saved',
    ),
  );
  app.post<Req>('/t/:slug/espace/mon-lieu/:id/demande', own, (request, reply) =>
    act(
      request,
      reply,
      () =>
        recordHelpRequest(requestContext(deps, request), {
          placeId: request.params.id,
          situation: one(request.body?.situation),
          actions: [request.body?.actions ?? []].flat(),
        }),
      'venue.recorded',
    ),
  );
}
