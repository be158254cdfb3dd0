import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../db/tenant-transaction.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { Field } from '../../platform/pages/forms.js';
import { Layout, type PageContext } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { readPublicSettings } from '../../platform/settings/tenant-settings.js';
import { requireTenant, type Tenant } from '../../platform/tenants/tenant-queries.js';
import { listAreas } from '../../platform/territories/territory-queries.js';
import { readNearestInput } from './nearest-input.js';
import { PlaceContact } from './place-contact.js';
import type { NearestAnswer, NearestPlace, SafePlaceIndex } from './place-index.js';

type Form = { lat?: string; lon?: string; address?: string; area?: string; at?: string };

const distanceText = (metres: number) =>
  metres < 1000 ? `${Math.round(metres / 10) * 10} m` : `${(metres / 1000).toFixed(1).replace('.', ',')} km`;

/** « à 10:00 » today, « samedi à 10:00 » another day (the opening is a local wall-clock time). */
function openingText(opensAt: string, page: PageContext): string {
  const [day = '', time = ''] = opensAt.split('T');
  const weekday = new Date(`${day}T12:00:00Z`).toLocaleDateString(page.lang === 'fr' ? 'fr-FR' : 'en-GB', {
    weekday: 'long',
    timeZone: 'UTC',
  });
  return page.lang === 'fr' ? `${weekday} à ${time}` : `${weekday} at ${time}`;
}

function PlaceCard({ page, found, open, base }: { page: PageContext; found: NearestPlace; open: boolean; base: string }) {
  const { t } = page;
  const { place } = found;
  const closing = found.minutesUntilClose !== undefined && found.minutesUntilClose <= 30;
  return (
    <li>
      <h3>
        <a href={`${base}/lieux/${place.id}`}>{place.name}</a>
      </h3>
      <p>
        {t(`kind.${place.kind}` as MessageKey)}
        {/* A bus or tram is anywhere on its lines: the depot's distance would mislead. */}
        {place.kind === 'transit_vehicle' ? '' : ` · ${t('angela.distance', { distance: distanceText(found.distanceM) })}`}
      </p>
      <p class="hours">
        <strong>
          {open
            ? closing
              ? t('angela.closesIn', { minutes: found.minutesUntilClose ?? 0 })
              : found.openUntil
                ? t('angela.openUntil', { time: found.openUntil })
                : t('angela.open24')
            : t('angela.opensAt', { time: openingText(found.opensAt ?? '', page) })}
        </strong>
      </p>
      <PlaceContact t={t} place={place} />
    </li>
  );
}

