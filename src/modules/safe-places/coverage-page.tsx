import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MultiPolygon, Polygon } from 'geojson';
import { sql } from 'kysely';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import { invalidInput } from '../../platform/errors.js';
import { Field } from '../../platform/pages/forms.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import type { Tenant } from '../../platform/tenants/tenant-queries.js';
import { type CoverageResult, computeCoverage, coverageGeoJson } from './coverage.js';
import { OpeningSchedule, wallClock } from './opening-schedule.js';
import { listPublicPlaces } from './place-queries.js';
import { loadPopulationGrid } from './population-grid-queries.js';

const days = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;
const manage = { config: { permission: 'safe-places.manage' }, schema: { hide: true } } as const;

/** The next instant (from now) at which the tenant's wall clock shows that weekday and time. */
function nextWallTime(now: Date, zone: string, day: number, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const wallNow = wallClock(now, zone);
  const today = new Date(wallNow);
  const weekday = (today.getUTCDay() + 6) % 7; // Monday = 0
  let ahead = (day - weekday + 7) % 7;
  const target = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + ahead, h, m);
  if (target < wallNow) ahead += 7;
  const wallTarget = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + ahead, h, m);
  // Wall time → instant: shift by the zone's offset at that moment (checked once, enough outside the DST hour).
  const offset = wallClock(new Date(wallTarget), zone) - wallTarget;
  return new Date(wallTarget - offset);
}

/** The coordinator's coverage map: which parts of the commune are within 500 m of an open place at a chosen time. */
export function registerCoveragePage(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  async function coverage(request: FastifyRequest<{ Querystring: { jour?: string; heure?: string } }>, tenant: Tenant) {
    const day = request.query.jour ? days.indexOf(request.query.jour as (typeof days)[number]) : 5;
    const time = request.query.heure ?? '23:00';
    if (day < 0) throw invalidInput('jour', `must be one of ${days.join(', ')}`, 'jour inconnu');
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) throw invalidInput('heure', 'must be HH:MM', 'heure invalide (HH:MM)');
    const at = nextWallTime(deps.clock.now(), tenant.time_zone, day, time);
    const { outline, grid } = await withTenant(db, tenant.id, async (tx) => ({
      outline: await tx
        .selectFrom('territories')
        .select(sql<string>`ST_AsGeoJSON(geom, 6)`.as('geojson'))
        .where('kind', '=', 'commune')
        .orderBy('code')
        .executeTakeFirst(),
      grid: await loadPopulationGrid(tx),
    }));
    if (!outline) return { day, time, result: undefined };
    const date = new Date(wallClock(at, tenant.time_zone)).toISOString().slice(0, 10);
    const places = (await listPublicPlaces(db, tenant.id)).map((p) => {
      const closed = p.closed_from !== null && p.closed_from <= date && (p.closed_until === null || date <= p.closed_until);
      let open = false;
      try {
        open = !closed && new OpeningSchedule(p.opening_hours, tenant.time_zone, at).isOpenAt(at);
      } catch {
        open = false;
      }
      return { lat: p.lat, lon: p.lon, open };
    });
    const result = computeCoverage({
      commune: JSON.parse(outline.geojson) as Polygon | MultiPolygon,
      population: tenant.population ?? 0,
      places,
      grid: grid?.squares,
    });
    // The grid's edition is said only when the grid was used (none of its squares may fall in the commune).
    const gridUsed = result.method === 'grid' ? grid : undefined;
    return { day, time, result, places, grid: gridUsed, outline: JSON.parse(outline.geojson) as Polygon | MultiPolygon };
  }

  app.get<{ Params: { slug: string }; Querystring: { jour?: string; heure?: string } }>(
    '/t/:slug/espace/lieux/couverture',
    manage,
    async (request, reply) => {
      const tenant = request.tenant!;
      const page = pageContext(request);
      const { t, lang } = page;
      const { day, time, result, places, grid } = await coverage(request, tenant);
      return sendPage(
        reply,
        <Layout page={page} title={t('coverage.title')} homeHref={`/t/${tenant.slug}/espace/`}>
          <h1>{t('coverage.title')}</h1>
          <form method="get" action={`/t/${tenant.slug}/espace/lieux/couverture`}>
            <div class="field">
              <label for="field-jour">{t('coverage.day')}</label>
              <select id="field-jour" name="jour">
                {days.map((d, i) => (
                  <option value={d} selected={i === day}>
                    {d}
                  </option>
                ))}
              </select>
            </div>
            <Field t={t} name="heure" label={t('coverage.time')} value={time} />
            <button type="submit">{t('coverage.show')}</button>
          </form>
          {result ? (
            <>
              <p>
                <strong>
                  {t('coverage.share', {
                    share: Math.round(result.populationShare * 1000) / 10,
                    cells: result.coveredCells,
                    total: result.totalCells,
                  })}
                </strong>
              </p>
              <p class="hint">
                {result.methodText[lang]}
                {grid
                  ? ` — ${t('coverage.gridSource', {
                      source: grid.source,
                      date: grid.importedAt.toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: tenant.time_zone }),
                    })}`
                  : ''}
              </p>
              <CoverageMap result={result} places={places ?? []} label={t('coverage.title')} />
              <p class="hint">{t('coverage.legend')}</p>
              <p>
                <a href={`/t/${tenant.slug}/espace/lieux/couverture.geojson?jour=${days[day]}&heure=${time}`}>
                  {t('coverage.download')}
                </a>
              </p>
            </>
          ) : (
            <p>{t('coverage.noOutline')}</p>
          )}
        </Layout>,
        { sensitive: true },
      );
    },
  );

  app.get<{ Params: { slug: string }; Querystring: { jour?: string; heure?: string } }>(
    '/t/:slug/espace/lieux/couverture.geojson',
    manage,
    async (request, reply) => {
      const { result } = await coverage(request, request.tenant!);
      return reply
        .type('application/geo+json')
        .send(result ? coverageGeoJson(result) : { type: 'FeatureCollection', features: [] });
    },
  );
}

/** A plain SVG drawing of the cells and places: no tiles, no script, readable without a map server. */
function CoverageMap({
  result,
  places,
  label,
}: {
  result: CoverageResult;
  places: { lat: number; lon: number; open: boolean }[];
  label: string;
}) {
  const collection = coverageGeoJson(result);
  const points = collection.features.flatMap((f) => f.geometry.coordinates[0] ?? []);
  if (points.length === 0) return null;
  const lons = points.map((p) => p[0] as number);
  const lats = points.map((p) => p[1] as number);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const width = 600;
  const scale = width / ((maxLon - minLon) * kx || 1);
  const height = Math.round((maxLat - minLat) * scale) || 1;
  const x = (lon: number) => ((lon - minLon) * kx * scale).toFixed(1);
  const y = (lat: number) => ((maxLat - lat) * scale).toFixed(1);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} class="coverage-map">
      {collection.features.map((f) => (
        <polygon
          points={(f.geometry.coordinates[0] ?? []).map((p) => `${x(p[0] as number)},${y(p[1] as number)}`).join(' ')}
          fill={f.properties.covered ? '#000091' : '#dddddd'}
          stroke="#ffffff"
          stroke-width="0.5"
        />
      ))}
      {places
        .filter((p) => p.open)
        .map((p) => (
          <circle cx={x(p.lon)} cy={y(p.lat)} r="3" fill="#ffbf47" stroke="#1b1b1b" />
        ))}
    </svg>
  );
}
