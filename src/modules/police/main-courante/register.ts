import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../platform/deps.js';
import { mainCouranteApi } from './api-routes.js';
import { registerEliminationPages } from './elimination-pages.js';
import { registerEntryPage } from './entry-page.js';
import { registerFormPages } from './form-pages.js';
import { registerListPage } from './list-page.js';
import { registerStatisticsPage } from './statistics-page.js';

/** Mounts the main courante: staff pages under /t/{slug}/espace/main-courante and the API. */
export function registerMainCourante(app: FastifyInstance, deps: AppDeps) {
  registerListPage(app, deps);
  registerFormPages(app, deps);
  registerEntryPage(app, deps);
  registerStatisticsPage(app, deps);
  registerEliminationPages(app, deps);
  app.register(mainCouranteApi(deps));
}
