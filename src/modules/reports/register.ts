import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';

/** Mounts the reports module: the public form and follow-up, the staff screens, Open311 GeoReport v2. */
export function registerReports(app: FastifyInstance, deps: AppDeps) {
  void app;
  void deps;
}
