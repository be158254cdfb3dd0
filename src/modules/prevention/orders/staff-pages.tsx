import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MultiPolygon } from 'geojson';
import { renderToString } from 'preact-render-to-string';
import { withTenant } from '../../../db/tenant-transaction.js';
import { can } from '../../../platform/access/actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import { AppError, type FieldProblem, notFound } from '../../../platform/errors.js';
import { requestContext } from '../../../platform/http/request-context.js';
import type { Translate } from '../../../platform/i18n/i18n.js';
import type { MessageKey } from '../../../platform/i18n/messages.js';
import { field } from '../../../platform/pages/form-field.js';
import { Field, FormErrors, fieldProblem } from '../../../platform/pages/forms.js';
import { Layout } from '../../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../../platform/pages/render.js';
import { readVertices } from '../../night-stops/zone-drawing.js';
import type { OrderIndex } from './order-index.js';
import type { OrderInput } from './order-input.js';
import { findOrder, listStaffOrders, tenantOutline } from './order-queries.js';
import { formatTime } from './order-time.js';
import { drawingStep, PerimeterDrawing, PerimeterMapSvg, perimeterFrame } from './perimeter-drawing.js';
import { publishOrder, withdrawOrder } from './publish-order.js';
import { saveOrder } from './save-order.js';
import { orderAuthors, orderProhibitions, orderSubjects } from './tables.js';

const manage = { config: { permission: 'prevention.orders' }, schema: { hide: true } } as const;
const upload = { ...manage, config: { ...manage.config, multipartOptions: { limits: { fileSize: 6 * 1024 * 1024, files: 1 } } } };
const DAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;
type Values = Record<string, string>;
/** The tap map of the form: the tenant's outline, the corners so far, where a tap posts and where the map is drawn. */
interface Drawing {
  outline: MultiPolygon | null;
  vertices: [number, number][];
  drawAction: string;
  mapSrc: string;
}
type PageState = { problems?: FieldProblem[]; values?: Values; status?: number; vertices?: [number, number][] };

/** What the form posted, as the operation's input (checkboxes: prohibition-<id>, day-<id>). */
export function orderInputFromForm(body: unknown): OrderInput & { pdf?: Buffer } {
  const pdf = (body as { pdf?: unknown } | undefined)?.pdf;
  return {
    number: field(body, 'number'),
    title: field(body, 'title'),
    author: field(body, 'author'),
    subject: field(body, 'subject'),
    prohibitions: orderProhibitions.filter((p) => field(body, `prohibition-${p}`) === 'yes'),
    summaryFr: field(body, 'summaryFr'),
    summaryEn: field(body, 'summaryEn'),
    signedOn: field(body, 'signedOn'),
    sentToPrefectOn: field(body, 'sentToPrefectOn'),
    validFrom: field(body, 'validFrom'),
    validUntil: field(body, 'validUntil'),
    hoursStart: field(body, 'hoursStart'),
    hoursEnd: field(body, 'hoursEnd'),
    days: DAYS.map((d) => field(body, `day-${d}`) === 'yes'),
    perimeter: field(body, 'perimeter'),
    pdf: Buffer.isBuffer(pdf) ? pdf : undefined,
  };
}

