import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { requestContext } from '../../platform/http/request-context.js';
import { field } from '../../platform/pages/form-field.js';
import { Field, FormErrors, fieldProblem, PostForm, StatusNotice } from '../../platform/pages/forms.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { DriverSheetLinks, lineDirectionName } from './driver-sheet-links.js';
import { DRAW_MAP_WIDTH, LineSvg, tapFrame } from './line-map.js';
import { addPlace, listPlaces, readLatLon, removePlace } from './named-places.js';
import { findActiveFeed, lineGeometry, listLines } from './night-network.js';
import { listSections, listZones, readSettings } from './night-rules.js';
import { searchAddress } from './rider-network.js';
import { addForbiddenZone, addSection, removeForbiddenZone, removeSection, saveNightStopSettings } from './rule-operations.js';
import { DAYS, hhmm } from './service-time.js';
import { forbiddenZoneReasons } from './tables.js';
import { drawnPolygon, readVertices, writeVertices } from './zone-drawing.js';

type Form = 'settings' | 'section' | 'zone' | 'place';

const manage = { config: { permission: 'night-stops.manage' }, schema: { hide: true } } as const;

/** The transport authority's rules: sections of lines by hours, forbidden zones, distance from stops, instructions. */
export function registerRulesPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;
  const base = (slug: string) => `/t/${slug}/espace/descente/regles`;

  async function rulesPage(
    request: FastifyRequest<{ Params: { slug: string } }>,
    reply: FastifyReply,
    state: { problems?: FieldProblem[]; form?: Form; status?: number; vertices?: [number, number][] } = {},
  ) {
    const tenant = request.tenant!;
    const page = pageContext(request, base(tenant.slug));
    const { t, lang } = page;
    const chosen = (request.query as { ligne?: string }).ligne ?? field(request.body, 'line');
    const data = await withTenant(db, tenant.id, async (tx) => {
      const feed = await findActiveFeed(tx);
      const lines = feed ? await listLines(tx, feed.id) : [];
      const [routeId = '', direction = ''] = chosen.split('|');
      const geometry =
        feed && lines.some((l) => l.routeId === routeId) ? await lineGeometry(tx, feed, routeId, Number(direction)) : undefined;
      return {
        feed,
        lines,
        geometry,
        sections: await listSections(tx),
        zones: await listZones(tx),
        settings: await readSettings(tx),
        places: await listPlaces(tx),
      };
    });
    const problems = state.problems ?? [];
    const problemOf = (form: string) => (name: string) => (state.form === form ? fieldProblem(problems, name, lang) : undefined);
    const sent = (name: string, form: string) => (state.form === form ? field(request.body, name) : undefined);
    const lineName = (routeId: string, directionId: number) => lineDirectionName(data.lines, routeId, directionId);
    const csrf = request.csrf();
    const notice = (request.query as { fait?: string }).fait ? t('places.saved') : undefined;
    return sendPage(
      reply,
      <Layout page={page} title={t('nightRules.title')} homeHref={`/t/${tenant.slug}/espace/`}>
        <h1>{t('nightRules.title')}</h1>
        <StatusNotice text={notice} />
        <FormErrors t={t} lang={lang} problems={problems} />
        {data.feed ? null : <p>{t('nightRules.noFeed')}</p>}
        <h2>{t('nightRules.sections')}</h2>
        {data.sections.length === 0 ? (
          <p>{t('nightRules.noSection')}</p>
        ) : (
          <table>
            <caption>{t('nightRules.sections')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('descente.lineAndDirection')}</th>
                <th scope="col">{t('nightRules.fromTo')}</th>
                <th scope="col">{t('nightRules.days')}</th>
                <th scope="col">{t('nightRules.hours')}</th>
                <th scope="col">{t('questions.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.sections.map((s) => (
                <tr>
                  <td>{lineName(s.routeId, s.directionId)}</td>
                  <td>
                    {s.fromStopId} → {s.toStopId}
                  </td>
                  <td>
                    {DAYS.filter((_, i) => s.days[i])
                      .map((d) => t(`nightRules.day.${d}`))
                      .join(', ')}
                  </td>
                  <td>
                    {hhmm(s.startS)}–{hhmm(s.endS)}
                  </td>
                  <td>
                    <PostForm
                      action={`${base(tenant.slug)}/sections/${s.id}/supprimer`}
                      csrf={csrf}
                      label={t('questions.remove')}
                    >
                      <button type="submit" class="secondary">
                        {t('questions.remove')}
                      </button>
                    </PostForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {data.lines.length ? (
          <>
            <DriverSheetLinks slug={tenant.slug} lines={data.lines} t={t} heading="h3" />
            <h3>{t('nightRules.addSection')}</h3>
            <form method="get" action={base(tenant.slug)}>
              <div class="field">
                <label for="field-ligne">{t('descente.lineAndDirection')}</label>
                <select id="field-ligne" name="ligne">
                  {data.lines.flatMap((line) =>
                    line.directions.map((d) => (
                      <option value={`${line.routeId}|${d.directionId}`} selected={chosen === `${line.routeId}|${d.directionId}`}>
                        {lineName(line.routeId, d.directionId)}
                      </option>
                    )),
                  )}
                </select>
              </div>
              <button type="submit" class="secondary">
                {t('nightRules.chooseLine')}
              </button>
            </form>
            {data.geometry ? (
              <PostForm action={`${base(tenant.slug)}/sections`} csrf={csrf} label={t('nightRules.addSection')}>
                <input type="hidden" name="line" value={chosen} />
                {(['fromStopId', 'toStopId'] as const).map((name, n) => (
                  <div class={problemOf('section')(name) ? 'field has-error' : 'field'}>
                    <label for={`field-${name}`}>{t(n === 0 ? 'nightRules.fromStop' : 'nightRules.toStop')}</label>
                    <select id={`field-${name}`} name={name}>
                      {data.geometry!.stops.map((stop) => (
                        <option value={stop.stopId} selected={sent(name, 'section') === stop.stopId}>
                          {stop.index + 1}. {stop.name}
                        </option>
                      ))}
                    </select>
                  </div>
                ))}
                <fieldset class="big-choices">
                  <legend>{t('nightRules.days')}</legend>
                  {DAYS.map((d) => (
                    <div>
                      <input
                        type="checkbox"
                        id={`day-${d}`}
                        name={`day-${d}`}
                        value="yes"
                        checked={state.form !== 'section' || sent(`day-${d}`, 'section') === 'yes'}
                      />{' '}
                      <label for={`day-${d}`}>{t(`nightRules.day.${d}`)}</label>
                    </div>
                  ))}
                </fieldset>
                <Field
                  t={t}
                  name="start"
                  label={t('nightRules.start')}
                  value={sent('start', 'section') ?? '22:00'}
                  type="time"
                  problem={problemOf('section')('start')}
                />
                <Field
                  t={t}
                  name="end"
                  label={t('nightRules.end')}
                  hint={t('nightRules.endHint')}
                  value={sent('end', 'section') ?? '02:00'}
                  type="time"
                  problem={problemOf('section')('end')}
                />
                <button type="submit">{t('nightRules.addSection')}</button>
              </PostForm>
            ) : null}
          </>
        ) : null}
        <h2>{t('nightRules.zones')}</h2>
        <ul>
          {data.zones.length === 0 ? <li>{t('nightRules.noZone')}</li> : null}
          {data.zones.map((zone) => (
            <li>
              {zone.name} ({t(`descente.zone.${zone.reason}`)}){' '}
              <PostForm
                action={`${base(tenant.slug)}/zones/${zone.id}/supprimer`}
                csrf={csrf}
                label={`${t('questions.remove')} ${zone.name}`}
              >
                <button type="submit" class="secondary">
                  {t('questions.remove')} <span class="visually-hidden">{zone.name}</span>
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
        <PostForm action={`${base(tenant.slug)}/zones`} csrf={csrf} label={t('nightRules.addZone')}>
          <Field
            t={t}
            name="name"
            idPrefix="zone"
            label={t('nightRules.zoneName')}
            value={sent('name', 'zone')}
            required
            problem={problemOf('zone')('name')}
          />
          <div class="field">
            <label for="zone-reason">{t('nightRules.zoneReason')}</label>
            <select id="zone-reason" name="reason">
              {forbiddenZoneReasons.map((r) => (
                <option value={r} selected={sent('reason', 'zone') === r}>
                  {t(`descente.zone.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <div class={problemOf('zone')('geometry') ? 'field has-error' : 'field'}>
            <label for="zone-geometry">{t('nightRules.zoneGeometry')}</label>
            <p class="hint" id="zone-geometry-hint">
              {t('nightRules.zoneGeometryHint')}
            </p>
            {problemOf('zone')('geometry') ? (
              <p class="error" id="zone-geometry-error">
                {problemOf('zone')('geometry')}
              </p>
            ) : null}
            <textarea id="zone-geometry" name="geometry" rows={4} aria-describedby="zone-geometry-hint">
              {state.vertices ? (drawnPolygon(state.vertices) ?? '') : (sent('geometry', 'zone') ?? '')}
            </textarea>
          </div>
          {data.geometry ? (
            <div class="field">
              <p id="zone-draw-hint">{t('nightRules.drawHint', { count: state.vertices?.length ?? 0 })}</p>
              <input type="hidden" name="line" value={chosen} />
              <input type="hidden" name="vertices" value={writeVertices(state.vertices ?? [])} />
              <div class="table-scroll">
                <input
                  type="image"
                  name="carte"
                  class="tap-map draw-map"
                  formaction={`${base(tenant.slug)}/zones/dessin`}
                  // A corner may be added before the zone is named: the form's checks apply when it is added.
                  formnovalidate
                  src={`${base(tenant.slug)}/carte.svg?ligne=${encodeURIComponent(chosen)}&points=${encodeURIComponent(writeVertices(state.vertices ?? []))}`}
                  width={DRAW_MAP_WIDTH}
                  height={tapFrame(data.geometry, DRAW_MAP_WIDTH).height}
                  alt={t('nightRules.drawAlt', { line: lineName(chosen.split('|')[0] ?? '', Number(chosen.split('|')[1])) })}
                  aria-describedby="zone-draw-hint"
                />
              </div>
              {state.vertices?.length ? (
                <button
                  type="submit"
                  class="secondary"
                  formaction={`${base(tenant.slug)}/zones/dessin`}
                  formnovalidate
                  name="clear"
                  value="1"
                >
                  {t('nightRules.drawClear')}
                </button>
              ) : null}
            </div>
          ) : (
            <p class="hint">{t('nightRules.drawChooseLine')}</p>
          )}
          <button type="submit">{t('nightRules.addZone')}</button>
        </PostForm>
        <h2>{t('nightRules.places')}</h2>
        <p class="hint">{t('nightRules.placesHint')}</p>
        <ul>
          {data.places.length === 0 ? <li>{t('nightRules.noPlace')}</li> : null}
          {data.places.map((place) => (
            <li>
              {place.name}{' '}
              <PostForm
                action={`${base(tenant.slug)}/lieux/${place.id}/supprimer`}
                csrf={csrf}
                label={`${t('questions.remove')} ${place.name}`}
              >
                <button type="submit" class="secondary">
                  {t('questions.remove')} <span class="visually-hidden">{place.name}</span>
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
        <PostForm action={`${base(tenant.slug)}/lieux`} csrf={csrf} label={t('nightRules.addPlace')}>
          <Field
            t={t}
            name="name"
            idPrefix="place"
            label={t('nightRules.placeName')}
            value={sent('name', 'place')}
            required
            problem={problemOf('place')('name')}
          />
          <Field
            t={t}
            name="location"
            idPrefix="place"
            label={t('nightRules.placeLocation')}
            hint={t('nightRules.placeLocationHint')}
            value={sent('location', 'place')}
            required
            problem={problemOf('place')('location')}
          />
          <button type="submit">{t('nightRules.addPlace')}</button>
        </PostForm>
        <h2>{t('nightRules.settings')}</h2>
        <PostForm action={`${base(tenant.slug)}/reglages`} csrf={csrf} label={t('nightRules.settings')}>
          <Field
            t={t}
            name="minDistanceM"
            label={t('nightRules.minDistance')}
            type="number"
            value={sent('minDistanceM', 'settings') ?? String(data.settings.minDistanceM)}
            problem={problemOf('settings')('minDistanceM')}
          />
          <Field
            t={t}
            name="instructionsFr"
            label={t('nightRules.instructionsFr')}
            value={sent('instructionsFr', 'settings') ?? data.settings.instructions.fr}
            problem={problemOf('settings')('instructionsFr')}
          />
          <Field
            t={t}
            name="instructionsEn"
            label={t('nightRules.instructionsEn')}
            value={sent('instructionsEn', 'settings') ?? data.settings.instructions.en}
            problem={problemOf('settings')('instructionsEn')}
          />
          <button type="submit">{t('places.save')}</button>
        </PostForm>
        <p>
          <a href={`/t/${tenant.slug}/descente`}>{t('nightRules.publicPage')}</a>
        </p>
        {data.feed ? (
          <p>
            <a href={`/t/${tenant.slug}/espace/descente/gtfs/export.zip`}>{t('nightRules.export')}</a>
          </p>
        ) : null}
      </Layout>,
      { status: state.status ?? 200 },
    );
  }

  /** Runs an operation from a form: post/redirect/get on success, the page with the problems (400) on bad input. */
  async function act(
    request: FastifyRequest<{ Params: { slug: string } }>,
    reply: FastifyReply,
    form: Form,
    run: () => Promise<unknown>,
  ) {
    try {
      await run();
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input')
        return rulesPage(request, reply, { problems: error.details, form, status: 400 });
      throw error;
    }
    const line = form === 'section' || form === 'zone' ? `&ligne=${encodeURIComponent(field(request.body, 'line'))}` : '';
    return reply.redirect(`${base(request.tenant!.slug)}?fait=1${line}`, 303);
  }

  type Req = { Params: { slug: string } };
  app.get<Req>(base(':slug'), manage, (request, reply) => rulesPage(request, reply));
  app.post<Req>(`${base(':slug')}/sections`, manage, (request, reply) => {
    const [routeId = '', directionId = ''] = field(request.body, 'line').split('|');
    return act(request, reply, 'section', () =>
      addSection(requestContext(deps, request), {
        routeId,
        directionId,
        fromStopId: field(request.body, 'fromStopId'),
        toStopId: field(request.body, 'toStopId'),
        days: DAYS.map((d) => field(request.body, `day-${d}`) === 'yes'),
        start: field(request.body, 'start'),
        end: field(request.body, 'end'),
      }),
    );
  });
  app.post<{ Params: { slug: string; id: string } }>(`${base(':slug')}/sections/:id/supprimer`, manage, (request, reply) =>
    act(request, reply, 'section', () => removeSection(requestContext(deps, request), { id: request.params.id })),
  );
  app.post<Req>(`${base(':slug')}/zones`, manage, (request, reply) =>
    act(request, reply, 'zone', () =>
      addForbiddenZone(requestContext(deps, request), {
        name: field(request.body, 'name'),
        reason: field(request.body, 'reason'),
        geometry: field(request.body, 'geometry'),
      }),
    ),
  );
  // A tap on the drawing map adds a corner to the zone being drawn (nothing is saved until « Ajouter la zone »).
  app.post<Req>(`${base(':slug')}/zones/dessin`, manage, async (request, reply) => {
    const vertices = field(request.body, 'clear') ? [] : readVertices(field(request.body, 'vertices'));
    const [routeId = '', direction = ''] = field(request.body, 'line').split('|');
    const [x, y] = [Number(field(request.body, 'carte.x')), Number(field(request.body, 'carte.y'))];
    if (!field(request.body, 'clear') && Number.isFinite(x) && Number.isFinite(y) && !(x === 0 && y === 0)) {
      const geometry = await withTenant(db, request.tenant!.id, async (tx) => {
        const feed = await findActiveFeed(tx);
        return feed ? lineGeometry(tx, feed, routeId, Number(direction)) : undefined;
      });
      if (geometry) {
        const point = tapFrame(geometry, DRAW_MAP_WIDTH).pointAt(x, y);
        vertices.push([Number(point.lon.toFixed(6)), Number(point.lat.toFixed(6))]);
      }
    }
    return rulesPage(request, reply, { form: 'zone', vertices });
  });
  // The drawing map: the line, the zones already saved, and the corners drawn so far.
  app.get<{ Params: { slug: string }; Querystring: { ligne?: string; points?: string } }>(
    `${base(':slug')}/carte.svg`,
    manage,
    async (request, reply) => {
      const [routeId = '', direction = ''] = (request.query.ligne ?? '').split('|');
      const { geometry, zones } = await withTenant(db, request.tenant!.id, async (tx) => {
        const feed = await findActiveFeed(tx);
        if (!feed) throw new AppError('not_found', 'No active feed');
        return { geometry: await lineGeometry(tx, feed, routeId, Number(direction)), zones: await listZones(tx) };
      });
      const { t } = pageContext(request);
      const corners = readVertices(request.query.points ?? '');
      const svg = renderToString(
        <LineSvg
          geometry={geometry}
          allowed={[]}
          zones={[
            ...zones.flatMap((z) =>
              z.geometry.coordinates.map((polygon) => polygon[0]!.map(([lon, lat]) => ({ lat: lat!, lon: lon! }))),
            ),
            ...(corners.length >= 3 ? [corners.map(([lon, lat]) => ({ lat, lon }))] : []),
          ]}
          markers={corners.map(([lon, lat], i) => ({ lat, lon, kind: 'vertex' as const, label: String(i + 1) }))}
          frame={tapFrame(geometry, DRAW_MAP_WIDTH)}
          label={t('nightRules.zones')}
          standalone
        />,
      );
      return reply.type('image/svg+xml; charset=utf-8').header('Cache-Control', 'private, no-store').send(svg);
    },
  );
  app.post<Req>(`${base(':slug')}/lieux`, manage, async (request, reply) => {
    const location = field(request.body, 'location');
    const point = readLatLon(location) ?? (location.trim() ? await searchAddress(deps, request.tenant!, location) : undefined);
    return act(request, reply, 'place', () =>
      addPlace(requestContext(deps, request), {
        name: field(request.body, 'name'),
        point: point ? { lat: point.lat, lon: point.lon } : undefined,
      }),
    );
  });
  app.post<{ Params: { slug: string; id: string } }>(`${base(':slug')}/lieux/:id/supprimer`, manage, (request, reply) =>
    act(request, reply, 'place', () => removePlace(requestContext(deps, request), { id: request.params.id })),
  );
  app.post<{ Params: { slug: string; id: string } }>(`${base(':slug')}/zones/:id/supprimer`, manage, (request, reply) =>
    act(request, reply, 'zone', () => removeForbiddenZone(requestContext(deps, request), { id: request.params.id })),
  );
  app.post<Req>(`${base(':slug')}/reglages`, manage, (request, reply) =>
    act(request, reply, 'settings', () =>
      saveNightStopSettings(requestContext(deps, request), {
        minDistanceM: field(request.body, 'minDistanceM'),
        instructionsFr: field(request.body, 'instructionsFr'),
        instructionsEn: field(request.body, 'instructionsEn'),
      }),
    ),
  );
}
