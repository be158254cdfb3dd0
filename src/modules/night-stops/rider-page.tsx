import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError, problemText } from '../../platform/errors.js';
import { Field } from '../../platform/pages/forms.js';
import { Layout, type PageContext } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { requireTenant, type Tenant } from '../../platform/tenants/tenant-queries.js';
import { authorityOf } from './authority-of.js';
import { type CheckAnswer, checkPoint } from './check-point.js';
import { LineMap, LineSvg, type MapMarker, tapFrame } from './line-map.js';
import { findActiveFeed, type Line, lineGeometry } from './night-network.js';
import { listSections, type SectionRow } from './night-rules.js';
import { loadRiderNetwork, type RiderNetwork, searchAddress } from './rider-network.js';
import { nearbyLines } from './running-lines.js';
import { hhmm } from './service-time.js';
import { instantTonight, tonight } from './tonight.js';

type Form = {
  line?: string;
  address?: string;
  place?: string;
  lat?: string;
  lon?: string;
  time?: string;
  /** The line whose map was tapped, and where (pixels of the map as drawn: TAP_MAP_WIDTH wide). */
  map_line?: string;
  'carte.x'?: string;
  'carte.y'?: string;
};

type Point = { lat: number; lon: number };

interface PageState {
  form?: Form;
  answer?: CheckAnswer;
  /** The lines near a point, when the rider let the page find them. */
  nearby?: { point: Point; lines: { key: string; offsetM: number }[] };
  problem?: string;
}

function reasonText(page: PageContext, answer: CheckAnswer): string {
  const { t } = page;
  switch (answer.reason) {
    case undefined:
      return t('descente.allowed', { time: answer.from_time ?? '' });
    case 'too_early':
      return t('descente.tooEarly', { time: answer.from_time ?? '' });
    case 'forbidden_zone':
      return t('descente.forbiddenZone', { zone: answer.zone?.name ?? '', why: t(`descente.zone.${answer.zone!.reason}`) });
    default:
      return t(`descente.reason.${answer.reason}`);
  }
}

/** The sections of one line and direction (or all) that pass a test, placed along its path. */
function spansOf(
  network: Pick<RiderNetwork, 'geometries' | 'sections'> | undefined,
  key: string,
  wanted: (s: SectionRow) => boolean,
) {
  const geometry = network?.geometries.get(key);
  return (network?.sections ?? [])
    .filter((s) => `${s.routeId}|${s.directionId}` === key && wanted(s))
    .flatMap((s) => {
      const span = geometry?.span(s.fromStopId, s.toStopId);
      return span ? [{ section: s, from: span[0], to: span[1] }] : [];
    });
}

/** A tap on a line's map, read back into a point; (0, 0) is a keyboard press on the map, not a tap. */
function tappedPoint(network: RiderNetwork | undefined, form: Form): { line: string; point: Point } | undefined {
  const [x, y] = [Number(form['carte.x']), Number(form['carte.y'])];
  const geometry = form.map_line ? network?.geometries.get(form.map_line) : undefined;
  if (!geometry || !Number.isFinite(x) || !Number.isFinite(y) || (x === 0 && y === 0)) return undefined;
  return { line: form.map_line!, point: tapFrame(geometry).pointAt(x, y) };
}

