import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { councilPart } from './council/part.js';
import { groupsPart } from './groups/part.js';

/** Mounts the coordination module's two parts. */
export function registerCoordination(app: FastifyInstance, deps: AppDeps) {
  councilPart.register(app, deps);
  groupsPart.register(app, deps);
}
