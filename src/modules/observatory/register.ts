import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { dashboardPart } from './dashboard/part.js';

/** Mounts the observatory module's parts. */
export function registerObservatory(app: FastifyInstance, deps: AppDeps) {
  dashboardPart.register(app, deps);
}
