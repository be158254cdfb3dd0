import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../platform/deps.js';
import type { ModuleDefinition } from '../../../platform/modules/module-definition.js';

/** What the main-courante part brings to the police module: its register entries, purge rules and routes. */
export const mainCourantePart: Pick<ModuleDefinition, 'processing' | 'retention' | 'dataSubjects'> & {
  register(app: FastifyInstance, deps: AppDeps): void;
} = {
  processing: [],
  retention: [],
  dataSubjects: [],
  register() {},
};
