import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { ssmsiPart } from './ssmsi/part.js';

/** Mounts the observatory module's parts. */
export function registerObservatory(app: FastifyInstance, deps: AppDeps) {
  ssmsiPart.register(app, deps);
}