function OrderForm({
  t,
  action,
  csrf,
  values,
  problems,
  lang,
  drawing,
}: {
  t: Translate;
  action: string;
  csrf: string;
  values: Values;
  problems: FieldProblem[];
  lang: 'fr' | 'en';
  drawing: Drawing;
}) {
  const p = (name: string) => fieldProblem(problems, name, lang);
  const text = (name: string, type: 'text' | 'date' | 'time' = 'text', hint?: string, required = false) => (
    <Field
      t={t}
      name={name}
      type={type}
      label={t(`orders.field.${name}` as MessageKey)}
      value={values[name]}
      problem={p(name)}
      hint={hint}
      required={required}
    />
  );
  const area = (name: string, hint?: string) => (
    <div class={p(name) ? 'field has-error' : 'field'}>
      <label for={`field-${name}`}>{t(`orders.field.${name}` as MessageKey)}</label>
      {hint ? <p class="hint">{hint}</p> : null}
      {p(name) ? (
        <p class="error" id={`field-${name}-error`}>
          {p(name)}
        </p>
      ) : null}
      <textarea id={`field-${name}`} name={name} rows={4} aria-invalid={p(name) ? 'true' : undefined}>
        {values[name] ?? ''}
      </textarea>
    </div>
  );
  const select = (name: string, options: readonly string[], label: (o: string) => string) => (
    <div class="field">
      <label for={`field-${name}`}>{t(`orders.field.${name}` as MessageKey)}</label>
      {p(name) ? <p class="error">{p(name)}</p> : null}
      <select id={`field-${name}`} name={name}>
        {options.map((o) => (
          <option value={o} selected={values[name] === o}>
            {label(o)}
          </option>
        ))}
      </select>
    </div>
  );
  const boxes = (legend: string, name: string, ids: readonly string[], label: (id: string) => string, prefix: string) => (
    <fieldset id={`field-${name}`}>
      <legend>{legend}</legend>
      {p(name) ? <p class="error">{p(name)}</p> : null}
      {ids.map((id) => (
        <label class="check">
          <input type="checkbox" name={`${prefix}-${id}`} value="yes" checked={values[`${prefix}-${id}`] === 'yes'} /> {label(id)}
        </label>
      ))}
    </fieldset>
  );
  return (
    <form method="post" action={action} enctype="multipart/form-data">
      <input type="hidden" name="_csrf" value={csrf} />
      {text('number', 'text', undefined, true)}
      {text('title', 'text', undefined, true)}
      {select('author', orderAuthors, (a) => t(`orders.author.${a}` as MessageKey))}
      {select('subject', orderSubjects, (s) => t(`orders.subject.${s}` as MessageKey))}
      {boxes(
        t('orders.field.prohibitions'),
        'prohibitions',
        orderProhibitions,
        (id) => t(`orders.prohibition.${id}` as MessageKey),
        'prohibition',
      )}
      {area('summaryFr')}
      {area('summaryEn')}
      {text('signedOn', 'date', undefined, true)}
      {text('sentToPrefectOn', 'date')}
      {text('validFrom', 'date', undefined, true)}
      {text('validUntil', 'date')}
      {text('hoursStart', 'time', t('orders.field.hoursHint'))}
      {text('hoursEnd', 'time')}
      {boxes(
        t('orders.field.days'),
        'days',
        DAYS,
        (d) =>
          new Date(Date.UTC(2024, 0, 1 + DAYS.indexOf(d as (typeof DAYS)[number]), 12)).toLocaleDateString(
            lang === 'fr' ? 'fr-FR' : 'en-GB',
            { weekday: 'long', timeZone: 'UTC' },
          ),
        'day',
      )}
      {area('perimeter', t('orders.field.perimeterHint'))}
      <PerimeterDrawing t={t} {...drawing} />
      <div class={p('pdf') ? 'field has-error' : 'field'}>
        <label for="field-pdf">{t('orders.field.pdf')}</label>
        {p('pdf') ? <p class="error">{p('pdf')}</p> : null}
        <input id="field-pdf" name="pdf" type="file" accept="application/pdf" />
      </div>
      <button type="submit">{t('orders.save')}</button>
    </form>
  );
}

const emptyValues: Values = Object.fromEntries([
  ...DAYS.map((d) => [`day-${d}`, 'yes']),
  ['author', 'mayor'],
  ['subject', 'nitrous_oxide'],
]);

