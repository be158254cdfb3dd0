import type { ModulePart } from '../../../platform/modules/module-definition.js';
import { registerSessionExports } from './session-exports.js';
import { registerSessionPages } from './staff-page.js';

/** What the sessions part brings to the prevention module: its register entries, purge rules and routes. */
export const sessionsPart: ModulePart = {
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
