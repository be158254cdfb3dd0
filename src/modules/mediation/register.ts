import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { registerMediationApi } from './api-routes.js';

/** Mounts the mediation module: the mediators' JSON API and the staff pages. */
export function registerMediation(app: FastifyInstance, deps: AppDeps) {
  registerMediationApi(app, deps);
}