/** The public finder: no account, no JavaScript needed; the location travels in the form body only. */
export function registerFinderPage(app: FastifyInstance, deps: AppDeps, index: SafePlaceIndex) {
  const { db } = deps.database;

  const areasOf = (tenant: Tenant) => withTenant(db, tenant.id, listAreas);

  async function finderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    tenant: Tenant,
    state: { form?: Form; answer?: NearestAnswer; problem?: MessageKey } = {},
  ) {
    const page = pageContext(request, `/t/${tenant.slug}/angela`);
    const { t } = page;
    const settings = await readPublicSettings(db, tenant.id);
    const areas = await areasOf(tenant);
    const at = state.form?.at ?? (request.query as { at?: string }).at ?? '';
    const { answer } = state;
    const nothingNearby = answer?.message !== undefined;
    return sendPage(
      reply,
      <Layout page={page} title={settings.safePlaceSchemeName} sensitive homeHref={`/t/${tenant.slug}/`}>
        <h1>{settings.safePlaceSchemeName}</h1>
        {nothingNearby ? (
          <p class="form-errors" role="alert">
            {t(answer?.message === 'outside-network' ? 'angela.outside' : 'angela.noneNearby')} <a href="tel:17">17</a> ·{' '}
            <a href="tel:112">112</a>
          </p>
        ) : null}
        {answer && answer.open.length > 0 ? (
          <section aria-labelledby="open-now">
            <h2 id="open-now">{t('angela.results')}</h2>
            <ul class="cards">
              {/* Buses and trams come after the places one can walk to: they have no fixed position. */}
              {[
                ...answer.open.filter((f) => f.place.kind !== 'transit_vehicle'),
                ...answer.open.filter((f) => f.place.kind === 'transit_vehicle'),
              ].map((found) => (
                <PlaceCard page={page} found={found} open base={`/t/${tenant.slug}/angela`} />
              ))}
            </ul>
          </section>
        ) : null}
        {answer && answer.openingSoon.length > 0 ? (
          <section aria-labelledby="opening-soon">
            <h2 id="opening-soon">{t('angela.openingSoon')}</h2>
            <ul class="cards">
              {answer.openingSoon.map((found) => (
                <PlaceCard page={page} found={found} open={false} base={`/t/${tenant.slug}/angela`} />
              ))}
            </ul>
          </section>
        ) : null}
        {answer ? null : <p>{t('angela.intro', { name: settings.safePlaceSchemeName })}</p>}
        <h2>{t('angela.find')}</h2>
        {state.problem ? (
          <p class="form-errors" role="alert">
            {t(state.problem)}
          </p>
        ) : null}
        <form method="post" action={`/t/${tenant.slug}/angela`} data-locate-form>
          <input type="hidden" name="lat" value="" />
          <input type="hidden" name="lon" value="" />
          {at ? <input type="hidden" name="at" value={at} /> : null}
          <p>
            <button type="button" data-locate hidden>
              {t('angela.locate')}
            </button>
          </p>
          <Field t={t} name="address" label={t('angela.address')} value={state.form?.address} autocomplete="street-address" />
          {areas.length ? (
            <div class="field">
              <label for="field-area">{t('angela.area')}</label>
              <select id="field-area" name="area">
                <option value="">{t('angela.areaNone')}</option>
                {areas.map((a) => (
                  <option value={a.id} selected={state.form?.area === a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <button type="submit">{t('angela.submit')}</button>
          <p class="hint">{t('angela.privacy')}</p>
        </form>
        {answer ? <p>{t('angela.intro', { name: settings.safePlaceSchemeName })}</p> : null}
        <p>
          <a href={`/t/${tenant.slug}/angela/dispositif`}>{t('angela.about')}</a>
        </p>
        <script src="/static/angela.js" defer />
      </Layout>,
      { sensitive: true },
    );
  }

  app.get<{ Params: { slug: string } }>(
    '/t/:slug/angela',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => finderPage(request, reply, await requireTenant(db, request.params.slug)),
  );

  app.post<{ Params: { slug: string }; Body: Form }>(
    '/t/:slug/angela',
    { config: { public: true, readOnly: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await requireTenant(db, request.params.slug);
      const form = request.body ?? {};
      let lat = form.lat;
      let lon = form.lon;
      if (!lat && form.address?.trim()) {
        const [place] = await deps.geocoder.search(tenant, form.address, 1).catch(() => []);
        if (!place) return finderPage(request, reply, tenant, { form, problem: 'angela.addressNotFound' });
        lat = String(place.lat);
        lon = String(place.lon);
      }
      if (!lat && form.area) {
        const area = (await areasOf(tenant)).find((a) => a.id === form.area);
        if (area) {
          lat = String(area.lat);
          lon = String(area.lon);
        }
      }
      if (!lat || !lon) return finderPage(request, reply, tenant, { form, problem: 'angela.noLocation' });
      try {
        const input = readNearestInput({ lat, lon, at: form.at }, deps.clock.now());
        await index.ensureLoaded();
        return finderPage(request, reply, tenant, { form, answer: index.nearest(tenant.id, input) });
      } catch (error) {
        if (error instanceof AppError && error.code === 'invalid_input')
          return finderPage(request, reply, tenant, { form, problem: 'angela.noLocation' });
        throw error;
      }
    },
  );
}
