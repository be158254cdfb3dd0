import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { registerFollowPage } from './follow-page.js';
import { registerOpen311 } from './open311/open311-routes.js';
import { registerPublicFiguresPage } from './public-figures-page.js';
import { registerReportFormPage } from './report-form-page.js';
import { registerReportsStaff } from './staff-routes.js';

/** Mounts the reports module: the public form and follow-up, the staff screens, Open311 GeoReport v2. */
export function registerReports(app: FastifyInstance, deps: AppDeps) {
  registerReportFormPage(app, deps);
  registerFollowPage(app, deps);
  registerPublicFiguresPage(app, deps);
  registerReportsStaff(app, deps);
  registerOpen311(app, deps);
}
