import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { mainCourantePart } from './main-courante/part.js';
import { workforcePart } from './workforce/part.js';

/** Mounts the police module's two parts. */
export function registerPolice(app: FastifyInstance, deps: AppDeps) {
  workforcePart.register(app, deps);
  mainCourantePart.register(app, deps);
}
