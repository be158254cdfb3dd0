import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../platform/deps.js';
import type { ModuleDefinition } from '../../../platform/modules/module-definition.js';
import { registerSessionExports } from './session-exports.js';
import { registerSessionPages } from './staff-page.js';

/** What the sessions part brings to the prevention module: its register entries, purge rules and routes. */
export const sessionsPart: Pick<ModuleDefinition, 'processing' | 'retention' | 'dataSubjects'> & {
  register(app: FastifyInstance, deps: AppDeps): void;
} = {
  // Sessions count people reached, name schools, associations and offices (« médiateurs », « police
  // municipale »), never a participant: no personal data is processed here.
  processing: [],
  retention: [],
  dataSubjects: [],
  register(app, deps) {
    registerSessionPages(app, deps);
    registerSessionExports(app, deps);
  },
};
