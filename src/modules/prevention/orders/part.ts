import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../platform/deps.js';
import type { ModuleDefinition } from '../../../platform/modules/module-definition.js';

/** What the orders part brings to the prevention module: its register entries, purge rules and routes. */
export const ordersPart: Pick<ModuleDefinition, 'processing' | 'retention' | 'dataSubjects'> & {
  register(app: FastifyInstance, deps: AppDeps): void;
} = {
  processing: [],
  retention: [],
  dataSubjects: [],
  register() {},
};
