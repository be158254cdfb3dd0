import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError, problemText } from '../../platform/errors.js';
import { Field } from '../../platform/pages/forms.js';
import { Layout, type PageContext } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { requireTenant, type Tenant } from '../../platform/tenants/tenant-queries.js';
import { wallClock } from '../safe-places/opening-schedule.js';
import { authorityOf } from './authority-of.js';
import { type CheckAnswer, checkPoint } from './check-point.js';
import { LineMap, type MapMarker } from './line-map.js';
import { findActiveFeed, type Line, lineGeometry, listLines } from './night-network.js';
import { listSections, readSettings, type SectionRow } from './night-rules.js';
import type { RouteGeometry } from './route-geometry.js';
import { DAY_S, hhmm, readClock } from './service-time.js';

type Form = { line?: string; address?: string; lat?: string; lon?: string; time?: string };

/** Before this local hour, « tonight » is the service day that started yesterday. */
const NIGHT_ENDS_H = 5;

/** Tonight's service day: its weekday (Monday 0) and its date, in the tenant's zone. */
function tonight(now: Date, zone: string): { weekday: number; date: string } {
  const wall = new Date(wallClock(now, zone));
  if (wall.getUTCHours() < NIGHT_ENDS_H) wall.setUTCDate(wall.getUTCDate() - 1);
  return { weekday: (wall.getUTCDay() + 6) % 7, date: wall.toISOString().slice(0, 10) };
}

/** The instant of local "HH:MM" tonight (before 05:00: the next morning), in the tenant's zone. */
function instantTonight(time: string, now: Date, zone: string): Date | undefined {
  const seconds = readClock(time);
  if (seconds === undefined) return undefined;
  const { date } = tonight(now, zone);
  // Before NIGHT_ENDS_H, the time is the next morning's, still tonight's service.
  const nextMorning = seconds < NIGHT_ENDS_H * 3600 ? DAY_S : 0;
  const wall = Date.parse(`${date}T00:00:00Z`) + (nextMorning + seconds) * 1000;
  // The zone's offset at that wall time: two rounds settle it, daylight saving included.
  let instant = wall;
  for (let i = 0; i < 2; i++) instant = wall - (wallClock(new Date(instant), zone) - instant);
  return new Date(instant);
}

/**
 * An address in the authority's own index, else in its communes' (a transport authority rarely loads the
 * addresses of every commune it serves: its communes do).
 */
