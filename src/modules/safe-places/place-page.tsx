import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { notFound } from '../../platform/errors.js';
import type { MessageKey } from '../../platform/i18n/messages.js';
import { Layout } from '../../platform/pages/layout.js';
import { pageContext, sendPage } from '../../platform/pages/render.js';
import { readPublicSettings } from '../../platform/settings/tenant-settings.js';
import { requireTenant } from '../../platform/tenants/tenant-queries.js';
import { ALWAYS_OPEN, OpeningSchedule, wallClock } from './opening-schedule.js';
import { PlaceContact } from './place-contact.js';
import { findPublicPlace } from './place-queries.js';

/** A page per partner place (the sticker's QR code points here), and the scheme explained. */
export function registerPlacePages(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps.database;

  app.get<{ Params: { slug: string; id: string } }>(
    '/t/:slug/angela/lieux/:id',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await requireTenant(db, request.params.slug);
      const place = await findPublicPlace(db, tenant.id, request.params.id);
      if (!place) throw notFound('Place');
      const page = pageContext(request);
      const { t } = page;
      const now = deps.clock.now();
      const today = new Date(wallClock(now, tenant.time_zone)).toISOString().slice(0, 10);
      const closed =
        place.closed_from !== null && place.closed_from <= today && (place.closed_until === null || today <= place.closed_until);
      const schedule = new OpeningSchedule(place.opening_hours, tenant.time_zone, now);
      const open = !closed && schedule.isOpenAt(now);
      const until = open ? schedule.openUntil(now) : undefined;
      return sendPage(
        reply,
        <Layout page={page} title={place.name} sensitive homeHref={`/t/${tenant.slug}/`}>
          <h1>{place.name}</h1>
          <p>{t(`kind.${place.kind}` as MessageKey)}</p>
          <p class="hours">
            <strong>
              {closed
                ? t('angela.temporarilyClosed')
                : open
                  ? until && until.label !== ALWAYS_OPEN
                    ? t('angela.openUntil', { time: until.label })
                    : t('angela.open24')
                  : t('angela.closedNow')}
            </strong>
          </p>
          <PlaceContact t={t} place={place} />
          <p>
            {t('angela.hours')} : <code>{place.opening_hours}</code>
          </p>
          <p>
            <a href={`/t/${tenant.slug}/angela`}>{t('angela.back')}</a>
          </p>
        </Layout>,
        { sensitive: true },
      );
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/t/:slug/angela/dispositif',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const tenant = await requireTenant(db, request.params.slug);
      const settings = await readPublicSettings(db, tenant.id);
      const page = pageContext(request);
      const { t } = page;
      const name = settings.safePlaceSchemeName;
      return sendPage(
        reply,
        <Layout page={page} title={`${name} — ${t('angela.about')}`} sensitive homeHref={`/t/${tenant.slug}/`}>
          <h1>{name}</h1>
          <h2>{t('angela.about')}</h2>
          <p>{t('angela.aboutText1', { name })}</p>
          <p>{t('angela.aboutText2')}</p>
          <p>{t('angela.aboutText3')}</p>
          <p>
            <a href={`/t/${tenant.slug}/angela`}>{t('angela.find')}</a>
          </p>
        </Layout>,
        { sensitive: true },
      );
    },
  );
}
