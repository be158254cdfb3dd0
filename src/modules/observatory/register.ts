import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { dashboardPart } from './dashboard/part.js';
import { ssmsiPart } from './ssmsi/part.js';

/** Mounts the observatory module's parts. */
export function registerObservatory(app: FastifyInstance, deps: AppDeps) {
  ssmsiPart.register(app, deps);
  dashboardPart.register(app, deps);
}