export function registerRiderPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  const loadNetwork = (tenant: Tenant) =>
    withTenant(db, tenant.id, (tx) => loadRiderNetwork(tx, tonight(deps.clock.now(), tenant.time_zone)));

  async function riderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    tenant: Tenant,
    network: RiderNetwork | undefined,
    state: PageState = {},
  ) {
    const page = pageContext(request, `/t/${tenant.slug}/descente`);
    const { t, lang } = page;
    const night = tonight(deps.clock.now(), tenant.time_zone);
    const chosen = state.form?.line ?? (request.query as { ligne?: string }).ligne ?? '';
    const tonightOnly = (s: SectionRow) => s.days[night.weekday] === true;
    const lineLabel = (line: Line, direction: { directionId: number; headsign: string }) =>
      `${t('descente.line')} ${line.shortName} → ${direction.headsign || (direction.directionId ? t('descente.return') : t('descente.outward'))}`;
    const labelOf = (key: string) => {
      const [routeId, directionId] = key.split('|');
      const line = network?.lines.find((l) => l.routeId === routeId);
      const direction = line?.directions.find((d) => String(d.directionId) === directionId);
      return line && direction ? lineLabel(line, direction) : key;
    };
    const mapGeometry = network?.geometries.get(chosen);
    const mapFrame = mapGeometry ? tapFrame(mapGeometry) : undefined;
    const answerMap = () => {
      const { answer, form } = state;
      const geometry = answer && form?.line ? network?.geometries.get(form.line) : undefined;
      if (!answer || !geometry || !form?.line) return null;
      const markers: MapMarker[] = [
        { ...answer.snapped, kind: answer.allowed ? 'allowed' : 'snapped', label: t('descente.here') },
        ...(answer.nearest_allowed
          ? [{ ...answer.nearest_allowed, kind: 'allowed' as const, label: t('descente.nearest') }]
          : []),
      ];
      const spans = spansOf(network, form.line, tonightOnly).map(({ from, to }) => [from.along, to.along] as [number, number]);
      return <LineMap geometry={geometry} allowed={spans} markers={markers} label={t('descente.mapLabel')} />;
    };
    const nearbyList = () => {
      const { nearby, form } = state;
      if (!nearby) return null;
      return (
        <section aria-labelledby="nearby" class="notice" role="status">
          <h2 id="nearby">{t('descente.nearbyTitle')}</h2>
          {nearby.lines.length === 0 ? (
            <p>{t('descente.nearbyNone', { metres: 600 })}</p>
          ) : (
            <ul class="choices">
              {nearby.lines.map(({ key, offsetM }) => {
                const spans = spansOf(network, key, tonightOnly);
                return (
                  <li>
                    <form method="post" action={`/t/${tenant.slug}/descente`}>
                      <input type="hidden" name="line" value={key} />
                      <input type="hidden" name="lat" value={nearby.point.lat.toFixed(6)} />
                      <input type="hidden" name="lon" value={nearby.point.lon.toFixed(6)} />
                      <input type="hidden" name="time" value={form?.time ?? ''} />
                      <button type="submit">{t('descente.checkOn', { line: labelOf(key) })}</button>{' '}
                      <span>
                        {t('descente.nearbyDistance', { metres: offsetM })}
                        {' — '}
                        {spans.length
                          ? t('descente.nearbyFrom', { time: hhmm(Math.min(...spans.map((s) => s.section.startS))) })
                          : t('descente.noneTonight')}
                      </span>
                    </form>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      );
    };

    return sendPage(
      reply,
      <Layout page={page} title={t('descente.title')} sensitive homeHref={`/t/${tenant.slug}/`}>
        <h1>{t('descente.title')}</h1>
        {state.answer ? (
          <section aria-labelledby="answer" class={state.answer.allowed ? 'notice' : 'form-errors'} role="status">
            <h2 id="answer">{state.answer.allowed ? t('descente.yes') : t('descente.no')}</h2>
            <p>
              <strong>{reasonText(page, state.answer)}</strong>
            </p>
            {state.answer.between ? (
              <p>{t('descente.between', { from: state.answer.between.from_stop.name, to: state.answer.between.to_stop.name })}</p>
            ) : null}
            {state.answer.nearest_allowed ? (
              <p>
                {t('descente.nearestText', {
                  from: state.answer.nearest_allowed.between.from_stop.name,
                  to: state.answer.nearest_allowed.between.to_stop.name,
                  time: state.answer.nearest_allowed.from_time,
                })}
              </p>
            ) : null}
            {state.answer.offset_m > 300 ? <p>{t('descente.farFromLine', { metres: state.answer.offset_m })}</p> : null}
            <p>{state.answer.instructions[lang]}</p>
          </section>
        ) : null}
        {answerMap()}
        {nearbyList()}
        {state.answer || state.nearby ? null : <p>{t('descente.intro')}</p>}
        {network ? <p>{network.settings.instructions[lang]}</p> : <p>{t('descente.noNetwork')}</p>}
        {network && !network.hasStopTimes ? <p class="form-errors">{t('descente.stopsUnavailable')}</p> : null}
        {network ? (
          <>
            <h2>{t('descente.ask')}</h2>
            {state.problem ? (
              <p class="form-errors" role="alert">
                {state.problem}
              </p>
            ) : null}
            <form method="post" action={`/t/${tenant.slug}/descente`} data-locate-form data-descente-form>
              <input type="hidden" name="lat" value="" />
              <input type="hidden" name="lon" value="" />
              <div class="field">
                <label for="field-line">{t('descente.lineAndDirection')}</label>
                <select id="field-line" name="line">
                  <option value="" selected={chosen === ''}>
                    {t('descente.anyLine')}
                  </option>
                  {network.lines.flatMap((line) =>
                    line.directions.map((d) => (
                      <option value={`${line.routeId}|${d.directionId}`} selected={chosen === `${line.routeId}|${d.directionId}`}>
                        {lineLabel(line, d)}
                      </option>
                    )),
                  )}
                </select>
              </div>
              <p>
                <button type="button" data-locate hidden>
                  {t('descente.locate')}
                </button>
              </p>
              {mapFrame ? (
                <div class="field" data-tap-map>
                  <p id="tap-hint">{t('descente.tapHint')}</p>
                  <input type="hidden" name="map_line" value={chosen} />
                  <input
                    type="image"
                    name="carte"
                    class="tap-map"
                    src={`/t/${tenant.slug}/descente/carte.svg?ligne=${encodeURIComponent(chosen)}`}
                    width={mapFrame.width}
                    height={mapFrame.height}
                    data-width={mapFrame.width}
                    alt={t('descente.tapAlt', { line: labelOf(chosen) })}
                    aria-describedby="tap-hint"
                  />
                </div>
              ) : null}
              {network.places.length ? (
                <div class="field">
                  <label for="field-place">{t('descente.place')}</label>
                  <select id="field-place" name="place">
                    <option value="">{t('descente.noPlace')}</option>
                    {network.places.map((p) => (
                      <option value={p.id} selected={state.form?.place === p.id}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                </div>
              ) : null}
              <Field
                t={t}
                name="address"
                label={t('descente.address')}
                value={state.form?.address}
                autocomplete="street-address"
              />
              <Field
                t={t}
                name="time"
                label={t('descente.time')}
                hint={t('descente.timeHint')}
                value={state.form?.time}
                type="time"
              />
              <button type="submit">{t('descente.submit')}</button>
              <p class="hint">{t('descente.privacy')}</p>
            </form>
            <h2>{t('descente.tonight')}</h2>
            {network.lines.map((line) => (
              <section aria-labelledby={`line-${line.routeId}`}>
                <h3 id={`line-${line.routeId}`}>
                  {t('descente.line')} {line.shortName}
                  {line.longName ? ` — ${line.longName}` : ''}
                </h3>
                {line.directions.map((d) => {
                  const key = `${line.routeId}|${d.directionId}`;
                  const spans = spansOf(network, key, tonightOnly);
                  return (
                    <>
                      <h4>{lineLabel(line, d)}</h4>
                      {!network.running.has(key) ? (
                        <p>{t('descente.notRunning')}</p>
                      ) : spans.length === 0 ? (
                        <p>{t('descente.noneTonight')}</p>
                      ) : (
                        <ul>
                          {spans.map(({ section, from, to }) => (
                            <li>
                              {t('descente.sectionText', {
                                from: from.name,
                                to: to.name,
                                start: hhmm(section.startS),
                                end: hhmm(section.endS),
                              })}
                            </li>
                          ))}
                        </ul>
                      )}
                      {network.geometries.has(key) && chosen !== key ? (
                        <p>
                          <a href={`/t/${tenant.slug}/descente?ligne=${encodeURIComponent(key)}`}>{t('descente.showMap')}</a>
                        </p>
                      ) : null}
                    </>
                  );
                })}
              </section>
            ))}
          </>
        ) : null}
        <script src="/static/angela.js" defer />
        <script src="/static/descente.js" defer />
      </Layout>,
      { sensitive: true },
    );
  }

  async function tenantOrRedirect(request: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply) {
    const tenant = await requireTenant(db, request.params.slug);
    if (tenant.programmes.includes('night-stops')) return tenant;
    const authority = await authorityOf(db, tenant);
    if (!authority) throw new AppError('not_found', 'No night network here');
    await reply.redirect(`/t/${authority}/descente`, 302);
    return undefined;
  }

  app.get<{ Params: { slug: string } }>(
    '/t/:slug/descente',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await tenantOrRedirect(request, reply);
      return tenant ? riderPage(request, reply, tenant, await loadNetwork(tenant)) : reply;
    },
  );

  // The map one taps on: the line and tonight's sections only (never a rider's point), so it may be cached.
  app.get<{ Params: { slug: string }; Querystring: { ligne?: string } }>(
    '/t/:slug/descente/carte.svg',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await requireTenant(db, request.params.slug);
      const key = request.query.ligne ?? '';
      const [routeId = '', directionId = ''] = key.split('|');
      // One line's path and sections, not the whole page's network: this image is asked for on every page view.
      const line =
        tenant.programmes.includes('night-stops') && /^[01]$/.test(directionId)
          ? await withTenant(db, tenant.id, async (tx) => {
              const feed = await findActiveFeed(tx);
              if (!feed?.hasStopTimes) return undefined;
              const geometry = await lineGeometry(tx, feed, routeId, Number(directionId)).catch((error: unknown) => {
                if (error instanceof AppError) return undefined;
                throw error;
              });
              return geometry && { geometry, sections: await listSections(tx, { routeId, directionId: Number(directionId) }) };
            })
          : undefined;
      if (!line) throw new AppError('not_found', 'No such line in the active feed');
      const { geometry } = line;
      const network = { geometries: new Map([[key, geometry]]), sections: line.sections };
      const { t } = pageContext(request);
      const weekday = tonight(deps.clock.now(), tenant.time_zone).weekday;
      const spans = spansOf(network, key, (s) => s.days[weekday] === true).map(
        ({ from, to }) => [from.along, to.along] as [number, number],
      );
      const svg = renderToString(
        <LineSvg geometry={geometry} allowed={spans} frame={tapFrame(geometry)} label={t('descente.mapLabel')} standalone />,
      );
      return reply.type('image/svg+xml; charset=utf-8').header('Cache-Control', 'public, max-age=300').send(svg);
    },
  );

  // Nothing is stored: the form only asks, so it carries no CSRF token (as the safe-place finder's).
  app.post<{ Params: { slug: string }; Body: Form }>(
    '/t/:slug/descente',
    { config: { public: true, readOnly: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await tenantOrRedirect(request, reply);
      if (!tenant) return reply;
      const network = await loadNetwork(tenant);
      const { t, lang } = pageContext(request);
      const form = { ...(request.body ?? {}) };
      const show = (state: PageState) => riderPage(request, reply, tenant, network, { form, ...state });
      // Where: a tap on the map, then the phone's location, a named place, an address.
      let point: Point | undefined;
      const tap = tappedPoint(network, form);
      if (tap) {
        form.line = tap.line;
        point = tap.point;
      } else if (form.lat && form.lon) {
        point = { lat: Number(form.lat), lon: Number(form.lon) };
      } else if (form.place) {
        point = network?.places.find((p) => p.id === form.place);
        if (!point) return show({ problem: t('descente.placeUnknown') });
      } else if (form.address?.trim()) {
        point = await searchAddress(deps, tenant, form.address);
        if (!point) return show({ problem: t('descente.addressNotFound') });
      }
      if (!point) return show({ problem: t('descente.noLocation') });
      const now = deps.clock.now();
      const at = form.time?.trim() ? instantTonight(form.time, now, tenant.time_zone) : now;
      if (!at) return show({ problem: t('descente.badTime') });
      if (!form.line) {
        if (!Number.isFinite(point.lat) || !Number.isFinite(point.lon)) return show({ problem: t('descente.noLocation') });
        const running = new Map([...(network?.geometries ?? [])].filter(([key]) => network?.running.has(key)));
        return show({ nearby: { point, lines: nearbyLines(running, point) } });
      }
      const [routeId = '', directionId = ''] = form.line.split('|');
      try {
        const answer = await checkPoint(
          db,
          tenant,
          { route_id: routeId, direction_id: directionId, lat: String(point.lat), lon: String(point.lon), at: at.toISOString() },
          now,
        );
        return show({ answer });
      } catch (error) {
        if (error instanceof AppError && error.code === 'conflict') return show({ problem: t('descente.stopsUnavailable') });
        if (error instanceof AppError && error.code === 'invalid_input')
          return show({ problem: error.details.map((p) => problemText(p, lang)).join(' ; ') });
        throw error;
      }
    },
  );
}
