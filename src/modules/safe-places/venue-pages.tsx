import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { requestContext } from '../../platform/http/request-context.js';
import type { Translate } from '../../platform/i18n/i18n.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { Field, FormErrors, fieldProblem, PostForm, StatusNotice } from '../../platform/pages/forms.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import type { SafePlaceIndex } from './place-index.js';
import { sendPartnerKit } from './send-partner-kit.js';
import { helpActions, helpSituations } from './tables.js';
import { proposeTransitPlace, transitKinds } from './transit-operations.js';
import { ownOrganisations, ownPlace, recordHelpRequest, updateOwnPlace } from './venue-operations.js';

type Body = Record<string, string | string[] | undefined>;
const own = { config: { permission: 'safe-places.own-place' }, schema: { hide: true } } as const;
const one = (v: string | string[] | undefined) => [v ?? ''].flat()[0] ?? '';

/** What the operator says of a station, an agency or a vehicle it proposes. */
function TransitFields({
  t,
  values,
  problem,
}: {
  t: Translate;
  values: Record<string, string | undefined>;
  problem: (field: string) => string | undefined;
}) {
  return (
    <>
      <Field t={t} idPrefix="new" name="name" label={t('places.name')} value={values.name} required problem={problem('name')} />
      <div class="field">
        <label for="new-kind">{t('places.kind')}</label>
        <select id="new-kind" name="kind">
          {transitKinds.map((k) => (
            <option value={k} selected={values.kind === k}>
              {t(`kind.${k}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <Field
        t={t}
        idPrefix="new"
        name="address"
        label={t('places.address')}
        value={values.address}
        required
        problem={problem('address')}
      />
      <Field t={t} idPrefix="new" name="lat" label={t('places.lat')} value={values.lat} required problem={problem('lat')} />
      <Field t={t} idPrefix="new" name="lon" label={t('places.lon')} value={values.lon} required problem={problem('lon')} />
      <Field
        t={t}
        idPrefix="new"
        name="openingHours"
        label={t('places.hours')}
        value={values.openingHours}
        required
        problem={problem('openingHours')}
      />
      <Field
        t={t}
        idPrefix="new"
        name="phone"
        type="tel"
        label={t('places.phone')}
        value={values.phone}
        problem={problem('phone')}
      />
    </>
  );
}

/** The partner venue's screen: its own place only; help requests in three taps. */
export function registerVenuePages(app: FastifyInstance, deps: AppDeps, index: SafePlaceIndex) {
  const { db } = deps.database;

  async function venuePage(
    request: FastifyRequest,
    reply: FastifyReply,
    notice?: string,
    failed?: { form: string; problems: FieldProblem[] },
    status = 200,
  ) {
    const tenant = request.tenant!;
    const page = pageContext(request, `/t/${tenant.slug}/espace/mon-lieu`);
    // Each place has its forms: a problem shows on the form that was sent, with ids unique on the page.
    const problemsOf = (form: string) => (failed?.form === form ? failed.problems : []);
    const problem = (form: string) => (field: string) => fieldProblem(problemsOf(form), field, lang);
    const { t, lang } = page;
    const organisations = ownOrganisations(request.actor);
    const transit = request.actor.grants.has('safe-places.transit-places');
    const places = organisations.length
      ? await withTenant(db, tenant.id, (tx) =>
          tx
            .selectFrom('safe_places')
            .select([
              'id',
              'name',
              'kind',
              'status',
              'opening_hours',
              'closed_from',
              'closed_until',
              'staff_briefed',
              'hours_confirmed_on',
            ])
            .where('organisation_id', 'in', organisations)
            .where('tenant_id', '=', tenant.id)
            .orderBy('name')
            .execute(),
        )
      : [];
    const csrf = request.csrf();
    const form = failed?.form === 'new' ? ((request.body ?? {}) as Record<string, string | undefined>) : {};
    return sendPage(
      reply,
      <Layout page={page} title={t(transit ? 'transit.title' : 'venue.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t(transit ? 'transit.title' : 'venue.title')}</h1>
        <StatusNotice text={notice} />
        {failed ? <FormErrors t={t} lang={lang} problems={failed.problems} idPrefix={failed.form} /> : null}
        {places.length === 0 ? <p>{t('venue.none')}</p> : null}
        {places.map((place) => (
          <section aria-labelledby={`place-${place.id}`}>
            <h2 id={`place-${place.id}`}>{place.name}</h2>
            <p>
              {t(`kind.${place.kind}` as MessageKey)} · {t('places.status')} : {t(`status.${place.status}` as MessageKey)}
              {place.status === 'candidate' || place.status === 'trained' ? ` — ${t('venue.pending')}` : ''}
            </p>
            <p>
              <a href={`/t/${tenant.slug}/espace/mon-lieu/${place.id}/kit.pdf`} download>
                {t('places.kit')}
              </a>
            </p>
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
                idPrefix={`place-${place.id}`}
                problem={problem(`place-${place.id}`)('openingHours')}
              />
              <Field
                t={t}
                name="closedFrom"
                label={t('places.closedFrom')}
                value={place.closed_from ?? ''}
                idPrefix={`place-${place.id}`}
                problem={problem(`place-${place.id}`)('closedFrom')}
              />
              <Field
                t={t}
                name="closedUntil"
                label={t('places.closedUntil')}
                value={place.closed_until ?? ''}
                idPrefix={`place-${place.id}`}
                problem={problem(`place-${place.id}`)('closedUntil')}
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
        {transit ? (
          <section aria-labelledby="transit-add">
            <h2 id="transit-add">{t('transit.add')}</h2>
            <p class="hint">{t('transit.addHint')}</p>
            <PostForm action={`/t/${tenant.slug}/espace/mon-lieu`} csrf={csrf}>
              <TransitFields t={t} values={form} problem={problem('new')} />
              <button type="submit">{t('transit.propose')}</button>
            </PostForm>
          </section>
        ) : null}
      </Layout>,
      { sensitive: true, status },
    );
  }

  async function act(request: FastifyRequest, reply: FastifyReply, form: string, run: () => Promise<unknown>, done: MessageKey) {
    try {
      await run();
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return venuePage(request, reply, undefined, { form, problems: error.details ?? [] }, 400);
      throw error;
    }
    await index.refresh(request.tenant!.id);
    // Post/redirect/get: reloading the page must not record a help request twice.
    return reply.redirect(`/t/${request.tenant!.slug}/espace/mon-lieu?fait=${done}`, 303);
  }

  type Req = { Params: { slug: string; id: string }; Body: Body };
  app.post<{ Params: { slug: string }; Body: Body }>(
    '/t/:slug/espace/mon-lieu',
    { config: { permission: 'safe-places.transit-places' }, schema: { hide: true } },
    (request, reply) =>
      act(
        request,
        reply,
        'new',
        () =>
          proposeTransitPlace(requestContext(deps, request), {
            name: one(request.body?.name),
            kind: one(request.body?.kind),
            address: one(request.body?.address),
            lat: Number(one(request.body?.lat).replace(',', '.')),
            lon: Number(one(request.body?.lon).replace(',', '.')),
            openingHours: one(request.body?.openingHours),
            phone: one(request.body?.phone).trim() || null,
          }),
        'transit.proposed',
      ),
  );
  app.get<{ Params: { slug: string; id: string } }>('/t/:slug/espace/mon-lieu/:id/kit.pdf', own, async (request, reply) => {
    const place = await withTenant(db, request.tenant!.id, (tx) => ownPlace(tx, request.actor, request.params.id));
    return sendPartnerKit(deps, request, reply, place);
  });
  const notices: readonly MessageKey[] = ['venue.saved', 'venue.recorded', 'transit.proposed'];
  app.get<{ Params: { slug: string }; Querystring: { fait?: string } }>('/t/:slug/espace/mon-lieu', own, (request, reply) => {
    const done = notices.find((key) => key === request.query.fait);
    return venuePage(request, reply, done ? pageContext(request).t(done) : undefined);
  });
  app.post<Req>('/t/:slug/espace/mon-lieu/:id', own, (request, reply) =>
    act(
      request,
      reply,
      `place-${request.params.id}`,
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
      `place-${request.params.id}`,
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
