import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { longDate } from '../../../platform/i18n/dates.js';
import { localHref } from '../../../platform/i18n/i18n.js';
import type { MessageKey } from '../../../platform/i18n/messages.js';
import { Field } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { requireTenant, type Tenant } from '../../../platform/tenants/tenant-queries.js';
import { type ApplicableAnswer, answerApplicable, readApplicableQuestion } from './applicable.js';
import { OrderCard } from './order-card.js';
import type { OrderIndex } from './order-index.js';
import { readPublishedPdf } from './order-queries.js';
import { fromWallClock, toWallClock } from './wall-time.js';

type Form = { lat?: string; lon?: string; address?: string; when?: string };

async function preventionTenant(deps: AppDeps, slug: string): Promise<Tenant> {
  const tenant = await requireTenant(deps.database.db, slug);
  if (!tenant.programmes.includes('prevention')) throw notFound('Page');
  return tenant;
}

/**
 * `/t/{slug}/arretes`: the orders in force, and « Est-ce interdit ici, maintenant ? » for a person on a
 * phone. Works without JavaScript (address and hour posted in the body); the shared locate script adds
 * « ma position », which also travels in the body. Nothing about the asker is stored or logged.
 */
export function registerPublicOrdersPage(app: FastifyInstance, deps: AppDeps, index: OrderIndex) {
  async function ordersPage(
    request: FastifyRequest,
    reply: FastifyReply,
    tenant: Tenant,
    state: { form?: Form; answer?: ApplicableAnswer; at?: Date; problem?: MessageKey; status?: number } = {},
  ) {
    const path = `/t/${tenant.slug}/arretes`;
    const page = pageContext(request, path);
    const { t, lang } = page;
    const { answer, form } = state;
    // `?at=` (ISO 8601) shows the page as at that moment, as the other public pages where time matters do.
    const asked = (request.query as { at?: string }).at;
    const shownAt = (asked && !Number.isNaN(Date.parse(asked)) ? new Date(asked) : undefined) ?? state.at ?? deps.clock.now();
    const inForce = await index.inForce(tenant.id, tenant.time_zone, shownAt);
    const outline = index.outline(tenant.id);
    const when = form?.when ?? (asked && !state.at ? toWallClock(shownAt, tenant.time_zone) : '');
    const askedAt = state.at ? toWallClock(state.at, tenant.time_zone) : '';
    return sendPage(
      reply,
      <Layout page={page} title={`${t('orders.publicTitle')} — ${tenant.name}`} homeHref={`/t/${tenant.slug}/`}>
        <h1>{t('orders.publicTitle')}</h1>
        <p>{t('orders.publicIntro')}</p>
        <p class="notice">
          <strong>{t('orders.notice')}</strong>
        </p>
        {answer ? (
          <section aria-labelledby="answer-title" class="answer">
            <div role="status">
              <h2 id="answer-title">
                {answer.orders.length > 1
                  ? t('orders.yesMany', { count: answer.orders.length })
                  : answer.prohibited
                    ? t('orders.yesOne')
                    : t('orders.no')}
              </h2>
            </div>
            <p>
              {t('orders.answerFor', {
                date: longDate(askedAt.slice(0, 10), lang),
                time: askedAt.slice(11, 16),
              })}
            </p>
            {answer.orders.length ? (
              <ul class="cards">
                {answer.orders.map((order) => (
                  <OrderCard order={order} slug={tenant.slug} t={t} lang={lang} outline={outline} />
                ))}
              </ul>
            ) : null}
            <p>
              <strong>{t('orders.notice')}</strong>
            </p>
          </section>
        ) : null}
        <h2 id="ask-title">{t('orders.askTitle')}</h2>
        {state.problem ? (
          <p class="form-errors" role="alert">
            {t(state.problem)}
          </p>
        ) : null}
        <form method="post" action={localHref(path, lang)} data-locate-form aria-labelledby="ask-title">
          <input type="hidden" name="lat" value="" />
          <input type="hidden" name="lon" value="" />
          <p>
            <button type="button" data-locate hidden>
              {t('orders.locate')}
            </button>
          </p>
          <Field
            t={t}
            name="address"
            label={t('orders.address')}
            hint={t('orders.addressHint')}
            value={form?.address}
            autocomplete="street-address"
          />
          <div class="field">
            <label for="field-when">{t('orders.when')}</label>
            <input id="field-when" name="when" type="datetime-local" value={when} />
          </div>
          <button type="submit">{t('orders.ask')}</button>
          <p class="hint">{t('orders.privacy')}</p>
        </form>
        <h2>{t('orders.publicTitle')}</h2>
        {inForce.length === 0 ? (
          <p>{t('orders.none')}</p>
        ) : (
          <ul class="cards">
            {inForce.map((order) => (
              <OrderCard order={order} slug={tenant.slug} t={t} lang={lang} outline={outline} />
            ))}
          </ul>
        )}
        <script src="/static/angela.js" defer />
      </Layout>,
      { sensitive: true, status: state.status },
    );
  }

  app.get<{ Params: { slug: string } }>(
    '/t/:slug/arretes',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => ordersPage(request, reply, await preventionTenant(deps, request.params.slug)),
  );

  app.post<{ Params: { slug: string }; Body: Form }>(
    '/t/:slug/arretes',
    { config: { public: true, readOnly: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await preventionTenant(deps, request.params.slug);
      const form = request.body ?? {};
      let at = deps.clock.now();
      if (form.when?.trim()) {
        const typed = fromWallClock(form.when, tenant.time_zone);
        if (!typed) return ordersPage(request, reply, tenant, { form, problem: 'orders.badWhen', status: 400 });
        at = typed;
      }
      let { lat, lon } = form;
      if (!lat && form.address?.trim()) {
        const [place] = await deps.geocoder.search(tenant, form.address, 1).catch(() => []);
        if (!place) return ordersPage(request, reply, tenant, { form, problem: 'orders.addressNotFound', status: 400 });
        lat = String(place.lat);
        lon = String(place.lon);
      }
      if (!lat || !lon) return ordersPage(request, reply, tenant, { form, problem: 'orders.noLocation', status: 400 });
      try {
        const question = readApplicableQuestion({ lat, lon, at: at.toISOString() }, at);
        const answer = await answerApplicable(index, tenant, question);
        return ordersPage(request, reply, tenant, { form, answer, at });
      } catch (error) {
        if (error instanceof AppError && error.code === 'invalid_input')
          return ordersPage(request, reply, tenant, { form, problem: 'orders.noLocation', status: 400 });
        throw error;
      }
    },
  );

  app.get<{ Params: { slug: string; file: string } }>(
    '/t/:slug/arretes/:file',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await preventionTenant(deps, request.params.slug);
      const id = /^([0-9a-f-]{36})\.pdf$/i.exec(request.params.file)?.[1];
      const pdf = id ? await withTenant(deps.database.db, tenant.id, (tx) => readPublishedPdf(tx, id)) : undefined;
      if (!pdf) throw notFound('Order');
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `inline; filename="arrete-${id}.pdf"`)
        .header('Cache-Control', 'public, max-age=300')
        .send(pdf);
    },
  );
}