async function searchAddress(deps: AppDeps, tenant: Tenant, address: string) {
  const [own] = await deps.geocoder.search(tenant, address, 1).catch(() => []);
  if (own) return own;
  const codes = await withTenant(deps.database.db, tenant.id, (tx) =>
    tx.selectFrom('territories').select('code').where('kind', '=', 'commune').execute(),
  );
  const communes = codes.length
    ? await deps.database.db
        .selectFrom('tenants')
        .selectAll()
        .where(
          'insee_code',
          'in',
          codes.map((c) => c.code),
        )
        .execute()
    : [];
  for (const commune of communes) {
    const [found] = await deps.geocoder.search(commune, address, 1).catch(() => []);
    if (found) return found;
  }
  return undefined;
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

export function registerRiderPage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  async function riderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    tenant: Tenant,
    state: { form?: Form; answer?: CheckAnswer; problem?: string } = {},
  ) {
    const page = pageContext(request, `/t/${tenant.slug}/descente`);
    const { t, lang } = page;
    const now = deps.clock.now();
    const night = tonight(now, tenant.time_zone);
    const data = await withTenant(db, tenant.id, async (tx) => {
      const feed = await findActiveFeed(tx);
      if (!feed) return undefined;
      const lines = await listLines(tx, feed.id);
      const sections = await listSections(tx);
      const settings = await readSettings(tx);
      const geometries = new Map<string, RouteGeometry>();
      // Without stop_times.txt there are no stops along the lines: the page says so instead of failing.
      if (feed.hasStopTimes)
        for (const line of lines)
          for (const { directionId } of line.directions)
            geometries.set(`${line.routeId}|${directionId}`, await lineGeometry(tx, feed, line.routeId, directionId));
      return { lines, sections, settings, geometries, hasStopTimes: feed.hasStopTimes };
    });
    const chosen = state.form?.line ?? (request.query as { ligne?: string }).ligne ?? '';
    const spansOf = (key: string, wanted: (s: SectionRow) => boolean) => {
      const geometry = data?.geometries.get(key);
      return (data?.sections ?? [])
        .filter((s) => `${s.routeId}|${s.directionId}` === key && wanted(s))
        .flatMap((s) => {
          const span = geometry?.span(s.fromStopId, s.toStopId);
          return span ? [{ section: s, from: span[0], to: span[1] }] : [];
        });
    };
    const tonightOnly = (s: SectionRow) => s.days[night.weekday] === true;
    const lineLabel = (line: Line, direction: { directionId: number; headsign: string }) =>
      `${t('descente.line')} ${line.shortName} → ${direction.headsign || (direction.directionId ? t('descente.return') : t('descente.outward'))}`;
    const answerMap = () => {
      const { answer, form } = state;
      const geometry = answer && form?.line ? data?.geometries.get(form.line) : undefined;
      if (!answer || !geometry || !form?.line) return null;
      const markers: MapMarker[] = [
        { ...answer.snapped, kind: answer.allowed ? 'allowed' : 'snapped', label: t('descente.here') },
        ...(answer.nearest_allowed
          ? [{ ...answer.nearest_allowed, kind: 'allowed' as const, label: t('descente.nearest') }]
          : []),
      ];
      const spans = spansOf(form.line, tonightOnly).map(({ from, to }) => [from.along, to.along] as [number, number]);
      return <LineMap geometry={geometry} allowed={spans} markers={markers} label={t('descente.mapLabel')} />;
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
        {state.answer ? null : <p>{t('descente.intro')}</p>}
        {data ? <p>{data.settings.instructions[lang]}</p> : <p>{t('descente.noNetwork')}</p>}
        {data && !data.hasStopTimes ? <p class="form-errors">{t('descente.stopsUnavailable')}</p> : null}
        {data ? (
          <>
            <h2>{t('descente.ask')}</h2>
            {state.problem ? (
              <p class="form-errors" role="alert">
                {state.problem}
              </p>
            ) : null}
            <form method="post" action={`/t/${tenant.slug}/descente`} data-locate-form>
              <input type="hidden" name="lat" value="" />
              <input type="hidden" name="lon" value="" />
              <div class="field">
                <label for="field-line">{t('descente.lineAndDirection')}</label>
                <select id="field-line" name="line">
                  {data.lines.flatMap((line) =>
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
            {data.lines.map((line) => (
              <section aria-labelledby={`line-${line.routeId}`}>
                <h3 id={`line-${line.routeId}`}>
                  {t('descente.line')} {line.shortName}
                  {line.longName ? ` — ${line.longName}` : ''}
                </h3>
                {line.directions.map((d) => {
                  const key = `${line.routeId}|${d.directionId}`;
                  const spans = spansOf(key, tonightOnly);
                  return (
                    <>
                      <h4>{lineLabel(line, d)}</h4>
                      {spans.length === 0 ? (
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
                      {chosen === key && !state.answer && data.geometries.has(key) ? (
                        <LineMap
                          geometry={data.geometries.get(key)!}
                          allowed={spans.map(({ from, to }) => [from.along, to.along])}
                          label={t('descente.mapLabel')}
                        />
                      ) : spans.length ? (
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
      return tenant ? riderPage(request, reply, tenant) : reply;
    },
  );

  // Nothing is stored: the form only asks, so it carries no CSRF token (as the safe-place finder's).
  app.post<{ Params: { slug: string }; Body: Form }>(
    '/t/:slug/descente',
    { config: { public: true, readOnly: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await tenantOrRedirect(request, reply);
      if (!tenant) return reply;
      const { t, lang } = pageContext(request);
      const form = request.body ?? {};
      let { lat, lon } = form;
      if (!lat && form.address?.trim()) {
        const place = await searchAddress(deps, tenant, form.address);
        if (!place) return riderPage(request, reply, tenant, { form, problem: t('descente.addressNotFound') });
        lat = String(place.lat);
        lon = String(place.lon);
      }
      if (!lat || !lon) return riderPage(request, reply, tenant, { form, problem: t('descente.noLocation') });
      const now = deps.clock.now();
      const at = form.time?.trim() ? instantTonight(form.time, now, tenant.time_zone) : now;
      if (!at) return riderPage(request, reply, tenant, { form, problem: t('descente.badTime') });
      const [routeId = '', directionId = ''] = (form.line ?? '').split('|');
      try {
        const answer = await checkPoint(
          db,
          tenant,
          { route_id: routeId, direction_id: directionId, lat, lon, at: at.toISOString() },
          now,
        );
        return riderPage(request, reply, tenant, { form, answer });
      } catch (error) {
        if (error instanceof AppError && error.code === 'conflict')
          return riderPage(request, reply, tenant, { form, problem: t('descente.stopsUnavailable') });
        if (error instanceof AppError && error.code === 'invalid_input')
          return riderPage(request, reply, tenant, { form, problem: error.details.map((p) => problemText(p, lang)).join(' ; ') });
        throw error;
      }
    },
  );
}
