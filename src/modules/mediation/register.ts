import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { registerMediationApi } from './api-routes.js';
import { registerConsortiumPage } from './consortium-page.js';
import { registerDirectoryPage } from './directory-page.js';
import { registerFieldPage } from './field-page.js';
import { registerMinorPage } from './minor-page.js';
import { registerReportApi } from './report-api.js';
import { registerReportPages } from './report-page.js';
import { registerSituationPages } from './situation-pages.js';
import { registerFieldSync } from './sync-routes.js';

/** Mounts the mediation module: the mediators' JSON API and the staff pages. */
export function registerMediation(app: FastifyInstance, deps: AppDeps) {
  registerMediationApi(app, deps);
  registerFieldPage(app, deps);
  registerFieldSync(app, deps);
  registerSituationPages(app, deps);
  registerDirectoryPage(app, deps);
  registerMinorPage(app, deps);
  registerReportPages(app, deps);
  registerReportApi(app, deps);
  registerConsortiumPage(app, deps);
}
