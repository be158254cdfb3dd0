import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { registerReportsStaff } from './staff-routes.js';

/** Mounts the reports module: the public form and follow-up, the staff screens, Open311 GeoReport v2. */
export function registerReports(app: FastifyInstance, deps: AppDeps) {
  registerReportsStaff(app, deps);
}
