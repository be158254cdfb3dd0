import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { commitmentsPart } from './commitments/part.js';
import { ordersPart } from './orders/part.js';
import { sessionsPart } from './sessions/part.js';

/** Mounts the prevention module's three parts. */
export function registerPrevention(app: FastifyInstance, deps: AppDeps) {
  sessionsPart.register(app, deps);
  ordersPart.register(app, deps);
  commitmentsPart.register(app, deps);
}
