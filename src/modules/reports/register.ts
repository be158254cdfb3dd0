import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { registerOpen311 } from './open311/open311-routes.js';

/** Mounts the reports module: the public form and follow-up, the staff screens, Open311 GeoReport v2. */
export function registerReports(app: FastifyInstance, deps: AppDeps) {
  registerOpen311(app, deps);
}
