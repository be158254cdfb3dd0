import type { ModulePart } from '../../../platform/modules/module-definition.js';
import { registerPublicCommitmentsPage } from './public-page.js';
import { registerCommitmentPages } from './staff-page.js';

/** What the commitments part brings to the prevention module: its register entries, purge rules and routes. */
export const commitmentsPart: ModulePart = {
  // Commitments, evidence and grants describe what the authority did and name associations (legal persons),
  // never a person: no personal data is processed here. The live figures are counts read from other parts.
  processing: [],
  retention: [],
  dataSubjects: [],
  register(app, deps) {
    registerCommitmentPages(app, deps);
    registerPublicCommitmentsPage(app, deps);
  },
};