/** The coordinator's orders: list, add, edit drafts, publish, withdraw. Every write refreshes the public index. */
export function registerStaffOrderPages(app: FastifyInstance, deps: AppDeps, index: OrderIndex) {
  const { db } = deps.database;
  const base = (slug: string) => `/t/${slug}/espace/arretes`;

  /** The drawing's state for a page: the corners carried by the form (a failed save keeps them). */
  const drawingOf = (request: FastifyRequest, outline: string | null, drawAction: string, state: PageState): Drawing => ({
    outline: outline ? (JSON.parse(outline) as MultiPolygon) : null,
    vertices: state.vertices ?? readVertices(field(request.body, 'vertices')),
    drawAction,
    mapSrc: `${base(request.tenant!.slug)}/carte.svg`,
  });

  async function listPage(request: FastifyRequest, reply: FastifyReply, state: PageState = {}) {
    const tenant = request.tenant!;
    const page = pageContext(request, base(tenant.slug));
    const { t, lang } = page;
    const { orders, outline } = await withTenant(db, tenant.id, async (tx) => ({
      orders: await listStaffOrders(tx),
      outline: await tenantOutline(tx),
    }));
    const done = (request.query as { fait?: string }).fait;
    const stateOf = (o: (typeof orders)[number]) =>
      o.withdrawn_on
        ? t('orders.stateWithdrawn', { date: o.withdrawn_on })
        : o.published_on
          ? t('orders.statePublished', { date: o.published_on })
          : `${t('orders.draft')}${o.has_pdf ? '' : ` · ${t('orders.noPdf')}`}`;
    return sendPage(
      reply,
      <Layout page={page} title={t('orders.staffTitle')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('orders.staffTitle')}</h1>
        <p>{t('orders.staffIntro')}</p>
        {done ? (
          <p class="notice" role="status">
            {t(done === 'publie' ? 'orders.published' : done === 'abroge' ? 'orders.withdrawn' : 'orders.saved')}
          </p>
        ) : null}
        {orders.length === 0 ? (
          <p>{t('orders.empty')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('orders.col.number')}</th>
                <th scope="col">{t('orders.col.title')}</th>
                <th scope="col">{t('orders.col.author')}</th>
                <th scope="col">{t('orders.col.validity')}</th>
                <th scope="col">{t('orders.col.prefect')}</th>
                <th scope="col">{t('orders.col.state')}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr>
                  <th scope="row">
                    <a href={`${base(tenant.slug)}/${o.id}`}>{o.number}</a>
                  </th>
                  <td>{o.title}</td>
                  <td>{t(`orders.author.${o.author}` as MessageKey)}</td>
                  <td>{`${o.valid_from} → ${o.valid_until ?? '…'}`}</td>
                  <td>{o.author === 'prefect' ? '—' : (o.sent_to_prefect_on ?? t('orders.notSent'))}</td>
                  <td>{stateOf(o)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>{t('orders.add')}</h2>
        <FormErrors t={t} lang={lang} problems={state.problems ?? []} />
        <OrderForm
          t={t}
          lang={lang}
          action={base(tenant.slug)}
          csrf={request.csrf()}
          values={state.values ?? emptyValues}
          problems={state.problems ?? []}
          drawing={drawingOf(request, outline, `${base(tenant.slug)}/dessin`, state)}
        />
        <p>
          <a href={`/t/${tenant.slug}/arretes`}>{t('orders.publicPage')}</a> ·{' '}
          <a href={`/t/${tenant.slug}/espace/collectes`}>{t('orders.collections')}</a>
          {can(request.actor, 'prevention.manage') ? (
            <>
              {' '}
              · <a href={`/t/${tenant.slug}/espace/prevention/engagements`}>{t('orders.commitments')}</a>
            </>
          ) : null}
        </p>
      </Layout>,
      { status: state.status ?? 200 },
    );
  }

  async function orderPage(
    request: FastifyRequest<{ Params: { slug: string; id: string } }>,
    reply: FastifyReply,
    state: PageState = {},
  ) {
    const tenant = request.tenant!;
    const { order, outline } = await withTenant(db, tenant.id, async (tx) => ({
      order: await findOrder(tx, request.params.id),
      outline: await tenantOutline(tx),
    }));
    if (!order) throw notFound('Order');
    const here = `${base(tenant.slug)}/${order.id}`;
    const page = pageContext(request, here);
    const { t, lang } = page;
    const csrf = request.csrf();
    const stored: Values = {
      number: order.number,
      title: order.title,
      author: order.author,
      subject: order.subject,
      summaryFr: order.summary_fr,
      summaryEn: order.summary_en,
      signedOn: order.signed_on,
      sentToPrefectOn: order.sent_to_prefect_on ?? '',
      validFrom: order.valid_from,
      validUntil: order.valid_until ?? '',
      hoursStart: order.hours_start === null ? '' : formatTime(order.hours_start),
      hoursEnd: order.hours_end === null ? '' : formatTime(order.hours_end),
      perimeter: order.perimeter_json ?? '',
      ...Object.fromEntries(order.prohibitions.map((p) => [`prohibition-${p}`, 'yes'])),
      ...Object.fromEntries(DAYS.map((d, i) => [`day-${d}`, order.days[i] ? 'yes' : ''])),
    };
    const problems = state.problems ?? [];
    return sendPage(
      reply,
      <Layout page={page} title={`${t('orders.number', { number: order.number })}`} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('orders.number', { number: order.number })}</h1>
        <p>{order.title}</p>
        <FormErrors t={t} lang={lang} problems={problems} />
        {order.published_on === null ? (
          <>
            <h2>{t('orders.publish')}</h2>
            <form method="post" action={`${here}/publier`}>
              <input type="hidden" name="_csrf" value={csrf} />
              <Field
                t={t}
                name="publishedOn"
                type="date"
                label={t('orders.field.publishedOn')}
                value={state.values?.publishedOn}
                problem={fieldProblem(problems, 'publishedOn', lang)}
              />
              <button type="submit">{t('orders.publish')}</button>
            </form>
            <h2>{t('orders.edit')}</h2>
            <OrderForm
              t={t}
              lang={lang}
              action={here}
              csrf={csrf}
              values={state.values ?? stored}
              problems={problems}
              drawing={drawingOf(request, outline, `${here}/dessin`, state)}
            />
          </>
        ) : order.withdrawn_on === null ? (
          <>
            <p>{t('orders.statePublished', { date: order.published_on })}</p>
            <form method="post" action={`${here}/abroger`}>
              <input type="hidden" name="_csrf" value={csrf} />
              <Field
                t={t}
                name="withdrawnOn"
                type="date"
                label={t('orders.field.withdrawnOn')}
                value={state.values?.withdrawnOn}
                problem={fieldProblem(problems, 'withdrawnOn', lang)}
              />
              <button type="submit">{t('orders.withdraw')}</button>
            </form>
          </>
        ) : (
          <p>{t('orders.stateWithdrawn', { date: order.withdrawn_on })}</p>
        )}
        <p>
          <a href={base(tenant.slug)}>{t('orders.staffTitle')}</a>
        </p>
      </Layout>,
      { status: state.status ?? 200 },
    );
  }

  const formValues = (body: unknown): Values =>
    Object.fromEntries(
      Object.entries((body ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string'),
    ) as Values;

  /** Runs an operation, refreshes the index, redirects (303); on bad input the page again with its problems (400). */
  async function act(
    request: FastifyRequest,
    reply: FastifyReply,
    run: () => Promise<unknown>,
    to: string,
    again: (problems: FieldProblem[]) => unknown,
  ) {
    try {
      await run();
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input') return again(error.details);
      throw error;
    }
    await index.refresh(request.tenant!.id);
    return reply.redirect(to, 303);
  }

  type One = { Params: { slug: string; id: string } };
  app.get<{ Params: { slug: string } }>(base(':slug'), manage, (request, reply) => listPage(request, reply));
  app.post<{ Params: { slug: string } }>(base(':slug'), upload, (request, reply) =>
    act(
      request,
      reply,
      () => saveOrder(requestContext(deps, request), orderInputFromForm(request.body)),
      `${base(request.params.slug)}?fait=1`,
      (problems) => listPage(request, reply, { problems, values: formValues(request.body), status: 400 }),
    ),
  );
  app.get<One>(`${base(':slug')}/:id`, manage, (request, reply) => orderPage(request, reply));
  app.post<One>(`${base(':slug')}/:id`, upload, (request, reply) =>
    act(
      request,
      reply,
      () => saveOrder(requestContext(deps, request), { ...orderInputFromForm(request.body), id: request.params.id }),
      `${base(request.params.slug)}/${request.params.id}?fait=1`,
      (problems) => orderPage(request, reply, { problems, values: formValues(request.body), status: 400 }),
    ),
  );
  // A tap on the drawing map, or undo / clear / close: the same page again with the form as typed and the
  // corners (or the closed perimeter) updated; nothing is saved. A ring that is no valid polygon: 400 on `perimeter`.
  async function draw(request: FastifyRequest, again: (state: PageState) => unknown) {
    const outline = await withTenant(db, request.tenant!.id, tenantOutline);
    const step = drawingStep(request.body, outline ? perimeterFrame(JSON.parse(outline) as MultiPolygon) : undefined);
    return again({
      values: { ...formValues(request.body), perimeter: step.perimeter },
      vertices: step.vertices,
      problems: step.problem ? [step.problem] : [],
      status: step.problem ? 400 : 200,
    });
  }
  app.post<{ Params: { slug: string } }>(`${base(':slug')}/dessin`, upload, (request, reply) =>
    draw(request, (state) => listPage(request, reply, state)),
  );
  app.post<One>(`${base(':slug')}/:id/dessin`, upload, async (request, reply) => {
    const order = await withTenant(db, request.tenant!.id, (tx) => findOrder(tx, request.params.id));
    if (!order || order.published_on !== null) throw notFound('Order');
    return draw(request, (state) => orderPage(request, reply, state));
  });
  // The drawing map: the commune's outline and the corners placed so far (the page's image button shows it).
  app.get<{ Params: { slug: string }; Querystring: { points?: string } }>(
    `${base(':slug')}/carte.svg`,
    manage,
    async (request, reply) => {
      const outline = await withTenant(db, request.tenant!.id, tenantOutline);
      if (!outline) throw notFound('Outline');
      const { t } = pageContext(request);
      const svg = renderToString(
        <PerimeterMapSvg
          outline={JSON.parse(outline) as MultiPolygon}
          corners={readVertices(request.query.points ?? '')}
          label={t('orders.draw.alt')}
        />,
      );
      return reply.type('image/svg+xml; charset=utf-8').header('Cache-Control', 'private, no-store').send(svg);
    },
  );
  app.post<One>(`${base(':slug')}/:id/publier`, manage, (request, reply) =>
    act(
      request,
      reply,
      () =>
        publishOrder(requestContext(deps, request), { id: request.params.id, publishedOn: field(request.body, 'publishedOn') }),
      `${base(request.params.slug)}?fait=publie`,
      (problems) => orderPage(request, reply, { problems, values: formValues(request.body), status: 400 }),
    ),
  );
  app.post<One>(`${base(':slug')}/:id/abroger`, manage, (request, reply) =>
    act(
      request,
      reply,
      () =>
        withdrawOrder(requestContext(deps, request), { id: request.params.id, withdrawnOn: field(request.body, 'withdrawnOn') }),
      `${base(request.params.slug)}?fait=abroge`,
      (problems) => orderPage(request, reply, { problems, values: formValues(request.body), status: 400 }),
    ),
  );
}
