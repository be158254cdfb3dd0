import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { readPublicSettings } from '../../platform/settings/tenant-settings.js';
import { registerCoordinatorPages } from './coordinator-pages.js';
import { registerCoveragePage } from './coverage-page.js';
import { registerFiguresPage } from './figures-page.js';
import { registerFinderPage } from './finder-page.js';
import { registerNearestRoutes } from './nearest-routes.js';
import { registerOpenDataRoutes } from './open-data-routes.js';
import { SafePlaceIndex } from './place-index.js';
import { registerPlacePages } from './place-page.js';
import { registerVenuePages } from './venue-pages.js';

/** Mounts the module: its in-memory index (loaded when the app is ready), its API and its pages. */
export function registerSafePlaces(app: FastifyInstance, deps: AppDeps): SafePlaceIndex {
  const { db } = deps.database;
  const zones = new Map<string, string>();
  // The zone never changes; the confirmation period is read at each (re)build, so a new setting applies at the next one.
  const tenantOf = async (tenantId: string) => {
    let zone = zones.get(tenantId);
    if (!zone) {
      const tenant = await db.selectFrom('tenants').select('time_zone').where('id', '=', tenantId).executeTakeFirst();
      zone = tenant?.time_zone ?? 'Europe/Paris';
      zones.set(tenantId, zone);
    }
    return { zone, confirmationMonths: (await readPublicSettings(db, tenantId)).safePlaceConfirmationMonths };
  };
  const index = new SafePlaceIndex(db, deps.clock, tenantOf);
  // The start does not wait on the index: if the database is not there yet, the first search loads it.
  app.addHook('onReady', async () => {
    await index.load().catch((error) => app.log.warn({ err: error }, 'safe-places index not loaded yet'));
  });
  registerNearestRoutes(app, deps, index);
  registerFinderPage(app, deps, index);
  registerOpenDataRoutes(app, deps);
  registerPlacePages(app, deps);
  registerCoveragePage(app, deps);
  registerCoordinatorPages(app, deps, index);
  registerVenuePages(app, deps, index);
  registerFiguresPage(app, deps);
  app.decorate('safePlaces', index);
  return index;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The safe-places finder's index (tests and the module's own operations refresh it). */
    safePlaces: SafePlaceIndex;
  }
}
