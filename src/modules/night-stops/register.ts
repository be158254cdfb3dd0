import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { registerNightStopCheck } from './check-routes.js';
import { registerDriverSheetRoute } from './driver-sheet-route.js';
import { registerGtfsExportRoute } from './export-route.js';
import { registerGtfsUploadPage } from './gtfs-upload-page.js';
import { registerRiderPage } from './rider-page.js';
import { registerRulesPage } from './rules-page.js';

/** Mounts the night-stops module: the rider's page and API, the authority's rules and GTFS upload. */
export function registerNightStops(app: FastifyInstance, deps: AppDeps) {
  registerRiderPage(app, deps);
  registerNightStopCheck(app, deps);
  registerRulesPage(app, deps);
  registerDriverSheetRoute(app, deps);
  registerGtfsExportRoute(app, deps);
  registerGtfsUploadPage(app, deps);
}
