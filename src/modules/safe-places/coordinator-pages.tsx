import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError, type FieldProblem, notFound } from '../../platform/errors.js';
import { requestContext } from '../../platform/http/request-context.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { invitationMail } from '../../platform/mail/templates.js';
import { Field, FormErrors, fieldProblem, PostForm, StatusNotice } from '../../platform/pages/forms.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { readNetworkDashboard } from './network-dashboard.js';
import { NetworkDashboardView } from './network-dashboard-view.js';
import type { SafePlaceIndex } from './place-index.js';
import { changePlaceStatus, confirmHours, createPlace, recordTraining, setClosure, updatePlace } from './place-operations.js';
import type { PlaceInput } from './place-writes.js';
import { sendPartnerKit } from './send-partner-kit.js';
import { placeKinds, placeStatuses } from './tables.js';
import { inviteVenueReferent } from './venue-operations.js';

type Body = Record<string, string | undefined>;

const manage = { config: { permission: 'safe-places.manage' }, schema: { hide: true } } as const;

const placeFromForm = (body: Body): PlaceInput => ({
  name: body.name ?? '',
  kind: body.kind ?? '',
  address: body.address ?? '',
  lat: Number((body.lat ?? '').replace(',', '.')),
  lon: Number((body.lon ?? '').replace(',', '.')),
  openingHours: body.openingHours ?? '',
  phone: body.phone?.trim() || null,
});

/** The coordinator's screens: the network by status, a place's record, its life cycle. */
export function registerCoordinatorPages(app: FastifyInstance, deps: AppDeps, index: SafePlaceIndex) {
  const { db } = deps.database;
  const base = (slug: string) => `/t/${slug}/espace/lieux`;

  async function listPage(request: FastifyRequest, reply: FastifyReply, problems: FieldProblem[] = [], status = 200) {
    const tenant = request.tenant!;
    const page = pageContext(request, base(tenant.slug));
    const { t, lang } = page;
    const [places, dashboard] = await withTenant(
      db,
      tenant.id,
      async (tx) =>
        [
          await tx
            .selectFrom('safe_places')
            .select(['id', 'name', 'kind', 'status'])
            .where('tenant_id', '=', tenant.id)
            .orderBy('name')
            .execute(),
          await readNetworkDashboard(tx, deps.clock.now(), tenant.time_zone),
        ] as const,
    );
    const form = (request.body ?? {}) as Body;
    return sendPage(
      reply,
      <Layout page={page} title={t('places.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('places.title')}</h1>
        <NetworkDashboardView t={t} lang={lang} dashboard={dashboard} placeHref={(id) => `${base(tenant.slug)}/${id}`} />
        <p>
          <a href={`${base(tenant.slug)}/couverture`}>{t('coverage.title')}</a>
        </p>
        <h2>{t('places.list')}</h2>
        {placeStatuses.map((s) => {
          const inStatus = places.filter((p) => p.status === s);
          return inStatus.length ? (
            <section aria-labelledby={`status-${s}`}>
              <h3 id={`status-${s}`}>
                {t(`status.${s}` as MessageKey)} ({inStatus.length})
              </h3>
              <ul>
                {inStatus.map((p) => (
                  <li>
                    <a href={`${base(tenant.slug)}/${p.id}`}>{p.name}</a> — {t(`kind.${p.kind}` as MessageKey)}
                  </li>
                ))}
              </ul>
            </section>
          ) : null;
        })}
        <h2>{t('places.add')}</h2>
        <FormErrors t={t} lang={lang} problems={problems} />
        <PostForm action={base(tenant.slug)} csrf={request.csrf()}>
          <PlaceFields t={t} lang={lang} values={form} problems={problems} />
          <button type="submit">{t('places.save')}</button>
        </PostForm>
      </Layout>,
      { sensitive: true, status },
    );
  }

  function PlaceFields({
    t,
    lang,
    values,
    problems,
  }: {
    t: ReturnType<typeof pageContext>['t'];
    lang: 'fr' | 'en';
    values: Body;
    problems: FieldProblem[];
  }) {
    const problem = (field: string) => fieldProblem(problems, field, lang);
    return (
      <>
        <Field t={t} name="name" label={t('places.name')} value={values.name} required problem={problem('name')} />
        <div class="field">
          <label for="field-kind">{t('places.kind')}</label>
          <select id="field-kind" name="kind">
            {placeKinds.map((k) => (
              <option value={k} selected={values.kind === k}>
                {t(`kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <Field t={t} name="address" label={t('places.address')} value={values.address} required problem={problem('address')} />
        <Field t={t} name="lat" label={t('places.lat')} value={values.lat} required problem={problem('lat')} />
        <Field t={t} name="lon" label={t('places.lon')} value={values.lon} required problem={problem('lon')} />
        <Field
          t={t}
          name="openingHours"
          label={t('places.hours')}
          value={values.openingHours}
          required
          problem={problem('openingHours')}
        />
        <Field t={t} name="phone" type="tel" label={t('places.phone')} value={values.phone} problem={problem('phone')} />
      </>
    );
  }

  async function placePage(
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    notice?: string,
    problems: FieldProblem[] = [],
    status = 200,
  ) {
    const tenant = request.tenant!;
    const id = request.params.id;
    const page = pageContext(request, `${base(tenant.slug)}/${id}`);
    const { t, lang } = page;
    const [place, history, trainings, dashboard] = await withTenant(
      db,
      tenant.id,
      async (tx) =>
        [
          await tx
            .selectFrom('safe_places')
            .selectAll()
            .select([sql<number>`ST_Y(geom)`.as('lat'), sql<number>`ST_X(geom)`.as('lon')])
            .where('id', '=', id)
            .where('tenant_id', '=', tenant.id)
            .executeTakeFirst(),
          await tx.selectFrom('safe_place_status_changes').selectAll().where('place_id', '=', id).orderBy('at', 'desc').execute(),
          await tx
            .selectFrom('safe_place_trainings')
            .selectAll()
            .where('place_id', '=', id)
            .orderBy('attended_on', 'desc')
            .execute(),
          await readNetworkDashboard(tx, deps.clock.now(), tenant.time_zone),
        ] as const,
    );
    if (!place) throw notFound('Place');
    const csrf = request.csrf();
    const action = `${base(tenant.slug)}/${id}`;
    const values: Body = {
      name: place.name,
      kind: place.kind,
      address: place.address,
      lat: String(place.lat),
      lon: String(place.lon),
      openingHours: place.opening_hours,
      phone: place.phone ?? '',
    };
    return sendPage(
      reply,
      <Layout page={page} title={place.name} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{place.name}</h1>
        <StatusNotice text={notice} />
        <p>
          {t('places.status')} : <strong>{t(`status.${place.status}` as MessageKey)}</strong>
          {place.hours_confirmed_on ? ` · ${t('places.confirmedOn', { date: place.hours_confirmed_on })}` : ''}
        </p>
        <FormErrors t={t} lang={lang} problems={problems} />
        <h2>{t('places.statusChange')}</h2>
        <PostForm action={`${action}/statut`} csrf={csrf}>
          <div class="field">
            <label for="field-to">{t('places.to')}</label>
            <select id="field-to" name="to">
              {placeStatuses
                .filter((s) => s !== place.status)
                .map((s) => (
                  <option value={s}>{t(`status.${s}` as MessageKey)}</option>
                ))}
            </select>
          </div>
          <Field t={t} name="reason" label={t('places.reason')} required problem={fieldProblem(problems, 'reason', lang)} />
          {place.charter_signed_on ? null : (
            <Field
              t={t}
              name="charterSignedOn"
              label={t('places.charter')}
              problem={fieldProblem(problems, 'charterSignedOn', lang)}
            />
          )}
          <button type="submit">{t('places.statusChange')}</button>
        </PostForm>
        <PostForm action={`${action}/confirmer`} csrf={csrf}>
          <button type="submit" class="secondary">
            {t('places.confirm')}
          </button>
        </PostForm>
        <p>
          <a href={`${action}/kit.pdf`} download>
            {t('places.kit')}
          </a>
        </p>
        <h2>{t('venue.invite')}</h2>
        <PostForm action={`${action}/referent`} csrf={csrf}>
          <Field
            t={t}
            name="email"
            type="email"
            label={t('users.email')}
            required
            problem={fieldProblem(problems, 'email', lang)}
          />
          <button type="submit" class="secondary">
            {t('venue.invite')}
          </button>
        </PostForm>
        <h2>{t('places.closure')}</h2>
        <PostForm action={`${action}/fermeture`} csrf={csrf}>
          <Field
            t={t}
            name="from"
            label={t('places.closedFrom')}
            value={place.closed_from ?? ''}
            problem={fieldProblem(problems, 'from', lang)}
          />
          <Field
            t={t}
            name="until"
            label={t('places.closedUntil')}
            value={place.closed_until ?? ''}
            problem={fieldProblem(problems, 'until', lang)}
          />
          <button type="submit" class="secondary">
            {t('places.save')}
          </button>
        </PostForm>
        <h2>{t('places.record')}</h2>
        <PostForm action={action} csrf={csrf}>
          <PlaceFields t={t} lang={lang} values={values} problems={problems} />
          <button type="submit">{t('places.save')}</button>
        </PostForm>
        <h2>{t('places.trainings')}</h2>
        {dashboard.due.some((d) => d.id === id && d.trainingDue) ? (
          <p class="notice">{t('places.trainingDue', { years: dashboard.trainingYears })}</p>
        ) : null}
        <ul>
          {trainings.length === 0 ? <li>{t('places.noTraining')}</li> : null}
          {trainings.map((tr) => (
            <li>
              {tr.attended_on} — {tr.trainer_organisation}
            </li>
          ))}
        </ul>
        <PostForm action={`${action}/formation`} csrf={csrf}>
          <Field
            t={t}
            name="attendedOn"
            label={t('places.attendedOn')}
            required
            problem={fieldProblem(problems, 'attendedOn', lang)}
          />
          <Field t={t} name="trainer" label={t('places.trainer')} required problem={fieldProblem(problems, 'trainer', lang)} />
          <button type="submit" class="secondary">
            {t('places.trainingAdd')}
          </button>
        </PostForm>
        <h2>{t('places.history')}</h2>
        <ul>
          {history.map((h) => (
            <li>
              {new Date(h.at).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: tenant.time_zone })} :{' '}
              {h.from_status ? `${t(`status.${h.from_status}` as MessageKey)} → ` : ''}
              {t(`status.${h.to_status}` as MessageKey)} — {h.reason}
            </li>
          ))}
        </ul>
      </Layout>,
      { sensitive: true, status },
    );
  }

  /** Runs an operation, refreshes the public index (the next search sees it), and shows the outcome. */
  async function act(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, run: () => Promise<unknown>) {
    try {
      await run();
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return placePage(request, reply, undefined, error.details, 400);
      throw error;
    }
    await index.refresh(request.tenant!.id);
    // Post/redirect/get: reloading the page must not send the form again.
    return reply.redirect(`${base(request.tenant!.slug)}/${request.params.id}?fait=1`, 303);
  }

  app.get<{ Params: { slug: string } }>(base(':slug'), manage, (request, reply) => listPage(request, reply));

  app.post<{ Params: { slug: string }; Body: Body }>(base(':slug'), manage, async (request, reply) => {
    let id: string;
    try {
      id = await createPlace(requestContext(deps, request), placeFromForm(request.body ?? {}));
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input') return listPage(request, reply, error.details, 400);
      throw error;
    }
    return reply.redirect(`${base(request.tenant!.slug)}/${id}`, 303);
  });

  type Req = { Params: { slug: string; id: string }; Body: Body };
  app.get<{ Params: { slug: string; id: string }; Querystring: { fait?: string } }>(
    `${base(':slug')}/:id`,
    manage,
    (request, reply) => placePage(request, reply, request.query.fait ? pageContext(request).t('places.saved') : undefined),
  );
  app.post<Req>(`${base(':slug')}/:id`, manage, (request, reply) =>
    act(request, reply, () =>
      updatePlace(requestContext(deps, request), { id: request.params.id, ...placeFromForm(request.body ?? {}) }),
    ),
  );
  app.post<Req>(`${base(':slug')}/:id/statut`, manage, (request, reply) =>
    act(request, reply, () =>
      changePlaceStatus(requestContext(deps, request), {
        id: request.params.id,
        to: request.body?.to ?? '',
        reason: request.body?.reason ?? '',
        charterSignedOn: request.body?.charterSignedOn || undefined,
      }),
    ),
  );
  app.post<Req>(`${base(':slug')}/:id/referent`, manage, async (request, reply) => {
    const { t, lang } = pageContext(request);
    try {
      const { email, link } = await inviteVenueReferent(requestContext(deps, request), {
        placeId: request.params.id,
        email: request.body?.email ?? '',
        publicUrl: deps.config.publicUrl,
      });
      if (!deps.mailer.delivers && deps.config.env === 'production')
        throw new AppError('unavailable', 'Mail is not configured (SMTP_URL): no invitation can be sent.');
      await deps.mailer.send(invitationMail(lang, email, request.tenant!.name, t('venue.title'), link));
      return placePage(request, reply, deps.mailer.delivers ? t('venue.invited', { email }) : `${t('users.inviteLink')} ${link}`);
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return placePage(request, reply, undefined, error.details, 400);
      throw error;
    }
  });
  // The partner kit: sticker with the QR code of the place's public page, charter, staff card.
  app.get<{ Params: { slug: string; id: string } }>(`${base(':slug')}/:id/kit.pdf`, manage, async (request, reply) => {
    const tenant = request.tenant!;
    const place = await withTenant(db, tenant.id, (tx) =>
      tx
        .selectFrom('safe_places')
        .select(['id', 'name', 'address'])
        .where('id', '=', request.params.id)
        .where('tenant_id', '=', tenant.id)
        .executeTakeFirst(),
    );
    if (!place) throw notFound('Place');
    return sendPartnerKit(deps, request, reply, place);
  });
  app.post<Req>(`${base(':slug')}/:id/formation`, manage, (request, reply) =>
    act(request, reply, () =>
      recordTraining(requestContext(deps, request), {
        placeId: request.params.id,
        attendedOn: request.body?.attendedOn ?? '',
        trainer: request.body?.trainer ?? '',
      }),
    ),
  );
  app.post<Req>(`${base(':slug')}/:id/confirmer`, manage, (request, reply) =>
    act(request, reply, () => confirmHours(requestContext(deps, request), request.params.id)),
  );
  app.post<Req>(`${base(':slug')}/:id/fermeture`, manage, (request, reply) =>
    act(request, reply, () =>
      setClosure(requestContext(deps, request), {
        id: request.params.id,
        from: request.body?.from || null,
        until: request.body?.until || null,
      }),
    ),
  );
}
